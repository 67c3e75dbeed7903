import CLibGit2
import Foundation

extension Repository {
    /// The short names of the local branches (`main`, `entwurf-2`), sorted. Wraps `git_reference_list`.
    public func branchNames() throws -> [String] {
        var names = git_strarray()
        try check(git_reference_list(&names, try pointer), "git_reference_list")
        let all = stringsOf(names)
        git_strarray_dispose(&names)
        return all.filter { $0.hasPrefix("refs/heads/") }.map { String($0.dropFirst("refs/heads/".count)) }.sorted()
    }
}

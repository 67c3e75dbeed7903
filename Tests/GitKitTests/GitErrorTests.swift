@testable import GitKit
import Testing

/// Which libgit2 failures are races with another writer (retried) rather than faults.
struct GitErrorTests {
    @Test func aFileChangedWhileHashingIsARace() {
        let race = GitError(code: .other(-1), errorClass: 2, message: "error reading file for hashing",
                            operation: "git_diff_tree_to_workdir_with_index")
        #expect(race.isFileChangedWhileHashing)
        let other = GitError(code: .other(-1), errorClass: 2, message: "failed to open '/srv/store/glossary/x.md': Permission denied",
                             operation: "git_diff_tree_to_workdir_with_index")
        #expect(!other.isFileChangedWhileHashing)
    }
}

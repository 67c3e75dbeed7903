import ChronikStore
import Foundation
import GitKit

/// One gate (issue 16): what `chronik validate` reports is everything `chronik commit` and `chronik release` would
/// refuse, computed here once so that the commands cannot drift apart.
///
/// - The working tree (`validate`, before `commit`): the validator's findings on every entry and schema, plus the
///   commit gate's refusals of the uncommitted changes (`Store.commitRefusals`, with this validator as the checker,
///   exactly as `commit` runs it: mistyped collection folders, files outside collections, `chronik.yml` errors,
///   entries that do not parse, merge conflicts, …), plus the path rules applied to the files committed before
///   (a file put in a mistyped folder with plain git).
/// - A recorded version (`validate --at`, `release`): the validator's findings on it, which include the path rules
///   of its tree (`VersionContent.commit`).
public enum StoreGate {
    /// The findings on the working tree of `store`, listed in `content` (`VersionContent.workingTree(of:)`).
    public static func workingTree(_ content: VersionContent, of store: Store, validator: StoreValidator) throws(StoreError) -> StoreValidationReport {
        // What the gate asks the repository (libgit2's start, the index, the tip's trees) needs nothing the validator
        // finds: it is asked on a thread of its own while the entries are checked, and fills the core that the
        // validator's serial steps leave idle. The store is that thread's alone until it is joined.
        let questions = RepositoryQuestions(store: store, listed: content.listedFolders, config: content.config)
        var report = validator.validate(content)
        let (changes, committed) = questions.answers()
        try content.unreadable.check()
        // The collection folders just listed are not scanned again where the listing shows them unchanged.
        var extra = try store.commitRefusals(changes.get(), checker: validator, limits: validator.options.limits)
        extra += try committed.get()
        report.problems = merged(report.problems, extra)
        return report
    }

    /// `Store.workingTreeChanges(listed:)` and the path rules of the tip's tree, asked on a thread of its own.
    private final class RepositoryQuestions: @unchecked Sendable {
        private var changes: Result<WorkingTreeChanges, StoreError> = .failure(.io(path: "", message: "not asked"))
        private var committed: Result<[StoreProblem], StoreError> = .success([])
        private let done = DispatchSemaphore(value: 0)

        init(store: Store, listed: [ListedFolder], config: StoreConfig) {
            nonisolated(unsafe) let store = store
            Thread { [self] in
                defer { done.signal() }
                changes = Result { () throws(StoreError) in try store.workingTreeChanges(listed: listed) }
                guard case .success(let found) = changes, let tip = found.head else { return }
                committed = Result { () throws(StoreError) in
                    // Committed files the rules refuse, where the working tree still has them (a removed one is fixed).
                    var problems: [StoreProblem] = []
                    for problem in try store.pathProblems(inTree: tip.treeID, config: config) {
                        var info = stat()
                        if lstat(store.root.appendingPathComponent(problem.file).path, &info) == 0 { problems.append(problem) }
                    }
                    return problems
                }
            }.start()
        }

        /// Waits for the answers (the store is the caller's again after).
        func answers() -> (Result<WorkingTreeChanges, StoreError>, Result<[StoreProblem], StoreError>) {
            done.wait()
            return (changes, committed)
        }
    }

    /// The findings on a recorded version (what `release` refuses to name).
    public static func version(_ commit: Commit, in store: Store, validator: StoreValidator) throws(StoreError) -> StoreValidationReport {
        let content = try VersionContent.commit(commit, in: store)
        let report = validator.validate(content)
        try content.unreadable.check()
        return report
    }

    /// Both lists, each problem once, sorted by file, line, column, field and message. Two problems saying the same
    /// thing at the same place are one, whether or not they carry a `ProblemDetail` (the one that does is kept, so
    /// that it is worded in the message language): the gate and the validator may both find, say, an oversized file.
    static func merged(_ a: [StoreProblem], _ b: [StoreProblem]) -> [StoreProblem] {
        struct Key: Hashable {
            var file: String, line: Int?, column: Int?, field: String?, message: String
        }
        var index: [Key: Int] = [:]
        var all: [StoreProblem] = []
        for problem in a + b {
            let key = Key(file: problem.file, line: problem.line, column: problem.column, field: problem.field, message: problem.message)
            if let at = index[key] {
                if all[at].detail == nil { all[at].detail = problem.detail }
                continue
            }
            index[key] = all.count
            all.append(problem)
        }
        return all.sorted {
            ($0.file, $0.line ?? 0, $0.column ?? 0, $0.field ?? "", $0.message) < ($1.file, $1.line ?? 0, $1.column ?? 0, $1.field ?? "", $1.message)
        }
    }
}

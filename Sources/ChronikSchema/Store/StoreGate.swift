import ChronikStore
import Foundation
import GitKit
import Synchronization

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
        // finds: it is asked on a thread of its own, and fills the core that the validator's serial steps (the
        // summaries, the problems, the cache file) leave idle. When the checks of the entries take every core, it
        // starts only once they are done: run beside them, it only took a core from them (three threads on two
        // cores) and left the serial end alone on one. The store is that thread's alone until it is joined.
        // A listing without stamps (no validation cache) has its folders' stat data from the reads: then the gate
        // waits for them in any case.
        let questions = RepositoryQuestions(store: store, listed: content.listedFolders, config: content.config,
                                            deferred: !content.unstampedFolders.isEmpty
                                                || ProcessInfo.processInfo.activeProcessorCount <= ParallelWork.defaultThreads)
        var report = validator.validate(content, only: nil, whenChecked: { reads in
            questions.start(listing: {
                let (ids, stamps) = reads()
                return ids.map { content.listedFolders(ids: $0, stamps: stamps) } ?? content.listedFolders(listedOrderStamps: stamps)
            })
        })
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
        private let go = DispatchSemaphore(value: 0)
        private let started = Atomic<Bool>(false)

        /// `deferred`: the questions wait for `start()` (or `answers()`); else they are asked at once.
        /// Folders listed from the reads' stamps, made on the questions' thread (`start(listing:)`).
        private var listing: (() -> [ListedFolder])?

        init(store: Store, listed: [ListedFolder], config: StoreConfig, deferred: Bool) {
            nonisolated(unsafe) let store = store
            Thread { [self] in
                defer { done.signal() }
                // Committed files the rules refuse, where the working tree still has them (a removed one is fixed).
                func committedProblems(_ tip: Commit) -> Result<[StoreProblem], StoreError> {
                    Result { () throws(StoreError) in
                        var problems: [StoreProblem] = []
                        for problem in try store.pathProblems(inTree: tip.treeID, config: config) {
                            var info = stat()
                            if lstat(store.root.appendingPathComponent(problem.file).path, &info) == 0 { problems.append(problem) }
                        }
                        return problems
                    }
                }
                // What needs nothing from the checks is asked at once, beside them: the path rules of the tip's tree
                // and the index (read by GitKit; libgit2 is started only where the working tree is not of the plain
                // form, `Store.workingTreeChanges(listed:opened:)`). Deferred whole, the questions outlasted the
                // validator's serial end by about as much; so they end with it.
                let tip = (try? store.tip()).flatMap { $0 }
                let early = tip.map { ($0, committedProblems($0)) }
                let opened = tip.map { store.openWorkingTreeComparison(tip: $0) }
                go.wait()
                let listed = listed + (listing?() ?? [])
                changes = Result { () throws(StoreError) in try store.workingTreeChanges(listed: listed, opened: opened) }
                guard case .success(let found) = changes, let tip = found.head else { return }
                // (The tip asked again: a version committed meanwhile has its own rules' findings.)
                if let (earlyTip, earlyProblems) = early, earlyTip.id == tip.id {
                    committed = earlyProblems
                } else {
                    committed = committedProblems(tip)
                }
            }.start()
            if !deferred { start() }
        }

        /// Lets the questions be asked (once; later calls do nothing), with more folders listed (`listing`, called
        /// on the questions' thread).
        func start(listing: (() -> [ListedFolder])? = nil) {
            if !started.exchange(true, ordering: .acquiringAndReleasing) {
                self.listing = listing
                go.signal()
            }
        }

        /// Waits for the answers (the store is the caller's again after); starts the questions if nothing did.
        func answers() -> (Result<WorkingTreeChanges, StoreError>, Result<[StoreProblem], StoreError>) {
            start()
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

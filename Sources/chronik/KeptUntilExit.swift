import Foundation

/// Values a command has finished with but leaves to the process's exit rather than freeing them one by one: a
/// diff's thousands of entries, words and strings cost a measurable part of a short run to deallocate (about 1 % of
/// the CPU of the 19 neighbouring-release diffs of the 300-file plain repository, issue 19), and the exit returns
/// their memory at once. git does the same with `UNLEAK`. Only for what a command holds at its end.
enum KeptUntilExit {
    private static let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private static var values: [Any] = []

    static func keep(_ value: Any) {
        lock.withLock { values.append(value) }
    }
}

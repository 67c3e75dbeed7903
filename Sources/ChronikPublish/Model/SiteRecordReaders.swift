import ChronikChangelog
import Foundation

/// The readers of the change-record cache that one publish shares: the changes of history items filed from the facts
/// (`SiteHistoryChanges`, read before the site is written) and the word-level blocks of the entry pages rendered
/// (`SiteHistoryDetail`). Opening a reader indexes every segment of the cache (reads them through: 88 MB on the
/// medium store); each opened its own, which was 1.3 % of an incremental publish of the medium store (inc15e). Both
/// are opened when first asked for, one cache under them, for the language asked.
final class SiteRecordReaders: @unchecked Sendable, Hashable {
    private let directory: URL
    private let lock = NSLock()
    private var opened: [String: (blocks: ChangeRecordBlocks, entries: ChangeRecordEntries)] = [:]

    /// Readers of the cache in `directory` (`SiteBuildOptions.cacheDirectory`).
    init(directory: URL) {
        self.directory = directory
    }

    private func readers(_ language: String) -> (blocks: ChangeRecordBlocks, entries: ChangeRecordEntries) {
        lock.withLock {
            if let found = opened[language] { return found }
            let blocks = ChangeRecordBlocks(directory: directory, language: language)
            let made = (blocks, ChangeRecordEntries(sharingCacheOf: blocks))
            opened[language] = made
            return made
        }
    }

    func blocks(language: String) -> ChangeRecordBlocks { readers(language).blocks }

    /// The blocks' reader of `language` when `directory` is this cache's (for `ChangelogOptions.openedRecordCache`:
    /// the model's changelog builds read and add records through the same opening), else nil.
    func blocks(directory: URL, language: String) -> ChangeRecordBlocks? {
        directory.standardizedFileURL.path == self.directory.standardizedFileURL.path ? readers(language).blocks : nil
    }

    func entries(language: String) -> ChangeRecordEntries { readers(language).entries }

    /// Lets go of the records the entries' reader holds (`ChangeRecordEntries.letGo`): once the files to write are
    /// prepared, what they show of the histories is read (`SiteHistoryChanges`), and the records it was cut from
    /// would be held to the end of the publish (peak15d). The blocks' reader keeps its own: the entry pages read them.
    func letGoOfEntries() {
        let entries = lock.withLock { opened.values.map(\.entries) }
        for reader in entries { reader.letGo() }
    }

    /// How many records the entries' readers hold (for the tests).
    var heldEntryRecords: Int {
        let entries = lock.withLock { opened.values.map(\.entries) }
        return entries.map(\.heldRecords).reduce(0, +)
    }

    /// How many caches were opened (for the tests).
    var openedCount: Int { lock.withLock { opened.count } }

    static func == (a: SiteRecordReaders, b: SiteRecordReaders) -> Bool { a === b }

    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

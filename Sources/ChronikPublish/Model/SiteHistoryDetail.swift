import ChronikChangelog
import ChronikDiff
import Foundation
import GitKit

// The word-level changes of an entry's history, read when its page is rendered (issue 15, "Incremental"). A publish
// into a folder it published before builds its model without them (`SiteBuildOptions.historyBlocks`): decoding
// every version's blocks was a fifth of an incremental publish, and it renders a few entry pages. Each rendered page
// reads the blocks of its versions from the change-record cache (every record the model read has them cached, see
// `ChangelogOptions.cacheBlocks`): its entry's list alone, cut out of the record's (`ChangeRecordBlocks`); a
// record whose blocks cannot be read after all
// (the cache was changed by another process meanwhile) is made again by the changelog, as the model's build would
// have made it. So a page has the bytes it has in a model built with its blocks.

/// The blocks of the histories of a model built without them.
final class SiteHistoryDetail: @unchecked Sendable {
    private let directory: URL
    private let language: String
    /// Opened on the first page rendered (opening indexes the cache's segments).
    private var cache: ChangeRecordBlocks?
    private let gitDirectory: URL
    private let options: ChangelogOptions
    private let lock = NSLock()
    /// Shared with the model's history changes (`SiteRecordReaders`), when given.
    private let readers: SiteRecordReaders?
    /// Large records' lists kept cut in the publish cache's folder (`SiteBlockSlices`), when there is one.
    let slices: SiteBlockSlices?
    /// `tip-base` → the blocks of each entry of a record made again.
    private var remadeLists: [String: [[BlockChange]]] = [:]
    /// Records whose blocks had to be made again (for the tests).
    private(set) var made = 0

    /// For the histories of a model of `repository` built with `options` (its `cacheDirectory` and language).
    init?(repository: Repository, options: SiteBuildOptions, language: String) {
        guard let directory = options.cacheDirectory else { return nil }
        self.directory = directory
        self.language = language
        readers = options.recordReaders
        slices = options.releaseFactsDirectory.map { SiteBlockSlices(directory: $0, language: language, smallest: options.blockSlicesSmallest) }
        gitDirectory = repository.gitDirectory
        var changelog = ChangelogOptions()
        changelog.language = language
        changelog.tags = options.tags
        changelog.cacheDirectory = directory
        changelog.recordCollectionsInHead = false
        changelog.grouping = .commit
        self.options = changelog
    }

    /// `entry` with the blocks of every change in its history.
    func entry(_ entry: SiteEntry) -> SiteEntry {
        var entry = entry
        for k in entry.history.indices { entry.history[k].holdBlocks(blocks(entry.history[k])) }
        return entry
    }

    private func blocks(_ change: SiteEntryChange) -> [BlockChange] {
        let cache = lock.withLock {
            if let cache = self.cache { return cache }
            let opened = readers?.blocks(language: language) ?? ChangeRecordBlocks(directory: directory, language: language)
            self.cache = opened
            return opened
        }
        // A large record's list from its cut file (made from the cache the first time), not cut out of the record's
        // whole stored blocks.
        if let slices, change.recordCount >= slices.smallest,
           let found = slices.list(base: change.base, tip: change.version.id, position: change.position, count: change.recordCount, from: cache) {
            return found
        }
        if let found = cache.blocks(base: change.base, tip: change.version.id, position: change.position, count: change.recordCount) {
            return found
        }
        let lists = lock.withLock {
            let key = change.version.id.hex + "-" + (change.base?.hex ?? "root")
            if let lists = remadeLists[key] { return lists }
            made += 1
            let lists = remade(base: change.base, tip: change.version.id)
            remadeLists[key] = lists
            return lists
        }
        return lists.indices.contains(change.position) ? lists[change.position] : []
    }

    /// The record's blocks from the changelog itself (which caches them): the group of `tip` after `base`, on a
    /// repository opened for it (a `Repository` stays on its thread). Under the lock: this is rare.
    private func remade(base: ObjectID?, tip: ObjectID) -> [[BlockChange]] {
        var options = self.options
        options.from = base
        options.to = tip
        var lists: [[BlockChange]] = []
        guard let repository = try? Repository(at: gitDirectory) else { return lists }
        try? ChangelogBuilder(repository: repository).build(options, head: { _ in }, group: { group in
            if group.version == tip { lists = group.changes.entries.map(\.blocks) }
        })
        return lists
    }
}

import ChronikDiff
import Foundation
import GitKit

/// The word-level blocks of cached change records, one record at a time (issue 15): a site's model is built without
/// them (`ChangelogOptions.cacheBlocks`: every record it reads has its blocks cached), and only the pages it renders
/// read their entries' blocks here.
package final class ChangeRecordBlocks: @unchecked Sendable {
    private let cache: ChangeRecordCache

    /// The cache in `directory` (`ChangelogOptions.cacheDirectory`) of the records in `language`.
    package init(directory: URL, language: String) {
        cache = ChangeRecordCache(directory: directory, language: language)
    }

    /// The blocks of each entry of the record from `base` to `tip`, in the record's order (`ChangeRecord.entries`);
    /// nil when the record or its blocks are not cached.
    package func blocks(base: ObjectID?, tip: ObjectID) -> [[BlockChange]]? {
        cache.read(base: base, tip: tip, blocks: true).map { $0.entries.map(\.blocks) }
    }
}

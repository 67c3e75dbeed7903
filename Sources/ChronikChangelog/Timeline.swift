import ChronikDiff
import ChronikStore
import Foundation
import GitKit

/// Timelines of single entries: a version by date, and one entry's change in one version.
public enum Timeline {
    /// A date given for `--at`: a calendar day (`2022-03-01`, the whole day in each version's own offset) or a
    /// moment (ISO 8601).
    public enum DateBound: Sendable, Hashable {
        case day(String)
        case moment(Date)

        /// Parses `YYYY-MM-DD` or an ISO 8601 date-time; nil for anything else.
        public init?(_ text: String) {
            guard let stamp = Timestamp(iso8601: text) else { return nil }
            self = text.utf8.count == 10 ? .day(stamp.day) : .moment(stamp.date)
        }

        func includes(_ t: Timestamp) -> Bool {
            switch self {
            case .day(let day): return t.day <= day
            case .moment(let date): return t.date <= date
            }
        }
    }

    /// The newest version on the first-parent history from `start` whose author date is at or before `bound`;
    /// nil when every version is later.
    public static func version(atOrBefore bound: DateBound, from start: ObjectID, in repository: Repository) throws(ChangelogError) -> Commit? {
        do {
            for id in try repository.walk(from: [start], firstParentOnly: true) {
                let commit = try repository.commit(id)
                if bound.includes(ChangelogBuilder.timestamp(commit)) { return commit }
            }
            return nil
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .diff(.io(path: "", message: "\(error)"))
        }
    }

    /// The change a version made to one entry (named `entry` in that version, `from` before a rename), compared
    /// with its first parent; nil when the version did not change it.
    public static func entryChange(of entry: String, from: String?, in commit: Commit, differ: SnapshotDiffer,
                                   options: SnapshotDiffOptions = .init()) throws(ChangelogError) -> EntryDiff? {
        var options = options
        options.only = Set([entry] + (from.map { [$0] } ?? []))
        let base: SnapshotSide = commit.parentIDs.first.map { .commit($0) } ?? .empty
        do {
            let diff = try differ.diff(from: base, to: .commit(commit.id), options: options)
            return diff.entries.first { $0.entry.description == entry } ?? diff.entries.first
        } catch {
            throw .diff(error)
        }
    }
}

import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

/// Prints a value as the JSON chronik prints: pretty, keys in declaration order, as a document of the JSON contract
/// (docs/json-output.md): `"chronik": 1` first, then the value's members. The value must encode as an object.
func printJSON<T: Encodable>(_ value: T) throws(CLIError) {
    try StandardOutput.write(try JSONContract.document(value, pretty: true))
}

/// Prints one line of NDJSON (`--format ndjson`): the value as a compact document of the contract, then a newline.
/// Written at once, so that a reader sees each line as it is produced.
func printNDJSONLine<T: Encodable>(_ value: T) throws(CLIError) {
    try StandardOutput.write(try JSONContract.document(value, pretty: false))
}

/// The JSON contract of chronik's output (docs/json-output.md, Schemas/output/): every document is an object whose
/// first member is `"chronik": <major version>`.
enum JSONContract {
    /// The contract's major version: bumped only by a change that removes, renames or retypes a member.
    static let version = Changelog.contractVersion

    /// The UTF-8 text of `value` with `"chronik": 1` put first, with a final newline. The value is encoded once, by the
    /// one JSON writer (`JSONValueEncoder`), and the member is put after its opening brace: every encoded object
    /// starts with `{` and, when it has members, a line break (pretty) or its first key (compact).
    static func document<T: Encodable>(_ value: T, pretty: Bool) throws(CLIError) -> String {
        let text = try cli { try JSONValueEncoder().text(value, pretty: pretty) }
        guard text.hasPrefix("{") else {
            preconditionFailure("a JSON document of chronik's output is an object, not \(text.prefix(1))")
        }
        let rest = text.dropFirst()
        let empty = rest.hasPrefix("}")
        if pretty { return "{\n  \"chronik\": \(version)" + (empty ? "\n" : ",") + rest }
        return "{\"chronik\":\(version)" + (empty ? "" : ",") + rest
    }
}

/// A version as a write command's JSON reports it (`commit`, `release`, `import snapshots`): the version's id as
/// `commit`, its parents, author (by name), author date and message, as `chronik log` lists versions.
struct VersionJSON: Encodable {
    var commit: ObjectID
    var parents: [ObjectID]
    var author: Person
    var date: Timestamp
    var message: String

    init(_ commit: Commit) {
        self.commit = commit.id
        parents = commit.parentIDs
        author = Person(name: commit.author.name)
        date = Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes)
        message = commit.message
    }
}

/// An entry as chronik's JSON names it (docs/json-output.md): `{"collection", "id", "path"}`, and `title` where known.
struct EntryJSON: Encodable {
    var collection: String
    var id: String
    var path: String
    var title: String?

    init(_ entry: EntryID, title: String? = nil) {
        collection = entry.collection
        id = entry.id
        path = entry.path
        self.title = title
    }
}

/// What `chronik import snapshots` (and `chronik init --sample`) did, as JSON: the store, whether the run created it,
/// and per snapshot its outcome (`imported`, `alreadyImported`, `unchanged`), the version holding it and its tag.
struct SnapshotImportJSON: Encodable {
    var store: String
    var createdStore: Bool
    /// How many versions this run recorded.
    var recorded: Int
    var snapshots: [Snapshot]
    /// The tags this run created.
    var tags: [String]

    struct Snapshot: Encodable {
        var name: String
        var outcome: String
        var commit: ObjectID
        var tag: String?
        var tagCreated: Bool?
    }

    init(_ report: ImportReport) {
        store = report.store.path
        createdStore = report.createdStore
        recorded = report.importedCount
        snapshots = report.snapshots.map {
            Snapshot(name: $0.name, outcome: $0.outcome.rawValue, commit: $0.commit, tag: $0.tag, tagCreated: $0.tag == nil ? nil : $0.tagCreated)
        }
        tags = report.createdTags
    }
}

import ChronikStore
import Foundation

/// Why `EntryMove.run` refused to rename an entry; nothing was changed.
public enum MoveError: Error, Sendable, CustomStringConvertible {
    case sourceMissing(EntryID)
    case targetExists(EntryID)
    case sameEntry(EntryID)
    /// References that cannot follow a move to another collection (their field points at the old collection).
    case referencesCannotFollow(EntryID, to: EntryID, referrers: [String])
    /// Entries that must be read to find references could not be (or the schemas are broken).
    case invalidContent([StoreProblem])
    case store(StoreError)

    public var description: String {
        switch self {
        case .sourceMissing(let id): return "no entry \(id) (\(PathRules.printable(id.path)) does not exist in the working tree)"
        case .targetExists(let id): return "\(PathRules.printable(id.path)) already exists; choose another id or remove that entry first"
        case .sameEntry(let id): return "\(id) is already called that"
        case .referencesCannotFollow(let from, let to, let referrers):
            return "\(from) cannot move to the collection \(to.collection): \(referrers.joined(separator: ", ")) refer to it through fields that name entries of \(from.collection); remove those references first"
        case .invalidContent(let problems):
            return "cannot look for references: " + problems.map(\.description).joined(separator: "; ")
        case .store(let error): return error.description
        }
    }
}

/// What `EntryMove.run` did.
public struct EntryMoveReport: Sendable {
    public struct Rewrite: Sendable, Hashable {
        public var entry: EntryID
        /// The fields (JSON Pointers) whose references were rewritten.
        public var fields: [String]
    }
    public var from: EntryID
    public var to: EntryID
    /// Every other entry whose references were rewritten, sorted.
    public var rewritten: [Rewrite]
}

/// Settings of `EntryMove.run`, with defaults.
public struct MoveOptions {
    /// Limits for reading entries.
    public var limits = FrontMatterLimits()
    /// Called at each step of writing the working tree (for tests that interrupt a move; see `FileTransaction`).
    public var afterStep: ((TransactionStep) -> Void)?

    public init() {}
}

/// `chronik mv`: renames an entry in the working tree and rewrites every reference to it.
public enum EntryMove {
    /// Renames `from` to `to` (possibly in another collection) in the working tree, and rewrites every reference
    /// to it in other entries, keeping the untouched fields' formatting; the result is ready to commit.
    ///
    /// All or nothing: the files are written through a journal (`Store.apply(_:)`); a move killed half way is rolled
    /// back by the next chronik write command or `chronik doctor`.
    public static func run(_ from: EntryID, to: EntryID, in store: Store,
                           options: MoveOptions = MoveOptions()) throws(MoveError) -> EntryMoveReport {
        let limits = options.limits
        guard from != to else { throw .sameEntry(from) }
        let content: VersionContent
        do {
            content = try .workingTree(of: store, prefetch: false)
        } catch {
            throw .store(error)
        }
        guard content.config.collection(named: to.collection) != nil else {
            throw .store(.entryNotFound(spec: to.description, revision: nil,
                                        reason: "\"\(PathRules.printable(to.collection))\" is not a collection"))
        }
        guard let source = content.entries[from], let sourceData = source.read() else { throw .sourceMissing(from) }
        guard !FileManager.default.fileExists(atPath: store.url(of: to.path).path) else { throw .targetExists(to) }
        let schemas = StoreSchemas.load(config: content.config, read: content.readFile)

        // Every entry that may refer to `from`, rewritten in memory first: nothing is written until all are known.
        var rewrites: [(EntryID, Data, [String])] = []
        var originals: [EntryID: Data] = [:]
        var problems: [StoreProblem] = []
        var blocked: [String] = []
        for (name, collection) in schemas.collections.sorted(by: { $0.key < $1.key }) {
            let fields = collection.rules.references.filter { $0.target == from.collection }.map(\.field)
            guard !fields.isEmpty else { continue }
            for id in content.entries.keys.filter({ $0.collection == name }).sorted() where id != from {
                guard let data = content.entries[id]?.read() else { continue }
                var document: EntryDocument
                do {
                    document = try EntryDocument.parse(data, limits: limits)
                } catch {
                    problems.append(StoreProblem(file: id.path, line: error.line, column: error.column, message: error.reason))
                    continue
                }
                var changed: [String] = []
                for field in fields {
                    guard let value = document.fields[field] else { continue }
                    let (newValue, hit) = replace(value, from.id, with: to.id)
                    if hit {
                        document.fields[field] = newValue
                        changed.append("/" + JSONPointer.escape(field))
                    }
                }
                guard !changed.isEmpty else { continue }
                if from.collection != to.collection {
                    blocked.append(id.path)
                } else {
                    rewrites.append((id, document.serialized(preservingFormatOf: data), changed))
                    originals[id] = data
                }
            }
        }
        if !schemas.problems.isEmpty { throw .invalidContent(schemas.problems) }
        if !problems.isEmpty { throw .invalidContent(problems) }
        if !blocked.isEmpty { throw .referencesCannotFollow(from, to: to, referrers: blocked) }

        // The entry's attachments (`<collection>/<id>/<name>`, issue 17) move with it, in the same transaction.
        let fromFolder = store.url(of: from.attachmentFolder), toFolder = store.url(of: to.attachmentFolder)
        let attachments = ((try? FileManager.default.contentsOfDirectory(atPath: fromFolder.path)) ?? []).sorted()
        if !attachments.isEmpty, !((try? FileManager.default.contentsOfDirectory(atPath: toFolder.path)) ?? []).isEmpty {
            throw .targetExists(EntryID(collection: to.collection, id: to.id + "/"))
        }
        var moved: [(String, Data)] = []
        for name in attachments {
            let path = from.attachmentFolder + "/" + name
            guard let data = try? WorkingTreeFile.read(path, in: store.root.path, limit: Int.max - 1).get().data else {
                throw .store(.io(path: path, message: "cannot be read (an attachment must be a regular file); nothing was changed"))
            }
            moved.append((name, data))
        }

        // Links of the entry's body to its attachments follow them to the new folder name.
        var movedData = sourceData
        if !moved.isEmpty, from.id != to.id {
            movedData = AttachmentLinks.renamingFolder(in: sourceData, from: from.id, to: to.id)
        }
        var changes = [FileTransaction.Change(path: to.path, old: nil, new: movedData)]
        for (name, data) in moved {
            changes.append(FileTransaction.Change(path: to.attachmentFolder + "/" + name, old: nil, new: data))
        }
        for (id, data, _) in rewrites {
            changes.append(FileTransaction.Change(path: id.path, old: originals[id], new: data))
        }
        for (name, data) in moved {
            changes.append(FileTransaction.Change(path: from.attachmentFolder + "/" + name, old: data, new: nil))
        }
        changes.append(FileTransaction.Change(path: from.path, old: sourceData, new: nil))
        do {
            try store.apply(FileTransaction(command: "chronik mv \(from) \(to)", changes: changes), afterStep: options.afterStep)
        } catch {
            throw .store(error)
        }
        // The emptied folder (only when empty: rmdir never removes a file someone put there meanwhile).
        if !moved.isEmpty { rmdir(fromFolder.path) }
        return EntryMoveReport(from: from, to: to, rewritten: rewrites.map { .init(entry: $0.0, fields: $0.2) })
    }

    /// Replaces the id in a reference value (a string or the strings of a list).
    private static func replace(_ value: JSONValue, _ old: String, with new: String) -> (JSONValue, Bool) {
        switch value {
        case .string(let s) where s == old: return (.string(new), true)
        case .array(let items):
            var hit = false
            let mapped = items.map { item -> JSONValue in
                if case .string(let s) = item, s == old { hit = true; return .string(new) }
                return item
            }
            return (.array(mapped), hit)
        default: return (value, false)
        }
    }
}

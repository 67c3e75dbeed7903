import Foundation
import GitKit

// Attachments of entries (issue 17): files in the folder of an entry's name, `<collection>/<id>/<name>`. Where a file
// may lie and what it may be called is `PathRules.classify`'s; what needs the whole version is checked here, for
// the commit gate (`Store.check`, so `chronik commit` and `chronik validate`) and for committed trees
// (`Store.pathProblems(inTree:config:)`, so `chronik validate --at` and `chronik release`):
//
// - an attachment folder whose entry does not exist (an orphan), one finding per folder;
// - an attachment larger than `attachments.max_file_bytes`, and all attachments of the version together larger
//   than `attachments.max_total_bytes` (`chronik.yml`);
// - a link in an entry's body to `<id>/<name>` that is not there (a broken attachment link).

/// The relative links of a Markdown body, as attachment links are found: the destinations of inline links and
/// images (`[text](dest)`, `![alt](<dest with spaces>)`) and of link reference definitions (`[label]: dest`),
/// outside fenced code blocks and code spans. A small scanner rather than a full CommonMark parser: ChronikStore has
/// none, and a destination it misses is only a link the gate does not check.
public enum AttachmentLinks {
    /// The attachments of entry `id` that `body` links to, by name (percent-decoded, without `#fragment` or
    /// `?query`), in order of appearance, each once.
    public static func names(linkedFrom body: String, id: String) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        for destination in destinations(in: body) {
            guard let name = attachmentName(destination, id: id), seen.insert(name).inserted else { continue }
            names.append(name)
        }
        return names
    }

    /// The attachment name a link destination names, when it points into the folder of entry `id` (`id/name` or
    /// `./id/name`); nil for any other destination.
    public static func attachmentName(_ destination: String, id: String) -> String? {
        var target = Substring(destination)
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = target[..<cut] }
        if target.hasPrefix("./") { target = target.dropFirst(2) }
        guard target.hasPrefix(id + "/") else { return nil }
        let rest = String(target.dropFirst(id.count + 1))
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return rest.removingPercentEncoding ?? rest
    }

    /// Every link destination of `body` (see the type's summary).
    static func destinations(in body: String) -> [String] {
        var result: [String] = []
        var fence: Substring?
        for rawLine in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            // `[label]: dest` at the start of a line.
            if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
                let after = trimmed[trimmed.index(after: close)...]
                if after.hasPrefix(":") {
                    let rest = after.dropFirst().drop { $0 == " " || $0 == "\t" }
                    if let dest = destination(rest) { result.append(dest) }
                    continue
                }
            }
            // `](dest` anywhere outside code spans.
            var inCode = false
            var i = line.startIndex
            while i < line.endIndex {
                let c = line[i]
                if c == "`" { inCode.toggle() }
                if !inCode, c == "]", line[line.index(after: i)...].hasPrefix("(") {
                    let rest = line[line.index(i, offsetBy: 2)...].drop { $0 == " " }
                    if let dest = destination(rest) { result.append(dest) }
                }
                i = line.index(after: i)
            }
        }
        return result
    }

    /// The destination at the start of `text`: `<…>`, or up to a space or `)`.
    private static func destination(_ text: Substring) -> String? {
        if text.hasPrefix("<") {
            guard let end = text.firstIndex(of: ">") else { return nil }
            let dest = text[text.index(after: text.startIndex)..<end]
            return dest.isEmpty ? nil : String(dest)
        }
        // Balanced parentheses belong to the destination (CommonMark), `Plan (2022).pdf` written `Plan%20(2022).pdf`.
        var depth = 0
        var end = text.startIndex
        while end < text.endIndex {
            let c = text[end]
            if c == " " || c == "\t" { break }
            if c == "(" { depth += 1 }
            if c == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            end = text.index(after: end)
        }
        let dest = text[..<end]
        return dest.isEmpty ? nil : String(dest)
    }

    /// `data` (an entry file) with its links into the attachment folder `from` pointing into `to` instead: link
    /// destinations `from/…`, `./from/…` and `<from/…>` after `](`, and those of link reference definitions.
    public static func renamingFolder(in data: Data, from: String, to: String) -> Data {
        guard var text = String(data: data, encoding: .utf8) else { return data }
        for (old, new) in [("](\(from)/", "](\(to)/"), ("](./\(from)/", "](./\(to)/"), ("](<\(from)/", "](<\(to)/"),
                           ("]: \(from)/", "]: \(to)/"), ("]: ./\(from)/", "]: ./\(to)/")] {
            text = text.replacingOccurrences(of: old, with: new)
        }
        return Data(text.utf8)
    }

    /// A name as a link destination writes it: percent-encoded where Markdown or URLs need it (spaces, brackets,
    /// `%`, `#`, `?`), e.g. `Plan%20(2022).pdf`.
    public static func encode(_ name: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "()[]<> #?%")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}

extension Store {
    /// The attachment files of a tree, by entry: name → blob id (any mode; the path rules judge modes).
    package func attachmentFiles(inTree tree: ObjectID, collections: Set<String>) throws(StoreError) -> [EntryID: [String: ObjectID]] {
        var result: [EntryID: [String: ObjectID]] = [:]
        do {
            for folder in try repository.tree(tree) where folder.mode == .tree && collections.contains(folder.name) {
                for sub in try repository.tree(folder.id) where sub.mode == .tree {
                    let entry = EntryID(collection: folder.name, id: sub.name)
                    for file in try repository.tree(sub.id) where file.mode != .tree {
                        result[entry, default: [:]][file.name] = file.id
                    }
                }
            }
        } catch {
            throw Self.wrap(error)
        }
        return result
    }

    /// `attachmentFiles(inTree:collections:)` for `entries` alone: each entry's attachment folder looked up by its
    /// path.
    func attachmentFiles(of entries: Set<EntryID>, inTree tree: ObjectID, collections: Set<String>) throws(StoreError) -> [EntryID: [String: ObjectID]] {
        var result: [EntryID: [String: ObjectID]] = [:]
        do {
            for entry in entries where !entry.collection.isEmpty && collections.contains(entry.collection) {
                guard let folder = try repository.entry(atPath: entry.attachmentFolder, inTree: tree), folder.mode == .tree else { continue }
                for file in try repository.tree(folder.id) where file.mode != .tree {
                    result[entry, default: [:]][file.name] = file.id
                }
            }
        } catch {
            throw Self.wrap(error)
        }
        return result
    }

    /// The gate's attachment rules for a version about to be recorded (see the top of this file): only what the
    /// change touches is looked at (entries changed, removed or renamed, and attachments added, changed or removed).
    func attachmentProblems(_ set: ChangeSet, pending: PendingVersion, head: Commit?) throws(StoreError) -> [StoreProblem] {
        let config = pending.config
        let names = config.collectionNames
        let limits = config.attachments
        var problems: [StoreProblem] = []
        // What the change touches.
        var touched = Set<EntryID>()
        var attachmentsChanged = false
        for (path, file) in pending.staged {
            guard case .success(.attachment(let entry, let name)) = PathRules.classify(path, collections: names) else { continue }
            attachmentsChanged = true
            touched.insert(entry)
            if file.data.count > limits.maxFileBytes {
                problems.append(StoreProblem(file: path, message: "the attachment is \(file.data.count) bytes long; attachments may be at most \(limits.maxFileBytes) bytes (attachments: max_file_bytes in chronik.yml)",
                                             detail: .attachmentTooLarge(name: name, bytes: file.data.count, limit: limits.maxFileBytes)))
            }
        }
        for path in pending.removed {
            if case .success(.attachment(let entry, _)) = PathRules.classify(path, collections: names) {
                attachmentsChanged = true
                touched.insert(entry)
            }
        }
        var linkChecked = Set<EntryID>()
        for change in set.entries {
            touched.insert(change.entry)
            if let from = change.from { touched.insert(from) }
            if change.kind != .removed { linkChecked.insert(change.entry) }
        }
        guard attachmentsChanged || !touched.isEmpty else { return problems }

        // The new version's attachments of the touched entries: the tip's, less what is removed, plus what is staged.
        // Every attachment of the tip when the total is to be checked; else only the touched entries' (one look-up
        // each instead of listing every collection of the store, issue 19).
        let stored = try head.map { head throws(StoreError) in
            attachmentsChanged ? try attachmentFiles(inTree: head.treeID, collections: names)
                : try attachmentFiles(of: touched, inTree: head.treeID, collections: names)
        } ?? [:]
        var attachments: [EntryID: Set<String>] = [:]
        for entry in touched {
            for name in stored[entry].map({ Array($0.keys) }) ?? [] where !pending.removed.contains(entry.attachmentFolder + "/" + name) {
                attachments[entry, default: []].insert(name)
            }
        }
        for path in pending.staged.keys {
            if case .success(.attachment(let entry, let name)) = PathRules.classify(path, collections: names) {
                attachments[entry, default: []].insert(name)
            }
        }
        // Orphans: a folder of attachments beside no entry. (Which entries exist is asked for these alone.)
        let entries = try pending.existing(Set(attachments.keys).union(linkChecked).union(touched))
        for (entry, files) in attachments where !files.isEmpty && !entries.contains(entry) {
            problems.append(StoreProblem(file: entry.attachmentFolder + "/", message: "attachments of an entry that does not exist: there is no \(entry.path); an entry's attachments live in the folder of its name, beside it",
                                         detail: .attachmentWithoutEntry(entry: entry.path)))
        }
        // Every attachment of the version together.
        if attachmentsChanged {
            var total = 0
            do {
                for (entry, files) in stored {
                    for (name, id) in files {
                        let path = entry.attachmentFolder + "/" + name
                        if pending.staged[path] == nil, !pending.removed.contains(path) { total += try repository.objectSize(id) }
                    }
                }
            } catch {
                throw Self.wrap(error)
            }
            var first: String?
            for (path, file) in pending.staged {
                guard case .success(.attachment) = PathRules.classify(path, collections: names) else { continue }
                total += file.data.count
                if first == nil || path < first! { first = path }
            }
            if total > limits.maxTotalBytes, let first {
                problems.append(StoreProblem(file: first, message: "the attachments of this version take \(total) bytes together; at most \(limits.maxTotalBytes) bytes are allowed (attachments: max_total_bytes in chronik.yml)",
                                             detail: .attachmentsTooLarge(bytes: total, limit: limits.maxTotalBytes)))
            }
        }
        // Links to attachments that are not there.
        for entry in linkChecked.union(touched).sorted() where entries.contains(entry) {
            guard let data = pending.read(entry.path), let document = try? EntryDocument.parse(data) else { continue }
            let have = attachments[entry] ?? []
            for name in AttachmentLinks.names(linkedFrom: document.body, id: entry.id) where !have.contains(name) {
                problems.append(StoreProblem(file: entry.path, message: "links to the attachment \(entry.id)/\(name), which does not exist (expected at \(entry.attachmentFolder)/\(name))",
                                             detail: .attachmentLinkMissing(target: "\(entry.id)/\(name)", path: "\(entry.attachmentFolder)/\(name)")))
            }
        }
        return problems
    }

    /// Attachment folders of a committed tree whose entry is not in it, one problem per folder (for
    /// `pathProblems(inTree:config:)`).
    func orphanAttachmentProblems(inTree tree: ObjectID, config: StoreConfig) throws(StoreError) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        do {
            for folder in try repository.tree(tree) where folder.mode == .tree && config.collectionNames.contains(folder.name) {
                let items = try repository.tree(folder.id)
                problems += Self.orphanAttachmentProblems(collection: folder.name, items: items)
            }
        } catch {
            throw Self.wrap(error)
        }
        return problems
    }

    /// The orphan attachment folders among `items`, the tree of the collection `collection`'s folder.
    static func orphanAttachmentProblems(collection: String, items: [TreeEntry]) -> [StoreProblem] {
        // Most collections hold no attachment folder: then the set of thousands of names is not made (it was
        // 1.4 % of a cold validate's CPU, on the gate's thread beside the checks).
        guard items.contains(where: { $0.mode == .tree }) else { return [] }
        var problems: [StoreProblem] = []
        let files = Set(items.filter { $0.mode != .tree }.map(\.name))
        for sub in items where sub.mode == .tree && PathRules.problem(withID: sub.name) == nil && !files.contains(sub.name + ".md") {
            let entry = EntryID(collection: collection, id: sub.name)
            problems.append(StoreProblem(file: entry.attachmentFolder + "/", message: "attachments of an entry that does not exist: there is no \(entry.path); an entry's attachments live in the folder of its name, beside it",
                                         detail: .attachmentWithoutEntry(entry: entry.path)))
        }
        return problems
    }
}

/// The attachment rules for a whole version held in memory (a snapshot of `chronik import`, the store a Notion import
/// writes): orphan folders, sizes and links, as the commit gate applies them (see the top of this file). Problems
/// name store paths.
public enum AttachmentRules {
    public static func problems(files: [String: Data], config: StoreConfig) -> [StoreProblem] {
        let names = config.collectionNames
        let limits = config.attachments
        var problems: [StoreProblem] = []
        var attachments: [EntryID: Set<String>] = [:]
        var entries = Set<EntryID>()
        var total = 0
        var first: String?
        for (path, data) in files {
            switch PathRules.classify(path, collections: names) {
            case .success(.entry(let entry)):
                entries.insert(entry)
            case .success(.attachment(let entry, let name)):
                attachments[entry, default: []].insert(name)
                total += data.count
                if first == nil || path < first! { first = path }
                if data.count > limits.maxFileBytes {
                    problems.append(StoreProblem(file: path, message: "the attachment is \(data.count) bytes long; attachments may be at most \(limits.maxFileBytes) bytes (attachments: max_file_bytes in chronik.yml)",
                                                 detail: .attachmentTooLarge(name: name, bytes: data.count, limit: limits.maxFileBytes)))
                }
            default:
                break
            }
        }
        for entry in attachments.keys.sorted() where !entries.contains(entry) {
            problems.append(StoreProblem(file: entry.attachmentFolder + "/", message: "attachments of an entry that does not exist: there is no \(entry.path); an entry's attachments live in the folder of its name, beside it",
                                         detail: .attachmentWithoutEntry(entry: entry.path)))
        }
        if total > limits.maxTotalBytes, let first {
            problems.append(StoreProblem(file: first, message: "the attachments of this version take \(total) bytes together; at most \(limits.maxTotalBytes) bytes are allowed (attachments: max_total_bytes in chronik.yml)",
                                         detail: .attachmentsTooLarge(bytes: total, limit: limits.maxTotalBytes)))
        }
        for entry in entries.sorted() {
            guard let data = files[entry.path], let document = try? EntryDocument.parse(data) else { continue }
            let have = attachments[entry] ?? []
            for name in AttachmentLinks.names(linkedFrom: document.body, id: entry.id) where !have.contains(name) {
                problems.append(StoreProblem(file: entry.path, message: "links to the attachment \(entry.id)/\(name), which does not exist (expected at \(entry.attachmentFolder)/\(name))",
                                             detail: .attachmentLinkMissing(target: "\(entry.id)/\(name)", path: "\(entry.attachmentFolder)/\(name)")))
            }
        }
        return problems
    }
}

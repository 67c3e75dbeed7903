import ChronikStore
import Foundation
import GitKit

/// Problems as text for people (issue 16), one shape for `validate`, `commit`, `release` and `status`:
/// `<file>:<line>:<column>: <field>: <message>`, the field named by its label in the message language and its key
/// (`Ende (end)`), list items counted from 1 (`Ergebnisse (results), item 1`), and the message from the catalog when
/// the problem carries a `ProblemDetail` (else its English `message`). JSON output keeps keys, JSON Pointers and the
/// English message: it does not use this.
public struct ProblemText: Sendable {
    public let catalog: any MessageCatalog
    /// Each collection's schema as JSON, by collection name (labels and allowed values come from it).
    private let schemas: [String: JSONValue]

    /// Without schemas: fields are named by key.
    public init(catalog: any MessageCatalog) {
        self.catalog = catalog
        self.schemas = [:]
    }

    /// With the schemas of `config`'s collections, read through `read` (a path of the store → its bytes); a schema
    /// that cannot be read or parsed simply gives no labels.
    public init(catalog: any MessageCatalog, config: StoreConfig?, read: (String) -> Data?) {
        self.catalog = catalog
        var schemas: [String: JSONValue] = [:]
        for collection in config?.collections ?? [] {
            guard let path = collection.schema, let data = read(path), let value = try? JSONParser.parse(data) else { continue }
            schemas[collection.name] = value
        }
        self.schemas = schemas
    }

    /// With the schemas of the working tree of `store` (for `commit` and `status`).
    public init(catalog: any MessageCatalog, workingTreeOf store: Store) {
        let config = try? store.workingConfig()
        self.init(catalog: catalog, config: config) { path in
            try? WorkingTreeFile.read(path, in: store.root.path, limit: VersionContent.maxSchemaBytes).get().data
        }
    }

    /// With the schemas of a recorded version (for `release`).
    public init(catalog: any MessageCatalog, version commit: Commit, in store: Store) {
        let config = try? store.configIfAny(at: commit)
        self.init(catalog: catalog, config: config ?? nil) { path in (try? store.blob(at: path, inTree: commit.treeID)) ?? nil }
    }

    /// With the schemas of a version being validated.
    public init(catalog: any MessageCatalog, content: VersionContent) {
        self.init(catalog: catalog, config: content.config, read: content.readFile)
    }

    /// The whole line: `events/forum.md:4:3: Ende (end): …`.
    public func line(_ problem: StoreProblem) -> String {
        var location = PathRules.printable(problem.file)
        if let line = problem.line {
            location += ":\(line)"
            if let column = problem.column { location += ":\(column)" }
        }
        if let field = field(of: problem) { return "\(location): \(field): \(message(problem))" }
        return "\(location): \(message(problem))"
    }

    /// The field a problem is about as people read it (`Ergebnisse (results), item 1`), or nil; in `chronik.yml`
    /// and schema files a dotted path (`collections.actors.schema`).
    public func field(of problem: StoreProblem) -> String? {
        var pointer = problem.field ?? ""
        if case .requiredMissing(let key)? = problem.detail { pointer += "/" + JSONPointer.escape(key) }
        guard !pointer.isEmpty else { return nil }
        if problem.file == StoreConfig.fileName || problem.file.hasPrefix("schemas/") {
            return PathRules.printable(dotted(pointer))
        }
        return field(pointer, in: problem.file)
    }

    /// The message alone, in the catalog's language where the problem carries a detail.
    public func message(_ problem: StoreProblem) -> String {
        guard let detail = problem.detail else { return PathRules.printable(problem.message) }
        let text: String
        switch detail {
        case .unknownCollection(let folder, let suggestions):
            text = catalog.unknownCollection(folder: folder, suggestions: suggestions)
        case .outsideCollections:
            text = catalog.outsideCollections()
        case .mergeConflict:
            text = catalog.mergeConflict()
        case .missingConfig:
            text = catalog.missingConfig()
        case .frontMatter(let error):
            text = catalog.frontMatter(error)
        case .requiredMissing:
            text = catalog.requiredMissing()
        case .notAllowed(let found, let allowed):
            text = catalog.notAllowed(found: found, allowed: allowed.map { valueText($0, problem: problem) })
        case .unknownField(let name, let suggestions, let allowed):
            let collection = collectionName(of: problem.file)
            text = catalog.unknownField(name: name, collection: collection ?? "", suggestions: suggestions,
                                        allowed: allowed.map { field(label: label(of: [$0], collection: collection), key: $0) })
        case .impossibleDate(let value, let year, let month, let days):
            text = catalog.impossibleDate(value: value, year: year, month: month, days: days)
        case .notADate(let value):
            text = catalog.notADate(value: value)
        case .schemaRule(let rule):
            text = catalog.schemaRule(rule)
        case .notBefore(let key, let earlier, let later):
            let collection = collectionName(of: problem.file)
            text = catalog.notBefore(field: field(label: label(of: [key], collection: collection), key: key), earlier: earlier, later: later)
        case .referenceToItself(let target):
            text = catalog.referenceToItself(target)
        case .referenceMissing(let id, let path):
            text = catalog.referenceMissing(id: id, path: path)
        case .stillReferenced(let referrers, let renamedTo):
            text = catalog.stillReferenced(by: referrers, renamedTo: renamedTo)
        case .notUnique(let collection, let others, let value):
            text = catalog.notUnique(collection: collection, others: others, value: value)
        case .schemaFileMissing(let path):
            text = catalog.schemaFileMissing(path)
        case .schemaNotJSON(let reason):
            text = catalog.schemaNotJSON(reason: reason)
        case .schemaNotObject:
            text = catalog.schemaNotObject()
        case .schemaNotValid(let reason):
            text = catalog.schemaNotValid(reason: reason)
        case .config(let config):
            text = catalog.configProblem(config)
        case .attachmentTooLarge(_, let bytes, let limit):
            text = catalog.attachmentTooLarge(bytes: bytes, limit: limit)
        case .attachmentsTooLarge(let bytes, let limit):
            text = catalog.attachmentsTooLarge(bytes: bytes, limit: limit)
        case .attachmentWithoutEntry(let entry):
            text = catalog.attachmentWithoutEntry(entry)
        case .attachmentLinkMissing(let target, let path):
            text = catalog.attachmentLinkMissing(target: target, path: path)
        }
        return PathRules.printable(text)
    }

    /// A field pointer as people read it: `Ergebnisse (results), item 1, Titel (title)`.
    func field(_ pointer: String, in file: String) -> String {
        guard let tokens = JSONPointer.tokens(pointer) else { return PathRules.printable(pointer) }
        let collection = collectionName(of: file)
        var parts: [String] = []
        var keys: [String] = []
        for token in tokens {
            if let index = Int(token), index >= 0, !parts.isEmpty, isList(keys, collection: collection) {
                parts.append(catalog.listItem(index + 1))
            } else {
                parts.append(PathRules.printable(field(label: label(of: keys + [token], collection: collection), key: token)))
            }
            keys.append(token)
        }
        return parts.joined(separator: ", ")
    }

    private func field(label: String?, key: String) -> String { catalog.field(label: label, key: key) }

    private func collectionName(of file: String) -> String? {
        guard let slash = file.firstIndex(of: "/") else { return nil }
        return String(file[..<slash])
    }

    /// The schema node describing the value at `path` (keys and list indices from the entry's root).
    private func node(_ path: [String], collection: String?) -> JSONValue? {
        guard let collection, let root = schemas[collection] else { return nil }
        func resolve(_ node: JSONValue) -> JSONValue {
            var node = node
            var hops = 0
            while let ref = node["$ref"]?.stringValue, ref.hasPrefix("#"), hops < 16,
                  let target = SchemaNodes.value(at: String(ref.dropFirst()).removingPercentEncoding ?? "", in: root) {
                node = target
                hops += 1
            }
            return node
        }
        var node = resolve(root)
        for token in path {
            if let child = node["properties"]?[token] {
                node = resolve(child)
            } else if Int(token) != nil, let items = node["items"] {
                node = resolve(items)
            } else {
                return nil
            }
        }
        return node
    }

    private func isList(_ path: [String], collection: String?) -> Bool {
        guard let node = node(path, collection: collection) else { return true }
        return node["items"] != nil || node["type"]?.stringValue == "array" || node["type"]?.stringValue == nil
    }

    /// The label of the field at `path` in the catalog's language: `x-chronik-label` as text, or as `{de, en}`.
    private func label(of path: [String], collection: String?) -> String? {
        guard let label = node(path, collection: collection)?["x-chronik-label"] else { return nil }
        return text(label)
    }

    private func text(_ label: JSONValue) -> String? {
        if let text = label.stringValue { return text }
        return label[catalog.language.rawValue]?.stringValue ?? label["en"]?.stringValue ?? label["de"]?.stringValue
    }

    /// An allowed value as shown: `Label (value)` when the field's `x-chronik-enum-labels` names it.
    private func valueText(_ value: String, problem: StoreProblem) -> String {
        guard let pointer = problem.field, let tokens = JSONPointer.tokens(pointer),
              let labels = node(tokens, collection: collectionName(of: problem.file))?["x-chronik-enum-labels"],
              let entry = labels[value], let label = text(entry), label != value else { return value }
        return "\(label) (\(value))"
    }

    private func dotted(_ pointer: String) -> String {
        (JSONPointer.tokens(pointer) ?? [pointer]).joined(separator: ".")
    }
}

import Foundation
import OrderedCollections

/// The language of labels in public output.
public enum StoreLanguage: String, Sendable, Codable, CaseIterable {
    case de, en
}

/// One collection as `chronik.yml` declares it.
public struct CollectionConfig: Sendable, Hashable, Codable {
    /// The collection's name, which is also its folder.
    public var name: String
    /// The path of its JSON Schema in the store, e.g. `schemas/actors.schema.json`.
    public var schema: String?
    /// The field that names an entry in lists and changelogs.
    public var titleField: String?
    /// Labels by language code.
    public var label: [String: String]

    public init(name: String, schema: String? = nil, titleField: String? = nil, label: [String: String] = [:]) {
        self.name = name
        self.schema = schema
        self.titleField = titleField
        self.label = label
    }

    /// The label in `language`, else English, else the name.
    public func label(in language: StoreLanguage) -> String {
        label[language.rawValue] ?? label["en"] ?? name
    }
}

/// Which tags are releases (`releases:` in `chronik.yml`): globs on tag names, as `git describe --match` takes
/// them. No `tags`: every tag.
public struct ReleaseTagConfig: Sendable, Hashable {
    public var tags: [String]
    public var exclude: [String]

    public init(tags: [String] = [], exclude: [String] = []) {
        self.tags = tags
        self.exclude = exclude
    }
}

/// The store's `chronik.yml`.
public struct StoreConfig: Sendable, Hashable {
    public static let fileName = "chronik.yml"

    public var title: String
    public var language: StoreLanguage
    /// Collections in the order the file declares them.
    public var collections: [CollectionConfig]
    /// Which tags are releases.
    public var releases = ReleaseTagConfig()

    public init(title: String, language: StoreLanguage, collections: [CollectionConfig], releases: ReleaseTagConfig = .init()) {
        self.title = title
        self.language = language
        self.collections = collections
        self.releases = releases
    }

    public var collectionNames: Set<String> { Set(collections.map(\.name)) }

    public func collection(named name: String) -> CollectionConfig? {
        collections.first { $0.name == name }
    }

    /// Parses `chronik.yml` with the same safe YAML reader as entries.
    public static func parse(_ data: Data) throws(StoreConfigError) -> StoreConfig {
        let document: YAMLDocument
        do {
            document = try SafeYAML.parseMapping(data)
        } catch {
            throw StoreConfigError(line: error.line, field: nil, message: error.reason)
        }
        return try parse(document.value, locations: document.locations)
    }

    static func parse(_ value: OrderedDictionary<String, JSONValue>, locations: [String: SourceLocation]) throws(StoreConfigError) -> StoreConfig {
        func fail(_ pointer: String, _ message: String) -> StoreConfigError {
            StoreConfigError(line: locations[pointer]?.line, field: pointer.isEmpty ? nil : pointer, message: message)
        }
        let known: Set<String> = ["title", "language", "collections", "releases"]
        for key in value.keys where !known.contains(key) {
            throw fail("/\(key)", "unknown setting \"\(key)\" (known: title, language, collections, releases)")
        }
        guard case .string(let title)? = value["title"], !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("/title", "\"title\" must be a non-empty text")
        }
        var language = StoreLanguage.de
        if let lang = value["language"] {
            guard case .string(let code) = lang, let parsed = StoreLanguage(rawValue: code) else {
                throw fail("/language", "\"language\" must be de or en")
            }
            language = parsed
        }
        guard case .object(let collectionsValue)? = value["collections"], !collectionsValue.isEmpty else {
            throw fail("/collections", "\"collections\" must map each collection name to its settings")
        }
        var collections: [CollectionConfig] = []
        for (name, settings) in collectionsValue {
            let base = "/collections/\(name)"
            if let problem = PathRules.problem(withCollectionName: name) {
                throw fail(base, "collection \"\(PathRules.printable(name))\": \(problem)")
            }
            var config = CollectionConfig(name: name)
            switch settings {
            case .null:
                break
            case .object(let fields):
                for (key, field) in fields {
                    switch (key, field) {
                    case ("schema", .string(let path)):
                        guard case .success(.schema)? = Optional(PathRules.classify(path, collections: [])) else {
                            throw fail("\(base)/schema", "\"schema\" must name a .json file in schemas/, e.g. schemas/\(name).schema.json")
                        }
                        config.schema = path
                    case ("title_field", .string(let f)):
                        config.titleField = f
                    case ("label", .object(let labels)):
                        for (code, text) in labels {
                            guard case .string(let s) = text else { throw fail("\(base)/label/\(code)", "a label must be a text") }
                            config.label[code] = s
                        }
                    case ("label", .string(let s)):
                        config.label[language.rawValue] = s
                    case ("schema", _), ("title_field", _), ("label", _):
                        throw fail("\(base)/\(key)", "\"\(key)\" has the wrong type")
                    default:
                        throw fail("\(base)/\(key)", "unknown collection setting \"\(key)\" (known: schema, title_field, label)")
                    }
                }
            default:
                throw fail(base, "the settings of collection \"\(name)\" must be a mapping")
            }
            collections.append(config)
        }
        return StoreConfig(title: title, language: language, collections: collections,
                           releases: try parseReleases(value["releases"], fail: fail))
    }

    /// `releases: {tags: [globs], exclude: [globs]}`; each may also be a single text.
    private static func parseReleases(_ value: JSONValue?, fail: (String, String) -> StoreConfigError) throws(StoreConfigError) -> ReleaseTagConfig {
        var releases = ReleaseTagConfig()
        switch value {
        case nil, .null?:
            return releases
        case .object(let settings)?:
            for (key, setting) in settings {
                let pointer = "/releases/\(key)"
                guard key == "tags" || key == "exclude" else {
                    throw fail(pointer, "unknown releases setting \"\(PathRules.printable(key))\" (known: tags, exclude)")
                }
                var globs: [String] = []
                switch setting {
                case .string(let glob): globs = [glob]
                case .array(let items):
                    for (k, item) in items.enumerated() {
                        guard case .string(let glob) = item else { throw fail("\(pointer)/\(k)", "a tag pattern must be a text, e.g. \"v*\"") }
                        globs.append(glob)
                    }
                default:
                    throw fail(pointer, "\"\(key)\" must be a list of tag patterns, e.g. [\"v*\"]")
                }
                for glob in globs where glob.isEmpty || glob.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    throw fail(pointer, "a tag pattern must be a non-empty text without control characters")
                }
                if key == "tags" { releases.tags = globs } else { releases.exclude = globs }
            }
            return releases
        default:
            throw fail("/releases", "\"releases\" must be a mapping, e.g. {tags: [\"v*\"], exclude: [\"*-rc*\"]}")
        }
    }

    /// The text of a `chronik.yml` for these settings.
    public func yaml() -> String {
        var out = "title: \(YAMLText.scalar(title))\nlanguage: \(language.rawValue)\ncollections:\n"
        for c in collections {
            out += "  \(c.name):\n"
            if let schema = c.schema { out += "    schema: \(YAMLText.scalar(schema))\n" }
            if let field = c.titleField { out += "    title_field: \(YAMLText.scalar(field))\n" }
            if !c.label.isEmpty {
                let parts = c.label.keys.sorted { a, b in
                    // German first, then English, then the rest alphabetically.
                    let order = ["de": 0, "en": 1]
                    return (order[a] ?? 2, a) < (order[b] ?? 2, b)
                }.map { "\($0): \(YAMLText.scalar(c.label[$0] ?? "", flow: true))" }
                out += "    label: {\(parts.joined(separator: ", "))}\n"
            }
        }
        if !releases.tags.isEmpty || !releases.exclude.isEmpty {
            out += "releases:\n"
            if !releases.tags.isEmpty { out += "  tags: [\(releases.tags.map { YAMLText.scalar($0, flow: true) }.joined(separator: ", "))]\n" }
            if !releases.exclude.isEmpty { out += "  exclude: [\(releases.exclude.map { YAMLText.scalar($0, flow: true) }.joined(separator: ", "))]\n" }
        }
        return out
    }
}

/// A problem in `chronik.yml`.
public struct StoreConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    /// The setting as a JSON Pointer, e.g. `/collections/actors/schema`.
    public var field: String?
    public var message: String
    public var description: String { message }
}

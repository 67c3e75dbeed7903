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

/// `site:` in `chronik.yml`: how `chronik publish` lays out the site.
public struct SiteConfig: Sendable, Hashable {
    /// The start page's introduction: an entry (`collection/id`) or a Markdown file of the store (`README.md`).
    public var introduction: String?
    /// The columns of a collection's table, by collection name: top-level field keys (`title` for the title).
    public var columns: [String: [String]]

    public init(introduction: String? = nil, columns: [String: [String]] = [:]) {
        self.introduction = introduction
        self.columns = columns
    }
}

/// `attachments:` in `chronik.yml`: how large the attachments of entries may be (issue 17).
public struct AttachmentLimits: Sendable, Hashable {
    /// The default per file: 20 MiB (GitHub warns from 50 MB and refuses files over 100 MB).
    public static let defaultMaxFileBytes = 20 * 1024 * 1024
    /// The default for all attachments of a version together: 500 MiB (GitHub recommends repositories under 1 GB,
    /// and every version of an attachment stays in the history).
    public static let defaultMaxTotalBytes = 500 * 1024 * 1024

    /// `max_file_bytes`: the largest attachment.
    public var maxFileBytes: Int
    /// `max_total_bytes`: all attachments of one version together.
    public var maxTotalBytes: Int

    public init(maxFileBytes: Int = defaultMaxFileBytes, maxTotalBytes: Int = defaultMaxTotalBytes) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
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
    /// Where the public site and changelog live (`public_url`), for absolute links in feeds and the sitemap.
    public var publicURL: String?
    /// How `chronik publish` lays out the site.
    public var site = SiteConfig()
    /// How large attachments may be.
    public var attachments = AttachmentLimits()

    public init(title: String, language: StoreLanguage, collections: [CollectionConfig], releases: ReleaseTagConfig = .init(),
                publicURL: String? = nil, site: SiteConfig = .init()) {
        self.title = title
        self.language = language
        self.collections = collections
        self.releases = releases
        self.publicURL = publicURL
        self.site = site
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
            throw StoreConfigError(line: error.line, field: nil, message: error.reason, yaml: error)
        }
        return try parse(document.value, locations: document.locations)
    }

    static func parse(_ value: OrderedDictionary<String, JSONValue>, locations: [String: SourceLocation]) throws(StoreConfigError) -> StoreConfig {
        func fail(_ pointer: String, _ message: String, _ problem: ConfigProblem) -> StoreConfigError {
            StoreConfigError(line: locations[pointer]?.line, field: pointer.isEmpty ? nil : pointer, message: message, problem: problem)
        }
        let known: Set<String> = ["title", "language", "collections", "releases", "public_url", "site", "attachments"]
        for key in value.keys where !known.contains(key) {
            throw fail("/\(key)", "unknown setting \"\(key)\" (known: title, language, collections, releases, public_url, site, attachments)", .unknownSetting(key: key, section: nil, known: ["title", "language", "collections", "releases", "public_url", "site", "attachments"]))
        }
        // Not all blanks (what `trimmingCharacters(in: .whitespaces).isEmpty` says, without bridging to NSString:
        // its generic substring machinery cost every command's start three protocol conformance scans, issue 19).
        guard case .string(let title)? = value["title"], !title.unicodeScalars.allSatisfy(CharacterSet.whitespaces.contains) else {
            throw fail("/title", "\"title\" must be a non-empty text", .titleText)
        }
        var language = StoreLanguage.de
        if let lang = value["language"] {
            guard case .string(let code) = lang, let parsed = StoreLanguage(rawValue: code) else {
                throw fail("/language", "\"language\" must be de or en", .languageValue)
            }
            language = parsed
        }
        guard case .object(let collectionsValue)? = value["collections"], !collectionsValue.isEmpty else {
            throw fail("/collections", "\"collections\" must map each collection name to its settings", .collectionsShape)
        }
        var collections: [CollectionConfig] = []
        for (name, settings) in collectionsValue {
            let base = "/collections/\(name)"
            if let problem = PathRules.problem(withCollectionName: name) {
                throw fail(base, "collection \"\(PathRules.printable(name))\": \(problem)", .collectionName(name: name, reason: problem))
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
                            throw fail("\(base)/schema", "\"schema\" must name a .json file in schemas/, e.g. schemas/\(name).schema.json", .schemaPath(collection: name))
                        }
                        config.schema = path
                    case ("title_field", .string(let f)):
                        config.titleField = f
                    case ("label", .object(let labels)):
                        for (code, text) in labels {
                            guard case .string(let s) = text else { throw fail("\(base)/label/\(code)", "a label must be a text", .labelText) }
                            config.label[code] = s
                        }
                    case ("label", .string(let s)):
                        config.label[language.rawValue] = s
                    case ("schema", _), ("title_field", _), ("label", _):
                        throw fail("\(base)/\(key)", "\"\(key)\" has the wrong type", .wrongType(key: key))
                    default:
                        throw fail("\(base)/\(key)", "unknown collection setting \"\(key)\" (known: schema, title_field, label)", .unknownSetting(key: key, section: "collections", known: ["schema", "title_field", "label"]))
                    }
                }
            default:
                throw fail(base, "the settings of collection \"\(name)\" must be a mapping", .collectionSettingsShape(collection: name))
            }
            collections.append(config)
        }
        var publicURL: String?
        switch value["public_url"] {
        case nil, .null?: break
        case .string(let url)?:
            guard PublicURL.isValid(url) else {
                throw fail("/public_url", "\"public_url\" must be an http or https address, e.g. https://example.org/strategie/", .publicURL)
            }
            publicURL = url
        default:
            throw fail("/public_url", "\"public_url\" must be an http or https address, e.g. https://example.org/strategie/", .publicURL)
        }
        var config = StoreConfig(title: title, language: language, collections: collections,
                                 releases: try parseReleases(value["releases"], fail: fail), publicURL: publicURL,
                                 site: try parseSite(value["site"], collections: Set(collections.map(\.name)), fail: fail))
        config.attachments = try parseAttachments(value["attachments"], fail: fail)
        return config
    }

    /// `attachments: {max_file_bytes: N, max_total_bytes: N}`, positive integers (bytes).
    private static func parseAttachments(_ value: JSONValue?, fail: (String, String, ConfigProblem) -> StoreConfigError) throws(StoreConfigError) -> AttachmentLimits {
        var limits = AttachmentLimits()
        switch value {
        case nil, .null?:
            return limits
        case .object(let settings)?:
            for (key, setting) in settings {
                let pointer = "/attachments/\(key)"
                guard key == "max_file_bytes" || key == "max_total_bytes" else {
                    throw fail(pointer, "unknown attachments setting \"\(PathRules.printable(key))\" (known: max_file_bytes, max_total_bytes)", .unknownSetting(key: key, section: "attachments", known: ["max_file_bytes", "max_total_bytes"]))
                }
                guard case .number(let number) = setting, let bytes = Int(number.literal), bytes > 0 else {
                    throw fail(pointer, "\"\(key)\" has the wrong type", .wrongType(key: key))
                }
                if key == "max_file_bytes" { limits.maxFileBytes = bytes } else { limits.maxTotalBytes = bytes }
            }
            return limits
        default:
            throw fail("/attachments", "\"attachments\" has the wrong type", .wrongType(key: "attachments"))
        }
    }

    /// `site: {introduction: collection/id | FILE.md, columns: {collection: [keys]}}`.
    private static func parseSite(_ value: JSONValue?, collections: Set<String>, fail: (String, String, ConfigProblem) -> StoreConfigError) throws(StoreConfigError) -> SiteConfig {
        var site = SiteConfig()
        switch value {
        case nil, .null?:
            return site
        case .object(let settings)?:
            for (key, setting) in settings {
                let pointer = "/site/\(key)"
                switch (key, setting) {
                case ("introduction", .string(let target)):
                    guard !target.isEmpty, !target.hasPrefix("/"), !target.split(separator: "/").contains("..") else {
                        throw fail(pointer, "\"introduction\" must name an entry (collection/id) or a Markdown file of the store", .introduction)
                    }
                    site.introduction = target
                case ("columns", .object(let byCollection)):
                    for (name, keys) in byCollection {
                        guard collections.contains(name) else {
                            throw fail("\(pointer)/\(name)", "\"\(PathRules.printable(name))\" is not a collection", .notACollection(name: name))
                        }
                        guard case .array(let items) = keys, !items.isEmpty else {
                            throw fail("\(pointer)/\(name)", "the columns must be a list of field names, e.g. [title, status]", .columnsList)
                        }
                        var names: [String] = []
                        for (k, item) in items.enumerated() {
                            guard case .string(let field) = item, !field.isEmpty else {
                                throw fail("\(pointer)/\(name)/\(k)", "a column must be a field name", .columnName)
                            }
                            names.append(field)
                        }
                        site.columns[name] = names
                    }
                case ("introduction", _), ("columns", _):
                    throw fail(pointer, "\"\(key)\" has the wrong type", .wrongType(key: key))
                default:
                    throw fail(pointer, "unknown site setting \"\(PathRules.printable(key))\" (known: introduction, columns)", .unknownSetting(key: key, section: "site", known: ["introduction", "columns"]))
                }
            }
            return site
        default:
            throw fail("/site", "\"site\" must be a mapping, e.g. {introduction: README.md}", .siteShape)
        }
    }

    /// `releases: {tags: [globs], exclude: [globs]}`; each may also be a single text.
    private static func parseReleases(_ value: JSONValue?, fail: (String, String, ConfigProblem) -> StoreConfigError) throws(StoreConfigError) -> ReleaseTagConfig {
        var releases = ReleaseTagConfig()
        switch value {
        case nil, .null?:
            return releases
        case .object(let settings)?:
            for (key, setting) in settings {
                let pointer = "/releases/\(key)"
                guard key == "tags" || key == "exclude" else {
                    throw fail(pointer, "unknown releases setting \"\(PathRules.printable(key))\" (known: tags, exclude)", .unknownSetting(key: key, section: "releases", known: ["tags", "exclude"]))
                }
                var globs: [String] = []
                switch setting {
                case .string(let glob): globs = [glob]
                case .array(let items):
                    for (k, item) in items.enumerated() {
                        guard case .string(let glob) = item else { throw fail("\(pointer)/\(k)", "a tag pattern must be a text, e.g. \"v*\"", .tagPatternText) }
                        globs.append(glob)
                    }
                default:
                    throw fail(pointer, "\"\(key)\" must be a list of tag patterns, e.g. [\"v*\"]", .tagPatternList(key: key))
                }
                for glob in globs where glob.isEmpty || glob.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    throw fail(pointer, "a tag pattern must be a non-empty text without control characters", .tagPatternEmpty)
                }
                if key == "tags" { releases.tags = globs } else { releases.exclude = globs }
            }
            return releases
        default:
            throw fail("/releases", "\"releases\" must be a mapping, e.g. {tags: [\"v*\"], exclude: [\"*-rc*\"]}", .releasesShape)
        }
    }

    /// The text of a `chronik.yml` for these settings (`site:` is not written: `chronik init` never sets it).
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
        if let publicURL { out += "public_url: \(YAMLText.scalar(publicURL))\n" }
        if attachments != AttachmentLimits() {
            out += "attachments:\n  max_file_bytes: \(attachments.maxFileBytes)\n  max_total_bytes: \(attachments.maxTotalBytes)\n"
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
    /// The YAML reader's error when the file is not valid YAML (then `message` is its English reason): a message
    /// catalog explains it as it explains an entry's (`YAMLTrouble`).
    public var yaml: FrontMatterError?
    /// What is wrong with a setting, as data a message catalog words (nil for a YAML error).
    public var problem: ConfigProblem?
    public var description: String { message }

    public init(line: Int?, field: String?, message: String, yaml: FrontMatterError? = nil, problem: ConfigProblem? = nil) {
        self.line = line
        self.field = field
        self.message = message
        self.yaml = yaml
        self.problem = problem
    }
}

/// What is wrong with a setting of `chronik.yml` (the field names it), as data for the message catalogs.
public enum ConfigProblem: Sendable, Hashable {
    /// `section` nil for the top level; `known` the settings that exist there.
    case unknownSetting(key: String, section: String?, known: [String])
    case titleText
    case languageValue
    case collectionsShape
    /// `reason` is `PathRules.problem(withCollectionName:)`'s (English).
    case collectionName(name: String, reason: String)
    case schemaPath(collection: String)
    case labelText
    case wrongType(key: String)
    case collectionSettingsShape(collection: String)
    case publicURL
    case introduction
    case notACollection(name: String)
    case columnsList
    case columnName
    case siteShape
    case tagPatternText
    case tagPatternList(key: String)
    case tagPatternEmpty
    case releasesShape
}

/// Checks of a public address (`public_url`, `--base-url`).
public enum PublicURL {
    /// An absolute http(s) URL with a host, no spaces, quotes, angle brackets or control characters.
    public static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        let rest = lower.hasPrefix("https://") ? text.dropFirst(8) : text.dropFirst(7)
        guard let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || "\"'<>\\`{}|^".unicodeScalars.contains($0) }
    }

    /// The URL with exactly one `/` at the end, so that site paths can be appended.
    public static func directory(_ text: String) -> String {
        text.hasSuffix("/") ? text : text + "/"
    }
}

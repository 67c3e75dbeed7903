import ChronikStore
import Foundation

/// A store's own rules for one collection, read from the custom keywords on its schema's top-level `properties`
/// (see docs/validation.md): references, unique fields and date order.
public struct CollectionRules: Sendable, Hashable {
    /// A field whose value (a string, or each string of a list) is the id of an entry of `target`.
    public struct Reference: Sendable, Hashable {
        public var field: String
        public var target: String
    }
    /// A date field that must not be before another field's date.
    public struct DateOrder: Sendable, Hashable {
        public var field: String
        public var notBefore: String
    }

    public var collection: String
    public var references: [Reference] = []
    public var unique: [String] = []
    public var dateOrders: [DateOrder] = []

    /// A description of the rules, part of the collection's cache fingerprint (`ValidationFingerprint`).
    var fingerprintText: String {
        var text = collection
        for r in references { text += "|r:\(r.field)>\(r.target)" }
        for u in unique { text += "|u:\(u)" }
        for d in dateOrders { text += "|d:\(d.field)>\(d.notBefore)" }
        return text
    }
}

/// The compiled schema and rules of one collection.
struct LoadedCollection: Sendable {
    var name: String
    /// Nil when the collection has no schema or its schema is broken (the problem is reported once, for the schema).
    var schema: Schema?
    var rules: CollectionRules
    /// The top-level properties the schema names, in order (for "allowed fields" hints).
    var properties: [String]
    /// Keys the validation cache: changes whenever checking an entry of the collection can give another result
    /// (`ValidationFingerprint`).
    var fingerprint = ""
    /// The time the pattern checks of the run may take, shared by every collection of the version (`compile()`).
    var patternBudget: PatternBudget?
    /// The schema as JSON (nil without one): findings take allowed values and labels from it (`SchemaNodes`).
    var root: JSONValue?
}

/// Every collection's schema of one version, loaded and checked once.
struct StoreSchemas: Sendable {
    var collections: [String: LoadedCollection] = [:]
    /// Problems of the schema files themselves.
    var problems: [StoreProblem] = []
    /// How many schema files were read.
    var schemaCount = 0

    /// A hash of everything the schemas' own problems depend on: the validator's version, each collection's name
    /// and schema path, and every schema file's path and bytes (`setKey(config:files:)`). The validation cache
    /// records the keys of sets found without problems, so that the meta-schema check is not repeated for them.
    var setKey = ""
    /// The schemas parsed and registered but not compiled yet, in `config` order (see `compile()`).
    private var pending: [(collection: CollectionConfig, path: String, value: JSONValue)] = []
    /// The schemas to register for compiling, in order (each path once).
    private var toRegister: [(path: String, value: JSONValue)] = []
    /// The one budget of the pattern checks of the run, once a schema is compiled.
    private var patternBudget: PatternBudget?

    /// Whether every schema is compiled (`compile()`).
    var isCompiled: Bool { pending.isEmpty }
    /// Whether the schemas were checked against the meta-schema (not `vouched` for).
    private(set) var checkedAgainstMetaSchema = false

    /// Reads, checks and compiles the schemas `config` names; `read` gives a file of the version by store path.
    ///
    /// Each schema is parsed as JSON, checked against the draft 2020-12 meta-schema and the custom keywords' rules,
    /// and compiled with format assertion on. The schemas of a store may refer to each other (by `$id`, or by
    /// their path relative to one another); nothing is ever fetched.
    /// `refused` says why a schema file that `read` gave nothing for was not read (e.g. a symbolic link in the working
    /// tree); nil: it does not exist.
    static func load(config: StoreConfig, read: (String) -> Data?, refused: (String) -> String? = { _ in nil }) -> StoreSchemas {
        var result = load(config: config, files: readFiles(config: config, read: read), vouched: false, refused: refused)
        result.compile()
        return result
    }

    /// The schema files `config` names that exist, by store path.
    static func readFiles(config: StoreConfig, read: (String) -> Data?) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in config.collections.compactMap(\.schema) where files[path] == nil {
            if let data = read(path) { files[path] = data }
        }
        return files
    }

    /// The key of a set of schemas (see `setKey`).
    static func setKey(config: StoreConfig, files: [String: Data]) -> String {
        var hash = ValidationFingerprint.FNV1a64()
        hash.field(ValidationFingerprint.validatorVersion)
        hash.field("schema set")
        for collection in config.collections {
            hash.field(collection.name)
            hash.field(collection.schema.map { "schema " + $0 } ?? "no schema")
        }
        hash.field(String(ValidationFingerprint.schemaFiles(files), radix: 16))
        return hash.hex
    }

    /// Checks the schemas `config` names, read beforehand (`readFiles`), like `load(config:read:)`, but compiles
    /// nothing yet (`compile()` does). With `vouched` (the validation cache recorded this set of schemas, by
    /// `setKey`, as free of problems), the check against the meta-schema is skipped: it would find nothing.
    /// `refused` says why a schema file missing from `files` was not read; nil: it does not exist.
    static func load(config: StoreConfig, files schemaFiles: [String: Data], vouched: Bool,
                     refused: (String) -> String? = { _ in nil }) -> StoreSchemas {
        var result = StoreSchemas()
        result.setKey = setKey(config: config, files: schemaFiles)
        result.checkedAgainstMetaSchema = !vouched
        var parsed: [(collection: CollectionConfig, path: String, value: JSONValue)] = []
        var seenPaths = Set<String>()
        for collection in config.collections {
            guard let path = collection.schema else {
                result.collections[collection.name] = LoadedCollection(
                    name: collection.name, schema: nil, rules: CollectionRules(collection: collection.name), properties: [])
                continue
            }
            let firstUse = seenPaths.insert(path).inserted
            if firstUse { result.schemaCount += 1 }
            var problems: [StoreProblem] = []
            guard let data = schemaFiles[path] else {
                if let why = refused(path) {
                    // There, but not read (a symbolic link, FIFO, oversized file): said as the commit gate says it.
                    problems.append(StoreProblem(file: path, message: why))
                } else {
                    problems.append(StoreProblem(file: StoreConfig.fileName, field: "/collections/\(collection.name)/schema",
                                                 message: "schema file \(path) does not exist", detail: .schemaFileMissing(path: path)))
                }
                if firstUse { result.problems += problems }
                continue
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(data)
            } catch {
                if firstUse {
                    result.problems.append(StoreProblem(file: path, line: error.line, column: error.column,
                                                        message: "is not valid JSON: \(error.message)", detail: .schemaNotJSON(reason: error.message)))
                }
                continue
            }
            guard case .object = value else {
                if firstUse { result.problems.append(StoreProblem(file: path, message: "a schema must be a JSON object", detail: .schemaNotObject)) }
                continue
            }
            // A schema the fast walk finds valid needs no compiled meta-schema (`MetaSchemaCheck`).
            if !vouched, !MetaSchemaCheck.isSurelyValid(value) {
                for finding in Schema.checkAgainstMetaSchema(value) {
                    problems.append(StoreProblem(file: path, field: finding.instancePointer, keyword: finding.keyword,
                                                 message: "is not valid JSON Schema (draft 2020-12): \(finding.message)",
                                                 detail: .schemaNotValid(reason: finding.message)))
                }
            }
            problems += customKeywordProblems(value, path: path, config: config)
            if !problems.isEmpty {
                if firstUse { result.problems += problems }
                continue
            }
            result.toRegister.append((path, value))
            parsed.append((collection, path, value))
        }
        let schemaHash = ValidationFingerprint.schemaFiles(schemaFiles)
        let collectionNames = config.collections.map(\.name)
        func fingerprint(_ collection: CollectionConfig, _ rules: CollectionRules) -> String {
            ValidationFingerprint.collection(collection, allCollections: collectionNames, schemaFiles: schemaHash,
                                             rules: rules, formatAssertion: true)
        }
        for (name, loaded) in result.collections {
            if let collection = config.collection(named: name) { result.collections[name]?.fingerprint = fingerprint(collection, loaded.rules) }
        }
        // Rules and fingerprints now; the schema itself once compiled.
        for (collection, _, value) in parsed {
            let (rules, properties) = readRules(value, collection: collection.name)
            result.collections[collection.name] = LoadedCollection(
                name: collection.name, schema: nil, rules: rules, properties: properties,
                fingerprint: fingerprint(collection, rules), root: value)
        }
        result.pending = parsed
        result.problems.sort { ($0.file, $0.field ?? "") < ($1.file, $1.field ?? "") }
        return result
    }

    /// Compiles the schemas checked by `load(config:files:vouched:)`; a schema that cannot be compiled is a
    /// problem, and its collections are left without one (as if they had none to check against).
    mutating func compile() {
        compile(only: nil)
    }

    /// Compiles the schemas of the collections `names` (every collection: nil) and leaves the others pending, for
    /// a commit that checks the entries of a few collections against a set of schemas the validation cache vouches
    /// for (so none of the others can fail to compile: their problems would be none).
    mutating func compile(only names: Set<String>?) {
        guard !pending.isEmpty else { return }
        var registry = SchemaRegistry.forCompiling(toRegister.map(\.value))
        for (path, value) in toRegister { registry.add(value, retrievalURI: Self.retrievalURI(path)) }
        var compiled: [String: Schema] = [:]
        var failed = Set<String>()
        // One budget for the pattern checks of every entry this version's validation checks.
        var options = SchemaOptions(formatAssertion: true)
        // Schemas the validation cache vouches for compiled before, patterns included.
        options.patternsCheckedBefore = !checkedAgainstMetaSchema
        let budget = patternBudget ?? PatternBudget(seconds: options.patternTimePerRun)
        patternBudget = budget
        var left: [(collection: CollectionConfig, path: String, value: JSONValue)] = []
        for (collection, path, value) in pending {
            if let names, !names.contains(collection.name) {
                left.append((collection, path, value))
                continue
            }
            let schema: Schema
            if let done = compiled[path] {
                schema = done
            } else if failed.contains(path) {
                collections[collection.name] = nil
                continue
            } else {
                do {
                    schema = try Schema(value, registry: registry, retrievalURI: Self.retrievalURI(path), options: options)
                    compiled[path] = schema
                } catch {
                    failed.insert(path)
                    collections[collection.name] = nil
                    problems.append(StoreProblem(file: path, field: Self.pointer(of: error), keyword: Self.keyword(of: error),
                                                 message: "cannot be used: \(error.description)"))
                    continue
                }
            }
            collections[collection.name]?.schema = schema
            collections[collection.name]?.patternBudget = budget
        }
        pending = left
        if left.isEmpty { toRegister = [] }
        problems.sort { ($0.file, $0.field ?? "") < ($1.file, $1.field ?? "") }
    }

    /// Schemas are registered under a `file:` URI of their store path, so `"$ref": "glossary.schema.json"` between
    /// two schemas without `$id` resolves; a schema's own `$id` takes precedence.
    private static func retrievalURI(_ path: String) -> String { "file:///" + path }

    private static func pointer(of error: SchemaError) -> String? {
        switch error {
        case .unknownMetaSchema: return "/$schema"
        case .unresolvedReference(_, let p): return p + "/$ref"
        case .invalidKeyword(_, let p, _), .invalidPattern(_, let p, _), .tooDeep(let p, _):
            return p
        case .unsupportedVocabulary: return "/$schema"
        }
    }

    private static func keyword(of error: SchemaError) -> String? {
        switch error {
        case .unknownMetaSchema, .unsupportedVocabulary: return "$schema"
        case .unresolvedReference: return "$ref"
        case .invalidKeyword(let k, _, _): return k
        case .invalidPattern: return "pattern"
        case .tooDeep: return nil
        }
    }

    /// The custom keywords' values must make sense: `x-chronik-ref` names a collection, `x-chronik-unique` and
    /// `x-chronik-private` are booleans, `x-chronik-not-before` names another top-level property, `x-chronik-label`
    /// is a text or a mapping of texts; the site's: `x-chronik-columns` lists top-level properties (or "title"),
    /// `x-chronik-dates` is a boolean, `x-chronik-enum-labels` maps (enum) values to labels.
    static func customKeywordProblems(_ schema: JSONValue, path: String, config: StoreConfig) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        func problem(_ pointer: String, _ keyword: String, _ message: String) {
            problems.append(StoreProblem(file: path, field: pointer, keyword: keyword, message: message))
        }
        func checkLabel(_ value: JSONValue?, _ pointer: String) {
            guard let value else { return }
            switch value {
            case .string: return
            case .object(let labels) where labels.values.allSatisfy({ $0.stringValue != nil }): return
            default: problem(pointer, "x-chronik-label", "must be a text or a mapping of language codes to texts, e.g. {\"de\": \"Begriff\", \"en\": \"Term\"}")
            }
        }
        /// A mapping of the property's values to labels (each a text or a mapping of texts); when the property lists
        /// its `enum`, every key must be one of its values.
        func checkEnumLabels(_ value: JSONValue, property: JSONValue, _ pointer: String) {
            guard case .object(let labels) = value else {
                problem(pointer, "x-chronik-enum-labels",
                        "must be a mapping of the property's values to labels, e.g. {\"planned\": {\"de\": \"geplant\", \"en\": \"planned\"}}; found \(JSONWriter.write(value))")
                return
            }
            let values = property["enum"]?.arrayValue
            let allowed = values.flatMap { list in list.allSatisfy { $0.stringValue != nil } ? list.compactMap(\.stringValue) : nil }
            for (key, label) in labels {
                let at = pointer + "/" + JSONPointer.escape(key)
                if let allowed, !allowed.contains(key) {
                    problem(at, "x-chronik-enum-labels", "names \(JSONWriter.write(.string(key))), which is not one of the property's enum values (\(allowed.joined(separator: ", ")))")
                }
                switch label {
                case .string: continue
                case .object(let texts) where texts.values.allSatisfy({ $0.stringValue != nil }): continue
                default: problem(at, "x-chronik-enum-labels", "must be a text or a mapping of language codes to texts, e.g. {\"de\": \"geplant\", \"en\": \"planned\"}")
                }
            }
        }
        checkLabel(schema["x-chronik-label"], "/x-chronik-label")
        // The site's keywords (docs/store-format.md): the table's columns, the participation-date marker.
        if let columns = schema["x-chronik-columns"] {
            let names = columns.arrayValue?.compactMap(\.stringValue)
            if let names, names.count == columns.arrayValue?.count, !names.isEmpty {
                for (index, name) in names.enumerated() where name != "title" && schema["properties"]?[name] == nil {
                    problem("/x-chronik-columns/\(index)", "x-chronik-columns",
                            "must name a top-level property of this schema (or \"title\"); found \(JSONWriter.write(.string(name)))")
                }
            } else {
                problem("/x-chronik-columns", "x-chronik-columns",
                        "must be a non-empty list of top-level property names, e.g. [\"title\", \"status\"]; found \(JSONWriter.write(columns))")
            }
        }
        if let dates = schema["x-chronik-dates"], dates != .bool(true), dates != .bool(false) {
            problem("/x-chronik-dates", "x-chronik-dates", "must be true or false; found \(JSONWriter.write(dates))")
        }
        guard case .object(let properties)? = schema["properties"] else { return problems }
        for (name, property) in properties {
            let base = "/properties/" + JSONPointer.escape(name)
            checkLabel(property["x-chronik-label"], base + "/x-chronik-label")
            if let ref = property["x-chronik-ref"] {
                if case .string(let target) = ref, config.collection(named: target) != nil {
                    // fine
                } else {
                    let known = config.collections.map(\.name).joined(separator: ", ")
                    problem(base + "/x-chronik-ref", "x-chronik-ref", "must name a collection of this store (\(known)); found \(JSONWriter.write(ref))")
                }
            }
            for flag in ["x-chronik-unique", "x-chronik-private"] {
                if let value = property[flag], case .bool = value {} else if property[flag] != nil {
                    problem(base + "/" + flag, flag, "must be true or false")
                }
            }
            if let enumLabels = property["x-chronik-enum-labels"] {
                checkEnumLabels(enumLabels, property: property, base + "/x-chronik-enum-labels")
            }
            if let other = property["x-chronik-not-before"] {
                if case .string(let name2) = other, name2 != name, properties[name2] != nil {
                    // fine
                } else {
                    problem(base + "/x-chronik-not-before", "x-chronik-not-before",
                            "must name another property of this schema (a date that this one must not precede); found \(JSONWriter.write(other))")
                }
            }
        }
        return problems
    }

    /// Reads the rules from the top-level `properties` (nested properties carry no store rules).
    static func readRules(_ schema: JSONValue, collection: String) -> (CollectionRules, [String]) {
        var rules = CollectionRules(collection: collection)
        guard case .object(let properties)? = schema["properties"] else { return (rules, []) }
        for (name, property) in properties {
            if case .string(let target)? = property["x-chronik-ref"] {
                rules.references.append(.init(field: name, target: target))
            }
            if case .bool(true)? = property["x-chronik-unique"] { rules.unique.append(name) }
            if case .string(let other)? = property["x-chronik-not-before"] {
                rules.dateOrders.append(.init(field: name, notBefore: other))
            }
        }
        return (rules, Array(properties.keys))
    }
}

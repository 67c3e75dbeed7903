import ChronikStore
import Foundation

/// A compiled subschema. Built and linked by `Compiler`, never changed afterwards, which is what makes sharing it
/// across threads safe.
final class Node: @unchecked Sendable {
    /// For `true`/`false` schemas.
    var constant: Bool?
    var keywords: [Keyword] = []
    /// Index of the schema resource the node belongs to (for the dynamic scope of `$dynamicRef`).
    var resource: Int
    /// Whether some keyword of this node reads annotations (`unevaluated*`), so callers must collect them.
    var readsAnnotations = false

    init(resource: Int) {
        self.resource = resource
    }
}

/// The target of a `$ref`/`$dynamicRef`, filled in once all nodes exist (references may be cyclic).
final class RefTarget: @unchecked Sendable {
    var node: Node?
    let uri: String
    init(uri: String) { self.uri = uri }
}

/// A schema resource: its URI and `$dynamicAnchor`s.
final class ResourceInfo: @unchecked Sendable {
    let uri: String
    var dynamicAnchors: [String: Node] = [:]
    init(uri: String) { self.uri = uri }
}

/// Type bits for the `type` keyword.
struct TypeMask: OptionSet, Hashable {
    let rawValue: UInt8
    static let null = TypeMask(rawValue: 1)
    static let boolean = TypeMask(rawValue: 2)
    static let object = TypeMask(rawValue: 4)
    static let array = TypeMask(rawValue: 8)
    static let number = TypeMask(rawValue: 16)
    static let string = TypeMask(rawValue: 32)
    static let integer = TypeMask(rawValue: 64)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "string": self = .string
        case "integer": self = .integer
        default: return nil
        }
    }
}

enum Keyword {
    case type(TypeMask, [String])
    case enumeration([JSONValue], strings: Set<ExactString>?)
    case constant(JSONValue)
    case multipleOf(JSONNumber)
    case minimum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case minLength(Int)
    case maxLength(Int)
    case pattern(Pattern)
    case format(String)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case contains(Node, min: Int, max: Int?)
    case minProperties(Int)
    case maxProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])
    case properties([String: Node], order: [String])
    case patternProperties([(Pattern, Node)])
    case additionalProperties(Node, known: Set<String>, patterns: [Pattern])
    case propertyNames(Node)
    case dependentSchemas([(String, Node)])
    case prefixItems([Node])
    case items(Node, from: Int)
    case allOf([Node])
    case anyOf([Node])
    case oneOf([Node])
    case not(Node)
    case conditional(if: Node, then: Node?, else: Node?)
    case ref(RefTarget)
    case dynamicRef(RefTarget, anchor: String?)
    case unevaluatedItems(Node)
    case unevaluatedProperties(Node)
}

/// The vocabularies a schema document uses (from its meta-schema's `$vocabulary`).
struct Vocabularies: OptionSet {
    let rawValue: UInt8
    static let applicator = Vocabularies(rawValue: 1)
    static let unevaluated = Vocabularies(rawValue: 2)
    static let validation = Vocabularies(rawValue: 4)
    static let formatAssertion = Vocabularies(rawValue: 8)
    static let all: Vocabularies = [.applicator, .unevaluated, .validation]

    static let known: [String: Vocabularies] = [
        "https://json-schema.org/draft/2020-12/vocab/core": [],
        "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated,
        "https://json-schema.org/draft/2020-12/vocab/validation": .validation,
        "https://json-schema.org/draft/2020-12/vocab/meta-data": [],
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": [],
        "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion,
        "https://json-schema.org/draft/2020-12/vocab/content": [],
    ]
}

/// Turns schema documents into linked `Node`s: one node per subschema location, references resolved through the
/// registry after the nodes exist (so cycles are fine), regular expressions compiled once.
struct Compiler {
    var registry: SchemaRegistry
    let options: SchemaOptions
    var nodes: [Location: Node] = [:]
    var resources: [ResourceInfo] = []
    var resourceIndex: [String: Int] = [:]
    var pendingRefs: [(RefTarget, Location)] = []
    var pendingResources: [Int] = []
    var vocabularies: [Int: Vocabularies] = [:]
    var patterns: [String: Pattern] = [:]
    var usesUnevaluated = false
    /// Subschema nesting below the node being compiled.
    var depth = 0

    init(registry: SchemaRegistry, options: SchemaOptions) {
        self.registry = registry
        self.options = options
    }

    /// Compiles the subschema at `location` and everything it references.
    mutating func compileRoot(_ location: Location) throws(SchemaError) -> Node {
        let root = try node(at: location)
        try link()
        return root
    }

    /// Resolves references and dynamic anchors until no new node appears.
    mutating func link() throws(SchemaError) {
        while true {
            if let (target, from) = pendingRefs.popLast() {
                guard let location = registry.locate(target.uri) else {
                    throw .unresolvedReference(target.uri, schemaPointer: from.pointer)
                }
                target.node = try node(at: location)
                continue
            }
            if let index = pendingResources.popLast() {
                let info = resources[index]
                for (name, location) in registry.dynamicAnchors[info.uri] ?? [:] {
                    info.dynamicAnchors[name] = try node(at: location)
                }
                continue
            }
            return
        }
    }

    mutating func resource(_ uri: String) -> Int {
        if let i = resourceIndex[uri] { return i }
        let i = resources.count
        resources.append(ResourceInfo(uri: uri))
        resourceIndex[uri] = i
        pendingResources.append(i)
        return i
    }

    /// The vocabularies of a document, from the `$vocabulary` of the meta-schema its `$schema` names.
    mutating func vocabulariesOf(document: Int) throws(SchemaError) -> Vocabularies {
        if let v = vocabularies[document] { return v }
        var result = Vocabularies.all
        if case .string(let uri)? = registry.documents[document]["$schema"] {
            let (resource, _) = splitFragment(uri)
            if resource == "https://json-schema.org/draft/2020-12/schema" {
                result = .all
            } else if let meta = registry.locate(resource), let metaSchema = registry.value(at: meta) {
                if case .string(let metaMeta)? = metaSchema["$schema"],
                   splitFragment(metaMeta).0 != "https://json-schema.org/draft/2020-12/schema", meta.document != document {
                    _ = try vocabulariesOf(document: meta.document)  // Only to reject an unknown meta-meta-schema.
                }
                if case .object(let declared)? = metaSchema["$vocabulary"] {
                    result = []
                    for (vocabulary, required) in declared {
                        if let known = Vocabularies.known[vocabulary] {
                            result.formUnion(known)
                        } else if required == .bool(true) {
                            throw .unsupportedVocabulary(vocabulary)
                        }
                    }
                }
            } else {
                throw .unknownMetaSchema(uri)
            }
        }
        vocabularies[document] = result
        return result
    }

    mutating func pattern(_ source: String, at pointer: String) throws(SchemaError) -> Pattern {
        if let p = patterns[source] { return p }
        if options.patternsCheckedBefore {
            let p = Pattern(checkedBefore: source)
            patterns[source] = p
            return p
        }
        do {
            let p = try Pattern(source)
            patterns[source] = p
            return p
        } catch {
            throw .invalidPattern(source, schemaPointer: pointer, message: error.message)
        }
    }

    /// The node for the subschema at `location`, compiling it on first use.
    mutating func node(at location: Location) throws(SchemaError) -> Node {
        if let existing = nodes[location] { return existing }
        guard depth < options.maxSchemaDepth else { throw .tooDeep(schemaPointer: location.pointer, limit: options.maxSchemaDepth) }
        guard let value = registry.value(at: location) else {
            throw .unresolvedReference("#" + location.pointer, schemaPointer: location.pointer)
        }
        let base = registry.base(at: location)
        let node = Node(resource: resource(base))
        nodes[location] = node
        depth += 1
        defer { depth -= 1 }
        switch value {
        case .bool(let b):
            node.constant = b
        case .object:
            try compile(value, into: node, at: location, base: base)
        default:
            throw .invalidKeyword("schema", schemaPointer: location.pointer, message: "a schema must be an object or a boolean")
        }
        return node
    }

    private mutating func child(_ location: Location, _ tokens: String...) throws(SchemaError) -> Node {
        var pointer = location.pointer
        for t in tokens { pointer += "/" + JSONPointer.escape(t) }
        return try node(at: Location(document: location.document, pointer: pointer))
    }

    private mutating func compile(_ o: JSONValue, into node: Node, at location: Location, base: String) throws(SchemaError) {
        let vocab = try vocabulariesOf(document: location.document)
        let here = location.pointer
        var keywords: [Keyword] = []
        var late: [Keyword] = []

        func invalid(_ keyword: String, _ message: String) -> SchemaError {
            .invalidKeyword(keyword, schemaPointer: here + "/" + JSONPointer.escape(keyword), message: message)
        }
        func count(_ keyword: String) throws(SchemaError) -> Int? {
            guard let v = o[keyword] else { return nil }
            guard case .number(let n) = v, let i = n.int, i >= 0 else {
                throw invalid(keyword, "must be a non-negative integer")
            }
            return i
        }
        func number(_ keyword: String) throws(SchemaError) -> JSONNumber? {
            guard let v = o[keyword] else { return nil }
            guard case .number(let n) = v else { throw invalid(keyword, "must be a number") }
            return n
        }
        func schemaList(_ keyword: String) throws(SchemaError) -> Int? {
            guard let v = o[keyword] else { return nil }
            guard case .array(let a) = v, !a.isEmpty else { throw invalid(keyword, "must be a non-empty array of schemas") }
            return a.count
        }

        // Core: references.
        if let v = o["$ref"] {
            guard case .string(let ref) = v else { throw invalid("$ref", "must be a string") }
            let target = RefTarget(uri: resolveURI(ref, against: base))
            pendingRefs.append((target, location))
            keywords.append(.ref(target))
        }
        if let v = o["$dynamicRef"] {
            guard case .string(let ref) = v else { throw invalid("$dynamicRef", "must be a string") }
            let uri = resolveURI(ref, against: base)
            let target = RefTarget(uri: uri)
            var anchor: String?
            if let fragment = splitFragment(uri).1, !fragment.isEmpty, !fragment.hasPrefix("/"),
               let targetLocation = registry.locate(uri),
               case .string(let declared)? = registry.value(at: targetLocation)?["$dynamicAnchor"], declared == fragment {
                anchor = fragment
            }
            pendingRefs.append((target, location))
            keywords.append(.dynamicRef(target, anchor: anchor))
        }

        if vocab.contains(.validation) {
            if let v = o["type"] {
                var mask = TypeMask()
                var names: [String] = []
                let list: [JSONValue]
                if case .array(let a) = v { list = a } else { list = [v] }
                for item in list {
                    guard case .string(let name) = item, let bit = TypeMask(name: name) else {
                        throw invalid("type", "must be a type name or a list of them (null, boolean, object, array, number, string, integer)")
                    }
                    mask.insert(bit)
                    names.append(name)
                }
                keywords.append(.type(mask, names))
            }
            if let v = o["enum"] {
                guard case .array(let values) = v else { throw invalid("enum", "must be an array") }
                var strings: Set<ExactString>? = Set()
                for value in values {
                    if case .string(let s) = value { strings?.insert(ExactString(s)) } else { strings = nil }
                }
                keywords.append(.enumeration(values, strings: strings))
            }
            if let v = o["const"] { keywords.append(.constant(v)) }
            if let n = try number("multipleOf") {
                guard n.double > 0 else { throw invalid("multipleOf", "must be greater than 0") }
                keywords.append(.multipleOf(n))
            }
            if let n = try number("minimum") { keywords.append(.minimum(n)) }
            if let n = try number("exclusiveMinimum") { keywords.append(.exclusiveMinimum(n)) }
            if let n = try number("maximum") { keywords.append(.maximum(n)) }
            if let n = try number("exclusiveMaximum") { keywords.append(.exclusiveMaximum(n)) }
            if let n = try count("minLength") { keywords.append(.minLength(n)) }
            if let n = try count("maxLength") { keywords.append(.maxLength(n)) }
            if let v = o["pattern"] {
                guard case .string(let source) = v else { throw invalid("pattern", "must be a string") }
                keywords.append(.pattern(try pattern(source, at: here + "/pattern")))
            }
            if let n = try count("minItems") { keywords.append(.minItems(n)) }
            if let n = try count("maxItems") { keywords.append(.maxItems(n)) }
            if let v = o["uniqueItems"] {
                guard case .bool(let b) = v else { throw invalid("uniqueItems", "must be true or false") }
                if b { keywords.append(.uniqueItems) }
            }
            if let n = try count("minProperties") { keywords.append(.minProperties(n)) }
            if let n = try count("maxProperties") { keywords.append(.maxProperties(n)) }
            if let v = o["required"] {
                guard case .array(let a) = v else { throw invalid("required", "must be an array of strings") }
                var names: [String] = []
                for item in a {
                    guard case .string(let s) = item else { throw invalid("required", "must be an array of strings") }
                    names.append(s)
                }
                keywords.append(.required(names))
            }
            if let v = o["dependentRequired"] {
                guard case .object(let map) = v else { throw invalid("dependentRequired", "must be an object") }
                var pairs: [(String, [String])] = []
                for (name, list) in map {
                    guard case .array(let a) = list else { throw invalid("dependentRequired", "must map names to arrays of strings") }
                    var names: [String] = []
                    for item in a {
                        guard case .string(let s) = item else { throw invalid("dependentRequired", "must map names to arrays of strings") }
                        names.append(s)
                    }
                    pairs.append((name, names))
                }
                keywords.append(.dependentRequired(pairs))
            }
        }

        if case .string(let format)? = o["format"], options.formatAssertion || vocab.contains(.formatAssertion) {
            keywords.append(.format(format))
        }

        if vocab.contains(.applicator) {
            for keyword in ["allOf", "anyOf", "oneOf"] {
                guard let n = try schemaList(keyword) else { continue }
                var list: [Node] = []
                for i in 0..<n { list.append(try child(location, keyword, String(i))) }
                switch keyword {
                case "allOf": keywords.append(.allOf(list))
                case "anyOf": keywords.append(.anyOf(list))
                default: keywords.append(.oneOf(list))
                }
            }
            if o["not"] != nil { keywords.append(.not(try child(location, "not"))) }
            if o["if"] != nil {
                let thenNode: Node? = o["then"] != nil ? try child(location, "then") : nil
                let elseNode: Node? = o["else"] != nil ? try child(location, "else") : nil
                keywords.append(.conditional(if: try child(location, "if"), then: thenNode, else: elseNode))
            }
            if let v = o["dependentSchemas"] {
                guard case .object(let map) = v else { throw invalid("dependentSchemas", "must be an object of schemas") }
                var pairs: [(String, Node)] = []
                for name in map.keys { pairs.append((name, try child(location, "dependentSchemas", name))) }
                keywords.append(.dependentSchemas(pairs))
            }
            var known = Set<String>()
            var patternList: [Pattern] = []
            if let v = o["properties"] {
                guard case .object(let map) = v else { throw invalid("properties", "must be an object of schemas") }
                var byName: [String: Node] = [:]
                for name in map.keys {
                    byName[name] = try child(location, "properties", name)
                    known.insert(name)
                }
                keywords.append(.properties(byName, order: Array(map.keys)))
            }
            if let v = o["patternProperties"] {
                guard case .object(let map) = v else { throw invalid("patternProperties", "must be an object of schemas") }
                var pairs: [(Pattern, Node)] = []
                for source in map.keys {
                    let p = try pattern(source, at: here + "/patternProperties/" + JSONPointer.escape(source))
                    pairs.append((p, try child(location, "patternProperties", source)))
                    patternList.append(p)
                }
                keywords.append(.patternProperties(pairs))
            }
            if o["additionalProperties"] != nil {
                keywords.append(.additionalProperties(try child(location, "additionalProperties"), known: known, patterns: patternList))
            }
            if o["propertyNames"] != nil { keywords.append(.propertyNames(try child(location, "propertyNames"))) }
            var prefixCount = 0
            if let n = try schemaList("prefixItems") {
                var list: [Node] = []
                for i in 0..<n { list.append(try child(location, "prefixItems", String(i))) }
                prefixCount = n
                keywords.append(.prefixItems(list))
            }
            if o["items"] != nil { keywords.append(.items(try child(location, "items"), from: prefixCount)) }
            if o["contains"] != nil {
                var minimum = 1
                var maximum: Int?
                if vocab.contains(.validation) {
                    minimum = try count("minContains") ?? 1
                    maximum = try count("maxContains")
                }
                keywords.append(.contains(try child(location, "contains"), min: minimum, max: maximum))
            }
        }

        if vocab.contains(.unevaluated) {
            if o["unevaluatedItems"] != nil {
                late.append(.unevaluatedItems(try child(location, "unevaluatedItems")))
                node.readsAnnotations = true
                usesUnevaluated = true
            }
            if o["unevaluatedProperties"] != nil {
                late.append(.unevaluatedProperties(try child(location, "unevaluatedProperties")))
                node.readsAnnotations = true
                usesUnevaluated = true
            }
        }

        node.keywords = keywords + late
    }
}


import CYaml
import OrderedCollections

/// The front matter's YAML as the reader hands it on: the fields, where each node starts, and the top-level keys with
/// where they start (for `FrontMatterLayout.keyLines`).
struct ParsedFrontMatter {
    var fields: OrderedDictionary<String, JSONValue>
    var locations: [String: SourceLocation]
    /// False when the YAML holds no document at all (empty front matter, or only comments).
    var hasRoot: Bool
    /// The top-level keys in order, each with where libyaml saw it start (line of the YAML and column, both counted
    /// from 1, as Yams' `Mark`); nil when the layout cannot be known from them.
    var topKeys: [(name: String, line: Int, column: Int)]?
    /// The locations in the order the byte reader met the nodes, when asked for (`locations` is then empty).
    var locationList: [(pointer: String, location: SourceLocation)]? = nil
}

/// Reads front matter from libyaml's parser events straight into `JSONValue`s, without the node tree that
/// `Yams.compose` builds (Yams' `Node`s with a `Tag` object, a `Mark` and a duplicate-key check by node hashing for
/// each: about half of the time of reading an entry's fields, issue 19).
///
/// This is the fast path for the common case, and only that: the first time the input is anything else (a parse
/// error, an anchor or an alias, an explicit tag, a key that is no scalar, a plain `<<` key, a duplicate key, the
/// root not a mapping, several documents, a budget of `FrontMatterLimits` exceeded), `read` returns nil and the caller
/// reads the same bytes with the reference reader (`Yams.compose` and `NodeWalker`), which says exactly what is wrong
/// and where. So every error keeps its wording and location by construction, and what this reader returns on success
/// must equal what the reference returns: fields, locations and top-level key positions (`YAMLEventReaderTests`
/// hold the two side by side on the sample, generated entries and seeded random YAML).
///
/// The rules it applies on success are the reference's (rules 9–18 at the top of FrontMatterParser.swift) for
/// untagged nodes: a plain scalar is typed by `NodeWalker.plainValue`, a quoted or block scalar is a string; every
/// node and every key counts against `maxNodes`; a mapping holds at most `maxKeysPerMapping` keys; a list or mapping
/// deeper than `maxDepth` is refused. It reads the same libyaml (Yams' bundled copy, module CYaml) on the same bytes,
/// so the events, their marks and libyaml's own errors are the same as the reference's.
enum YAMLEventReader {
    static func read(_ yaml: [UInt8], limits: FrontMatterLimits) -> ParsedFrontMatter? {
        // libyaml keeps pointers into its parser (the input handler's data is the parser itself): a fixed address.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { return nil }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        var walk = EventWalk(parser: parser, event: event, limits: limits)
        defer { walk.finish() }
        if yaml.isEmpty {
            // libyaml wants a non-NULL input even for no bytes.
            var none: UInt8 = 0
            return withUnsafePointer(to: &none) { pointer in
                yaml_parser_set_input_string(parser, pointer, 0)
                return walk.stream()
            }
        }
        return yaml.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            return walk.stream()
        }
    }
}

/// One pass over the events of one YAML stream; every method returns nil to give up (see `YAMLEventReader`).
private struct EventWalk {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let event: UnsafeMutablePointer<yaml_event_t>
    let limits: FrontMatterLimits
    var visited = 0
    var locations: [String: SourceLocation] = [:]
    /// Whether `event` holds an event that must be deleted.
    var holding = false

    init(parser: UnsafeMutablePointer<yaml_parser_t>, event: UnsafeMutablePointer<yaml_event_t>, limits: FrontMatterLimits) {
        self.parser = parser
        self.event = event
        self.limits = limits
        locations.reserveCapacity(16)
    }

    mutating func finish() {
        if holding { yaml_event_delete(event) }
        holding = false
    }

    /// The next event into `event`; false on libyaml's error (the reference reports it).
    private mutating func next() -> Bool {
        finish()
        guard yaml_parser_parse(parser, event) == 1 else { return false }
        holding = true
        return true
    }

    private var type: yaml_event_type_t { event.pointee.type }

    /// Where the current event starts, as the reference reports a node (`NodeWalker.location(of:)`: the front matter
    /// starts on line 2 of the file; columns from 1).
    private var here: SourceLocation {
        SourceLocation(line: Int(event.pointee.start_mark.line) + 2, column: Int(event.pointee.start_mark.column) + 1)
    }

    mutating func stream() -> ParsedFrontMatter? {
        guard next(), type == YAML_STREAM_START_EVENT, next() else { return nil }
        if type == YAML_STREAM_END_EVENT {
            return ParsedFrontMatter(fields: [:], locations: ["": SourceLocation(line: 2, column: 1)], hasRoot: false, topKeys: [])
        }
        guard type == YAML_DOCUMENT_START_EVENT, next(), type == YAML_MAPPING_START_EVENT,
              event.pointee.data.mapping_start.tag == nil, event.pointee.data.mapping_start.anchor == nil,
              visit("") else { return nil }
        var keys: [(name: String, line: Int, column: Int)]? = []
        guard let fields = mapping(pointer: "", depth: 1, keys: &keys) else { return nil }
        // One document, then the end of the stream (the reference refuses a second document).
        guard next(), type == YAML_DOCUMENT_END_EVENT, next(), type == YAML_STREAM_END_EVENT else { return nil }
        return ParsedFrontMatter(fields: fields, locations: locations, hasRoot: true, topKeys: keys)
    }

    /// Counts a node against the budget and records where it starts (the first location of a pointer stays).
    private mutating func visit(_ pointer: String) -> Bool {
        visited += 1
        if visited > limits.maxNodes { return false }
        let location = here
        if locations[pointer] == nil { locations[pointer] = location }
        return true
    }

    /// The node whose first event is the current one.
    private mutating func node(pointer: String, depth: Int) -> JSONValue? {
        switch type {
        case YAML_SCALAR_EVENT:
            let scalar = event.pointee.data.scalar
            guard scalar.tag == nil, scalar.anchor == nil, visit(pointer) else { return nil }
            let text = Self.string(scalar.value, scalar.length)
            // Untagged: a plain scalar is typed (rules 12–14), a quoted or block one is a string (rule 11).
            return scalar.style == YAML_PLAIN_SCALAR_STYLE ? NodeWalker.plainValue(text) : .string(text)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.pointee.data.sequence_start
            guard start.tag == nil, start.anchor == nil, visit(pointer), depth <= limits.maxDepth else { return nil }
            var items: [JSONValue] = []
            while true {
                guard next() else { return nil }
                if type == YAML_SEQUENCE_END_EVENT { break }
                guard let item = node(pointer: pointer + "/\(items.count)", depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        case YAML_MAPPING_START_EVENT:
            let start = event.pointee.data.mapping_start
            guard start.tag == nil, start.anchor == nil, visit(pointer) else { return nil }
            var keys: [(name: String, line: Int, column: Int)]? = nil
            return mapping(pointer: pointer, depth: depth, keys: &keys).map { .object($0) }
        default:
            // An alias (or anything unexpected): the reference resolves it under its budget.
            return nil
        }
    }

    /// The keys and values of the mapping whose start event is the current one (already visited); `keys` collects
    /// the keys with their marks when not nil.
    private mutating func mapping(pointer: String, depth: Int,
                                  keys: inout [(name: String, line: Int, column: Int)]?) -> OrderedDictionary<String, JSONValue>? {
        if depth > limits.maxDepth { return nil }
        var fields = OrderedDictionary<String, JSONValue>()
        while true {
            guard next() else { return nil }
            if type == YAML_MAPPING_END_EVENT { break }
            // A key: an untagged scalar without an anchor, not a plain `<<`, not seen before in this mapping.
            guard type == YAML_SCALAR_EVENT else { return nil }
            let scalar = event.pointee.data.scalar
            guard scalar.tag == nil, scalar.anchor == nil, fields.count < limits.maxKeysPerMapping else { return nil }
            visited += 1
            if visited > limits.maxNodes { return nil }
            let key = Self.string(scalar.value, scalar.length)
            if scalar.style == YAML_PLAIN_SCALAR_STYLE, key == "<<" { return nil }
            if fields[key] != nil { return nil }
            keys?.append((key, Int(event.pointee.start_mark.line) + 1, Int(event.pointee.start_mark.column) + 1))
            guard next(), let value = node(pointer: pointer + "/" + NodeWalker.escape(key), depth: depth + 1) else { return nil }
            fields[key] = value
        }
        return fields
    }

    private static func string(_ value: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let value, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: length), as: UTF8.self)
    }
}

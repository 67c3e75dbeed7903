import Foundation

/// A position in an entry file: 1-based line and column, counted in the whole file (front matter starts on line 2).
/// Columns count Unicode characters (code points), not bytes.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Caps that keep a hostile or broken entry file from exhausting memory, time or stack while it is read.
public struct FrontMatterLimits: Sendable {
    /// The largest entry file accepted, in bytes.
    public var maxFileBytes = 1_048_576
    /// The largest front matter (the text between the two `---` lines) accepted, in bytes.
    public var maxFrontMatterBytes = 262_144
    /// The most YAML nodes visited, counting each use of an alias as a fresh visit of everything it refers to.
    public var maxNodes = 10_000
    /// The most keys in one mapping.
    public var maxKeysPerMapping = 1_000
    /// The deepest nesting of lists and maps (the top-level mapping is depth 1).
    public var maxDepth = 64

    public init() {}
}

/// The line ending an entry file uses; detected on the opening `---` line and kept when the file is written back.
public enum LineEnding: String, Sendable {
    case lf
    case crlf

    var text: String { self == .lf ? "\n" : "\r\n" }
}

/// Why an entry file could not be read. Every case says where (when known) and has a message a non-programmer can act on.
public enum FrontMatterError: Error, Sendable, Hashable, CustomStringConvertible {
    case fileTooLarge(bytes: Int, limit: Int)
    case frontMatterTooLarge(bytes: Int, limit: Int)
    case invalidUTF8(line: Int)
    case nulByte(line: Int)
    case byteOrderMark
    case missingFrontMatter
    case unterminated(line: Int)
    case malformedYAML(line: Int, column: Int, message: String)
    case notAMapping(line: Int, found: String)
    case tooManyNodes(line: Int, limit: Int)
    case tooManyKeys(line: Int, limit: Int)
    case tooDeep(line: Int, limit: Int)
    case nonScalarKey(line: Int, column: Int)
    case mergeKey(line: Int, column: Int)
    case unsupportedTag(tag: String, line: Int, column: Int)
    case invalidTaggedValue(tag: String, value: String, line: Int, column: Int)
    case duplicateKey(key: String, line: Int, column: Int)

    /// The 1-based line in the file the problem was found on, when there is one.
    public var line: Int? {
        switch self {
        case .fileTooLarge, .frontMatterTooLarge, .byteOrderMark, .missingFrontMatter:
            return nil
        case .invalidUTF8(let line), .nulByte(let line), .unterminated(let line),
             .malformedYAML(let line, _, _), .notAMapping(let line, _), .tooManyNodes(let line, _),
             .tooManyKeys(let line, _), .tooDeep(let line, _), .nonScalarKey(let line, _), .mergeKey(let line, _),
             .unsupportedTag(_, let line, _), .invalidTaggedValue(_, _, let line, _), .duplicateKey(_, let line, _):
            return line
        }
    }

    /// The 1-based column the problem was found at, when known.
    public var column: Int? {
        switch self {
        case .malformedYAML(_, let column, _), .nonScalarKey(_, let column), .mergeKey(_, let column),
             .unsupportedTag(_, _, let column), .invalidTaggedValue(_, _, _, let column), .duplicateKey(_, _, let column):
            return column
        default:
            return nil
        }
    }

    /// The message without its location, for callers that print `file:line:column:` themselves.
    public var reason: String {
        switch self {
        case let .fileTooLarge(bytes, limit):
            return "The file is \(bytes) bytes long; an entry file may be at most \(limit) bytes."
        case let .frontMatterTooLarge(bytes, limit):
            return "The front matter (the fields between the two `---` lines) is \(bytes) bytes long; "
                + "it may be at most \(limit) bytes."
        case .invalidUTF8:
            return "This line contains bytes that are not valid UTF-8 text. Save the file with the UTF-8 encoding."
        case .nulByte:
            return "This line contains a NUL character (a zero byte); an entry file must be plain text."
        case .byteOrderMark:
            return "The file starts with a byte order mark (BOM). Save it as \"UTF-8 without BOM\"."
        case .missingFrontMatter:
            return "The file has no front matter: its first line must be exactly `---`, "
                + "followed by the fields (`name: value`) and another line `---`."
        case .unterminated:
            return "The front matter that starts here is never closed: "
                + "add a line containing only `---` after the last field."
        case let .malformedYAML(_, _, message):
            return "The front matter is not valid YAML: \(message)."
        case let .notAMapping(_, found):
            return "The front matter must be a list of fields written `name: value`, but it is \(found)."
        case let .tooManyNodes(_, limit):
            return "The front matter holds more than \(limit) values (counting every use of an alias `*name`); "
                + "such files are refused to protect the tool from oversized or malicious input."
        case let .tooManyKeys(_, limit):
            return "This section has more than \(limit) fields."
        case let .tooDeep(_, limit):
            return "Lists and sections are nested more than \(limit) levels deep."
        case .nonScalarKey:
            return "A field name must be plain text. Lists, sections, aliases (`*name`) "
                + "and complex keys (`? …`) can't be used as field names."
        case .mergeKey:
            return "The merge key `<<` is not supported; write the fields out in full."
        case let .unsupportedTag(tag, _, _):
            return "The tag `\(tag)` is not supported. "
                + "Only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map may be used."
        case let .invalidTaggedValue(tag, value, _, _):
            return "`\(value)` can't be read as \(tag)."
        case let .duplicateKey(key, _, _):
            return "The field \"\(key)\" appears more than once in the same section."
        }
    }

    /// The message with its location in front ("Line 3, column 5: …").
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "Line \(line), column \(column): " + reason
        case let (line?, nil): return "Line \(line): " + reason
        default: return reason
        }
    }
}

/// Where each node of an entry's front matter starts, by JSON Pointer: `EntryDocument.locations` kept as the byte
/// reader lists the nodes, in the order met (the first location of a pointer is the one found), for a caller that
/// looks up few of them (`EntryDocument.parseFieldsLocated`). Hashing every pointer into a table was 1.5 % of a
/// cold `chronik validate`, which looks up none for most entries; a long list (more than `listedLimit` nodes) is
/// put in a table at once, so that no look-up scans thousands of pointers.
public struct FieldLocations: Sendable {
    /// Pointers and locations, as the reader listed them; a pointer listed twice is found at its first place. (Kept
    /// as the reader's array: copied into an array of pointers and one of places, two allocations and a retain of
    /// every pointer for each entry of a cold `chronik validate`.)
    private var listed: [(pointer: String, location: SourceLocation)] = []
    /// The table, for a long list or one made from a table.
    private var table: [String: SourceLocation]?

    static let listedLimit = 48

    /// The locations of a table.
    public init(_ locations: [String: SourceLocation]) {
        table = locations
    }

    /// The locations as a reader listed them.
    init(listed: [(pointer: String, location: SourceLocation)]) {
        if listed.count > Self.listedLimit {
            var table: [String: SourceLocation] = [:]
            table.reserveCapacity(listed.count)
            for (pointer, location) in listed where table[pointer] == nil { table[pointer] = location }
            self.table = table
            return
        }
        self.listed = listed
    }

    /// Where the node at `pointer` starts.
    public subscript(pointer: String) -> SourceLocation? {
        if let table { return table[pointer] }
        for index in listed.indices where listed[index].pointer == pointer { return listed[index].location }
        return nil
    }

    /// The locations as a table (`EntryDocument.locations`).
    public var dictionary: [String: SourceLocation] {
        if let table { return table }
        var result: [String: SourceLocation] = [:]
        for (pointer, place) in listed where result[pointer] == nil { result[pointer] = place }
        return result
    }
}

import OrderedCollections

/// Reads the front matter people and chronik actually write straight from its bytes into values, without libyaml:
/// the fast path in front of `YAMLEventReader` (libyaml's events) and the reference (`Yams.compose` and
/// `NodeWalker`), which stay what decides everything else (issue 19: libyaml's scanner and the event walk were most
/// of the time of reading an entry's fields, and reading fields is most of a cold `validate`).
///
/// The subset it takes, line by line (the YAML is LF-normalised by the caller):
/// - a block mapping at column 1 whose keys are plain words (ASCII letters, digits, `_`, `-`, `.` and any non-ASCII
///   character; not starting with `-` or `.`), each followed by `:` and a space or the end of the line;
/// - as a value: a plain scalar on the key's line (typed by `NodeWalker.plainValue`, ended by ` #` or the line's
///   end, trailing spaces dropped), a double-quoted scalar without `\` escapes, a single-quoted scalar (`''` is a
///   quote), both on one line, a flow sequence of such scalars on one line (`[a, "b", 'c']`), nothing (null), a
///   nested block mapping on the following, deeper lines, or a block sequence (`- item`, deeper or at the key's own
///   indentation) whose items are any of these values or a mapping starting on the item's line (`- key: value`);
/// - comment lines and blank lines anywhere, comments after a value.
///
/// Anything else is declined (nil) at once, and the caller reads the same bytes with the slower readers, exactly as
/// before: tabs, control characters, a byte order mark or another line break than LF (libyaml's NEL, LS, PS) anywhere;
/// anchors, aliases, tags, block scalars (`|`, `>`), flow mappings, nested flow sequences, quoted or complex keys, the
/// merge key, a duplicate key, escapes, scalars over more than one line, a line deeper than the structure allows, a
/// value that holds `: ` (a mapping where a scalar was expected), document markers and directives, and any budget of
/// `FrontMatterLimits` that would be exceeded (nodes and keys counted as the other readers count them, nesting as
/// theirs). What it returns must be what the reference returns, fields, locations and top-level keys alike
/// (`FrontMatterFastReaderTests` hold the three readers side by side on the sample, written entries and seeded
/// random YAML, errors included). Within the subset, libyaml's rules are these (its scanner, `scanner.c`): a plain
/// scalar in block context ends at `: ` and ` #` and continues on a deeper next line (declined here); the location
/// of a node is where its first token starts (a block sequence's first `-`, a block mapping's first key, a flow
/// sequence's `[`, a quoted scalar's quote), and an empty value's is the end of its key's `:`; columns count code
/// points.
enum FrontMatterFastReader {
    /// The line starts `read` finds in `yaml`, or nil where it declines a byte (`byteByByte`: by the reference
    /// loop). For tests.
    static func lineStarts(_ yaml: [UInt8], byteByByte: Bool = false) -> [Int]? {
        yaml.withUnsafeBufferPointer { buffer -> [Int]? in
            var parser = FastParser(bytes: buffer, limits: FrontMatterLimits(), keepsTopKeys: false, listsLocations: true)
            return (byteByByte ? parser.splitLinesByteByByte() : parser.splitLines()) ? parser.lineStarts : nil
        }
    }

    /// The plain scalar `text` (at least one byte) typed as the reader types it: for tests, against
    /// `NodeWalker.plainValue`.
    static func plainValue(_ text: [UInt8]) -> JSONValue {
        text.withUnsafeBufferPointer { buffer in
            FastParser(bytes: buffer, limits: FrontMatterLimits(), keepsTopKeys: false, listsLocations: true).plainValue(0, buffer.count)
        }
    }

    /// A byte's classes as the reader looks them up (whether it may start a key, whether it may be in one) and as
    /// their references compare: for tests.
    static func keyByteClasses(_ b: UInt8) -> (start: Bool, inKey: Bool, startByComparison: Bool, inKeyByComparison: Bool) {
        (FastParser.isKeyStart(b), FastParser.isKeyByte(b), FastParser.isKeyStartByComparison(b), FastParser.isKeyByteByComparison(b))
    }

    ///
    /// Without `topKeys`, the top-level keys and where they start are not collected (`topKeys` is empty): only a
    /// layout is made of them, and `EntryDocument.parseFields` wants none.
    ///
    /// With `locationList`, the locations are listed in the order the nodes were met (`locationList`; `locations`
    /// is empty): no pointer hashed into a table for an entry whose checks look few of them up, if any
    /// (`FieldLocations`).
    static func read(_ yaml: [UInt8], limits: FrontMatterLimits, topKeys: Bool = true, locationList: Bool = false) -> ParsedFrontMatter? {
        yaml.withUnsafeBufferPointer { read($0, limits: limits, topKeys: topKeys, locationList: locationList) }
    }

    /// `read` of bytes in place (the LF-normalised YAML; for `FrontMatterReader.fieldsLocatedDirectly`, a part of
    /// the file's own bytes).
    static func read(_ yaml: UnsafeBufferPointer<UInt8>, limits: FrontMatterLimits, topKeys: Bool, locationList: Bool) -> ParsedFrontMatter? {
        var parser = FastParser(bytes: yaml, limits: limits, keepsTopKeys: topKeys, listsLocations: locationList)
        return parser.document()
    }
}

private let lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), hash = UInt8(ascii: "#"), colon = UInt8(ascii: ":")
private let dash = UInt8(ascii: "-"), doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
private let comma = UInt8(ascii: ","), openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
private let backslash = UInt8(ascii: "\\")

/// One pass over one front matter's lines; every method returns nil (or false) to decline.
private struct FastParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: FrontMatterLimits
    /// Where each line starts; a line ends at the LF before the next start (or at the end of the bytes).
    var lineStarts: [Int] = []
    /// The line being read.
    var line = 0
    var visited = 0
    var locations: [String: SourceLocation] = [:]
    var topKeys: [(name: String, line: Int, column: Int)] = []
    /// Whether `topKeys` is filled.
    let keepsTopKeys: Bool
    /// Whether the locations are listed (`locationList`) rather than put in `locations`.
    let listsLocations: Bool
    var locationList: [(pointer: String, location: SourceLocation)] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: FrontMatterLimits, keepsTopKeys: Bool, listsLocations: Bool) {
        self.bytes = bytes
        self.limits = limits
        self.keepsTopKeys = keepsTopKeys
        self.listsLocations = listsLocations
        if listsLocations { locationList.reserveCapacity(16) } else { locations.reserveCapacity(16) }
    }

    var lineCount: Int { lineStarts.count }

    func lineEnd(_ index: Int) -> Int {
        index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : lastLineEnd
    }

    /// Where the last line ends: before the final LF, if there is one.
    var lastLineEnd: Int { bytes.last == lf ? bytes.count - 1 : bytes.count }

    func indent(_ index: Int) -> Int {
        var k = lineStarts[index]
        let end = lineEnd(index)
        while k < end, bytes[k] == space { k += 1 }
        return k - lineStarts[index]
    }

    /// The first line at or after `index` that holds more than spaces and a comment.
    func nextContent(from index: Int) -> Int? {
        var i = index
        while i < lineStarts.count {
            let end = lineEnd(i)
            var k = lineStarts[i]
            while k < end, bytes[k] == space { k += 1 }
            if k < end, bytes[k] != hash { return i }
            i += 1
        }
        return nil
    }

    /// The location of byte `position` of line `index`, as the reference reports it (the front matter starts on
    /// line 2 of the file; columns count code points from 1).
    func location(_ position: Int, line index: Int) -> SourceLocation {
        SourceLocation(line: index + 2, column: column(position, line: index))
    }

    func column(_ position: Int, line index: Int) -> Int {
        var column = 1
        var k = lineStarts[index]
        while k < position {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return column
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// `"/" + string(start, end)`, made in one go.
    func slashed(_ start: Int, _ end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start + 1) { buffer in
            buffer[0] = UInt8(ascii: "/")
            _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return end - start + 1
        }
    }

    /// Counts a node against the budget and records where it starts (the first location of a pointer stays).
    mutating func visit(_ pointer: String, at position: Int) -> Bool {
        visited += 1
        if visited > limits.maxNodes { return false }
        let here = location(position, line: line)
        // (A pointer met again keeps its first location: in the list, the first one met is the one found.)
        if listsLocations {
            locationList.append((pointer, here))
        } else {
            // One look-up: the defaulted subscript inserts the location only for a new pointer.
            Self.keep(&locations[pointer, default: here])
        }
        return true
    }

    @inline(__always) private static func keep(_: inout SourceLocation) {}

    /// Splits the lines, declining any byte that the subset leaves to libyaml: control characters but LF (a tab
    /// above all), DEL, C1 controls (NEL among them), LS and PS, a byte order mark, U+FFFE and U+FFFF.
    ///
    /// Eight bytes at a time are passed over when none of them is below 0x20 or above 0x7E (two word tests of Bit
    /// Twiddling Hacks, "determine if a word has a byte less than n" and "greater than n", exact for whether any
    /// byte is); a word with one is looked at byte by byte, as `splitLinesByteByByte` looks at every byte (the
    /// reference, which `FrontMatterFastReaderTests` hold this to). The byte loop was 1.1 % of a cold `validate`.
    mutating func splitLines() -> Bool {
        let count = bytes.count
        lineStarts.reserveCapacity(16)
        lineStarts.append(0)
        guard let base = bytes.baseAddress else { return true }
        var k = 0
        while k < count {
            if k + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self))
                let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                let above = ((word &+ 0x0101_0101_0101_0101) | word) & 0x8080_8080_8080_8080
                if below | above == 0 {
                    k += 8
                    continue
                }
                // Bytes above 0x7E that no sequence declined here starts with: a word of German text (`ä` is C3 A4)
                // passed by as well. Only DEL and the lead bytes C2, E2 and EF begin what `take` declines, and it
                // looks ahead from the lead, so a word without them (and without a byte below 0x20) needs no look.
                // ("Determine if a word has a zero byte", exact for whether any is, on the word xor each byte.) On a
                // cold `validate` of 5,000 generated entries: 34.8 -> 28.5 profile samples a run for the split.
                if below == 0 {
                    @inline(__always) func holds(_ byte: UInt64) -> UInt64 {
                        let v = word ^ (byte &* 0x0101_0101_0101_0101)
                        return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
                    }
                    if holds(0x7F) | holds(0xC2) | holds(0xE2) | holds(0xEF) == 0 {
                        k += 8
                        continue
                    }
                }
            }
            let end = min(k + 8, count)
            while k < end {
                guard take(at: k, count: count) else { return false }
                k += 1
            }
        }
        return true
    }

    /// `splitLines` one byte at a time: the reference.
    mutating func splitLinesByteByByte() -> Bool {
        let count = bytes.count
        lineStarts.reserveCapacity(16)
        lineStarts.append(0)
        var k = 0
        while k < count {
            guard take(at: k, count: count) else { return false }
            k += 1
        }
        return true
    }

    /// Byte `k` for `splitLines`: a line's start noted after an LF, false for a byte the subset declines.
    @inline(__always) private mutating func take(at k: Int, count: Int) -> Bool {
        let b = bytes[k]
        if b < 0x20 {
            guard b == lf else { return false }
            if k + 1 < count { lineStarts.append(k + 1) }
        } else if b >= 0x7F {
            switch b {
            case 0x7F: return false
            case 0xC2: if k + 1 < count, bytes[k + 1] < 0xA0 { return false }
            case 0xE2: if k + 2 < count, bytes[k + 1] == 0x80, bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9 { return false }
            case 0xEF:
                if k + 2 < count, bytes[k + 1] == 0xBB, bytes[k + 2] == 0xBF { return false }
                if k + 2 < count, bytes[k + 1] == 0xBF, bytes[k + 2] >= 0xBE { return false }
            default: break
            }
        }
        return true
    }

    mutating func document() -> ParsedFrontMatter? {
        guard splitLines() else { return nil }
        guard let first = nextContent(from: 0) else {
            let here = SourceLocation(line: 2, column: 1)
            if listsLocations { return ParsedFrontMatter(fields: [:], locations: [:], hasRoot: false, topKeys: [], locationList: [("", here)]) }
            return ParsedFrontMatter(fields: [:], locations: ["": here], hasRoot: false, topKeys: [])
        }
        guard indent(first) == 0 else { return nil }
        line = first
        let start = lineStarts[first]
        guard looksLikeKey(start, lineEnd(first)), visit("", at: start),
              let fields = mapping(indent: 0, keyAt: start, pointer: "", depth: 1, top: true, capacity: topKeyLines()),
              line >= lineCount else { return nil }
        return ParsedFrontMatter(fields: fields, locations: locations, hasRoot: true, topKeys: topKeys,
                                 locationList: listsLocations ? locationList : nil)
    }

    /// The lines that start with a key's first byte, at most 15: the top-level mapping's keys, when the subset takes
    /// the document (any other line of it starts with a space, `#` or `-`), room for which is made at once. (Grown
    /// key by key, an entry's mapping of half a dozen fields was allocated again three times, its keys and its values
    /// each; 15 is the most an `OrderedDictionary` holds without a hash table.)
    func topKeyLines() -> Int {
        var count = 0
        for start in lineStarts where start < bytes.count && Self.isKeyStart(bytes[start]) {
            count += 1
            if count == 15 { break }
        }
        return count
    }

    /// The items of the block sequence whose first `-` is on the current line at indentation `indent`, as the lines
    /// tell before it is read (at most 64; room for them is made at once): lines at that indentation starting with
    /// `- `, up to a line less deep, or one at that indentation without `-`.
    func sequenceLines(indent: Int) -> Int {
        var count = 0
        var i = line
        while i < lineStarts.count, count < 64 {
            let start = lineStarts[i]
            let end = lineEnd(i)
            var k = start
            while k < end, bytes[k] == space { k += 1 }
            if k < end, bytes[k] != hash {
                if k - start < indent { break }
                if k - start == indent {
                    guard isEntry(k, end) else { break }
                    count += 1
                }
            }
            i += 1
        }
        return count
    }

    /// A key's first byte: an ASCII letter or digit, `_`, or any byte of a non-ASCII character. (Looked up as bits of
    /// two words, one for the bytes below 64 and one for 64 to 127; `isKeyStartByComparison` is the reference.)
    @inline(__always) static func isKeyStart(_ b: UInt8) -> Bool {
        b >= 0x80 || (b < 64 ? keyStartLow >> UInt64(b) : keyHigh >> UInt64(b &- 64)) & 1 != 0
    }

    /// A key's later byte: what starts one, `-` and `.` (`isKeyByteByComparison` is the reference).
    @inline(__always) static func isKeyByte(_ b: UInt8) -> Bool {
        b >= 0x80 || (b < 64 ? keyLow >> UInt64(b) : keyHigh >> UInt64(b &- 64)) & 1 != 0
    }

    /// Digits (and for `keyLow`, `-` and `.`), bit `b` for byte `b` below 64; letters and `_`, bit `b - 64`.
    static let keyStartLow: UInt64 = 0x03FF_0000_0000_0000, keyLow: UInt64 = 0x03FF_6000_0000_0000, keyHigh: UInt64 = 0x07FF_FFFE_87FF_FFFE

    static func isKeyStartByComparison(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b >= 0x80
    }

    static func isKeyByteByComparison(_ b: UInt8) -> Bool {
        isKeyStartByComparison(b) || b == dash || b == UInt8(ascii: ".")
    }

    /// The end of the plain key starting at `start` (the position of its `:`), when the line from there is a key
    /// of the subset followed by `:` and a space or the line's end.
    func keyEnd(_ start: Int, _ end: Int) -> Int? {
        guard start < end, Self.isKeyStart(bytes[start]) else { return nil }
        var k = start + 1
        while k < end, Self.isKeyByte(bytes[k]) { k += 1 }
        guard k < end, bytes[k] == colon, k + 1 == end || bytes[k + 1] == space else { return nil }
        return k
    }

    func looksLikeKey(_ start: Int, _ end: Int) -> Bool { keyEnd(start, end) != nil }

    /// Whether the line's content at `start` is a block sequence entry (`-` then a space or the line's end).
    func isEntry(_ start: Int, _ end: Int) -> Bool {
        start < end && bytes[start] == dash && (start + 1 == end || bytes[start + 1] == space)
    }

    /// The block mapping whose first key starts at `keyAt` on the current line (the mapping already visited), its
    /// keys at indentation `indent`. Leaves `line` at the first content line after it (or past the end).
    mutating func mapping(indent: Int, keyAt: Int, pointer: String, depth: Int, top: Bool, capacity: Int = 0) -> OrderedDictionary<String, JSONValue>? {
        if depth > limits.maxDepth { return nil }
        var fields = capacity > 0 ? OrderedDictionary<String, JSONValue>(minimumCapacity: capacity) : OrderedDictionary<String, JSONValue>()
        var start = keyAt
        while true {
            let end = lineEnd(line)
            guard let keyEnd = keyEnd(start, end), fields.count < limits.maxKeysPerMapping else { return nil }
            visited += 1
            if visited > limits.maxNodes { return nil }
            let key = string(start, keyEnd)
            if top, keepsTopKeys { topKeys.append((key, line + 1, column(start, line: line))) }
            // (`NodeWalker.escape(key)` is the key itself: a key of the subset holds neither `~` nor `/`.) A top-level
            // key's pointer is made from its bytes at once, not by appending the key to "" and "/".
            let childPointer = pointer.isEmpty ? slashed(start, keyEnd) : pointer + "/" + key
            var v = keyEnd + 1
            while v < end, bytes[v] == space { v += 1 }
            let value: JSONValue
            if v == end || bytes[v] == hash {
                guard let below = blockValue(parentIndent: indent, emptyAt: keyEnd + 1, pointer: childPointer, depth: depth + 1) else { return nil }
                value = below
            } else {
                guard let inline = inlineValue(at: v, end: end, pointer: childPointer, depth: depth + 1) else { return nil }
                value = inline
                line += 1
            }
            // A duplicate key is declined (libyaml's readers word it): found as the value is stored, one look-up.
            if fields.updateValue(value, forKey: key) != nil { return nil }
            guard let next = nextContent(from: line) else {
                line = lineCount
                return fields
            }
            line = next
            let nextIndent = self.indent(next)
            if nextIndent < indent { return fields }
            guard nextIndent == indent else { return nil }
            start = lineStarts[next] + indent
        }
    }

    /// The value of a key whose line ends after its `:` (`emptyAt`, where an empty value is located): a block
    /// sequence or mapping on the following lines, or null. Leaves `line` at the first content line after it.
    mutating func blockValue(parentIndent: Int, emptyAt: Int, pointer: String, depth: Int) -> JSONValue? {
        let keyLine = line
        let next = nextContent(from: line + 1)
        if let next {
            let nextIndent = indent(next)
            let start = lineStarts[next] + nextIndent
            let end = lineEnd(next)
            if nextIndent > parentIndent {
                line = next
                if isEntry(start, end) { return sequence(indent: nextIndent, pointer: pointer, depth: depth, indentless: false) }
                guard looksLikeKey(start, end), visit(pointer, at: start) else { return nil }
                return mapping(indent: nextIndent, keyAt: start, pointer: pointer, depth: depth, top: false).map { .object($0) }
            }
            if nextIndent == parentIndent, isEntry(start, end) {
                line = next
                return sequence(indent: nextIndent, pointer: pointer, depth: depth, indentless: true)
            }
        }
        // Nothing below: an empty plain scalar, null, located where the key's `:` ends.
        line = keyLine
        guard visit(pointer, at: emptyAt) else { return nil }
        line = next ?? lineCount
        return .null
    }

    /// The block sequence whose first `-` is on the current line at indentation `indent` (`indentless`: at its key's
    /// own indentation, so that a line there without `-` ends it). Leaves `line` at the first content line after it.
    mutating func sequence(indent: Int, pointer: String, depth: Int, indentless: Bool) -> JSONValue? {
        guard depth <= limits.maxDepth, visit(pointer, at: lineStarts[line] + indent) else { return nil }
        var items: [JSONValue] = []
        items.reserveCapacity(sequenceLines(indent: indent))
        while true {
            let lineStart = lineStarts[line]
            let end = lineEnd(line)
            let dashAt = lineStart + indent
            guard dashAt + 1 < end, bytes[dashAt] == dash, bytes[dashAt + 1] == space else { return nil }
            var c = dashAt + 2
            while c < end, bytes[c] == space { c += 1 }
            guard c < end, bytes[c] != hash else { return nil }
            let itemPointer = pointer + "/" + String(items.count)
            if looksLikeKey(c, end) {
                guard visit(itemPointer, at: c),
                      let fields = mapping(indent: c - lineStart, keyAt: c, pointer: itemPointer, depth: depth + 1, top: false) else { return nil }
                items.append(.object(fields))
                if line >= lineCount { break }
            } else {
                guard let item = inlineValue(at: c, end: end, pointer: itemPointer, depth: depth + 1) else { return nil }
                items.append(item)
                guard let next = nextContent(from: line + 1) else {
                    line = lineCount
                    break
                }
                line = next
            }
            let nextIndent = self.indent(line)
            if nextIndent < indent { break }
            guard nextIndent == indent else { return nil }
            if !isEntry(lineStarts[line] + indent, lineEnd(line)) {
                if indentless { break }
                return nil
            }
        }
        return .array(items)
    }

    /// Whether only spaces, or spaces and then a comment, follow `position` on a line ending at `end`.
    func onlyCommentAfter(_ position: Int, _ end: Int) -> Bool {
        var k = position
        while k < end, bytes[k] == space { k += 1 }
        return k == end || (k > position && bytes[k] == hash)
    }

    /// A quoted scalar opening at `start` and closing on the same line: its text and the position after its closing
    /// quote. Double quotes without escapes; single quotes with `''`.
    func quoted(_ start: Int, _ end: Int) -> (String, Int)? {
        let quote = bytes[start]
        var k = start + 1
        if quote == doubleQuote {
            while k < end, bytes[k] != doubleQuote {
                if bytes[k] == backslash { return nil }
                k += 1
            }
            guard k < end else { return nil }
            return (string(start + 1, k), k + 1)
        }
        var text: [UInt8] = []
        var pieceStart = k
        while true {
            while k < end, bytes[k] != singleQuote { k += 1 }
            guard k < end else { return nil }
            if k + 1 < end, bytes[k + 1] == singleQuote {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pieceStart...k]))
                k += 2
                pieceStart = k
                continue
            }
            if text.isEmpty { return (string(pieceStart, k), k + 1) }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pieceStart..<k]))
            return (String(decoding: text, as: UTF8.self), k + 1)
        }
    }

    /// The value written on the current line from `start` to its end (`end`): a quoted or plain scalar or a flow
    /// sequence, with nothing but a comment after it.
    mutating func inlineValue(at start: Int, end: Int, pointer: String, depth: Int) -> JSONValue? {
        let first = bytes[start]
        switch first {
        case doubleQuote, singleQuote:
            guard let (text, after) = quoted(start, end), onlyCommentAfter(after, end), visit(pointer, at: start) else { return nil }
            return .string(text)
        case openBracket:
            return flowSequence(at: start, end: end, pointer: pointer, depth: depth)
        case dash:
            // `- ` here would be a sequence in a scalar's place; `-1`, `-x` are plain.
            guard start + 1 < end, bytes[start + 1] != space else { return nil }
        case UInt8(ascii: "?"), colon, comma, closeBracket, UInt8(ascii: "{"), UInt8(ascii: "}"), hash, UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return nil
        default:
            break
        }
        // A plain scalar: to ` #` or the line's end, without trailing spaces; `: ` or a final `:` would make it a key.
        var k = start
        var last = start
        while k < end {
            let b = bytes[k]
            if b == space {
                if k + 1 < end, bytes[k + 1] == hash { break }
                k += 1
                continue
            }
            if b == colon, k + 1 == end || bytes[k + 1] == space { return nil }
            k += 1
            last = k
        }
        guard visit(pointer, at: start) else { return nil }
        return plainValue(start, last)
    }

    /// `NodeWalker.plainValue(string(start, end))`, and without calling it for a text that it returns as it is: more
    /// than 5 bytes (longer than every null and boolean form) not starting with `-` or a digit (no JSON number), most
    /// values (titles, names, links). The String is made and returned here, not handed over and retained for the
    /// return and released after it (four reference count operations per value).
    func plainValue(_ start: Int, _ end: Int) -> JSONValue {
        let first = bytes[start]
        if end - start > 5, first != dash, first < UInt8(ascii: "0") || first > UInt8(ascii: "9") {
            return .string(string(start, end))
        }
        return NodeWalker.plainValue(string(start, end))
    }

    /// A flow sequence of scalars opening at `start` and closing on the same line.
    mutating func flowSequence(at start: Int, end: Int, pointer: String, depth: Int) -> JSONValue? {
        guard depth <= limits.maxDepth, visit(pointer, at: start) else { return nil }
        var items: [JSONValue] = []
        var k = start + 1
        func skipSpaces() { while k < end, bytes[k] == space { k += 1 } }
        skipSpaces()
        if k < end, bytes[k] == closeBracket {
            return onlyCommentAfter(k + 1, end) ? .array([]) : nil
        }
        while true {
            skipSpaces()
            guard k < end else { return nil }
            let itemStart = k
            let itemPointer = pointer + "/" + String(items.count)
            let first = bytes[k]
            if first == doubleQuote || first == singleQuote {
                guard let (text, after) = quoted(k, end), visit(itemPointer, at: itemStart) else { return nil }
                items.append(.string(text))
                k = after
            } else {
                switch first {
                case dash:
                    guard k + 1 < end, bytes[k + 1] != space, bytes[k + 1] != comma, bytes[k + 1] != closeBracket else { return nil }
                case UInt8(ascii: "?"), colon, comma, openBracket, closeBracket, UInt8(ascii: "{"), UInt8(ascii: "}"), hash,
                     UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"),
                     UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                    return nil
                default:
                    break
                }
                var last = k
                while k < end {
                    let b = bytes[k]
                    if b == comma || b == closeBracket { break }
                    if b == openBracket || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == colon { return nil }
                    if b == space {
                        if k + 1 < end, bytes[k + 1] == hash { return nil }
                        k += 1
                        continue
                    }
                    k += 1
                    last = k
                }
                guard visit(itemPointer, at: itemStart) else { return nil }
                items.append(plainValue(itemStart, last))
            }
            skipSpaces()
            guard k < end else { return nil }
            if bytes[k] == comma {
                k += 1
                skipSpaces()
                // A trailing comma (`[a, ]`) is left to libyaml.
                if k < end, bytes[k] == closeBracket { return nil }
                continue
            }
            guard bytes[k] == closeBracket else { return nil }
            return onlyCommentAfter(k + 1, end) ? .array(items) : nil
        }
    }
}

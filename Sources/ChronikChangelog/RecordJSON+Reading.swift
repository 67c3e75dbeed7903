import ChronikDiff
import ChronikStore
import Foundation

// The change-record cache's blocks read straight from their bytes (peak15b, issue 15): `JSONValueDecoder` parsed a
// record's blocks to a `JSONValue` tree before decoding them, which for the large store's first version (50,000
// entries added, 372 MB of blocks) was about 600 MB at once, after a copy of the bytes. `RecordJSON.blockLists` pulls
// the values out of the bytes in place, one list at a time, into what `JSONValueDecoder` makes of them (the
// synthesised `Decodable` of `BlockChange`, `BlockLocation`, `WordSegment`: members in any order, unknown members
// passed over, optionals missing or null, integers as `JSONValueDecoder` reads them, a duplicate member an error as
// in `JSONParser`). `RecordJSONReadingTests` holds the two to each other on the sample's records and seeded blocks.

/// Why the blocks could not be read.
struct RecordJSONError: Error, CustomStringConvertible {
    var description: String
}

extension RecordJSON {
    /// The blocks of a record (one list per entry), as `JSONValueDecoder` decodes `[[BlockChange]]` from `data`.
    static func decodeBlocks(_ data: Data) throws -> [[BlockChange]] {
        var lists: [[BlockChange]] = []
        try blockLists(data) { lists.append($1) }
        return lists
    }

    /// Each list of the record's blocks in `data` in order, with its position, decoded one at a time: only the list in
    /// hand is held as values. Throws when `data` is not a list of lists of blocks (the lists before are given).
    static func blockLists(_ data: Data, _ body: (Int, [BlockChange]) throws -> Void) throws {
        try JSONPullReader.read(data) { r in
            var position = 0
            try r.readArray { r in
                try body(position, try blockList(&r))
                position += 1
            }
        }
    }

    /// One list of blocks (as `JSONValueDecoder` decodes `[BlockChange]` from `data`).
    static func decodeBlockList(_ data: Data) throws -> [BlockChange] {
        try JSONPullReader.read(data) { try blockList(&$0) }
    }

    static func blockList(_ r: inout JSONPullReader) throws -> [BlockChange] {
        var blocks: [BlockChange] = []
        try r.readArray { r in blocks.append(try block(&r)) }
        return blocks
    }

    static func missing(_ name: String, in type: String) -> RecordJSONError {
        RecordJSONError(description: "\(type): no member \"\(name)\"")
    }

    /// A member seen twice is an error (as `JSONParser` rejects duplicate keys).
    private static func see(_ bit: UInt8, _ seen: inout UInt8, _ key: JSONPullKey) throws {
        guard seen & bit == 0 else { throw RecordJSONError(description: "duplicate key \"\(key.string)\" in object") }
        seen |= bit
    }

    static func block(_ r: inout JSONPullReader) throws -> BlockChange {
        var kind: BlockChange.Kind?
        var old: BlockLocation?, new: BlockLocation?
        var words: [WordSegment]?
        var added: Int?, removed: Int?
        var seen: UInt8 = 0
        try r.readObject { r, key in
            if key.is("kind") {
                try see(1, &seen, key)
                let raw = try r.readStringToken()
                if raw.is("inserted") {
                    kind = .inserted
                } else if raw.is("deleted") {
                    kind = .deleted
                } else if raw.is("modified") {
                    kind = .modified
                } else if raw.is("moved") {
                    kind = .moved
                } else {
                    throw RecordJSONError(description: "BlockChange.Kind: \(raw.string)")
                }
            } else if key.is("old") {
                try see(2, &seen, key)
                old = try r.readNull() ? nil : try location(&r)
            } else if key.is("new") {
                try see(4, &seen, key)
                new = try r.readNull() ? nil : try location(&r)
            } else if key.is("words") {
                try see(8, &seen, key)
                var list: [WordSegment] = []
                try r.readArray { r in list.append(try segment(&r)) }
                words = list
            } else if key.is("wordsAdded") {
                try see(16, &seen, key)
                added = try r.readInt()
            } else if key.is("wordsRemoved") {
                try see(32, &seen, key)
                removed = try r.readInt()
            } else {
                try r.skipValue()
            }
        }
        guard let kind else { throw missing("kind", in: "BlockChange") }
        guard let words else { throw missing("words", in: "BlockChange") }
        guard let added else { throw missing("wordsAdded", in: "BlockChange") }
        guard let removed else { throw missing("wordsRemoved", in: "BlockChange") }
        // Made with no words (whose counts are then not computed), then given its words and the counts stored.
        var change = BlockChange(kind: kind, old: old, new: new, words: [])
        change.words = words
        change.wordsAdded = added
        change.wordsRemoved = removed
        return change
    }

    /// The kinds by their raw values, compared in place (not a `String` made for each location and looked up by
    /// `init(rawValue:)`).
    private static func blockKind(_ raw: JSONPullKey) throws -> BlockKind {
        if raw.is("paragraph") { return .paragraph }
        if raw.is("listItem") { return .listItem }
        if raw.is("heading") { return .heading }
        if raw.is("tableRow") { return .tableRow }
        if raw.is("codeBlock") { return .codeBlock }
        if raw.is("blockQuote") { return .blockQuote }
        if raw.is("thematicBreak") { return .thematicBreak }
        if raw.is("html") { return .html }
        if raw.is("other") { return .other }
        throw RecordJSONError(description: "BlockKind: \(raw.string)")
    }

    private static func location(_ r: inout JSONPullReader) throws -> BlockLocation {
        var kind: BlockKind?
        var index: Int?, firstLine: Int?, lastLine: Int?, offset: Int?, length: Int?
        var seen: UInt8 = 0
        try r.readObject { r, key in
            if key.is("kind") {
                try see(1, &seen, key)
                kind = try blockKind(try r.readStringToken())
            } else if key.is("index") {
                try see(2, &seen, key)
                index = try r.readInt()
            } else if key.is("firstLine") {
                try see(4, &seen, key)
                firstLine = try r.readInt()
            } else if key.is("lastLine") {
                try see(8, &seen, key)
                lastLine = try r.readInt()
            } else if key.is("offset") {
                try see(16, &seen, key)
                offset = try r.readInt()
            } else if key.is("length") {
                try see(32, &seen, key)
                length = try r.readInt()
            } else {
                try r.skipValue()
            }
        }
        guard let kind else { throw missing("kind", in: "BlockLocation") }
        guard let index else { throw missing("index", in: "BlockLocation") }
        guard let firstLine else { throw missing("firstLine", in: "BlockLocation") }
        guard let lastLine else { throw missing("lastLine", in: "BlockLocation") }
        guard let offset else { throw missing("offset", in: "BlockLocation") }
        guard let length else { throw missing("length", in: "BlockLocation") }
        return BlockLocation(kind: kind, index: index, firstLine: firstLine, lastLine: lastLine, offset: offset, length: length)
    }

    static func segment(_ r: inout JSONPullReader) throws -> WordSegment {
        var operation: DiffOperation?
        var text: String?
        var seen: UInt8 = 0
        try r.readObject { r, key in
            if key.is("operation") {
                try see(1, &seen, key)
                let raw = try r.readStringToken()
                if raw.is("equal") {
                    operation = .equal
                } else if raw.is("insert") {
                    operation = .insert
                } else if raw.is("delete") {
                    operation = .delete
                } else {
                    throw RecordJSONError(description: "DiffOperation: \(raw.string)")
                }
            } else if key.is("text") {
                try see(2, &seen, key)
                text = try r.readString()
            } else {
                try r.skipValue()
            }
        }
        guard let operation else { throw missing("operation", in: "WordSegment") }
        guard let text else { throw missing("text", in: "WordSegment") }
        return WordSegment(operation, text)
    }
}

import ChronikDiff

// An entry's history keeps the word-level blocks of each change packed into one byte array (mem15b): on the large
// store (50,000 entries, 10,000 versions) the blocks as values (a `String` and an enum per word segment, arrays per
// block) were about 550 MB of a full publish's peak, most of it the text of added entries. Packed, they are their
// UTF-8 text and a few bytes per segment; `SiteEntryChange.change` unpacks them when read (an entry page reads
// each once). `SiteHistoryBlocksTests` holds `unpacked` to the blocks packed, on the sample's histories and on
// seeded blocks.

/// Word-level blocks of one change, packed.
struct SiteHistoryBlocks: Sendable, Hashable {
    /// The count of blocks, then per block: its kind, where it was and is (a 0 byte for none, else the block
    /// kind's code plus one and the five numbers), its word counts, then its segments (operation, UTF-8 length,
    /// text). Numbers are LEB128.
    private(set) var bytes: [UInt8]

    static let empty = SiteHistoryBlocks(bytes: [])

    private init(bytes: [UInt8]) { self.bytes = bytes }

    init(_ blocks: [BlockChange]) {
        guard !blocks.isEmpty else {
            bytes = []
            return
        }
        var out: [UInt8] = []
        var size = 8
        for block in blocks {
            size += 24
            for word in block.words { size += word.text.utf8.count + 3 }
        }
        out.reserveCapacity(size)
        func number(_ n: Int) {
            var n = UInt(bitPattern: n)
            while n >= 0x80 { out.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
            out.append(UInt8(n))
        }
        func location(_ l: BlockLocation?) {
            guard let l else { return out.append(0) }
            out.append(Self.kindCode(l.kind) + 1)
            number(l.index)
            number(l.firstLine)
            number(l.lastLine)
            number(l.offset)
            number(l.length)
        }
        number(blocks.count)
        for block in blocks {
            out.append(Self.changeCode(block.kind))
            location(block.old)
            location(block.new)
            number(block.wordsAdded)
            number(block.wordsRemoved)
            number(block.words.count)
            for word in block.words {
                out.append(Self.operationCode(word.operation))
                var text = word.text
                text.withUTF8 { utf8 in
                    number(utf8.count)
                    out.append(contentsOf: utf8)
                }
            }
        }
        bytes = out
    }

    /// The blocks packed.
    var unpacked: [BlockChange] {
        guard !bytes.isEmpty else { return [] }
        return bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            func byte() -> UInt8 {
                defer { position += 1 }
                return buffer[position]
            }
            func number() -> Int {
                var n: UInt = 0
                var shift: UInt = 0
                while true {
                    let b = byte()
                    n |= UInt(b & 0x7F) << shift
                    if b < 0x80 { return Int(bitPattern: n) }
                    shift += 7
                }
            }
            func location() -> BlockLocation? {
                let code = byte()
                guard code > 0 else { return nil }
                return BlockLocation(kind: Self.kinds[Int(code - 1)], index: number(), firstLine: number(), lastLine: number(),
                                     offset: number(), length: number())
            }
            var blocks: [BlockChange] = []
            let count = number()
            blocks.reserveCapacity(count)
            for _ in 0..<count {
                let kind = Self.changes[Int(byte())]
                let old = location(), new = location()
                let added = number(), removed = number()
                var words: [WordSegment] = []
                let segments = number()
                words.reserveCapacity(segments)
                for _ in 0..<segments {
                    let operation = Self.operations[Int(byte())]
                    let length = number()
                    words.append(WordSegment(operation, String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<(position + length)]), as: UTF8.self)))
                    position += length
                }
                // Made with no words (whose counts are then not computed), and given the counts the change had.
                var block = BlockChange(kind: kind, old: old, new: new, words: [])
                block.words = words
                block.wordsAdded = added
                block.wordsRemoved = removed
                blocks.append(block)
            }
            return blocks
        }
    }

    private static let kinds: [BlockKind] = [.heading, .paragraph, .listItem, .tableRow, .codeBlock, .blockQuote, .thematicBreak, .html, .other]
    private static let changes: [BlockChange.Kind] = [.inserted, .deleted, .modified, .moved]
    private static let operations: [DiffOperation] = [.equal, .delete, .insert]

    private static func kindCode(_ kind: BlockKind) -> UInt8 {
        switch kind {
        case .heading: return 0
        case .paragraph: return 1
        case .listItem: return 2
        case .tableRow: return 3
        case .codeBlock: return 4
        case .blockQuote: return 5
        case .thematicBreak: return 6
        case .html: return 7
        case .other: return 8
        }
    }

    private static func changeCode(_ kind: BlockChange.Kind) -> UInt8 {
        switch kind {
        case .inserted: return 0
        case .deleted: return 1
        case .modified: return 2
        case .moved: return 3
        }
    }

    private static func operationCode(_ operation: DiffOperation) -> UInt8 {
        switch operation {
        case .equal: return 0
        case .delete: return 1
        case .insert: return 2
        }
    }
}

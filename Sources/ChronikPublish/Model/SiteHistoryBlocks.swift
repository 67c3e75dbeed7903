import ChronikDiff
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// An entry's history keeps the word-level blocks of each change packed into one byte array (mem15b): on the large
// store (50,000 entries, 10,000 versions) the blocks as values (a `String` and an enum per word segment, arrays per
// block) were about 550 MB of a full publish's peak, most of it the text of added entries. Packed, they are their
// UTF-8 text and a few bytes per segment; `SiteEntryChange.change` unpacks them when read (an entry page reads
// each once). `SiteHistoryBlocksTests` holds `unpacked` to the blocks packed, on the sample's histories and on
// seeded blocks.

/// Word-level blocks of one change, packed: in memory, or in a `SiteHistorySpill` file (peak15b).
struct SiteHistoryBlocks: Sendable, Hashable {
    private var storage: SpillStorage<[UInt8]>
    /// Blocks held as values, not packed (`init(holding:)`); nil for packed ones.
    private var values: [BlockChange]?

    /// The count of blocks, then per block: its kind, where it was and is (a 0 byte for none, else the block
    /// kind's code plus one and the five numbers), its word counts, then its segments (operation, UTF-8 length,
    /// text). Numbers are LEB128. (Read from the spill file when spilled.)
    var bytes: [UInt8] {
        if let values { return Self.pack(values) }
        switch storage {
        case .memory(let bytes): return bytes
        case .spilled(let spill, let offset, let length): return spill.read(offset: offset, length: length)
        }
    }

    static let empty = SiteHistoryBlocks(bytes: [])

    private init(bytes: [UInt8]) { storage = .memory(bytes) }

    /// The same blocks kept in `spill` instead of memory (when they could be written there; a few bytes stay).
    func spilled(to spill: SiteHistorySpill) -> SiteHistoryBlocks {
        guard values == nil, case .memory(let bytes) = storage, bytes.count >= SiteHistorySpill.smallest,
              let offset = spill.add(bytes) else { return self }
        var moved = self
        moved.storage = .spilled(spill, offset: offset, length: bytes.count)
        return moved
    }

    /// The spill file that holds the bytes, if any.
    var spill: SiteHistorySpill? { storage.spill }

    /// Whether the bytes are in a spill file (for the tests).
    var isSpilled: Bool { spill != nil }

    static func == (a: SiteHistoryBlocks, b: SiteHistoryBlocks) -> Bool { a.bytes == b.bytes }

    func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    init(_ blocks: [BlockChange]) {
        storage = .memory(Self.pack(blocks))
    }

    /// `blocks` held as they are, for a change whose blocks are read for one page and rendered at once
    /// (`SiteHistoryDetail`): packed there and unpacked again for the page, they were 1 % of a warm full publish of
    /// the medium store (rec15). The same blocks as `init(_:)`'s for `bytes`, `==` and `unpacked`.
    init(holding blocks: [BlockChange]) {
        storage = .memory([])
        values = blocks
    }

    private static func pack(_ blocks: [BlockChange]) -> [UInt8] {
        guard !blocks.isEmpty else { return [] }
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
        return out
    }

    /// The blocks packed.
    var unpacked: [BlockChange] {
        if let values { return values }
        let bytes = self.bytes
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

/// Where a value of the model (an entry's body, `SiteText`; a change's packed blocks, `SiteHistoryBlocks`) is kept:
/// in memory, or as `length` bytes at `offset` of a spill file, read back each time it is asked for.
enum SpillStorage<Value: Sendable>: Sendable {
    case memory(Value)
    case spilled(SiteHistorySpill, offset: Int, length: Int)

    /// The spill file that holds the value, if any.
    var spill: SiteHistorySpill? {
        if case .spilled(let spill, _, _) = self { return spill }
        return nil
    }
}

/// A temporary file that holds the packed blocks of a model's histories instead of memory (peak15b): on the large
/// store they were 324 MB at the publish's peak (the first version adds 50,000 entries, whose blocks hold their whole
/// text), read back once each, when the entry page is rendered. The file is removed from its folder as soon as it is
/// open (it goes with the descriptor); what cannot be written stays in memory.
final class SiteHistorySpill: @unchecked Sendable {
    /// Packed blocks shorter than this stay in memory (a read per page costs more than they weigh).
    static let smallest = 256
    private static let bufferSize = 1 << 20

    // Internal (not private) so that a test can put a file in its place that gives nothing back.
    let descriptor: Int32
    private let lock = NSLock()
    // Guarded by `lock`: bytes in the file, then those in `buffer` (written when it is full).
    private var written = 0
    private var buffer: [UInt8] = []
    private var failed = false
    // Guarded by `lock`: the error number of the first read that did not give its bytes back.
    private var readFailure: Int32?

    /// A new spill file in the temporary folder; nil when none can be made.
    init?() {
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("chronik-history-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `bytes`; their offset, or nil when the file cannot be written.
    func add(_ bytes: [UInt8]) -> Int? {
        lock.withLock {
            guard !failed else { return nil }
            let offset = written + buffer.count
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.bufferSize, !writeBuffer() { return nil }
            return offset
        }
    }

    /// Writes the buffer to the file (under the lock); false (and nothing more is taken) when it cannot.
    private func writeBuffer() -> Bool {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, $0.count - done, off_t(written + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                failed = true
                return false
            }
            done += n
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
        return true
    }

    /// The bytes at `offset` (as added). Read outside the lock (pages are rendered on several threads).
    func read(offset: Int, length: Int) -> [UInt8] {
        let buffered: [UInt8]? = lock.withLock {
            guard offset >= written else { return nil }
            let start = offset - written
            return Array(buffer[start..<(start + length)])
        }
        if let buffered { return buffered }
        var out = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = out.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset + done)) }
            if n < 0, errno == EINTR { continue }
            // Bytes written to our own open file, within its size: only a failing disk does not give them back. The
            // caller renders a page and cannot throw; the failure is kept, the bytes are zeros, and the site writer
            // asks `checkReads()` before the new site is swapped in, so such a page is never published and the
            // publish fails with an error, the old site untouched.
            guard n > 0 else {
                let number = n < 0 && errno != 0 ? errno : EIO
                lock.withLock { if readFailure == nil { readFailure = number } }
                return [UInt8](repeating: 0, count: length)
            }
            done += n
        }
        return out
    }

    /// Throws when a read of this file did not give its bytes back (see `read`): what was rendered from it is not
    /// the site's.
    func checkReads() throws {
        guard let number = lock.withLock({ readFailure }) else { return }
        throw SiteWriterError.temporaryFileUnreadable(reason: String(cString: strerror(number)))
    }
}

extension SiteModel {
    /// The spill files the model's bodies and histories' blocks are kept in (none, one or two), each once: the site
    /// writer checks their reads (`SiteHistorySpill.checkReads`) before it swaps a site made from them in.
    var spills: [SiteHistorySpill] {
        var seen: Set<ObjectIdentifier> = []
        var spills: [SiteHistorySpill] = []
        func note(_ spill: SiteHistorySpill?) {
            guard let spill, seen.insert(ObjectIdentifier(spill)).inserted else { return }
            spills.append(spill)
        }
        for collection in collections {
            for entry in collection.entries {
                note(entry.bodyText.spill)
                for change in entry.history { note(change.packedBlocks.spill) }
            }
        }
        return spills
    }
}

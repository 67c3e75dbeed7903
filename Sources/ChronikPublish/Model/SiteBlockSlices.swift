import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

// The word-level blocks of a large change record, kept cut by entry (issue 15, "Incremental"; inc15e). An entry page
// rendered by an incremental publish reads the blocks of each version in its history from the change-record cache
// (`SiteHistoryDetail`), where a record's blocks are one stored value: for the store's first version (which adds every
// entry) that value holds the text of every entry, and reading it through and checking its checksum to cut out one
// entry's list was 7.6 % of an incremental publish of the medium store. So the publish cache's folder keeps such a
// record's lists cut apart, each with its checksum, in a file of its own (`block-slices/<tip>-<base>`), written the
// first time the record is read through (its lists streamed from the cache, never held whole); an entry page then
// reads its list alone. A file that does not verify (header, index checksum, a list's checksum) is not used: the
// record is read from the cache as before, and the file written anew.
//
// The file: a header line (`chronik-block-slices 1`, the record's key, language, change-record format and number of
// lists, tab-separated), the lists' bytes one after the other, the index (per list: offset, length, checksum; three
// little-endian 64-bit words), then 24 bytes: the index's offset, the checksum of the header line and the index, and
// `CHRSLICE`.

/// The cut records of the publish cache's folder, for one language.
final class SiteBlockSlices: @unchecked Sendable {
    static let header = "chronik-block-slices 1"
    static let magic = Array("CHRSLICE".utf8)
    /// Records with fewer lists are read from the change-record cache as they are (cutting them saves little):
    /// the default of `smallest`.
    static let defaultSmallest = 64
    /// Records with at least this many lists are read cut.
    let smallest: Int

    struct Slice: Equatable {
        var offset: Int
        var length: Int
        var sum: UInt64
    }

    /// An open file of cut lists.
    private final class File {
        let descriptor: Int32
        let slices: [Slice]

        init(descriptor: Int32, slices: [Slice]) {
            self.descriptor = descriptor
            self.slices = slices
        }

        deinit { close(descriptor) }
    }

    private let folder: URL
    private let language: String
    private let lock = NSLock()
    /// Record key → its file (nil: none that verifies, and cutting it was tried in this publish).
    private var files: [String: File?] = [:]
    /// Records cut anew because a list did not verify.
    private var recut: Set<String> = []
    /// Files written (for the tests).
    private(set) var written = 0

    /// The cut records in the publish cache's folder `directory`, of change records in `language`.
    init(directory: URL, language: String, smallest: Int = SiteBlockSlices.defaultSmallest) {
        folder = directory.appendingPathComponent("block-slices", isDirectory: true)
        self.language = language
        self.smallest = smallest
    }

    static func key(base: ObjectID?, tip: ObjectID) -> String { "\(tip.hex)-\(base?.hex ?? "root")" }

    func file(base: ObjectID?, tip: ObjectID) -> URL { folder.appendingPathComponent(Self.key(base: base, tip: tip)) }

    private func headerLine(key: String, count: Int) -> [UInt8] {
        Array("\(Self.header)\t\(key)\t\(language)\t\(ChangeRecord.formatVersion)\t\(count)\n".utf8)
    }

    /// The list of entry `position` of the record from `base` to `tip` (`count` lists): from its cut file, which is
    /// made from `blocks` (the change-record cache) when there is none that verifies; nil when neither gives it.
    func list(base: ObjectID?, tip: ObjectID, position: Int, count: Int, from blocks: ChangeRecordBlocks) -> [BlockChange]? {
        let key = Self.key(base: base, tip: tip)
        let file: File? = lock.withLock {
            if let known = files[key] { return known }
            var opened = open(key: key, count: count)
            if opened == nil, cut(key: key, base: base, tip: tip, count: count, from: blocks) {
                written += 1
                opened = open(key: key, count: count)
            }
            files[key] = .some(opened)
            return opened
        }
        if let found = Self.list(in: file, position: position) { return found }
        // A list that does not verify (the file was damaged after its index): the record cut anew, once per publish.
        let again: File? = lock.withLock {
            guard !recut.contains(key) else { return nil }
            recut.insert(key)
            guard cut(key: key, base: base, tip: tip, count: count, from: blocks) else { return nil }
            written += 1
            let opened = open(key: key, count: count)
            files[key] = .some(opened)
            return opened
        }
        return Self.list(in: again, position: position)
    }

    /// List `position` of `file`, when its bytes verify and decode.
    private static func list(in file: File?, position: Int) -> [BlockChange]? {
        guard let file, file.slices.indices.contains(position) else { return nil }
        let slice = file.slices[position]
        var bytes = [UInt8](repeating: 0, count: slice.length)
        guard read(file.descriptor, into: &bytes, at: slice.offset),
              bytes.withUnsafeBytes({ Checksum.of($0) }) == slice.sum else { return nil }
        return ChangeRecordBlocks.decodeList(Data(bytes))
    }

    /// The file of `key` with `count` lists, opened, when it verifies.
    private func open(key: String, count: Int) -> File? {
        let path = folder.appendingPathComponent(key).path
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        let header = headerLine(key: key, count: count)
        let indexLength = count * 24
        var trailer = [UInt8](repeating: 0, count: 24)
        guard fstat(descriptor, &info) == 0, Int(info.st_size) >= header.count + indexLength + 24,
              Self.read(descriptor, into: &trailer, at: Int(info.st_size) - 24), Array(trailer[16...]) == Self.magic else {
            close(descriptor)
            return nil
        }
        let size = Int(info.st_size)
        let indexOffset = Int(truncatingIfNeeded: Self.word(trailer, 0))
        var head = [UInt8](repeating: 0, count: header.count)
        var index = [UInt8](repeating: 0, count: indexLength)
        guard indexOffset >= header.count, indexOffset + indexLength + 24 == size,
              Self.read(descriptor, into: &head, at: 0), head == header, Self.read(descriptor, into: &index, at: indexOffset),
              index.withUnsafeBytes({ Checksum.of($0, continuing: header.withUnsafeBytes { Checksum.of($0) }) }) == Self.word(trailer, 8) else {
            close(descriptor)
            return nil
        }
        var slices: [Slice] = []
        slices.reserveCapacity(count)
        for k in 0..<count {
            let slice = Slice(offset: Int(truncatingIfNeeded: Self.word(index, 24 * k)), length: Int(truncatingIfNeeded: Self.word(index, 24 * k + 8)),
                              sum: Self.word(index, 24 * k + 16))
            guard slice.offset >= header.count, slice.length >= 0, slice.offset <= indexOffset, slice.length <= indexOffset - slice.offset else {
                close(descriptor)
                return nil
            }
            slices.append(slice)
        }
        return File(descriptor: descriptor, slices: slices)
    }

    /// Writes the record's lists cut, streamed from `blocks` (a temporary file renamed into place). Best effort.
    private func cut(key: String, base: ObjectID?, tip: ObjectID, count: Int, from blocks: ChangeRecordBlocks) -> Bool {
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return false }
        let temporary = folder.appendingPathComponent(".\(key).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        let descriptor = Glibc.open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        let header = headerLine(key: key, count: count)
        var buffer: [UInt8] = []
        var offset = 0
        var slices: [Slice] = []
        var failed = false
        func flush(_ always: Bool = false) {
            guard !failed, always || buffer.count >= 1 << 20 else { return }
            if buffer.withUnsafeBytes({ Descriptor.writeAll(descriptor, $0) }) != 0 { failed = true }
            buffer.removeAll(keepingCapacity: true)
        }
        let streamed = blocks.listBytes(base: base, tip: tip, count: count, begin: {
            // A stored value tried again from its start: so is the file.
            if ftruncate(descriptor, 0) != 0 || lseek(descriptor, 0, SEEK_SET) != 0 { failed = true }
            buffer = header
            offset = header.count
            slices = []
        }) { _, bytes in
            slices.append(Slice(offset: offset, length: bytes.count, sum: Checksum.of(UnsafeRawBufferPointer(bytes))))
            buffer.append(contentsOf: bytes)
            offset += bytes.count
            flush()
        }
        guard streamed, slices.count == count else {
            close(descriptor)
            unlink(temporary.path)
            return false
        }
        var index: [UInt8] = []
        index.reserveCapacity(24 * count)
        for slice in slices {
            Self.append(UInt64(slice.offset), to: &index)
            Self.append(UInt64(slice.length), to: &index)
            Self.append(slice.sum, to: &index)
        }
        buffer.append(contentsOf: index)
        Self.append(UInt64(offset), to: &buffer)
        Self.append(index.withUnsafeBytes { Checksum.of($0, continuing: header.withUnsafeBytes { Checksum.of($0) }) }, to: &buffer)
        buffer.append(contentsOf: Self.magic)
        flush(true)
        let closed = close(descriptor) == 0
        guard !failed, closed, rename(temporary.path, folder.appendingPathComponent(key).path) == 0 else {
            unlink(temporary.path)
            return false
        }
        return true
    }

    private static func append(_ word: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func word(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
        return value
    }

    /// Reads `buffer.count` bytes at `offset`; false when they cannot all be read.
    private static func read(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(offset + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}

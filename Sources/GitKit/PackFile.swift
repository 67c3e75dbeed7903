// Pack files, their indexes and loose objects, read directly: the formats GitKit's own object reader
// (`ObjectReader.swift`) reads trees and blobs from.
//
// Formats, from git's documentation (Documentation/gitformat-pack.txt, formerly technical/pack-format.txt, and
// Documentation/gitformat-loose.txt, formerly technical/loose-object-format in git's object storage notes):
//
// - Pack index, version 2: "\377tOc", the version (2), a fan-out table of 256 big-endian counts (entry k: how many
//   ids start with a byte <= k), the sorted 20-byte ids, their CRC32s, their 4-byte pack offsets (most significant bit
//   set: the low 31 bits index a table of 8-byte offsets that follows, for packs larger than 2 GiB), then the pack's
//   checksum and the index's own. Version 1 (no magic) is not read here: libgit2 reads it.
// - Pack: "PACK", version 2 or 3, the object count, the entries, the checksum of all that. An entry starts with a
//   header: the type in bits 4-6 of the first byte (1 commit, 2 tree, 3 blob, 4 tag, 6 OFS_DELTA, 7 REF_DELTA),
//   the inflated size in its low 4 bits and 7 more bits per following byte (least significant group first) while
//   the most significant bit is set. OFS_DELTA then names its base by a negative offset from the entry's start
//   (7-bit groups, most significant first, one added at each continuation, so that every length has its own range);
//   REF_DELTA by the base's 20-byte id. Then the zlib stream of the content (or of the delta).
// - Delta: the base's size and the result's size (7-bit groups, least significant first), then instructions: a
//   byte with the most significant bit set copies from the base (bits 0-3 say which of four offset bytes follow,
//   bits 4-6 which of three size bytes; a size of 0 means 0x10000); a byte 1...127 inserts that many bytes that
//   follow; 0 is reserved (an error).
// - Loose object: `objects/xx/<38 hex digits>`, the zlib stream of "<type> <decimal size>\0<content>".
//
// Nothing here trusts the bytes: every offset, size and length is checked against the file before it is used, and
// anything unexpected is "cannot read it here" (nil), never a guess; the caller then asks libgit2, which reads it or
// gives its error.

import CGitKitZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The largest object (inflated, or a delta's result) read here; larger ones are left to libgit2 (zlib counts in
/// 32 bits, and an object of gigabytes is not what a history walk reads).
let largestReadableObject = 1 << 30

/// A file mapped read-only into memory, unmapped when released. Git never rewrites a pack or an index in place
/// (a repack writes new files and renames them), so the mapping stays valid while a repack runs.
final class MappedFile {
    let base: UnsafeRawPointer
    let count: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_size > 0, status.st_size <= Int(Int32.max) * 1024 else { return nil }
        let size = Int(status.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(mapped)
        count = size
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), count)
    }

    /// Gives the pages read so far back to the system (`MADV_DONTNEED`): they leave the process's resident memory
    /// (they stay in the page cache), and a later read maps them again from the file, whose bytes never change. Safe
    /// while other threads read the mapping: they only fault the page in again.
    func releasePages() {
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED)
    }

    func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }

    func bigEndian32(_ offset: Int) -> UInt32 { UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }

    func bigEndian64(_ offset: Int) -> UInt64 { UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
}

/// A pack index, version 2 (see the file header).
struct PackIndex {
    let file: MappedFile
    /// How many objects the pack holds.
    let count: Int
    private let largeOffsets: Int
    private let largeCount: Int

    private static let idsStart = 8 + 256 * 4
    private var offsetsStart: Int { Self.idsStart + 24 * count }

    init?(_ file: MappedFile) {
        guard file.count >= Self.idsStart + 40, file.bigEndian32(0) == 0xFF74_4F63, file.bigEndian32(4) == 2 else { return nil }
        var previous: UInt32 = 0
        for slot in 0..<256 {
            let value = file.bigEndian32(8 + 4 * slot)
            guard value >= previous else { return nil }
            previous = value
        }
        let count = Int(previous)
        let largeOffsets = Self.idsStart + 28 * count
        let rest = file.count - 40 - largeOffsets
        guard rest >= 0, rest % 8 == 0 else { return nil }
        self.file = file
        self.count = count
        self.largeOffsets = largeOffsets
        self.largeCount = rest / 8
    }

    /// The position of `id` in the index; nil when the pack does not hold it.
    func find(_ id: ObjectID) -> Int? {
        let slot = Int(id.firstByte)
        var low = slot == 0 ? 0 : Int(file.bigEndian32(8 + 4 * (slot - 1)))
        var high = Int(file.bigEndian32(8 + 4 * slot))
        while low < high {
            let middle = (low + high) / 2
            let order = id.compare(rawBytes: file.base + Self.idsStart + 20 * middle)
            if order == 0 { return middle }
            if order < 0 { high = middle } else { low = middle + 1 }
        }
        return nil
    }

    /// The id at position `k`.
    func id(at k: Int) -> ObjectID { ObjectID(rawBytes: file.base + Self.idsStart + 20 * k) }

    /// Where object `k` starts in the pack; nil for an offset that points into no 64-bit table entry.
    func offset(at k: Int) -> Int? {
        let small = file.bigEndian32(offsetsStart + 4 * k)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let j = Int(small & 0x7FFF_FFFF)
        guard j < largeCount else { return nil }
        let large = file.bigEndian64(largeOffsets + 8 * j)
        return large < UInt64(Int.max) ? Int(large) : nil
    }

    /// The checksum of the pack this index describes (the pack's last 20 bytes).
    var packChecksum: UnsafeRawPointer { file.base + file.count - 40 }
}

/// One entry's header in a pack (see the file header).
struct PackEntryHeader {
    /// 1 commit, 2 tree, 3 blob, 4 tag, 6 OFS_DELTA, 7 REF_DELTA.
    var type: UInt8
    /// The size of the inflated content (of the delta, for a delta).
    var size: Int
    /// Where the zlib stream starts.
    var dataStart: Int
    /// OFS_DELTA: where the base starts in the same pack.
    var baseOffset = 0
    /// REF_DELTA: the base's id.
    var baseID: ObjectID?
}

/// A pack file with its index.
final class Pack {
    let index: PackIndex
    let data: MappedFile
    /// Where the entries end (the trailing checksum starts).
    let end: Int
    /// Names this pack in the keys of the process's object cache (`SharedObjectCache`): a number no other pack opened
    /// by the process had, so a pack replaced under the same path never finds the old one's objects.
    let serial: Int

    /// Opens the pack and index at these paths; nil unless both are what this reader reads (index version 2, pack
    /// version 2 or 3, the same object count, and the pack's checksum the one the index names).
    init?(indexPath: String, packPath: String, serial: Int) {
        guard let indexFile = MappedFile(path: indexPath), let index = PackIndex(indexFile),
              let data = MappedFile(path: packPath), data.count >= 32,
              data.bigEndian32(0) == 0x5041_434B, data.bigEndian32(4) == 2 || data.bigEndian32(4) == 3,
              Int(data.bigEndian32(8)) == index.count,
              memcmp(data.base + data.count - 20, index.packChecksum, 20) == 0 else { return nil }
        self.index = index
        self.data = data
        self.end = data.count - 20
        self.serial = serial
    }

    /// The header of the entry at `offset`; nil when it is not a well-formed entry header inside the pack.
    func header(at offset: Int) -> PackEntryHeader? {
        guard offset >= 12, offset < end else { return nil }
        var p = offset
        var c = data.byte(p)
        p += 1
        let type = (c >> 4) & 7
        var size = Int(c & 0x0F)
        var shift = 4
        while c & 0x80 != 0 {
            guard p < end, shift <= 53 else { return nil }
            c = data.byte(p)
            p += 1
            size |= Int(c & 0x7F) << shift
            shift += 7
        }
        guard size <= largestReadableObject else { return nil }
        var header = PackEntryHeader(type: type, size: size, dataStart: p)
        switch type {
        case 1...4:
            break
        case 6:
            guard p < end else { return nil }
            c = data.byte(p)
            p += 1
            var distance = Int(c & 0x7F)
            while c & 0x80 != 0 {
                guard p < end, distance < (1 << 48) else { return nil }
                c = data.byte(p)
                p += 1
                distance = ((distance + 1) << 7) | Int(c & 0x7F)
            }
            guard distance > 0, distance <= offset - 12 else { return nil }
            header.baseOffset = offset - distance
        case 7:
            guard end - p >= 20 else { return nil }
            header.baseID = ObjectID(rawBytes: data.base + p)
            p += 20
        default:
            return nil
        }
        header.dataStart = p
        return header
    }
}

/// libdeflate's whole-buffer zlib decompressor (`libdeflate_zlib_decompress_ex`), opened at run time where the system
/// has `libdeflate.so.0` (Debian's `libdeflate0`): a pack entry's inflated size is in its header, so the whole output
/// buffer is known before the stream is read, which is what libdeflate needs, and it inflates such a buffer in about
/// 0.6 of zlib's time for an entry of 10 KB and a fifth for a tree of 400 KB (measured here, diff19b). It checks the
/// stream's Adler-32 as zlib does. Where it is missing, zlib inflates as before.
enum Libdeflate {
    typealias Allocate = @convention(c) () -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    /// (decompressor, in, in_nbytes, out, out_nbytes_avail, actual_in_nbytes_ret, actual_out_nbytes_ret) -> result.
    typealias Decompress = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int,
                                           UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?) -> Int32

    struct Functions: @unchecked Sendable {
        let allocate: Allocate
        let free: Free
        let zlibDecompress: Decompress
    }

    /// The library's functions; nil when it cannot be opened (or `CHRONIK_NO_LIBDEFLATE` is set, for comparisons).
    static let functions: Functions? = {
        #if os(Linux)
        if getenv("CHRONIK_NO_LIBDEFLATE") != nil { return nil }
        guard let handle = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL),
              let allocate = dlsym(handle, "libdeflate_alloc_decompressor"), let free = dlsym(handle, "libdeflate_free_decompressor"),
              let decompress = dlsym(handle, "libdeflate_zlib_decompress_ex") else { return nil }
        return Functions(allocate: unsafeBitCast(allocate, to: Allocate.self), free: unsafeBitCast(free, to: Free.self),
                         zlibDecompress: unsafeBitCast(decompress, to: Decompress.self))
        #else
        return nil
        #endif
    }()

    /// `LIBDEFLATE_SUCCESS`.
    static let success: Int32 = 0
}

/// One zlib inflate stream, reset for each object (as git and libgit2 keep theirs), and libdeflate's decompressor
/// for pack entries where the system has it (see `Libdeflate`).
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool
    /// libdeflate's decompressor (nil: zlib inflates pack entries too).
    private let deflate: (functions: Libdeflate.Functions, decompressor: OpaquePointer)?
    /// How many input bytes the last `inflate(_:available:size:)` read.
    private(set) var consumed = 0

    /// `libdeflate`: use it for pack entries when the system has it (false: zlib alone, the reference).
    init(libdeflate: Bool = true) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        ready = chronik_inflate_init(stream) == Z_OK
        if libdeflate, let functions = Libdeflate.functions, let decompressor = functions.allocate() {
            deflate = (functions, decompressor)
        } else {
            deflate = nil
        }
    }

    deinit {
        if ready { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        if let deflate { deflate.functions.free(deflate.decompressor) }
    }

    /// Whether pack entries are inflated by libdeflate.
    var usesLibdeflate: Bool { deflate != nil }

    /// Exactly `size` bytes inflated from the zlib stream at `input` (which has at most `available` bytes); nil
    /// unless the stream is intact (zlib, and libdeflate, check its Adler-32) and ends after exactly `size` bytes.
    func inflate(_ input: UnsafeRawPointer, available: Int, size: Int) -> [UInt8]? {
        consumed = 0
        if let deflate {
            guard size >= 0, size <= largestReadableObject, available > 0 else { return nil }
            var intact = false
            // Room for exactly `size` bytes: a stream that would give more is refused (`LIBDEFLATE_INSUFFICIENT_SPACE`),
            // one that ends before gives fewer (checked).
            let bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, initialized in
                var read = 0, written = 0
                let rc = deflate.functions.zlibDecompress(deflate.decompressor, input, available, UnsafeMutableRawPointer(buffer.baseAddress),
                                                          size, &read, &written)
                intact = rc == Libdeflate.success && written == size
                consumed = intact ? read : 0
                initialized = intact ? size : 0
            }
            return intact ? bytes : nil
        }
        guard ready, size >= 0, size <= largestReadableObject, available > 0, inflateReset(stream) == Z_OK else { return nil }
        var intact = false
        // One byte more than expected: a stream that would give more than `size` bytes does not end, and is refused.
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(min(available, Int(UInt32.max)))
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = UInt32(size + 1)
            let rc = CGitKitZlib.inflate(stream, Z_FINISH)
            intact = rc == Z_STREAM_END && Int(stream.pointee.total_out) == size
            consumed = Int(stream.pointee.total_in)
            initialized = intact ? size : 0
        }
        return intact ? bytes : nil
    }

    /// A loose object: its type (1...4) and content, from the zlib stream of "<type> <size>\0<content>" (the whole
    /// file in `input`); nil unless the header is well formed and the stream ends exactly after `size` bytes.
    func inflateLoose(_ input: UnsafeRawBufferPointer) -> (type: UInt8, bytes: [UInt8])? {
        guard ready, let start = input.baseAddress, input.count > 0, inflateReset(stream) == Z_OK else { return nil }
        // The header first, into a small buffer: "commit 1073741824\0" is 18 bytes.
        var head = [UInt8](repeating: 0, count: 32)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(min(input.count, Int(UInt32.max)))
        let first = head.withUnsafeMutableBufferPointer { buffer -> Int32 in
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = UInt32(buffer.count)
            return CGitKitZlib.inflate(stream, Z_NO_FLUSH)
        }
        guard first == Z_OK || first == Z_STREAM_END else { return nil }
        let produced = Int(stream.pointee.total_out)
        guard let nul = head[0..<produced].firstIndex(of: 0), let space = head[0..<nul].firstIndex(of: 0x20) else { return nil }
        let names: [[UInt8]] = [Array("commit".utf8), Array("tree".utf8), Array("blob".utf8), Array("tag".utf8)]
        guard let kind = names.firstIndex(of: Array(head[0..<space])) else { return nil }
        let type = UInt8(kind + 1)
        let digits = head[(space + 1)..<nul]
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let size = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let already = produced - (nul + 1)
        guard size <= largestReadableObject, already <= size else { return nil }
        var intact = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            guard let out = buffer.baseAddress else { return }
            head.withUnsafeBufferPointer { h in
                if already > 0, let source = h.baseAddress { out.update(from: source + nul + 1, count: already) }
            }
            if first == Z_STREAM_END {
                intact = already == size
            } else {
                stream.pointee.next_out = out + already
                stream.pointee.avail_out = UInt32(size + 1 - already)
                let rc = CGitKitZlib.inflate(stream, Z_FINISH)
                intact = rc == Z_STREAM_END && Int(stream.pointee.total_out) == nul + 1 + size
            }
            initialized = intact ? size : 0
        }
        return intact ? (type, bytes) : nil
    }
}

/// Applies a delta (see the file header) to `base`; nil when the delta does not fit the base or is malformed.
func applyDelta(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
    delta.withUnsafeBufferPointer { d -> [UInt8]? in
        base.withUnsafeBufferPointer { b -> [UInt8]? in
            var p = 0
            func size() -> Int? {
                var value = 0, shift = 0
                while true {
                    guard p < d.count, shift <= 56 else { return nil }
                    let c = d[p]
                    p += 1
                    value |= Int(c & 0x7F) << shift
                    shift += 7
                    if c & 0x80 == 0 { return value }
                }
            }
            guard let sourceSize = size(), sourceSize == b.count, let targetSize = size(),
                  targetSize <= largestReadableObject else { return nil }
            var valid = false
            let result = [UInt8](unsafeUninitializedCapacity: max(targetSize, 1)) { out, initialized in
                initialized = 0
                guard let target = out.baseAddress else { return }
                var q = 0
                while p < d.count {
                    let op = d[p]
                    p += 1
                    if op & 0x80 != 0 {
                        var offset = 0, length = 0
                        for bit in 0..<7 where op & (1 << bit) != 0 {
                            guard p < d.count else { return }
                            if bit < 4 { offset |= Int(d[p]) << (8 * bit) } else { length |= Int(d[p]) << (8 * (bit - 4)) }
                            p += 1
                        }
                        if length == 0 { length = 0x10000 }
                        guard offset + length <= b.count, length <= targetSize - q, let source = b.baseAddress else { return }
                        (target + q).update(from: source + offset, count: length)
                        q += length
                    } else if op != 0 {
                        let length = Int(op)
                        guard length <= d.count - p, length <= targetSize - q, let source = d.baseAddress else { return }
                        (target + q).update(from: source + p, count: length)
                        p += length
                        q += length
                    } else {
                        return
                    }
                }
                guard q == targetSize else { return }
                valid = true
                initialized = targetSize
            }
            return valid ? result : nil
        }
    }
}

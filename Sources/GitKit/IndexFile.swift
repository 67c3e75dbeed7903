import CGitKitZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SHA-1 over bytes given piece by piece (`sha1.h`), for object ids and the index file's checksum.
struct SHA1 {
    private var context = chronik_sha1_context()

    init() {
        chronik_sha1_init(&context)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        chronik_sha1_update(&context, base, bytes.count)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    mutating func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        digest.withUnsafeMutableBufferPointer { chronik_sha1_final(&context, $0.baseAddress!) }
        return digest
    }

    /// The id of an object of `type` ("blob", "tree", "commit") with `content`: SHA-1 of "<type> <size>\0<content>".
    static func objectID(type: String, content: UnsafeRawBufferPointer) -> ObjectID {
        var sha = SHA1()
        sha.update(Array("\(type) \(content.count)\0".utf8))
        sha.update(content)
        return ObjectID(bytes: sha.finish())
    }

    static func objectID(type: String, content: [UInt8]) -> ObjectID {
        content.withUnsafeBytes { objectID(type: type, content: $0) }
    }
}

/// The index file (`.git/index`) read and written by GitKit itself, for a commit that does not start libgit2
/// (issue 19). Only the plain form: version 2 or 3, no entry with extended flags, assume-valid or a stage other
/// than 0, no extension but `TREE` (the cached tree ids), a correct checksum. Anything else is nil: libgit2's.
package struct IndexFile {
    /// One entry, with its stat data as the file stores them (32-bit fields, as `git_index_entry` keeps them).
    package struct Entry: Equatable {
        package var ctimeSeconds: UInt32, ctimeNanoseconds: UInt32
        package var mtimeSeconds: UInt32, mtimeNanoseconds: UInt32
        package var device: UInt32, inode: UInt32, mode: UInt32, uid: UInt32, gid: UInt32, size: UInt32
        package var id: ObjectID
        /// The flags field as stored (name length in the low 12 bits).
        package var flags: UInt16
        package var path: [UInt8]
    }

    /// A node of the `TREE` extension: a folder's tree id when it is known (`entryCount` ≥ 0), how many files lie
    /// below it, and its subfolders' nodes.
    package struct CachedTree: Equatable {
        package var name: [UInt8]
        package var entryCount: Int
        package var id: ObjectID?
        package var children: [CachedTree]
    }

    package var version: UInt32
    package var entries: [Entry]
    /// The `TREE` extension's root; nil when the file has none.
    package var tree: CachedTree?

    /// The index in `bytes`; nil when it is not of the plain form (see the type).
    package static func parse(_ bytes: [UInt8]) -> IndexFile? {
        guard bytes.count >= 32 else { return nil }
        return bytes.withUnsafeBytes { raw -> IndexFile? in
            func u32(_ at: Int) -> UInt32 { UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func u16(_ at: Int) -> UInt16 { UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
            let end = raw.count - 20
            var sha = SHA1()
            sha.update(UnsafeRawBufferPointer(rebasing: raw[0..<end]))
            guard sha.finish().elementsEqual(raw[end...]) else { return nil }
            guard u32(0) == 0x4449_5243, (2...3).contains(u32(4)) else { return nil }
            let version = u32(4), count = Int(u32(8))
            var entries: [Entry] = []
            entries.reserveCapacity(count)
            var p = 12
            for _ in 0..<count {
                guard p + 62 <= end else { return nil }
                let flags = u16(p + 60)
                // Assume-valid (0x8000), extended flags (0x4000), a stage other than 0.
                guard flags & 0xF000 == 0 else { return nil }
                let pathStart = p + 62
                guard let nul = raw[pathStart..<end].firstIndex(of: 0) else { return nil }
                let length = nul - pathStart
                guard length > 0, Int(flags & 0xFFF) == min(length, 0xFFF) else { return nil }
                let entry = Entry(
                    ctimeSeconds: u32(p), ctimeNanoseconds: u32(p + 4), mtimeSeconds: u32(p + 8), mtimeNanoseconds: u32(p + 12),
                    device: u32(p + 16), inode: u32(p + 20), mode: u32(p + 24), uid: u32(p + 28), gid: u32(p + 32),
                    size: u32(p + 36), id: ObjectID(rawBytes: raw.baseAddress! + p + 40), flags: flags,
                    path: Array(raw[pathStart..<nul]))
                if let last = entries.last, !(last.path.lexicographicallyPrecedes(entry.path)) { return nil }
                entries.append(entry)
                p += (62 + length + 8) & ~7
            }
            guard p <= end else { return nil }
            var tree: CachedTree?
            while p < end {
                guard p + 8 <= end else { return nil }
                let signature = u32(p), size = Int(u32(p + 4))
                guard signature == 0x5452_4545, tree == nil, p + 8 + size <= end else { return nil } // "TREE", once
                var q = p + 8
                guard let root = cachedTree(raw, at: &q, end: p + 8 + size), q == p + 8 + size else { return nil }
                tree = root
                p = q
            }
            return IndexFile(version: version, entries: entries, tree: tree)
        }
    }

    /// One node of the `TREE` extension and those below it: "<name>\0<entries> <subtrees>\n", the id when
    /// `entries` is not -1, then the subtrees.
    private static func cachedTree(_ raw: UnsafeRawBufferPointer, at p: inout Int, end: Int) -> CachedTree? {
        guard let nul = raw[p..<end].firstIndex(of: 0), let newline = raw[nul..<end].firstIndex(of: 0x0A) else { return nil }
        let name = Array(raw[p..<nul])
        let numbers = raw[(nul + 1)..<newline].split(separator: 0x20, omittingEmptySubsequences: false)
        guard numbers.count == 2, let entries = Int(String(decoding: numbers[0], as: UTF8.self)),
              let subtrees = Int(String(decoding: numbers[1], as: UTF8.self)), entries >= -1, subtrees >= 0, subtrees < 100_000 else { return nil }
        p = newline + 1
        var id: ObjectID?
        if entries >= 0 {
            guard p + 20 <= end else { return nil }
            id = ObjectID(rawBytes: raw.baseAddress! + p)
            p += 20
        }
        var children: [CachedTree] = []
        for _ in 0..<subtrees {
            guard let child = cachedTree(raw, at: &p, end: end) else { return nil }
            children.append(child)
        }
        return CachedTree(name: name, entryCount: entries, id: id, children: children)
    }

    /// The file's bytes as libgit2's `git_index_write` writes them: header, entries (each padded with 1 to 8 NULs
    /// to a multiple of 8 bytes), the `TREE` extension when there is one, the SHA-1 of all of it.
    package func serialized() -> [UInt8] {
        var extensionBody: [UInt8] = []
        func write(_ node: CachedTree) {
            extensionBody.append(contentsOf: node.name)
            extensionBody.append(0)
            extensionBody.append(contentsOf: "\(node.entryCount) \(node.children.count)\n".utf8)
            if node.entryCount >= 0, let id = node.id { extensionBody.append(contentsOf: id.bytes) }
            for child in node.children { write(child) }
        }
        if let tree { write(tree) }
        var size = 12
        for e in entries { size += (62 + e.path.count + 8) & ~7 }
        let entriesEnd = size
        if tree != nil { size += 8 + extensionBody.count }
        // One buffer, zeroed (the padding), filled in place: the index of a store with 5,000 entries is half a
        // megabyte, written by every commit.
        var out = [UInt8](repeating: 0, count: size + 20)
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            func put32(_ value: UInt32, _ at: Int) { raw.storeBytes(of: value.bigEndian, toByteOffset: at, as: UInt32.self) }
            put32(0x4449_5243, 0)
            put32(version, 4)
            put32(UInt32(entries.count), 8)
            var p = 12
            for e in entries {
                put32(e.ctimeSeconds, p); put32(e.ctimeNanoseconds, p + 4)
                put32(e.mtimeSeconds, p + 8); put32(e.mtimeNanoseconds, p + 12)
                put32(e.device, p + 16); put32(e.inode, p + 20); put32(e.mode, p + 24)
                put32(e.uid, p + 28); put32(e.gid, p + 32); put32(e.size, p + 36)
                e.id.store(to: base + p + 40)
                raw.storeBytes(of: e.flags.bigEndian, toByteOffset: p + 60, as: UInt16.self)
                e.path.withUnsafeBytes { path in
                    if let source = path.baseAddress { (base + p + 62).copyMemory(from: source, byteCount: path.count) }
                }
                p += (62 + e.path.count + 8) & ~7
            }
            if tree != nil {
                put32(0x5452_4545, entriesEnd) // "TREE"
                put32(UInt32(extensionBody.count), entriesEnd + 4)
                extensionBody.withUnsafeBytes { body in
                    if let source = body.baseAddress { (base + entriesEnd + 8).copyMemory(from: source, byteCount: body.count) }
                }
            }
            var sha = SHA1()
            sha.update(UnsafeRawBufferPointer(rebasing: raw[0..<size]))
            let digest = sha.finish()
            digest.withUnsafeBytes { (base + size).copyMemory(from: $0.baseAddress!, byteCount: 20) }
        }
        return out
    }
}

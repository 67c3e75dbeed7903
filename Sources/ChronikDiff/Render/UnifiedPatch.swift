import Foundation

// `chronik diff --format patch`: a unified diff of whole files in git's extended format, which `git apply` accepts
// and which rebuilds the new side exactly from the old one.
//
// Lines (each with its own line break, so a missing break at the end of a file is a different line) are interned
// and diffed with Myers (Myers.swift, the same O(ND) search with git's cost limit: the script is always correct,
// and minimal up to 4,096 lines). Hunks carry 3 lines of context and are merged when their context would touch,
// as in GNU diff and git (`xdiff/xemit.c`). Headers follow git's `diff.c`: `diff --git a/x b/x`, `new file mode`,
// `deleted file mode`, `old mode`/`new mode`, `--- a/x`/`+++ b/x` (or `/dev/null`), with C-style quoting of paths
// holding `"`, `\`, control characters or non-ASCII bytes (git's default core.quotePath) and a tab after a name
// with a space. A rename is a deletion and an addition. A file that is not UTF-8 text (or holds a NUL byte), such as
// an attachment (issue 17), is a `GIT binary patch` as `git diff --binary` writes it (`diff.c`, `emit_binary_diff_body`):
// the full blob ids of both sides on the `index` line (`git apply` checks the old side against it), then a `literal`
// hunk with the whole new content and one with the whole old content (for `git apply -R`), each zlib-compressed and
// in git's base-85 lines (`base85.c`). The zlib stream uses stored (uncompressed) blocks: any inflater reads them,
// and they need no compression library. Without blob ids the file is listed as `Binary files … differ`.

/// One file of a patch: either side may be missing (an added or removed file).
public struct PatchFile: Sendable, Hashable {
    public static func == (a: PatchFile, b: PatchFile) -> Bool {
        a.oldPath == b.oldPath && a.newPath == b.newPath && a.oldMode == b.oldMode && a.newMode == b.newMode && a.old == b.old
            && a.new == b.new && a.similarity == b.similarity && a.blobIDs?.old == b.blobIDs?.old && a.blobIDs?.new == b.blobIDs?.new
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(oldPath)
        hasher.combine(newPath)
        hasher.combine(old)
        hasher.combine(new)
    }

    public var oldPath: String?
    public var newPath: String?
    /// Git's raw modes, e.g. `0o100644`; nil for a missing side.
    public var oldMode: UInt32?
    public var newMode: UInt32?
    public var old: Data
    public var new: Data
    /// For a file renamed (both paths, different): how similar the two sides are, 0...100, as git's
    /// `similarity index` header gives it.
    public var similarity: Int?
    /// The full blob ids (40 hex digits) of both sides, for a binary patch (nil: listed as `Binary files … differ`);
    /// a missing side is all zeros.
    public var blobIDs: (old: String, new: String)?

    public init(oldPath: String?, newPath: String?, oldMode: UInt32?, newMode: UInt32?, old: Data, new: Data, similarity: Int? = nil) {
        self.similarity = similarity
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldMode = oldMode
        self.newMode = newMode
        self.old = old
        self.new = new
    }

    /// True when git would treat a side as binary (a NUL byte) or it is not UTF-8.
    public var isBinary: Bool { Self.binary(old) || Self.binary(new) }

    static func binary(_ data: Data) -> Bool {
        data.contains(0) || String(validating: data, as: UTF8.self) == nil
    }
}

/// Renders unified diffs.
public enum UnifiedPatch {
    /// The patch of `files`, in the given order; files without any change are left out.
    public static func render(_ files: [PatchFile], context: Int = 3) -> String {
        var out = ""
        for file in files { out += render(file, context: context) }
        return out
    }

    static func render(_ file: PatchFile, context: Int) -> String {
        let oldName = file.oldPath ?? file.newPath ?? "", newName = file.newPath ?? file.oldPath ?? ""
        let added = file.oldPath == nil, removed = file.newPath == nil
        let sameContent = file.old == file.new
        if !added, !removed, sameContent, file.oldMode == file.newMode, oldName == newName { return "" }
        var out = "diff --git \(quoted("a/" + oldName)) \(quoted("b/" + newName))\n"
        if added { out += "new file mode \(octal(file.newMode ?? 0o100644))\n" }
        if removed { out += "deleted file mode \(octal(file.oldMode ?? 0o100644))\n" }
        if !added, !removed, let o = file.oldMode, let n = file.newMode, o != n {
            out += "old mode \(octal(o))\nnew mode \(octal(n))\n"
        }
        if !added, !removed, oldName != newName {
            // As git writes a rename (`git diff -M`); `git apply` moves the file, then applies the hunks.
            out += "similarity index \(file.similarity ?? (sameContent ? 100 : 50))%\n"
            out += "rename from \(quoted(oldName))\nrename to \(quoted(newName))\n"
        }
        if (added && file.new.isEmpty) || (removed && file.old.isEmpty) || (!added && !removed && sameContent) { return out }
        if file.isBinary, let ids = file.blobIDs {
            out += "index \(ids.old)..\(ids.new)\n"
            return out + "GIT binary patch\n" + BinaryPatch.literal(file.new) + BinaryPatch.literal(file.old)
        }
        if file.isBinary {
            return out + "Binary files \(added ? "/dev/null" : quoted("a/" + oldName)) and \(removed ? "/dev/null" : quoted("b/" + newName)) differ\n"
        }
        out += "--- " + (added ? "/dev/null" : quoted("a/" + oldName) + tab(oldName)) + "\n"
        out += "+++ " + (removed ? "/dev/null" : quoted("b/" + newName) + tab(newName)) + "\n"
        out += hunks(lines(file.old), lines(file.new), context: context)
        return out
    }

    /// Lines with their line breaks; the last one may have none.
    static func lines(_ data: Data) -> [Substring] {
        let text = String(decoding: data, as: UTF8.self)
        var result: [Substring] = []
        var start = text.startIndex
        var i = text.utf8.startIndex
        while i < text.utf8.endIndex {
            if text.utf8[i] == UInt8(ascii: "\n") {
                let next = text.utf8.index(after: i)
                result.append(text[start..<next])
                start = next
            }
            i = text.utf8.index(after: i)
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// The hunks of a line diff.
    static func hunks(_ a: [Substring], _ b: [Substring], context: Int) -> String {
        // Lines are equal when their bytes are (as for git), not when they are canonically equivalent, as Strings
        // compare: a line changed only in its Unicode normalisation is a change git must apply.
        var ids: [[UInt8]: Int] = [:]
        func intern(_ line: Substring) -> Int {
            let bytes = Array(line.utf8)
            if let id = ids[bytes] { return id }
            ids[bytes] = ids.count
            return ids.count - 1
        }
        let x = a.map(intern), y = b.map(intern)
        // Changes: maximal stretches of deletions and insertions, as ranges of a and b.
        var changes: [(a: Range<Int>, b: Range<Int>)] = []
        for run in Myers.diff(x, y) where run.operation != .equal {
            if let last = changes.last, last.a.upperBound == run.a.lowerBound, last.b.upperBound == run.b.lowerBound {
                changes[changes.count - 1] = (last.a.lowerBound..<max(last.a.upperBound, run.a.upperBound),
                                              last.b.lowerBound..<max(last.b.upperBound, run.b.upperBound))
            } else {
                changes.append((run.a, run.b))
            }
        }
        var out = ""
        var k = 0
        while k < changes.count {
            var last = k
            while last + 1 < changes.count, changes[last + 1].a.lowerBound - changes[last].a.upperBound <= 2 * context { last += 1 }
            let first = changes[k], end = changes[last]
            let aStart = max(0, first.a.lowerBound - context), aEnd = min(a.count, end.a.upperBound + context)
            let bStart = first.b.lowerBound - (first.a.lowerBound - aStart), bEnd = end.b.upperBound + (aEnd - end.a.upperBound)
            out += "@@ -\(range(aStart, aEnd - aStart)) +\(range(bStart, bEnd - bStart)) @@\n"
            var i = aStart
            for c in changes[k...last] {
                for line in a[i..<c.a.lowerBound] { out += emit(" ", line) }
                for line in a[c.a] { out += emit("-", line) }
                for line in b[c.b] { out += emit("+", line) }
                i = c.a.upperBound
            }
            for line in a[i..<aEnd] { out += emit(" ", line) }
            k = last + 1
        }
        return out
    }

    /// `start,count` as unified diffs write it: 1-based, the count left out when 1, the line before when empty.
    static func range(_ start: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(start),0"
        case 1: return "\(start + 1)"
        default: return "\(start + 1),\(count)"
        }
    }

    /// By its last byte: a line ending in CR LF ends in the Character "\r\n", which `hasSuffix("\n")` does not see.
    static func emit(_ prefix: String, _ line: Substring) -> String {
        line.utf8.last == UInt8(ascii: "\n") ? prefix + line : prefix + line + "\n\\ No newline at end of file\n"
    }

    static func octal(_ mode: UInt32) -> String { String(mode, radix: 8) }

    static func tab(_ name: String) -> String { name.contains(" ") ? "\t" : "" }

    /// A path as git writes it: as it is, or in double quotes with C escapes when it holds `"`, `\`, a control
    /// character or a non-ASCII byte (git's `quote_c_style`).
    static func quoted(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return path }
        var out = "\""
        for byte in bytes {
            switch byte {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            }
        }
        return out + "\""
    }
}

/// The `literal` hunks of a `GIT binary patch` (see the top of this file).
enum BinaryPatch {
    /// `literal <size>`, the content zlib-compressed in base-85 lines of at most 52 bytes each, and a blank line.
    /// Built as bytes (a patch of attachments runs to megabytes).
    static func literal(_ data: Data) -> String {
        let deflated = [UInt8](zlibStored(data))
        var out = [UInt8]("literal \(data.count)\n".utf8)
        out.reserveCapacity(out.count + deflated.count / 52 * 67 + 70)
        var start = 0
        while start < deflated.count {
            let end = min(start + 52, deflated.count)
            let count = end - start
            out.append(UInt8(count <= 26 ? 0x41 + count - 1 : 0x61 + count - 27))
            var index = start
            while index < end {
                var value: UInt32 = 0
                for k in 0..<4 { value = value << 8 | UInt32(index + k < end ? deflated[index + k] : 0) }
                var digits: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
                digits.4 = alphabet[Int(value % 85)]; value /= 85
                digits.3 = alphabet[Int(value % 85)]; value /= 85
                digits.2 = alphabet[Int(value % 85)]; value /= 85
                digits.1 = alphabet[Int(value % 85)]; value /= 85
                digits.0 = alphabet[Int(value % 85)]
                out.append(digits.0); out.append(digits.1); out.append(digits.2); out.append(digits.3); out.append(digits.4)
                index += 4
            }
            out.append(0x0A)
            start = end
        }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// git's base-85 alphabet (`base85.c`).
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~".utf8)

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, BTYPE 00) holding `data`, with its Adler-32.
    static func zlibStored(_ data: Data) -> Data {
        var out = Data([0x78, 0x01])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let final: UInt8 = offset + length >= bytes.count ? 1 : 0
            out.append(final)
            out.append(UInt8(length & 0xFF))
            out.append(UInt8(length >> 8))
            out.append(UInt8(~length & 0xFF))
            out.append(UInt8((~length >> 8) & 0xFF))
            out.append(contentsOf: bytes[offset..<(offset + length)])
            offset += length
        } while offset < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let adler = b << 16 | a
        out.append(contentsOf: [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
        return out
    }
}

import Foundation

/// The checks `chronik validate` makes on a plain repository (no `chronik.yml`): those of the store that need no
/// schema, per Markdown file.
///
/// - The file is UTF-8 without NUL bytes (a Markdown file that is not text cannot be diffed by word).
/// - Front matter, when the file has some (line 1 is `---`), is read by the store's own reader (FrontMatterParser.swift):
///   its syntax errors, duplicate keys, unsupported tags and limits are reported with line and column.
/// - No unresolved merge conflict (`ConflictMarkers`).
///
/// A file without front matter is fine: a plain repository's entries need none.
public enum PlainCheck {
    /// Problems of one Markdown file.
    public static func problems(path: String, data: Data, limits: FrontMatterLimits = FrontMatterLimits()) -> [StoreProblem] {
        let bytes = [UInt8](data)
        if let line = firstNul(bytes) {
            return [StoreProblem(file: path, frontMatter: .nulByte(line: line))]
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            let line = invalidUTF8Line(bytes)
            return [StoreProblem(file: path, frontMatter: .invalidUTF8(line: line))]
        }
        // A conflict is said alone: the markers are what breaks the front matter, if anything does.
        if let line = ConflictMarkers.line(in: bytes) { return [.mergeConflict(file: path, line: line)] }
        var problems: [StoreProblem] = []
        if hasFrontMatter(bytes) {
            do {
                _ = try EntryDocument.parseFields(bytes, limits: limits)
            } catch {
                problems.append(StoreProblem(file: path, frontMatter: error))
            }
        }
        return problems
    }

    /// True when line 1 is `---` (with LF or CRLF), as the front matter reader requires; a BOM before it counts too,
    /// so that the reader names it.
    static func hasFrontMatter(_ bytes: [UInt8]) -> Bool {
        var b = bytes[...]
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        return b.starts(with: Array("---\n".utf8)) || b.starts(with: Array("---\r\n".utf8))
    }

    static func firstNul(_ bytes: [UInt8]) -> Int? {
        guard let index = bytes.firstIndex(of: 0) else { return nil }
        return bytes[..<index].count(where: { $0 == 0x0A }) + 1
    }

    /// The line of the first byte sequence that is not UTF-8.
    static func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start..<k], as: UTF8.self) == nil { return line }
            line += 1
            start = k + 1
        }
        return line
    }
}

/// Unresolved merge conflicts in a file: a line starting with `<<<<<<<`, later a line starting with `=======` or
/// `>>>>>>>` (git writes all three; a `=======` line alone is a Markdown heading underline, and a `<<<<<<<` line
/// alone may be prose). The same rule for the front matter and the body, for `validate`, `commit` and `release`.
public enum ConflictMarkers {
    /// The line of the first conflict's `<<<<<<<` marker, or nil when there is no conflict.
    public static func line(in bytes: some Collection<UInt8>) -> Int? {
        // Arrays and Data (every caller): one `memchr` per line over their bytes. Called generically from another
        // module, the byte loop below ran unspecialised, one witness call per byte: over half of a cold
        // `chronik validate`'s CPU time (issue 19).
        if let found = bytes.withContiguousStorageIfAvailable({ line(inBuffer: $0) }) { return found }
        return lineByByte(in: bytes)
    }

    /// `line(in:)` over contiguous bytes: only the first seven bytes of each line are looked at.
    static func line(inBuffer buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let count = buffer.count
        // A conflict opens with seven `<` at a line's start: a file without seven in a row anywhere (almost every
        // file) has none, which one `memchr` for `<` over the whole file tells, instead of one per line.
        guard holdsOpeningRun(base, count: count) else { return nil }
        var opened: Int?
        var line = 1
        var start = 0
        while start < count {
            let end = memchr(base + start, 0x0A, count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
            if end - start >= 7 {
                let first = base[start]
                if first == UInt8(ascii: "<") || first == UInt8(ascii: "=") || first == UInt8(ascii: ">") {
                    var k = 1
                    while k < 7, base[start + k] == first { k += 1 }
                    if k == 7 {
                        if first == UInt8(ascii: "<") {
                            if opened == nil { opened = line }
                        } else if let opened {
                            return opened
                        }
                    }
                }
            }
            line += 1
            start = end + 1
        }
        return nil
    }

    /// Whether seven `<` in a row occur anywhere in the bytes.
    private static func holdsOpeningRun(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        var at = 0
        while count - at >= 7, let found = memchr(base + at, Int32(UInt8(ascii: "<")), count - at - 6) {
            let i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var k = 1
            while k < 7, base[i + k] == UInt8(ascii: "<") { k += 1 }
            if k == 7 { return true }
            // No run of seven starts before `i + k`, the first byte after `i` that is not `<`.
            at = i + k
        }
        return false
    }

    /// The same, byte by byte (any collection; the reference of `ConflictMarkerTests`).
    static func lineByByte(in bytes: some Collection<UInt8>) -> Int? {
        var opened: Int?
        var line = 1
        var atLineStart = true
        var run: UInt8 = 0 // the marker byte repeated at the start of this line
        var count = 0
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                atLineStart = true
                count = 0
                continue
            }
            if atLineStart {
                run = byte
                count = 0
                atLineStart = false
            }
            if count >= 0 {
                if byte == run, byte == UInt8(ascii: "<") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") {
                    count += 1
                    if count == 7 {
                        if run == UInt8(ascii: "<") {
                            if opened == nil { opened = line }
                        } else if let opened {
                            return opened
                        }
                        count = -1
                    }
                } else {
                    count = -1 // not a marker line
                }
            }
        }
        return nil
    }
}

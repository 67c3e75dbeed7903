import Foundation

/// A commit object's content read by GitKit itself (issue 19), giving exactly the `Commit` libgit2's parse gives
/// (`commit_parse`, `git_signature__parse`, `git_commit_message`) for the commits git and libgit2 write:
///
///     tree HEX
///     parent HEX            (any number)
///     author NAME <EMAIL> SECONDS +HHMM
///     committer NAME <EMAIL> SECONDS +HHMM
///     other headers         (encoding, gpgsig with its continuation lines, mergetag, …: skipped)
///
///     MESSAGE
///
/// Anything else is nil and libgit2 parses it (or words the error): a name or e-mail address with `<`, `>`, a line
/// break, a NUL or white space at either end (libgit2 trims it), a time that is not plain digits, a time-zone offset
/// that is not four digits within ±14:59, a second `author` line, a NUL in the message.
enum CommitParser {
    /// The value of the header line at `p` that starts with `header` (`"tree "`, `"object "`), without its line
    /// break; `p` moves to the next line. Nil, `p` unchanged, when the line at `p` is another or has no line break.
    /// Shared by the commit and the tag parser (`TagObject`).
    static func headerLine(_ header: String, in b: UnsafeBufferPointer<UInt8>, at p: inout Int) -> Range<Int>? {
        let h = Array(header.utf8)
        guard b.count - p > h.count, b[p..<(p + h.count)].elementsEqual(h),
              let end = b[(p + h.count)...].firstIndex(of: 0x0A) else { return nil }
        let range = (p + h.count)..<end
        p = end + 1
        return range
    }

    static func parse(_ bytes: [UInt8], id: ObjectID) -> Commit? {
        bytes.withUnsafeBufferPointer { parse($0, id: id) }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>, id: ObjectID) -> Commit? {
        var p = 0
        func line(_ header: String) -> Range<Int>? { CommitParser.headerLine(header, in: b, at: &p) }
        guard let treeLine = line("tree "), let tree = ObjectID(hexBytes: b[treeLine]) else { return nil }
        var parents: [ObjectID] = []
        while b.count - p > 7, b[p] == UInt8(ascii: "p") {
            guard let parentLine = line("parent "), let parent = ObjectID(hexBytes: b[parentLine]) else { return nil }
            parents.append(parent)
        }
        guard let authorLine = line("author "), let author = signature(b[authorLine]),
              let committerLine = line("committer "), let committer = signature(b[committerLine]) else { return nil }
        // Other headers up to the blank line; libgit2 keeps the first of several author lines, which is not the usual case.
        while p < b.count, b[p] != 0x0A {
            guard !b[p...].starts(with: "author ".utf8), !b[p...].starts(with: "committer ".utf8),
                  let end = b[p...].firstIndex(of: 0x0A) else { return nil }
            p = end + 1
        }
        // The message: after the blank line, leading line feeds dropped (`git_commit_message`).
        var start = min(p + 1, b.count)
        while start < b.count, b[start] == 0x0A { start += 1 }
        let message = b[start...]
        guard !message.contains(0) else { return nil }
        return Commit(id: id, treeID: tree, parentIDs: parents, author: author, committer: committer,
                      message: String(decoding: message, as: UTF8.self))
    }

    /// `NAME <EMAIL> SECONDS ±HHMM`.
    static func signature(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Signature? {
        guard let open = s.firstIndex(of: UInt8(ascii: "<")), let close = s.firstIndex(of: UInt8(ascii: ">")), open < close,
              open > s.startIndex, s[open - 1] == 0x20 else { return nil }
        let name = s[s.startIndex..<(open - 1)], email = s[(open + 1)..<close]
        let after = s[(close + 1)...]
        guard plain(name), plain(email), !email.contains(UInt8(ascii: "<")),
              !after.contains(UInt8(ascii: "<")), !after.contains(UInt8(ascii: ">")),
              after.first == 0x20 else { return nil }
        let rest = after.dropFirst()
        guard let space = rest.firstIndex(of: 0x20) else { return nil }
        let seconds = rest[rest.startIndex..<space], zone = rest[(space + 1)...]
        guard !seconds.isEmpty, seconds.count <= 15, seconds.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              zone.count == 5, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"),
              zone.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let digits = zone.dropFirst().map { Int($0 - 0x30) }
        let hours = digits[0] * 10 + digits[1], minutes = digits[2] * 10 + digits[3]
        guard hours <= 14, minutes <= 59 else { return nil }
        let offset = (hours * 60 + minutes) * (zone.first == UInt8(ascii: "-") ? -1 : 1)
        let time = seconds.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return Signature(name: String(decoding: name, as: UTF8.self), email: String(decoding: email, as: UTF8.self),
                         date: Date(timeIntervalSince1970: TimeInterval(time)), timeZoneOffsetMinutes: offset)
    }

    /// No `<`, `>`, line break or NUL, and no white space at either end (which libgit2 would trim).
    private static func plain(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        func blank(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        if let first = s.first, blank(first) { return false }
        if let last = s.last, blank(last) { return false }
        return !s.contains { $0 == 0 || $0 == 0x0A || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }
    }
}

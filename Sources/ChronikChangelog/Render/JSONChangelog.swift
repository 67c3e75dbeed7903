import ChronikStore

/// The changelog as JSON: the `Changelog` value encoded with stable key order (docs/json-output.md). Without
/// `detail`, the word-level `blocks` are left out (empty).
///
/// Written straight to UTF-8 by `JSONByteWriter`, group by group: the text is `JSONValueEncoder().text(changelog)`
/// (the tests compare the two), without the tree and without a second copy of every entry.
public enum JSONChangelog {
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init()) -> String {
        var out: [UInt8] = []
        render(changelog, options: options) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the JSON text in pieces to `sink`: the fields before the groups, then one piece per group, then the end.
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init(), to sink: ([UInt8]) throws -> Void) rethrows {
        try sink(begin(changelog.head))
        for (k, group) in changelog.groups.enumerated() { try sink(self.group(group, index: k, options: options)) }
        try sink(end(groupCount: changelog.groups.count))
    }

    private static func encode<T: Encodable>(_ value: T, indent: Int, to w: inout JSONByteWriter) {
        do {
            try w.encode(value, indent: indent)
        } catch {
            // The value holds only strings, numbers and JSON values: encoding cannot fail.
            preconditionFailure("a changelog is always encodable: \(error)")
        }
    }

    /// The comma before every member but the first, the line break and indent, and `"key": `.
    private static func memberKey(_ key: String, indent: Int, count: inout Int, to w: inout JSONByteWriter) {
        if count > 0 { w.append(byte: UInt8(ascii: ",")) }
        count += 1
        w.newline(indent: indent)
        w.writeKey(key)
    }

    /// From `{` to the `groups` key (and, when there are groups, the `[`).
    static func begin(_ head: ChangelogHead) -> [UInt8] {
        var w = JSONByteWriter()
        var members = 0
        func member(_ key: String) { memberKey(key, indent: 1, count: &members, to: &w) }
        // The members in the order `Changelog.encode(to:)` writes them, `from` only when set.
        w.append(byte: UInt8(ascii: "{"))
        member("chronik"); encode(Changelog.contractVersion, indent: 1, to: &w)
        member("title"); encode(head.title, indent: 1, to: &w)
        member("language"); encode(head.language, indent: 1, to: &w)
        member("mode"); encode(head.mode, indent: 1, to: &w)
        member("grouping"); encode(head.grouping, indent: 1, to: &w)
        member("to"); encode(VersionReference(head.to), indent: 1, to: &w)
        if let from = head.from { member("from"); encode(VersionReference(from), indent: 1, to: &w) }
        member("origin"); encode(VersionReference(head.origin, date: head.originDate), indent: 1, to: &w)
        member("collections"); encode(head.collections, indent: 1, to: &w)
        member("groups")
        if !head.outline.isEmpty { w.append(byte: UInt8(ascii: "[")) }
        return w.bytes
    }

    /// The group at `index` (from 0), with the comma before it.
    static func group(_ group: ChangelogGroup, index: Int, options: ChangelogRenderOptions) -> [UInt8] {
        var w = JSONByteWriter(capacity: capacity(entries: group.changes.entries.count, detail: options.detail))
        if index > 0 { w.append(byte: UInt8(ascii: ",")) }
        w.newline(indent: 2)
        if options.detail {
            encode(group, indent: 2, to: &w)
        } else {
            var blank = group
            blank.changes.removeBlocks()
            encode(blank, indent: 2, to: &w)
        }
        return w.bytes
    }

    /// `group(_:index:options:)` without `detail`, for a group whose change record is given as compact JSON without its
    /// blocks (as `ChangeRecordCache` stores it): the record is re-indented, not encoded again.
    static func group(_ group: ChangelogGroup, index: Int, compactChanges: [UInt8]) -> [UInt8] {
        var w = JSONByteWriter(capacity: compactChanges.count >= largeGroupBytes ? 2 * compactChanges.count : 0)
        if index > 0 { w.append(byte: UInt8(ascii: ",")) }
        w.newline(indent: 2)
        var members = 0
        func member(_ key: String) { memberKey(key, indent: 3, count: &members, to: &w) }
        // The members in the order `ChangelogGroup.encode(to:)` writes them, optionals when set.
        w.append(byte: UInt8(ascii: "{"))
        member("kind"); encode(group.kind, indent: 3, to: &w)
        if let release = group.release { member("release"); encode(release, indent: 3, to: &w) }
        member("commit"); encode(group.version, indent: 3, to: &w)
        if let base = group.base { member("base"); encode(VersionReference(base), indent: 3, to: &w) }
        member("date"); encode(group.date, indent: 3, to: &w)
        member("versions"); encode(group.versions, indent: 3, to: &w)
        member("contributors"); encode(group.contributors, indent: 3, to: &w)
        member("changes"); compactChanges.withUnsafeBufferPointer { w.appendReindented(compact: $0, indent: 3) }
        w.newline(indent: 2)
        w.append(byte: UInt8(ascii: "}"))
        return w.bytes
    }

    /// The bytes to reserve for the rendering of a group of `entries` changed entries: none for a small group (it
    /// grows as it is written); for a large one (a store's first version adds every entry: 77 MB of JSON for the
    /// 52,000 entries of the large bench store, about 1.5 KB each) room for 2 KiB an entry, 8 KiB with `detail`.
    /// Grown by doubling, the text was copied at each step, the old and the new buffer both in memory (64 + 128 MiB
    /// at the last step for that store, the run's peak); reserved, it is written in place. A buffer that large is
    /// mapped by the allocator on its own, and pages never written take no memory, so room reserved beyond the text
    /// costs none; a text larger than the room grows as before.
    static func capacity(entries: Int, detail: Bool) -> Int {
        guard entries >= largeGroupEntries else { return 0 }
        return entries * (detail ? 8 << 10 : 2 << 10)
    }

    /// From this many changed entries a group's rendering is reserved at once (see `capacity(entries:detail:)`).
    static let largeGroupEntries = 1_000
    /// From this many bytes of compact record a group's rendering is reserved at once (twice as much: the
    /// re-indented text is longer).
    static let largeGroupBytes = 1 << 20

    /// The end of the groups' list, and of the object.
    static func end(groupCount: Int) -> [UInt8] {
        var w = JSONByteWriter()
        if groupCount == 0 {
            w.append("[]")
        } else {
            w.newline(indent: 1)
            w.append(byte: UInt8(ascii: "]"))
        }
        w.newline(indent: 0)
        w.append("}\n")
        return w.bytes
    }
}

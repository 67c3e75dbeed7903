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
        var w = JSONByteWriter()
        var members = 0
        func member(_ key: String) {
            if members > 0 { w.append(byte: UInt8(ascii: ",")) }
            members += 1
            w.newline(indent: 1)
            w.writeKey(key)
        }
        func encode<T: Encodable>(_ value: T, indent: Int) {
            do {
                try w.encode(value, indent: indent)
            } catch {
                // The value holds only strings, numbers and JSON values: encoding cannot fail.
                preconditionFailure("a changelog is always encodable: \(error)")
            }
        }
        // The members in the order `Changelog` declares them (its synthesised `Codable`), `from` only when set.
        w.append(byte: UInt8(ascii: "{"))
        member("title"); encode(changelog.title, indent: 1)
        member("language"); encode(changelog.language, indent: 1)
        member("mode"); encode(changelog.mode, indent: 1)
        member("grouping"); encode(changelog.grouping, indent: 1)
        member("to"); encode(changelog.to, indent: 1)
        if let from = changelog.from { member("from"); encode(from, indent: 1) }
        member("origin"); encode(changelog.origin, indent: 1)
        member("originDate"); encode(changelog.originDate, indent: 1)
        member("collections"); encode(changelog.collections, indent: 1)
        member("groups")
        if changelog.groups.isEmpty {
            w.append("[]")
        } else {
            w.append(byte: UInt8(ascii: "["))
            for (k, group) in changelog.groups.enumerated() {
                if k > 0 { w.append(byte: UInt8(ascii: ",")) }
                w.newline(indent: 2)
                if options.detail {
                    encode(group, indent: 2)
                } else {
                    var blank = group
                    blank.changes.removeBlocks()
                    encode(blank, indent: 2)
                }
                try sink(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
            w.newline(indent: 1)
            w.append(byte: UInt8(ascii: "]"))
        }
        w.newline(indent: 0)
        w.append("}\n")
        try sink(w.bytes)
    }
}

import ChronikStore
import Foundation

/// What the checks across entries need from an entry: its references and unique values under its collection's
/// rules. Derived from the entry's bytes alone, so it can be cached by blob id.
struct EntrySummary: Sendable, Hashable {
    /// Per reference rule (in rule order): the ids the field names.
    var references: [[String]]
    /// Per unique rule (in rule order): the comparable key, nil when the field is absent.
    var unique: [String?]

    init(references: [[String]], unique: [String?]) {
        self.references = references
        self.unique = unique
    }

    init(_ checked: CheckedEntry, rules: CollectionRules) {
        references = rules.references.map { rule in
            let prefix = "/" + JSONPointer.escape(rule.field)
            return checked.references.filter { $0.pointer == prefix || $0.pointer.hasPrefix(prefix + "/") }.map(\.target.id)
        }
        unique = rules.unique.map { field in checked.uniqueValues.first { $0.field == field }?.key }
    }

    /// A stand-in for the checked entry, for the checks across entries: targets and keys without locations. An
    /// entry that turns out to have a problem there is checked again in full, so its findings carry locations.
    func checkedEntry(_ entry: EntryID, rules: CollectionRules) -> CheckedEntry {
        var result = CheckedEntry(entry: entry)
        for (rule, ids) in zip(rules.references, references) {
            // The pointer is not needed: an entry with a problem across entries is checked again in full.
            for id in ids { result.references.append(ReferenceUse(pointer: "", target: EntryID(collection: rule.target, id: id))) }
        }
        for (field, key) in zip(rules.unique, unique) {
            if let key { result.uniqueValues.append(UniqueValue(field: field, key: key, display: "", line: nil, column: nil)) }
        }
        return result
    }
}

/// What an entry's own check depends on besides its bytes: a stable hash (FNV-1a, 64 bits; never Swift's seeded
/// `Hasher`) of the validator's version, its options, the collection's settings in `chronik.yml`, the bytes of
/// every schema of the store (a schema may `$ref` any other) and the collection's store rules.
enum ValidationFingerprint {
    /// Bump whenever the result of checking one entry can change for the same bytes and schemas (the front
    /// matter reader, the JSON Schema validator, formats, the store rules, messages): old cache records then no
    /// longer match.
    static let validatorVersion = "chronik-entry-check 1"

    struct FNV1a64 {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01b3
            }
        }

        /// A field: its length first, so that `ab|c` and `a|bc` differ.
        mutating func field(_ text: String) {
            field(Data(text.utf8))
        }

        mutating func field(_ data: Data) {
            add(String(data.count).utf8)
            add(CollectionOfOne(0x1f))
            add(data)
            add(CollectionOfOne(0x1e))
        }

        var hex: String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }

    /// The hash of every schema file of a version (path and bytes, sorted by path).
    static func schemaFiles(_ files: [String: Data]) -> UInt64 {
        var hash = FNV1a64()
        for path in files.keys.sorted() {
            hash.field(path)
            hash.field(files[path] ?? Data())
        }
        return hash.value
    }

    /// The fingerprint of a collection's compiled rules under `limits`.
    static func collection(
        _ collection: CollectionConfig, allCollections: [String], schemaFiles: UInt64, rules: CollectionRules,
        formatAssertion: Bool
    ) -> String {
        var hash = FNV1a64()
        hash.field(validatorVersion)
        hash.field(formatAssertion ? "format-assertion" : "format-annotation")
        hash.field(collection.name)
        hash.field(collection.schema ?? "")
        hash.field(allCollections.sorted().joined(separator: "\n"))
        hash.field(String(schemaFiles, radix: 16))
        hash.field(rules.fingerprintText)
        return hash.hex
    }

    /// Adds the front matter limits (options of the validator) to a collection's fingerprint.
    static func withLimits(_ fingerprint: String, _ limits: FrontMatterLimits) -> String {
        var hash = FNV1a64()
        hash.field(fingerprint)
        for n in [limits.maxFileBytes, limits.maxFrontMatterBytes, limits.maxNodes, limits.maxKeysPerMapping, limits.maxDepth] {
            hash.field(String(n))
        }
        return hash.hex
    }
}

/// A cache of entry checks keyed by blob id and the collection's fingerprint (`ValidationFingerprint`), in
/// `.git/chronik/validation-cache`: an entry's own check (front matter, schema, date rules) and its summary
/// (references, unique values) depend only on its bytes and its collection's rules, like a build cache.
///
/// Two kinds of record: *valid* (the entry's own check found nothing; `chronik validate` then skips reading it)
/// and *summary* (only its references and unique values, for the checks `chronik commit` makes across entries;
/// the entry itself may have problems). Entries with problems are never recorded as valid, so their findings are
/// always computed afresh. Blobs never change, so a record cannot go stale; a changed schema, rule, setting or
/// validator changes the key. The cache is safe to delete, never committed (it lives inside `.git`), written to a
/// temporary file and renamed (a concurrent writer cannot leave a torn file), and ignored when it cannot be read,
/// parsed or written.
///
/// Format: a header line, then one line per record, `<blob>\t<fingerprint>\t<v|s>\t<column>…` (per reference
/// rule `r` + space-separated ids, per unique rule `=` + key or empty when absent), and last
/// `end\t<FNV-1a of all lines before it>`, so that a truncated or damaged file is not used. Ids and keys escape
/// `\`, tab, LF, CR and space as `\\`, `\t`, `\n`, `\r`, `\s`; the empty text is `\e`.
struct ReferenceCache {
    static let header = "chronik-validation-cache 2"
    static let footerPrefix = "end\t"

    struct Record: Sendable, Hashable {
        var summary: EntrySummary
        /// The entry's own check found no problem.
        var valid: Bool
    }

    let file: URL
    private(set) var records: [String: Record] = [:]
    private(set) var changed = false

    init(file: URL) {
        self.file = file
        guard let data = try? Data(contentsOf: file) else { return }
        records = Self.parse(data) ?? [:]
    }

    /// The records of a cache file; nil when the file is not a cache of this format (it is then rebuilt).
    /// Reads bytes directly: on a warm `chronik validate` this is most of the work.
    static func parse(_ data: Data) -> [String: Record]? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String: Record]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let tab = UInt8(ascii: "\t"), lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), backslash = UInt8(ascii: "\\")
            func text(_ range: Range<Int>) -> String {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                return slice.contains(backslash) ? unescape(Substring(String(decoding: slice, as: UTF8.self))) : String(decoding: slice, as: UTF8.self)
            }
            let headerBytes = Array(header.utf8) + [lf]
            guard bytes.count >= headerBytes.count, bytes.prefix(headerBytes.count).elementsEqual(headerBytes) else { return nil }
            // The last line is the checksum of everything before it: a truncated or damaged file is not used.
            guard bytes.last == lf, let footerStart = bytes.dropLast().lastIndex(of: lf).map({ $0 + 1 }),
                  footerStart >= headerBytes.count else { return nil }
            var hash = ValidationFingerprint.FNV1a64()
            hash.add(UnsafeBufferPointer(rebasing: bytes[..<footerStart]))
            guard String(decoding: UnsafeBufferPointer(rebasing: bytes[footerStart..<(bytes.count - 1)]), as: UTF8.self)
                == footerPrefix + hash.hex else { return nil }
            var records: [String: Record] = [:]
            var start = headerBytes.count
            while start < footerStart {
                var end = start
                while end < footerStart, bytes[end] != lf { end += 1 }
                defer { start = end + 1 }
                if end == start { continue }
                // Columns: blob, fingerprint, kind, then one per rule.
                var columns: [Range<Int>] = []
                var from = start
                for i in start...end where i == end || bytes[i] == tab {
                    columns.append(from..<i)
                    from = i + 1
                }
                guard columns.count >= 3, !columns[0].isEmpty, !columns[1].isEmpty, columns[2].count == 1 else { return nil }
                let valid: Bool
                switch bytes[columns[2].lowerBound] {
                case UInt8(ascii: "v"): valid = true
                case UInt8(ascii: "s"): valid = false
                default: return nil
                }
                var references: [[String]] = []
                var unique: [String?] = []
                for column in columns.dropFirst(3) {
                    guard let first = column.first else {
                        unique.append(nil)
                        continue
                    }
                    switch bytes[first] {
                    case UInt8(ascii: "r"):
                        var ids: [String] = []
                        var idStart = first + 1
                        for i in (first + 1)...column.upperBound where i == column.upperBound || bytes[i] == space {
                            if i > idStart { ids.append(text(idStart..<i)) }
                            idStart = i + 1
                        }
                        references.append(ids)
                    case UInt8(ascii: "="):
                        unique.append(text((first + 1)..<column.upperBound))
                    default:
                        return nil
                    }
                }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[columns[0].lowerBound..<columns[1].upperBound]), as: UTF8.self)
                records[key] = Record(summary: EntrySummary(references: references, unique: unique), valid: valid)
            }
            return records
        }
    }

    /// The record of a blob under a fingerprint, if its shape fits the rules.
    func record(blob: String, fingerprint: String, rules: CollectionRules) -> Record? {
        guard let record = records[blob + "\t" + fingerprint],
              record.summary.references.count == rules.references.count,
              record.summary.unique.count == rules.unique.count else { return nil }
        return record
    }

    /// Records a blob's summary; `valid` when its own check found no problem. A valid record is never downgraded.
    mutating func store(_ summary: EntrySummary, valid: Bool, blob: String, fingerprint: String) {
        let key = blob + "\t" + fingerprint
        let record = Record(summary: summary, valid: valid || records[key]?.valid == true)
        guard records[key] != record else { return }
        records[key] = record
        changed = true
    }

    /// Drops the records of blobs not in `blobs` and of fingerprints not in `fingerprints` (neither can be used
    /// by the version at hand), then writes the file when something changed: to a temporary file, then renamed.
    /// Failure to write is not an error: the cache is an optimisation.
    mutating func save(keepingBlobs keep: @autoclosure () -> Set<String>, fingerprints: Set<String>, blobCount: Int) {
        // Nothing new and no more records than blobs: leave the file as it is (pruning only bounds its size).
        guard changed || records.count > blobCount else { return }
        let blobs = keep()
        let before = records.count
        records = records.filter { key, _ in
            guard let tab = key.firstIndex(of: "\t") else { return false }
            return blobs.contains(String(key[..<tab])) && fingerprints.contains(String(key[key.index(after: tab)...]))
        }
        guard changed || records.count != before else { return }
        var text = Self.header + "\n"
        for (key, record) in records.sorted(by: { $0.key < $1.key }) {
            text += key
            text += record.valid ? "\tv" : "\ts"
            for ids in record.summary.references { text += "\tr" + ids.map(Self.escape).joined(separator: " ") }
            for key in record.summary.unique { text += "\t" + (key.map { "=" + Self.escape($0) } ?? "") }
            text += "\n"
        }
        var hash = ValidationFingerprint.FNV1a64()
        hash.add(text.utf8)
        text += Self.footerPrefix + hash.hex + "\n"
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: file, options: .atomic)
        changed = false
    }

    static func escape(_ s: String) -> String {
        if s.isEmpty { return "\\e" }
        guard s.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == " " }) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case " ": out += "\\s"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        guard s.utf8.contains(UInt8(ascii: "\\")) else { return String(s) }
        var out = ""
        var escaped = false
        for scalar in s.unicodeScalars {
            if escaped {
                switch scalar {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                case "s": out += " "
                case "e": break // the empty text
                default: out.unicodeScalars.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

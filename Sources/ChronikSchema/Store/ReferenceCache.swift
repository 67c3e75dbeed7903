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
        self.init(checked, rules: rules, prefixes: Self.referencePrefixes(rules))
    }

    /// `init(_:rules:)` with the rules' `referencePrefixes`, made once per collection rather than once per entry.
    init(_ checked: CheckedEntry, rules: CollectionRules, prefixes: [[UInt8]]) {
        // A use belongs to the rule when its pointer is the field's, or inside it (a list item). Compared as bytes:
        // pointers are the reader's own text, and `hasPrefix` would compare characters.
        references = prefixes.map { prefix in
            checked.references.compactMap { use in Self.pointer(use.pointer, isWithin: prefix) ? use.target.id : nil }
        }
        unique = rules.unique.map { field in checked.uniqueValues.first { $0.field == field }?.key }
    }

    /// The JSON Pointer of each reference rule's field, as bytes.
    static func referencePrefixes(_ rules: CollectionRules) -> [[UInt8]] {
        rules.references.map { Array(("/" + JSONPointer.escapedToken($0.field)).utf8) }
    }

    /// Whether `pointer` is `prefix` (never empty) or lies inside it, compared over the String's own buffer.
    static func pointer(_ pointer: String, isWithin prefix: [UInt8]) -> Bool {
        var pointer = pointer
        return pointer.withUTF8 { bytes in
            bytes.count >= prefix.count
                && prefix.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, prefix.count) == 0 }
                && (bytes.count == prefix.count || bytes[prefix.count] == UInt8(ascii: "/"))
        }
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
    static let validatorVersion = "chronik-entry-check 2"

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

/// A cache of entry checks, in `.git/chronik/validation-cache`: an entry's own check (front matter, schema, date
/// rules) and its summary (references, unique values) depend only on its bytes and its collection's rules
/// (`ValidationFingerprint`), like a build cache. The bytes are known without reading them in two ways:
///
/// - a stored entry by its *blob id* (`chronik validate --at`, `chronik commit`); blobs never change, so such a
///   record cannot go stale;
/// - a working tree file by its *path and stamp* (`FileStamp`: device, inode, size, mtime and ctime in
///   nanoseconds), recorded only when the stamp is settled (`FileStamp.isSettled`) and is the stamp of the bytes
///   that were read. One record per path: a file whose stamp differs is read and checked again.
///
/// Two kinds of record: *valid* (the entry's own check found nothing; `chronik validate` then skips reading it)
/// and *summary* (only its references and unique values, for the checks `chronik commit` makes across entries;
/// the entry itself may have problems). Entries with problems are never recorded as valid, so their findings are
/// always computed afresh. A changed schema, rule, setting or validator changes the fingerprint. The cache is safe
/// to delete, never committed (it lives inside `.git`), written to a temporary file and renamed (a concurrent
/// writer cannot leave a torn file), and ignored (then rewritten) when it cannot be read or parsed; failing to write
/// it is not an error.
///
/// Format: a header line, a line `c:<count>` when the last working tree run that wrote the file found no problem
/// and recorded all of its `<count>` entries (`cleanEntryCount`), lines `s:<key>` of sets of schemas found without problems (`StoreSchemas.setKey`: their
/// check against the meta-schema is then skipped), then one line per record, either `<blob>\t<fingerprint>\t<v|s><rules>` or
/// `f:<path>\t<device>.<inode>.<size>.<mtime>.<ctime>\t<fingerprint>\t<v|s><rules>`, where `<rules>` is per
/// reference rule a tab, `r` and space-separated ids, and per unique rule a tab and `=` + key, or nothing when
/// absent; last `end\t<FNV-1a of all lines before it>`, so that a truncated or damaged file is not used. Paths,
/// ids and keys escape `\`, tab, LF, CR and space as `\\`, `\t`, `\n`, `\r`, `\s`; the empty text is `\e`.
struct ReferenceCache: Sendable {
    static let header = "chronik-validation-cache 3"
    static let footerPrefix = "end\t"

    struct Record: Sendable, Hashable {
        var summary: EntrySummary
        /// The entry's own check found no problem.
        var valid: Bool
    }

    /// The record of a working tree file, valid while its stamp and fingerprint are these.
    struct FileRecord: Sendable, Hashable {
        var stamp: FileStamp
        var fingerprint: String
        var record: Record
    }

    /// The records of a cache file.
    struct Contents: Equatable {
        /// `<blob>\t<fingerprint>` -> record.
        var records: [String: Record] = [:]
        /// Working tree entry (its store path in the file) -> record.
        var files: [EntryID: FileRecord] = [:]
        /// Keys of sets of schemas found without problems (`StoreSchemas.setKey`).
        var schemaSets: Set<String> = []
        /// See `ReferenceCache.cleanEntryCount`.
        var cleanEntryCount: Int?
    }

    let file: URL
    private(set) var records: [String: Record] = [:]
    private(set) var files: [EntryID: FileRecord] = [:]
    private(set) var schemaSets: Set<String> = []
    private var schemaSetsUsed: Set<String> = []
    /// Set when the working tree run that wrote the file found no problem at all and left a file record for each
    /// of its entries, this many: a later run whose entries are exactly the records (as many, each under its
    /// stamp and fingerprint) has the same result.
    private(set) var cleanEntryCount: Int?
    private(set) var changed = false
    /// How many file records the file held when it was read: none (a cold run) means that every file record was
    /// stored by this run.
    private var filesRead = 0
    /// File records written out already (`storeWritten(_:)`), each a whole line of the file, and how many.
    private var writtenFiles: [[UInt8]] = []
    private var writtenFileCount = 0

    init(file: URL) {
        self.file = file
        guard let data = try? Data(contentsOf: file) else { return }
        if let contents = Self.parse(data) {
            records = contents.records
            files = contents.files
            filesRead = contents.files.count
            schemaSets = contents.schemaSets
            cleanEntryCount = contents.cleanEntryCount
        } else {
            // Not a cache of this format: replace it with one, even if nothing is recorded this time.
            changed = true
        }
    }

    /// The records of a cache file; nil when the file is not a cache of this format (it is then rebuilt).
    /// Reads bytes directly: on a warm `chronik validate` this is most of the work.
    static func parse(_ data: Data) -> Contents? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Contents? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let tab = UInt8(ascii: "\t"), lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), backslash = UInt8(ascii: "\\")
            func text(_ range: Range<Int>) -> String {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                return slice.contains(backslash) ? unescape(slice) : String(decoding: slice, as: UTF8.self)
            }
            // The few fingerprints and collection names of a store, each made a String once.
            func interned(_ slice: UnsafeBufferPointer<UInt8>, in known: inout [(bytes: [UInt8], text: String)]) -> String {
                for k in known where k.bytes.count == slice.count {
                    if k.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, slice.baseAddress!, slice.count) == 0 }) {
                        return k.text
                    }
                }
                let new = String(decoding: slice, as: UTF8.self)
                known.append((Array(slice), new))
                return new
            }
            var fingerprints: [(bytes: [UInt8], text: String)] = []
            func fingerprint(_ range: Range<Int>) -> String { interned(UnsafeBufferPointer(rebasing: bytes[range]), in: &fingerprints) }
            /// `device.inode.size.mtime.ctime`, in one pass; sizes and times may be negative.
            func stamp(_ range: Range<Int>) -> FileStamp? {
                var parts: (UInt64, UInt64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
                var part = 0
                var i = range.lowerBound
                while part < 5 {
                    let negative = part >= 2 && i < range.upperBound && bytes[i] == UInt8(ascii: "-")
                    if negative { i += 1 }
                    var value: UInt64 = 0
                    var digits = 0
                    while i < range.upperBound, bytes[i] != UInt8(ascii: ".") {
                        let digit = bytes[i] &- UInt8(ascii: "0")
                        guard digit < 10, digits < 19 else { return nil }
                        value = value &* 10 &+ UInt64(digit)
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    if part >= 2 {
                        guard value <= UInt64(Int64.max) else { return nil }
                        let signed = negative ? -Int64(value) : Int64(value)
                        switch part {
                        case 2: parts.2 = signed
                        case 3: parts.3 = signed
                        default: parts.4 = signed
                        }
                    } else if part == 0 {
                        parts.0 = value
                    } else {
                        parts.1 = value
                    }
                    part += 1
                    if part < 5 {
                        guard i < range.upperBound else { return nil }
                        i += 1 // the dot
                    }
                }
                guard i == range.upperBound else { return nil }
                return FileStamp(device: parts.0, inode: parts.1, size: parts.2, modified: parts.3, changed: parts.4)
            }
            var collectionNames: [(bytes: [UInt8], text: String)] = []
            func collection(_ slice: UnsafeBufferPointer<UInt8>) -> String { interned(slice, in: &collectionNames) }
            func entry(_ range: Range<Int>) -> EntryID? {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                guard !slice.contains(backslash) else { return entryID(text(range)) }
                guard let slash = slice.firstIndex(of: UInt8(ascii: "/")), slash > 0, slice.count - slash > 4,
                      slice.suffix(3).elementsEqual(".md".utf8) else { return nil }
                return EntryID(collection: collection(UnsafeBufferPointer(rebasing: slice[..<slash])),
                               id: String(decoding: slice[(slash + 1)..<(slice.count - 3)], as: UTF8.self))
            }
            let headerBytes = Array(header.utf8) + [lf]
            guard bytes.count >= headerBytes.count, bytes.prefix(headerBytes.count).elementsEqual(headerBytes) else { return nil }
            // The last line is the checksum of everything before it: a truncated or damaged file is not used.
            guard bytes.last == lf, let footerStart = bytes.dropLast().lastIndex(of: lf).map({ $0 + 1 }),
                  footerStart >= headerBytes.count else { return nil }
            let sum = checksum(UnsafeRawBufferPointer(rebasing: raw[..<footerStart]))
            guard String(decoding: UnsafeBufferPointer(rebasing: bytes[footerStart..<(bytes.count - 1)]), as: UTF8.self)
                == footerPrefix + hex(sum) else { return nil }
            var contents = Contents()
            /// The first `byte` in `start..<end`, or `end` (memchr).
            func next(_ byte: UInt8, from start: Int, before end: Int) -> Int {
                guard start < end, let found = memchr(bytes.baseAddress! + start, Int32(byte), end - start) else { return end }
                return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            func lineEnd(from start: Int) -> Int { next(lf, from: start, before: footerStart) }
            // One record a line: room for all of them at once, rather than growing the tables step by step.
            var lines = 0
            var at = headerBytes.count
            while at < footerStart {
                at = lineEnd(from: at) + 1
                lines += 1
            }
            contents.files.reserveCapacity(lines)
            var start = headerBytes.count
            var columns: [Range<Int>] = []
            while start < footerStart {
                let end = lineEnd(from: start)
                defer { start = end + 1 }
                if end == start { continue }
                if end - start > 2, bytes[start] == UInt8(ascii: "c"), bytes[start + 1] == UInt8(ascii: ":") {
                    var count = 0
                    for i in (start + 2)..<end {
                        let digit = bytes[i] &- UInt8(ascii: "0")
                        guard digit < 10, count < Int.max / 10 - 10 else { return nil }
                        count = count * 10 + Int(digit)
                    }
                    contents.cleanEntryCount = count
                    continue
                }
                if end - start > 2, bytes[start] == UInt8(ascii: "s"), bytes[start + 1] == UInt8(ascii: ":") {
                    let key = UnsafeBufferPointer(rebasing: bytes[(start + 2)..<end])
                    guard !key.contains(tab) else { return nil }
                    contents.schemaSets.insert(String(decoding: key, as: UTF8.self))
                    continue
                }
                // Columns: blob, fingerprint, kind, then one per rule; or path, stamp, fingerprint, kind, rules.
                columns.removeAll(keepingCapacity: true)
                var from = start
                while true {
                    let to = next(tab, from: from, before: end)
                    columns.append(from..<to)
                    if to == end { break }
                    from = to + 1
                }
                let isFile = columns[0].count > 2 && bytes[columns[0].lowerBound] == UInt8(ascii: "f")
                    && bytes[columns[0].lowerBound + 1] == UInt8(ascii: ":")
                let kindColumn = isFile ? 3 : 2
                guard columns.count > kindColumn, !columns[0].isEmpty, !columns[1].isEmpty, columns[kindColumn].count == 1
                else { return nil }
                if isFile, columns[2].isEmpty { return nil }
                let valid: Bool
                switch bytes[columns[kindColumn].lowerBound] {
                case UInt8(ascii: "v"): valid = true
                case UInt8(ascii: "s"): valid = false
                default: return nil
                }
                var references: [[String]] = []
                var unique: [String?] = []
                references.reserveCapacity(columns.count - kindColumn - 1)
                unique.reserveCapacity(columns.count - kindColumn - 1)
                for column in columns[(kindColumn + 1)...] {
                    guard let first = column.first else {
                        unique.append(nil)
                        continue
                    }
                    switch bytes[first] {
                    case UInt8(ascii: "r"):
                        var ids: [String] = []
                        // One allocation for the list: its length is the number of spaces plus one.
                        var count = column.count > 1 ? 1 : 0
                        var at = next(space, from: first + 1, before: column.upperBound)
                        while at < column.upperBound {
                            count += 1
                            at = next(space, from: at + 1, before: column.upperBound)
                        }
                        ids.reserveCapacity(count)
                        var idStart = first + 1
                        while idStart < column.upperBound {
                            let idEnd = next(space, from: idStart, before: column.upperBound)
                            if idEnd > idStart { ids.append(text(idStart..<idEnd)) }
                            idStart = idEnd + 1
                        }
                        references.append(ids)
                    case UInt8(ascii: "="):
                        unique.append(text((first + 1)..<column.upperBound))
                    default:
                        return nil
                    }
                }
                let record = Record(summary: EntrySummary(references: references, unique: unique), valid: valid)
                if isFile {
                    guard let stamp = stamp(columns[1]) else { return nil }
                    guard let entry = entry(columns[0].lowerBound + 2..<columns[0].upperBound) else { return nil }
                    contents.files[entry] = FileRecord(stamp: stamp, fingerprint: fingerprint(columns[2]), record: record)
                } else {
                    let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[columns[0].lowerBound..<columns[1].upperBound]), as: UTF8.self)
                    contents.records[key] = record
                }
            }
            return contents
        }
    }

    /// The checksum in the last line: the one every cache record carries (`Checksum` in ChronikStore).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        Checksum.of(bytes)
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The entry of a store path `<collection>/<id>.md`, as `EntryID.path` writes it.
    static func entryID(_ path: String) -> EntryID? {
        guard let slash = path.firstIndex(of: "/"), path.hasSuffix(".md") else { return nil }
        let id = path[path.index(after: slash)...].dropLast(3)
        guard slash > path.startIndex, !id.isEmpty else { return nil }
        return EntryID(collection: String(path[..<slash]), id: String(id))
    }

    /// A record fits a collection's rules when it has a column for each.
    private static func fits(_ record: Record, _ rules: CollectionRules) -> Bool {
        record.summary.references.count == rules.references.count && record.summary.unique.count == rules.unique.count
    }

    /// The record of a blob under a fingerprint, if its shape fits the rules.
    func record(blob: String, fingerprint: String, rules: CollectionRules) -> Record? {
        guard let record = records[blob + "\t" + fingerprint], Self.fits(record, rules) else { return nil }
        return record
    }

    /// The record of a working tree file, if it was made for this stamp and fingerprint and fits the rules.
    func record(entry: EntryID, stamp: FileStamp, fingerprint: String, rules: CollectionRules) -> Record? {
        files[entry].flatMap { Self.record($0, stamp: stamp, fingerprint: fingerprint, rules: rules) }
    }

    /// The record in `file`, if it was made for this stamp and fingerprint and fits the rules.
    static func record(_ file: FileRecord, stamp: FileStamp, fingerprint: String, rules: CollectionRules) -> Record? {
        guard file.stamp == stamp, file.fingerprint == fingerprint, fits(file.record, rules) else { return nil }
        return file.record
    }

    /// Records a blob's summary; `valid` when its own check found no problem. A valid record is never downgraded.
    mutating func store(_ summary: EntrySummary, valid: Bool, blob: String, fingerprint: String) {
        let key = blob + "\t" + fingerprint
        let record = Record(summary: summary, valid: valid || records[key]?.valid == true)
        guard records[key] != record else { return }
        records[key] = record
        changed = true
    }

    /// Records a working tree file's summary under its stamp (which must be the stamp of the bytes checked, and
    /// settled); replaces the path's earlier record.
    mutating func store(_ summary: EntrySummary, valid: Bool, entry: EntryID, stamp: FileStamp, fingerprint: String) {
        let record = FileRecord(stamp: stamp, fingerprint: fingerprint, record: Record(summary: summary, valid: valid))
        // One look-up: the record put in, the one it replaced compared after.
        if let replaced = files.updateValue(record, forKey: entry), replaced == record { return }
        changed = true
    }

    /// Whether a set of schemas (`StoreSchemas.setKey`) is recorded as free of problems.
    mutating func vouches(forSchemas key: String) -> Bool {
        schemaSetsUsed.insert(key)
        return schemaSets.contains(key)
    }

    /// Whether the cache file `file` records the set of schemas `key` as free of problems, as `vouches(forSchemas:)`
    /// of the file read in full says, without parsing its records: the header, the checksum of everything before
    /// the last line, and its `s:` lines (a commit checks a few entries; the cache of a large store holds a record
    /// for each of thousands).
    static func vouches(forSchemas key: String, file: URL) -> Bool {
        guard let data = try? Data(contentsOf: file) else { return false }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            let lf = UInt8(ascii: "\n")
            let headerBytes = Array(header.utf8) + [lf]
            guard bytes.count >= headerBytes.count, bytes.prefix(headerBytes.count).elementsEqual(headerBytes) else { return false }
            guard bytes.last == lf, let footerStart = bytes.dropLast().lastIndex(of: lf).map({ $0 + 1 }),
                  footerStart >= headerBytes.count else { return false }
            let sum = checksum(UnsafeRawBufferPointer(rebasing: raw[..<footerStart]))
            guard String(decoding: UnsafeBufferPointer(rebasing: bytes[footerStart..<(bytes.count - 1)]), as: UTF8.self)
                == footerPrefix + hex(sum) else { return false }
            let wanted = Array(("s:" + key).utf8)
            var start = headerBytes.count
            while start < footerStart {
                let end = memchr(bytes.baseAddress! + start, Int32(lf), footerStart - start)
                    .map { bytes.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? footerStart
                if end - start == wanted.count, UnsafeBufferPointer(rebasing: bytes[start..<end]).elementsEqual(wanted) { return true }
                start = end + 1
            }
            return false
        }
    }

    /// Records a set of schemas as free of problems (checked against the meta-schema and the custom keywords'
    /// rules, and compiled).
    mutating func vouch(forSchemas key: String) {
        schemaSetsUsed.insert(key)
        if schemaSets.insert(key).inserted { changed = true }
    }

    /// Room for `count` more file records at once (a cold run records every entry: the table would grow a dozen
    /// times, hashing every entry again each time).
    mutating func reserveFiles(_ count: Int) {
        files.reserveCapacity(files.count + count)
    }

    /// Whether the file held no file record and none was stored since: then every file record this run stores is
    /// new, and may come written out already (`storeWritten(_:)`).
    var hasNoFileRecords: Bool { filesRead == 0 && files.isEmpty && writtenFileCount == 0 }

    /// The line of the file that `store(_:valid:entry:stamp:fingerprint:)` with the same values leads `save` to
    /// write; made where the entry was checked, on any thread.
    static func fileRecordLine(_ summary: EntrySummary, valid: Bool, entry: EntryID, stamp: FileStamp, fingerprint: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        appendFileRecord(entry, FileRecord(stamp: stamp, fingerprint: fingerprint, record: Record(summary: summary, valid: valid)), to: &out)
        return out
    }

    /// `fileRecordLine(EntrySummary(checked, rules: rules, prefixes: prefixes), valid: true, entry: checked.entry,
    /// stamp: stamp, fingerprint: fingerprint)`: the same bytes, written from the checked entry itself. A cold
    /// `chronik validate` writes 5,000 of these on the checking threads; the summary's arrays (an array of ids per
    /// reference rule, an optional key per unique rule), the line grown past its first 160 bytes (the median line is
    /// 165 bytes long), an append with its checks for every piece and a String made by `escape` for every key with a
    /// space were most of the records' 5.8 % of the run's CPU (issue 19). Here the line is written through a pointer
    /// into room on the stack (`LineWriter`) and copied once into an array of its length. `FileRecordLineTests` hold
    /// the two to each other on seeded entries.
    static func fileRecordLine(_ checked: CheckedEntry, rules: CollectionRules, prefixes: [[UInt8]], stamp: FileStamp,
                               fingerprint: String) -> [UInt8] {
        let entry = checked.entry
        // Room for the longest line these values can make: every text escaped at two bytes a byte (or `\e`, empty),
        // each id once per rule it could belong to, and the stamp's five numbers at 20 digits and a sign each.
        // (The key: `f:`, then the path `<collection>/<id>.md` escaped whole, or its two parts escaped and the rest.)
        var room = 2 + 2 * (entry.collection.utf8.count + entry.id.utf8.count + 4) + 4
            + 1 + 5 * 21 + 4 + 1 + fingerprint.utf8.count + 2 + 1
        var ids = 0
        for use in checked.references { ids += LineWriter.escapedRoom(use.target.id) + 1 }
        room += prefixes.count * (2 + ids)
        for value in checked.uniqueValues { room += LineWriter.escapedRoom(value.key) + 1 }
        room += rules.unique.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer -> [UInt8] in
            var out = LineWriter(buffer.baseAddress!)
            // `appendFileRecord`: the key, the stamp, the fingerprint.
            out.byte(UInt8(ascii: "f"))
            out.byte(UInt8(ascii: ":"))
            if entry.collection.isEmpty || entry.id.isEmpty {
                out.escaped(entry.path)
            } else {
                out.escaped(entry.collection)
                out.byte(UInt8(ascii: "/"))
                out.escaped(entry.id)
                out.byte(UInt8(ascii: "."))
                out.byte(UInt8(ascii: "m"))
                out.byte(UInt8(ascii: "d"))
            }
            out.byte(UInt8(ascii: "\t"))
            out.stamp(stamp)
            out.byte(UInt8(ascii: "\t"))
            out.plain(fingerprint)
            // `write(_:to:)` of the record, valid.
            out.byte(UInt8(ascii: "\t"))
            out.byte(UInt8(ascii: "v"))
            for prefix in prefixes {
                out.byte(UInt8(ascii: "\t"))
                out.byte(UInt8(ascii: "r"))
                // The ids of the uses within the rule's field, in order (`EntrySummary.init`).
                var first = true
                for use in checked.references where EntrySummary.pointer(use.pointer, isWithin: prefix) {
                    if !first { out.byte(UInt8(ascii: " ")) }
                    first = false
                    out.escaped(use.target.id)
                }
            }
            for field in rules.unique {
                out.byte(UInt8(ascii: "\t"))
                // The first value of the field (`EntrySummary.init`).
                for value in checked.uniqueValues where value.field == field {
                    out.byte(UInt8(ascii: "="))
                    out.escaped(value.key)
                    break
                }
            }
            out.byte(UInt8(ascii: "\n"))
            let count = buffer.baseAddress!.distance(to: out.at)
            precondition(count <= room, "a file record line longer than its room")
            return [UInt8](UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes a line byte by byte through a pointer into room made for it (`fileRecordLine(_:rules:prefixes:stamp:
    /// fingerprint:)`), as `appendEscaped`, `appendBytes` and `FileStamp.write` append to an array.
    private struct LineWriter {
        var at: UnsafeMutablePointer<UInt8>

        init(_ start: UnsafeMutablePointer<UInt8>) { at = start }

        /// The most bytes `escaped(s)` writes: two for each byte, or two for the empty text (`\e`).
        static func escapedRoom(_ s: String) -> Int { max(2, 2 * s.utf8.count) }

        @inline(__always) mutating func byte(_ b: UInt8) {
            at.pointee = b
            at += 1
        }

        /// `appendBytes`: the UTF-8 bytes of `s`.
        mutating func plain(_ s: String) {
            let copied: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
                if let base = bytes.baseAddress { at.update(from: base, count: bytes.count) }
                at += bytes.count
            }
            if copied == nil {
                for b in s.utf8 { byte(b) }
            }
        }

        /// `appendEscaped`: the bytes of `escape(s)`. Its five escapes are of ASCII characters, so they are made byte
        /// by byte: every other byte, and so every other scalar, is written as it is.
        mutating func escaped(_ s: String) {
            if s.isEmpty {
                byte(UInt8(ascii: "\\"))
                byte(UInt8(ascii: "e"))
                return
            }
            @inline(__always) func one(_ b: UInt8, _ out: inout LineWriter) {
                switch b {
                case UInt8(ascii: "\\"): out.byte(b); out.byte(b)
                case UInt8(ascii: "\t"): out.byte(UInt8(ascii: "\\")); out.byte(UInt8(ascii: "t"))
                case UInt8(ascii: "\n"): out.byte(UInt8(ascii: "\\")); out.byte(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): out.byte(UInt8(ascii: "\\")); out.byte(UInt8(ascii: "r"))
                case UInt8(ascii: " "): out.byte(UInt8(ascii: "\\")); out.byte(UInt8(ascii: "s"))
                default: out.byte(b)
                }
            }
            let written: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
                for b in bytes { one(b, &self) }
            }
            if written == nil {
                for b in s.utf8 { one(b, &self) }
            }
        }

        /// `FileStamp.write(to:)`: `device.inode.size.mtime.ctime` in decimal.
        mutating func stamp(_ stamp: FileStamp) {
            decimal(stamp.device)
            byte(UInt8(ascii: "."))
            decimal(stamp.inode)
            byte(UInt8(ascii: "."))
            signed(stamp.size)
            byte(UInt8(ascii: "."))
            signed(stamp.modified)
            byte(UInt8(ascii: "."))
            signed(stamp.changed)
        }

        mutating func signed(_ value: Int64) {
            if value < 0 { byte(UInt8(ascii: "-")) }
            decimal(value.magnitude)
        }

        /// `value` in decimal: its digits counted first, then written from the last, two a division (the times have
        /// 19 digits: half the divisions of one digit a step).
        mutating func decimal(_ value: UInt64) {
            var digits = 1
            var bound: UInt64 = 10
            while digits < 20, value >= bound {
                digits += 1
                if digits < 20 { bound &*= 10 }
            }
            var end = at + digits
            at = end
            var rest = value
            while rest >= 100 {
                let (quotient, pair) = rest.quotientAndRemainder(dividingBy: 100)
                end -= 2
                end[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: pair / 10)
                end[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: pair % 10)
                rest = quotient
            }
            if rest >= 10 {
                end -= 2
                end[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / 10)
                end[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            } else {
                end -= 1
                end[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
            }
        }
    }

    /// Stores working tree file records given as their lines (`fileRecordLine`), one per entry, when the cache has
    /// no file record (`hasNoFileRecords`): a cold `chronik validate` writes the record of each of thousands of
    /// entries on the thread that checked it, instead of hashing them into `files` and writing them out from there
    /// on the run's serial end. They are not in `files` (nothing of this run looks them up); `save` writes them.
    mutating func storeWritten(_ lines: [[UInt8]]) {
        precondition(hasNoFileRecords, "file records written out are stored only into a cache without file records")
        guard !lines.isEmpty else { return }
        writtenFiles = lines
        writtenFileCount = lines.count
        changed = true
    }

    /// Drops a working tree file's record (its bytes changed and are not recorded anew).
    mutating func forget(entry: EntryID) {
        if files.removeValue(forKey: entry) != nil { changed = true }
    }

    /// Drops the records the version at hand cannot use, then writes the file when something changed: to a
    /// temporary file, then renamed. `blobs` (for a stored version): the number of its blobs and their set, to
    /// keep only their records; `files` (for the working tree): how many of its entries have a record (when there
    /// are more records, some are of entries that are gone) and a test for its entries, to keep only their
    /// records; records of the kind not given are left as they are. Records of fingerprints not in
    /// `fingerprints` are dropped too. Failure to write is not an error: the cache is an optimisation.
    mutating func save(
        blobs: (count: Int, set: () -> Set<String>)?,
        files entries: (recorded: Int, contains: (EntryID) -> Bool, clean: Int?)?,
        fingerprints: Set<String>
    ) {
        var pruned = false
        // Pruning only bounds the file's size: with nothing new and no more records than the version has
        // entries, the file is left as it is.
        if let blobs, records.count > blobs.count || changed {
            let keep = blobs.set()
            let before = records.count
            records = records.filter { key, _ in
                guard let tab = key.firstIndex(of: "\t") else { return false }
                return keep.contains(String(key[..<tab])) && fingerprints.contains(String(key[key.index(after: tab)...]))
            }
            pruned = pruned || records.count != before
        }
        // File records stored by this run alone (none was read from the file) are of the version's entries under
        // its fingerprints, as `StoreValidator.validate` stores them: nothing to prune (a look-up per entry, 1 %
        // of a cold `validate`, on its serial end).
        assert(filesRead > 0 || entries == nil || files.allSatisfy { entries!.contains($0.key) && fingerprints.contains($0.value.fingerprint) },
               "a file record stored for an entry the version has not, or under another fingerprint")
        if let entries, filesRead > 0, files.count > entries.recorded || changed {
            // Removed in place: rebuilding the table would hash every entry again.
            let gone = files.filter { entry, file in !entries.contains(entry) || !fingerprints.contains(file.fingerprint) }.keys
            for entry in gone { files.removeValue(forKey: entry) }
            pruned = pruned || !gone.isEmpty
        }
        // A working tree run: whether its entries are all recorded after a run without problems (once pruned, or
        // when no pruning was due, the records are of its entries alone, so the counts tell).
        if let entries {
            let clean = entries.clean.flatMap { files.count + writtenFileCount == $0 ? $0 : nil }
            if clean != cleanEntryCount {
                cleanEntryCount = clean
                pruned = true
            }
        }
        // Sets of schemas: a few versions' worth, the ones of this run first.
        if schemaSets.count > 8 {
            schemaSets = schemaSets.intersection(schemaSetsUsed)
            pruned = true
        }
        guard changed || pruned else { return }
        var out: [UInt8] = []
        out.reserveCapacity(64 + records.count * 100 + files.count * 140)
        out.append(contentsOf: Self.header.utf8)
        out.append(UInt8(ascii: "\n"))
        if let cleanEntryCount { out.append(contentsOf: "c:\(cleanEntryCount)\n".utf8) }
        for key in schemaSets.sorted() {
            out.append(contentsOf: "s:".utf8)
            out.append(contentsOf: key.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        // In no particular order (sorting thousands of paths would cost more than writing them).
        for (key, record) in records {
            out.append(contentsOf: key.utf8)
            Self.write(record, to: &out)
        }
        // The file records of thousands of entries (a cold `validate` writes one for each) in two halves, one per
        // core, joined in the table's order: the same bytes as in one pass, in half the time of the run's last
        // serial step.
        if files.count >= 2_048, ParallelWork.defaultThreads > 1 {
            let table = files
            let middle = table.index(table.startIndex, offsetBy: table.count / 2)
            let (first, second) = inParallel({ Self.fileRecords(table[table.startIndex..<middle]) },
                                             { Self.fileRecords(table[middle..<table.endIndex]) })
            out.append(contentsOf: first)
            out.append(contentsOf: second)
        } else if !files.isEmpty {
            // (Not for an empty table, as on a cold run: the slice's generic type was made at run time on its first
            // use, a scan of the program's conformances, 0.2–0.3 ms of the run's serial end for nothing.)
            out.append(contentsOf: Self.fileRecords(files[files.startIndex..<files.endIndex]))
        }
        // The folder is made by one `mkdir` where its parent is there (`.git`, always, for a store): Foundation's
        // recursive creation looked at every folder of the path first (0.5 ms of a cold run's serial end).
        let folder = file.deletingLastPathComponent()
        if mkdir(folder.path, 0o777) != 0, errno != EEXIST {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        if writtenFiles.isEmpty {
            let sum = out.withUnsafeBytes { Self.checksum($0) }
            out.append(contentsOf: (Self.footerPrefix + Self.hex(sum) + "\n").utf8)
            out.withUnsafeBytes { Self.replace(file, with: $0) }
        } else {
            // The lines written out on the checking threads (a cold run's, one per entry) go to the file from where
            // they are, through one buffer, rather than joined after the rest first (`ChunkedFile`).
            let lines = writtenFiles
            Self.replace(file) { chunked in
                chunked.append(out)
                for line in lines { chunked.append(line) }
                let sum = chunked.checksum()
                chunked.append(Array((Self.footerPrefix + Self.hex(sum) + "\n").utf8))
            }
        }
        changed = false
    }

    /// Writes `bytes` over `file` through a temporary file renamed into place (`Descriptor.replaceCacheFile`), not
    /// synced: the cache's last line is a checksum of the rest, so a file a crash left short or damaged is not used but
    /// rewritten. Foundation's atomic write synced it first (`fsync`), which kept a cold `validate` of 5,000 entries
    /// waiting 1–2 ms for the disk at its very end (issue 19).
    static func replace(_ file: URL, with bytes: UnsafeRawBufferPointer) {
        Descriptor.replaceCacheFile(file.path, with: bytes, mode: 0o666)
    }

    /// `replace(_:with:)` of the bytes `writing` appends (`Descriptor.replaceCacheFile(_:mode:writing:)`).
    static func replace(_ file: URL, writing: (inout ChunkedFile) -> Void) {
        Descriptor.replaceCacheFile(file.path, mode: 0o666, writing: writing)
    }

    /// A record's columns after its key: kind, then references and unique keys.
    private static func write(_ record: Record, to out: inout [UInt8]) {
        out.append(contentsOf: record.valid ? "\tv".utf8 : "\ts".utf8)
        for ids in record.summary.references {
            out.append(contentsOf: "\tr".utf8)
            for (i, id) in ids.enumerated() {
                if i > 0 { out.append(UInt8(ascii: " ")) }
                appendEscaped(id, to: &out)
            }
        }
        for key in record.summary.unique {
            out.append(UInt8(ascii: "\t"))
            if let key {
                out.append(UInt8(ascii: "="))
                appendEscaped(key, to: &out)
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// The lines of working tree file records.
    private static func fileRecords(_ files: Slice<[EntryID: FileRecord]>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(files.count * 140)
        for (entry, file) in files { appendFileRecord(entry, file, to: &out) }
        return out
    }

    /// The line of one working tree file record.
    private static func appendFileRecord(_ entry: EntryID, _ file: FileRecord, to out: inout [UInt8]) {
        appendPath(entry, to: &out)
        out.append(UInt8(ascii: "\t"))
        file.stamp.write(to: &out)
        out.append(UInt8(ascii: "\t"))
        appendBytes(file.fingerprint, to: &out)
        write(file.record, to: &out)
    }

    /// A file record's key: `f:` and the entry's path, escaped.
    private static func appendPath(_ entry: EntryID, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "f"))
        out.append(UInt8(ascii: ":"))
        if entry.collection.isEmpty || entry.id.isEmpty {
            appendEscaped(entry.path, to: &out)
        } else {
            // `escape(entry.path)`, without building the path first.
            appendEscaped(entry.collection, to: &out)
            out.append(UInt8(ascii: "/"))
            appendEscaped(entry.id, to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "m"))
            out.append(UInt8(ascii: "d"))
        }
    }

    /// Whether a byte is one `escape` replaces (all are below `!` but the backslash, so one comparison with a bound
    /// settles most bytes).
    @inline(__always) private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || (byte <= UInt8(ascii: " ") && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")))
    }

    /// Appends `escape(s)`'s bytes: those of `s` itself, copied from its own buffer, when nothing in it needs
    /// escaping (every id, key and path of a generated store): the cache's records of 5,000 entries are written on
    /// the serial end of a cold `chronik validate`, where a String per field and the generic append of its UTF-8
    /// view were a third of writing them. `CacheEscapeTests` hold it to `escape`.
    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        if !s.isEmpty, s.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            guard !bytes.contains(where: needsEscape) else { return false }
            out.append(contentsOf: bytes)
            return true
        }) == true { return }
        appendBytes(escape(s), to: &out)
    }

    /// Appends the UTF-8 bytes of `s` from its own buffer.
    static func appendBytes(_ s: String, to out: inout [UInt8]) {
        if s.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil { out.append(contentsOf: s.utf8) }
    }

    static func escape(_ s: String) -> String {
        if s.isEmpty { return "\\e" }
        // The five characters are ASCII, so a look at the bytes suffices (and is much faster than at the scalars);
        // over the String's own buffer, one byte compared with a bound first (every byte to escape is below `!` but
        // the backslash): the generic `contains(where:)` over the UTF-8 view was 1 % of a cold validate's CPU.
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains(where: needsEscape) }
            ?? !s.utf8.contains(where: needsEscape)
        guard !plain else { return s }
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

    /// Undoes `escape` on UTF-8 bytes (the escapes are ASCII, so they are undone on the bytes).
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        for byte in bytes {
            if escaped {
                switch byte {
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "s"): out.append(UInt8(ascii: " "))
                case UInt8(ascii: "e"): break // the empty text
                default: out.append(byte)
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

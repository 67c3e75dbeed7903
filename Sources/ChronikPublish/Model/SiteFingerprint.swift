import ChronikChangelog
import ChronikDiff
import ChronikStore

// Fingerprints of what a page is rendered from (issue 15, "Incremental"): an incremental publish renders a file
// only when the fingerprint of its inputs differs from the one the previous publish recorded for it
// (`SitePublishCache`), and keeps the previous file otherwise. So a fingerprint must cover *everything* the file's
// renderer reads; it may cover more (that costs a render, never a wrong page). Each file kind's inputs are listed
// where the file is planned (`SitePages.plan`, `SiteData.plan`); what every page shares is `site(...)`.
//
// A fingerprint is two 64-bit sums over a length-prefixed serialisation of the inputs: ChronikStore's `Checksum`
// (FNV-1a's step over words) and a multiply-xorshift mix over words (the tail bytes and the length in a last word),
// from different starting states. Not cryptographic: a collision would keep a stale page; with 128 bits over a few
// thousand pages per publish that is not a practical risk. (The second sum was FNV-1a over bytes until inc15d: its
// byte loop was 3 % of an incremental publish of the medium store; the fingerprints changed with it, so the first
// publish after renders every file once.)

/// A stable fingerprint of the inputs of one site file.
struct SiteFingerprint: Hashable, Sendable {
    /// Bumped whenever the renderers' output changes for the same model (a new template, a label, a fix): every
    /// page's fingerprint changes with it, so a site published by an older chronik is rendered again as a whole.
    /// `SitePublishCacheTests` holds the checksum of the sample site's files next to this number, so a change in
    /// the output that forgets to bump it fails there.
    /// 3 (issue 18): the JSON files as documents of the JSON contract.
    static let rendererRevision = 3

    private(set) var words: UInt64 = Checksum.initial
    private(set) var bytes: UInt64 = 0x84222325cbf29ce4

    init() {}

    init(words: UInt64, bytes: UInt64) {
        self.words = words
        self.bytes = bytes
    }

    init(_ build: (inout SiteFingerprint) -> Void) {
        build(&self)
    }

    /// `Checksum.of(buffer, continuing: words)` and the mix over words, in one pass over the words, without a call
    /// into another module per part (a fingerprint adds tens of small parts per entry: the calls were a third of the
    /// fingerprints' time in an incremental publish of the medium store, inc15k). `SiteFingerprintTests` holds it to
    /// `Checksum.of` and the mix made separately (`reference(adding:)`).
    mutating func add(raw buffer: UnsafeRawBufferPointer) {
        var w = words
        var h = bytes
        var i = 0
        while i + 8 <= buffer.count {
            let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            w = (w ^ word) &* Self.checksumPrime
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < buffer.count {
            let byte = UInt64(buffer[i])
            w = (w ^ byte) &* Self.checksumPrime
            tail |= byte << shift
            shift += 8
            i += 1
        }
        let count = UInt64(buffer.count)
        words = (w ^ count) &* Self.checksumPrime
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        h = (h ^ count) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        bytes = h
    }

    /// `Checksum`'s multiplier (FNV-1a's 64-bit prime).
    private static let checksumPrime: UInt64 = 0x100_0000_01b3

    /// `add(raw:)` as it was first written: `Checksum.of` for `words`, the mix over words for `bytes` (tests).
    func reference(adding buffer: UnsafeRawBufferPointer) -> SiteFingerprint {
        var h = bytes
        func mix(_ word: UInt64) {
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        var i = 0
        while i + 8 <= buffer.count {
            mix(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < buffer.count {
            tail |= UInt64(buffer[i]) << shift
            shift += 8
            i += 1
        }
        mix(tail)
        mix(UInt64(buffer.count))
        return SiteFingerprint(words: Checksum.of(buffer, continuing: words), bytes: h)
    }

    mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { add(raw: $0) }
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(raw: UnsafeRawBufferPointer($0)) }
    }

    mutating func add(_ text: String?) {
        if let text { add(1); add(text) } else { add(0) }
    }

    mutating func add(_ n: Int) {
        withUnsafeBytes(of: n.littleEndian) { add(raw: $0) }
    }

    mutating func add(_ flag: Bool) { add(flag ? 1 : 0) }

    mutating func add(_ other: SiteFingerprint) {
        add(Int(bitPattern: UInt(other.words)))
        add(Int(bitPattern: UInt(other.bytes)))
    }

    mutating func add(_ value: JSONValue) {
        var writer = JSONByteWriter(pretty: false)
        writer.write(value)
        add(writer.bytes)
    }

    /// `add(value)` written in `scratch` (compact; emptied first, its storage kept): one buffer for all the values of
    /// an entry's fingerprint, not one made and freed per field (inc15n). The same bytes added, so the same fingerprint.
    mutating func add(_ value: JSONValue, scratch: inout JSONByteWriter) {
        precondition(!scratch.pretty, "a compact writer")
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.write(value)
        add(scratch.bytes)
    }

    /// A value in its JSON encoding (`JSONByteWriter`: members in declaration order). One that cannot be encoded
    /// adds a marker that never matches a recorded fingerprint, so its file is rendered every time.
    mutating func add<T: Encodable>(encoded value: T) {
        var writer = JSONByteWriter(pretty: false)
        if (try? writer.encode(value)) != nil {
            add(writer.bytes)
        } else {
            add("unencodable")
            add(Int.random(in: Int.min...Int.max))
        }
    }

    /// 32 hexadecimal digits.
    var hex: String { Checksum.hex(words) + Checksum.hex(bytes) }
}

/// The fingerprints of the model's parts.
enum SiteInputs {
    /// What every page and feed of a site reads besides its own part: the renderer revision, the theme (every
    /// template and the stylesheet), the render options, the site's title, language and origin, the collections'
    /// names, labels and columns (navigation, backlinks' places), the releases' names (history items link to
    /// release pages), and, when a template other than the start page's shows the site's version, the version.
    static func site(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add("chronik-site")
            f.add(SiteFingerprint.rendererRevision)
            f.add(SiteData.contractVersion)
            f.add(ChangeRecord.formatVersion)
            let themeFiles = theme.files
            for name in themeFiles.keys.sorted() {
                f.add(name)
                f.add(themeFiles[name] ?? "")
            }
            f.add(options.baseURL)
            f.add(options.prefix)
            for name in options.releaseSites.sorted() { f.add(name) }
            f.add("|")
            for name in options.releaseOrder { f.add(name) }
            f.add("|")
            f.add(model.title)
            f.add(model.language)
            f.add(model.origin.map { $0.id.hex + " " + $0.date.iso8601 })
            for collection in model.collections {
                f.add(collection.name)
                f.add(collection.label)
                for column in collection.columns {
                    f.add(column.key)
                    f.add(column.label)
                }
                f.add("|")
            }
            for release in model.releases { f.add(release.release.name) }
            f.add("|")
            if showsVersionOnEveryPage(theme) {
                f.add(model.version.id.hex)
                f.add(model.version.date.iso8601)
                f.add(model.release?.name)
            }
        }
    }

    /// Whether a template other than the start page's uses the site's version (the default theme shows it on the
    /// start page only, so that a new version leaves the other pages' bytes alone; a city's theme may show it
    /// everywhere, and then every page changes with every version).
    static func showsVersionOnEveryPage(_ theme: SiteTheme) -> Bool {
        theme.templates.contains { name, text in
            name != "home" && ["versionShort", "versionISO", "versionDate", "releaseName"].contains { text.contains($0) }
        }
    }

    /// An entry as every file about it reads it: its fields (values, labels, links with titles), body, backlinks and
    /// history (each version with what changed, its release), and whether each link's target is on the site.
    static func entry(_ entry: SiteEntry, model: SiteModel) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add(entry.collection)
            f.add(entry.id)
            f.add(entry.path)
            f.add(entry.title)
            // Fields and history items read in place (a `for` over the arrays copied each item out, retaining every
            // reference it holds: the copies of `SiteEntryChange` were a sixth of this function's time, inc15k).
            var scratch = JSONByteWriter(pretty: false, capacity: 256)
            entry.fields.withUnsafeBufferPointer { fields in
                for k in fields.indices {
                    f.add(fields[k].key)
                    f.add(fields[k].label)
                    f.add(fields[k].value, scratch: &scratch)
                    for link in fields[k].links {
                        self.link(link, into: &f)
                        f.add(model.containsEntry(link.collection, link.id))
                    }
                    f.add("|")
                }
            }
            f.add("|")
            // The fingerprint of the body's bytes: kept with the entry in the entry cache (`SiteEntryCache`), so that an
            // unchanged body is not hashed again (30 MB on the medium store, inc15h).
            f.add(entry.bodyText.digest)
            for link in entry.backlinks { self.link(link, into: &f) }
            f.add("|")
            // A version's change to an entry is the change-record of that version against its first parent (the
            // changelog's records are keyed by those two ids, the language and `ChangeRecord.formatVersion`, all in
            // `site`), so the version's id, date and summary, the release and which entry it changed and how stand
            // for it: encoding every change in full was a tenth of an incremental publish.
            // The version's id and date as their bytes, not as text (making the texts of 11,000 history items was
            // a fifth of `SiteKeys` in an incremental publish of the medium store, inc15h): a date covers at least
            // what its ISO 8601 text shows.
            entry.history.withUnsafeBufferPointer { history in
                for k in history.indices {
                    version(history[k].version, into: &f)
                    f.add(history[k].version.summary)
                    f.add(history[k].release)
                    f.add(history[k].summary.entry.collection)
                    f.add(history[k].summary.entry.id)
                    f.add(history[k].summary.kind.rawValue)
                    f.add(history[k].summary.from.map { $0.collection + "/" + $0.id })
                }
            }
            f.add("|")
        }
    }

    private static func version(_ version: SiteVersion, into f: inout SiteFingerprint) {
        withUnsafeBytes(of: version.id) { f.add(raw: $0) }
        f.add(Int(bitPattern: UInt(version.date.date.timeIntervalSince1970.bitPattern)))
        f.add(version.date.offsetMinutes)
    }

    /// A changelog group without its changes, member by member: what its JSON encoding holds (`add(encoded:)`
    /// was, with its 2,000 versions JSON-encoded through `Encodable`, 1.1 % of an incremental publish of the medium
    /// store, inc15o), each version's id, author, date and message, and the counts of the lists. The dates as
    /// `version(_:into:)` adds them (finer than the JSON's seconds). `SiteFingerprintTests` holds the members to
    /// the types' stored properties, so a new one is not forgotten here.
    static func outline(_ group: ChangelogGroup, into f: inout SiteFingerprint) {
        f.add(group.kind.rawValue)
        f.add(encoded: group.release)
        withUnsafeBytes(of: group.version) { f.add(raw: $0) }
        f.add(group.base != nil)
        if let base = group.base { withUnsafeBytes(of: base) { f.add(raw: $0) } }
        date(group.date, into: &f)
        f.add(group.versions.count)
        for version in group.versions {
            withUnsafeBytes(of: version.id) { f.add(raw: $0) }
            f.add(version.author.name)
            date(version.date, into: &f)
            f.add(version.message)
        }
        f.add(group.contributors.count)
        for person in group.contributors { f.add(person.name) }
        f.add(group.changes.isEmpty)
    }

    private static func date(_ date: Timestamp, into f: inout SiteFingerprint) {
        f.add(Int(bitPattern: UInt(date.date.timeIntervalSince1970.bitPattern)))
        f.add(date.offsetMinutes)
    }

    private static func link(_ link: SiteLink, into f: inout SiteFingerprint) {
        f.add(link.collection)
        f.add(link.id)
        f.add(link.title)
        f.add(link.resolves)
    }

    /// A release's changelog group, and the titles (and existence) of the entries it names, as the site shows them.
    /// The group's changes are the change record of its version against its base (both in the group's encoding),
    /// keyed as an entry's history items are (see `entry`): they stand for it. Encoding every release's changes was
    /// half of `SiteKeys` in an incremental publish of the medium store.
    static func release(_ release: SiteRelease, model: SiteModel) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add(encoded: release.release)
            // The group without its changes (a model built from the release facts has not read them).
            outline(release.outline, into: &f)
            f.add(release.outline.version.hex)
            f.add(release.outline.base?.hex)
            for entry in release.named {
                f.add(model.entryTitle(entry.collection, entry.id))
            }
        }
    }
}

/// The fingerprints of one site's parts, computed once per publish and shared by the planners.
struct SiteKeys {
    let site: SiteFingerprint
    /// Each entry's fingerprint (`SiteInputs.entry`) by its position in the model: `byPosition[c][e]` is that of
    /// `model.collections[c].entries[e]`. The planners ask by position (`entry(_:_:)`): a table keyed by collection and
    /// id was filled with 5,000 keys and asked 15,000 times per publish of the medium store (each time both texts
    /// hashed), for what the planners' loops know already (inc15n).
    let byPosition: [[SiteFingerprint]]
    /// Collection name → its name, label, columns and every entry's fingerprint in the site's order.
    let collections: [String: SiteFingerprint]
    /// Release name → `SiteInputs.release`.
    let releases: [String: SiteFingerprint]

    init(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme) {
        site = SiteInputs.site(model, options: options, theme: theme)
        var collections: [String: SiteFingerprint] = [:]
        // Every entry's fingerprint on one thread per core (pub15g: 3 % of a full publish, on the calling thread alone).
        var places: [(Int, Int)] = []
        for (c, collection) in model.collections.enumerated() { places += collection.entries.indices.map { (c, $0) } }
        var fingerprints = parallelMap(places, threads: places.count < 256 ? 1 : ParallelWork.defaultThreads) { c, e in
            SiteInputs.entry(model.collections[c].entries[e], model: model)
        }.makeIterator()
        var byPosition: [[SiteFingerprint]] = []
        byPosition.reserveCapacity(model.collections.count)
        // By position (a `for` over the entries copied each one out, retaining all it holds).
        for collection in model.collections.indices {
            var c = SiteFingerprint()
            c.add(model.collections[collection].name)
            c.add(model.collections[collection].entries.count)
            var keys: [SiteFingerprint] = []
            keys.reserveCapacity(model.collections[collection].entries.count)
            for _ in model.collections[collection].entries.indices {
                guard let key = fingerprints.next() else { preconditionFailure("a fingerprint per entry") }
                keys.append(key)
                c.add(key)
            }
            byPosition.append(keys)
            collections[model.collections[collection].name] = c
        }
        self.byPosition = byPosition
        self.collections = collections
        var releases: [String: SiteFingerprint] = [:]
        for release in model.releases { releases[release.release.name] = SiteInputs.release(release, model: model) }
        self.releases = releases
    }

    /// A file's fingerprint: its kind, the site's, and `parts`.
    func file(_ kind: String, _ parts: SiteFingerprint?...) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add(kind)
            f.add(site)
            for part in parts {
                if let part { f.add(1); f.add(part) } else { f.add(0) }
            }
        }
    }

    /// The fingerprint of entry `e` of collection `c` of the model the keys were made from.
    func entry(_ c: Int, _ e: Int) -> SiteFingerprint? {
        byPosition.indices.contains(c) && byPosition[c].indices.contains(e) ? byPosition[c][e] : nil
    }

    /// Collection and id → the entry's fingerprint, for `model` (the one the keys were made from; tests).
    func entries(_ model: SiteModel) -> [SiteEntryKey: SiteFingerprint] {
        var entries: [SiteEntryKey: SiteFingerprint] = [:]
        for c in model.collections.indices {
            for e in model.collections[c].entries.indices {
                entries[SiteEntryKey(model.collections[c].entries[e].collection, model.collections[c].entries[e].id)] = entry(c, e)
            }
        }
        return entries
    }
}

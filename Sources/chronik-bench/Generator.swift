import ChronikStore
import Foundation
import GitKit

/// What to generate.
struct GeneratorOptions: Codable, Equatable {
    var entries: Int
    var versions: Int
    var seed: UInt64
    /// An annotated tag `release-NNN` every this many versions.
    var releaseEvery = 100
    /// A plain repository (issue 14's speed rows) instead of a store: no `chronik.yml`, no schemas, and each release
    /// made as GitFlow makes it: a branch `release/NNN` cut from `main` with one fix, a LIGHTWEIGHT tag `release-NNN`
    /// on that branch (so not on main's first-parent line), merged `--no-ff` into `main`. Absent (nil) for a store,
    /// so the manifests of stores generated before it still match.
    var plain: Bool?

    var isPlain: Bool { plain == true }
}

/// What was generated; written to `.git/chronik-bench.json` so the runner can reuse the store and find its probes.
struct GeneratorManifest: Codable {
    /// Bumped whenever the generator's output changes, so cached stores are rebuilt.
    static let currentFormat = 3

    var format: Int
    var options: GeneratorOptions
    var commits: Int
    var tags: Int
    var finalEntries: Int
    var head: String
    /// The entry the runner uses for `log ENTRY`: the most-edited entry that was renamed at least once.
    var probeEntry: String
    var probeVersions: Int
    var probeRenamed: Bool
    /// Wall time of the whole generation, and of its two parts: the model and `git fast-import`, then the checkout.
    var seconds: Double
    var importSeconds: Double?
    var checkoutSeconds: Double?

    static func url(in store: URL) -> URL {
        store.appendingPathComponent(".git/chronik-bench.json")
    }

    static func read(from store: URL) -> GeneratorManifest? {
        guard let data = try? Data(contentsOf: url(in: store)) else { return nil }
        return try? JSONDecoder().decode(GeneratorManifest.self, from: data)
    }
}

enum GeneratorError: Error, CustomStringConvertible {
    case notEmpty(String)
    case io(String, String)

    var description: String {
        switch self {
        case .notEmpty(let path): "\(path) exists and is not empty"
        case .io(let path, let message): "\(path): \(message)"
        }
    }
}

/// Builds a chronik store with a seeded, reproducible history.
///
/// The model (entries, references, edits) lives in memory; each version's touched files are streamed to
/// `git fast-import` (`FastImportStream`), which keeps the branch's trees in memory, rewrites only the trees a
/// version changes and writes every object into one pack. Writing loose objects through libgit2's index instead
/// cost one file per object and a re-read of each new tree: about an hour for the large size. At the end the last
/// version is checked out (`git read-tree -u --reset HEAD`), so the working tree and index match and `git status`
/// is clean.
final class StoreGenerator {
    let options: GeneratorOptions
    let root: URL
    private var rng: SplitMix64
    private var entries: [String: EntryState] = [:]
    private var pools = Array(repeating: IDPool(), count: Collections.names.count)
    /// "collection/id" -> the entries ("collection/id") whose reference fields name it.
    private var incoming: [String: Set<String>] = [:]
    /// Strategy section ids by ascending `order`.
    private var strategySequence: [String] = []
    private var usedTerms: Set<String> = []
    private var serial = 0
    private var clock = 1_641_024_000 // 2022-01-01T09:00:00+01:00
    private var dirty: Set<String> = []
    private var deleted: Set<String> = []
    private var touches: [String: Int] = [:]
    private var renamed: Set<String> = []
    private var versionCounts = (changed: 0, added: 0, removed: 0, renamed: 0, moved: 0)

    init(options: GeneratorOptions, root: URL) {
        self.options = options
        self.root = root
        rng = SplitMix64(seed: options.seed)
    }

    /// Generates the store; `progress` is called now and then with (versions done, total).
    func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> GeneratorManifest {
        let started = Spawn.monotonicSeconds()
        let fm = FileManager.default
        if let contents = try? fm.contentsOfDirectory(atPath: root.path), !contents.isEmpty {
            throw GeneratorError.notEmpty(root.path)
        }
        guard let git = Spawn.which("git") else { throw BenchError.missingTool("git is not on PATH") }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let repository = try Repository.create(at: root, initialBranch: "main")
        // fast-import's and git's stderr go to a scratch folder of their own (also their empty HOME).
        let scratch = fm.temporaryDirectory.appendingPathComponent("chronik-bench-generate-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let stream = try FastImportStream(git: git, root: root, scratch: scratch)

        // Version 0: settings, schemas and every initial entry (only the entries in a plain repository).
        var files: [(path: String, content: String)] = []
        if !options.isPlain {
            let config = DefaultStore.config(title: "Benchmark-Wissensspeicher", language: .de)
            files.append((StoreConfig.fileName, config.yaml()))
            for (name, text) in DefaultSchemas.files.sorted(by: { $0.key < $1.key }) {
                files.append(("schemas/\(name)", text))
            }
        }
        createInitialEntries()
        var head = try stream.commit(
            message: "Wissensspeicher angelegt: \(entries.count) Einträge\n", author: signature(), parent: nil,
            deleted: [], changed: files + takeChanges().changed)
        var tags = 0

        for version in 1...max(options.versions, 1) where options.versions > 0 {
            clock += rng.int(1800...43200)
            makeVersion()
            let changes = takeChanges()
            head = try stream.commit(
                message: "Fassung \(version): \(summary())\n", author: signature(), parent: head,
                deleted: changes.deleted, changed: changes.changed)
            if options.releaseEvery > 0, version % options.releaseEvery == 0 {
                tags += 1
                let number = String(repeating: "0", count: max(0, 3 - String(tags).count)) + String(tags)
                if options.isPlain {
                    head = try releaseBranch(number, from: head, stream: stream)
                } else {
                    try stream.tag(name: "release-" + number, target: head, tagger: signature(),
                                   message: "Veröffentlichung \(tags) (Fassung \(version))\n")
                }
            }
            if version % 100 == 0 { progress(version, options.versions) }
        }
        try stream.finish()
        let imported = Spawn.monotonicSeconds()

        // fast-import leaves the working tree and the index empty: check the last version out, so `git status` is clean.
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
                           "HOME": scratch.path, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
        try Spawn.check(git, ["-C", root.path] + Self.checkout, environment: environment, scratch: scratch)
        let headID = try repository.resolveCommit("HEAD")

        let probe = probeEntry()
        let finished = Spawn.monotonicSeconds()
        let manifest = GeneratorManifest(
            format: GeneratorManifest.currentFormat, options: options,
            commits: options.versions + 1 + (options.isPlain ? 2 * tags : 0), tags: tags,
            finalEntries: entries.count, head: headID.hex, probeEntry: probe, probeVersions: touches[probe] ?? 0,
            probeRenamed: renamed.contains(probe), seconds: finished - started,
            importSeconds: imported - started, checkoutSeconds: finished - imported)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: GeneratorManifest.url(in: root))
        return manifest
    }

    /// How the last version is checked out after the import. `git reset -q --hard HEAD` does the same work plus an
    /// index refresh and took as long within the noise (medium: 0.6–3.8 s against 1.2–2.7 s, four runs each).
    static let checkout = ["read-tree", "-u", "--reset", "HEAD"]

    // MARK: - Versions

    /// A release as GitFlow makes it (plain repositories): `release/NNN` cut from `head` with one prose fix, the
    /// lightweight tag `release-NNN` on the fix, and a `--no-ff` merge of the branch into `main` (the fix again,
    /// against the first parent). Returns the merge's mark, main's new head.
    private func releaseBranch(_ number: String, from head: Int, stream: FastImportStream) throws -> Int {
        clock += rng.int(600...3600)
        if let key = pickExisting() { editProse(key) }
        let fix = takeChanges()
        let fixMark = try stream.commit(
            message: "Release \(number): Korrektur\n", author: signature(), branch: "release/\(number)", parent: head,
            deleted: fix.deleted, changed: fix.changed)
        try stream.lightweightTag(name: "release-" + number, target: fixMark)
        clock += rng.int(600...3600)
        return try stream.commit(
            message: "Merge branch 'release/\(number)'\n", author: signature(), parent: head, merge: fixMark,
            deleted: fix.deleted, changed: fix.changed)
    }

    private func makeVersion() {
        versionCounts = (0, 0, 0, 0, 0)
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        let operations = 1 + Int(u * u * u * 19.999) // 1...20, mostly small
        for _ in 0..<operations {
            let roll = rng.int(1...100)
            switch roll {
            case 1...52: if let key = pickExisting() { editProse(key) }
            case 53...78: if let key = pickExisting() { editField(key) }
            case 79...86: addEntry(in: pickCollection())
            case 87...90: if let key = pickRemovable() { remove(key) } else if let key = pickExisting() { editProse(key) }
            case 91...96: if let key = pickRemovable() { rename(key) } else if let key = pickExisting() { editProse(key) }
            default: moveSection()
            }
        }
        if dirty.isEmpty && deleted.isEmpty, let key = pickExisting() { editProse(key) }
    }

    private func summary() -> String {
        var parts: [String] = []
        let c = versionCounts
        if c.changed > 0 { parts.append("\(c.changed) überarbeitet") }
        if c.added > 0 { parts.append("\(c.added) neu") }
        if c.removed > 0 { parts.append("\(c.removed) entfernt") }
        if c.renamed > 0 { parts.append("\(c.renamed) umbenannt") }
        if c.moved > 0 { parts.append("\(c.moved) Abschnitte verschoben") }
        return parts.isEmpty ? "Korrekturen" : parts.joined(separator: ", ")
    }

    private func pickCollection() -> Int {
        var roll = rng.int(1...100)
        for (c, weight) in Collections.weights.enumerated() {
            roll -= weight
            if roll <= 0 { return c }
        }
        return Collections.strategy
    }

    /// An existing entry; one pick in three goes to a small "hot" set, so some entries get long histories.
    private func pickExisting() -> String? {
        for _ in 0..<8 {
            let c = pickCollection()
            let pool = pools[c]
            guard pool.count > 0 else { continue }
            let id: String
            if rng.chance(0.33) {
                id = pool.items[rng.index(min(pool.count, max(3, pool.count / 50)))]
            } else {
                id = pool.items[rng.index(pool.count)]
            }
            return key(c, id)
        }
        return nil
    }

    /// An entry not touched in this version with few referrers, so a removal or rename stays a small change.
    private func pickRemovable() -> String? {
        for _ in 0..<6 {
            guard let key = pickExisting() else { return nil }
            let path = key + ".md"
            if dirty.contains(path) || (incoming[key]?.count ?? 0) > 4 { continue }
            if key.hasPrefix("strategy/") && strategySequence.count < 3 { continue }
            return key
        }
        return nil
    }

    // MARK: - Creating entries

    private func createInitialEntries() {
        // Ids first, so that references can point anywhere in the first version.
        var planned: [(c: Int, id: String, title: String)] = []
        for c in Collections.names.indices {
            for _ in 0..<Collections.share(c, of: options.entries) {
                let title = newTitle(for: c)
                let id = newID(for: c, title: title)
                pools[c].insert(id)
                planned.append((c, id, title))
            }
        }
        for (c, id, title) in planned {
            let k = key(c, id)
            entries[k] = EntryState(fields: [], body: Prose.body(words: Prose.bodyLength(&rng), &rng))
            fillFields(k, collection: c, title: title)
            dirty.insert(k + ".md")
        }
    }

    private func addEntry(in c: Int) {
        let title = newTitle(for: c)
        let id = newID(for: c, title: title)
        let k = key(c, id)
        pools[c].insert(id)
        entries[k] = EntryState(fields: [], body: Prose.body(words: Prose.bodyLength(&rng), &rng))
        fillFields(k, collection: c, title: title)
        dirty.insert(k + ".md")
        touches[k, default: 0] += 1
        versionCounts.added += 1
    }

    private func newTitle(for c: Int) -> String {
        switch c {
        case Collections.actors:
            let forms = ["Arbeitsgruppe", "Team", "Beirat", "Projektbüro", "Netzwerk", "Geschäftsstelle", "Kompetenzstelle"]
            return rng.pick(forms) + " " + Prose.compound(&rng)
        case Collections.glossary:
            for _ in 0..<20 {
                let term = rng.chance(0.7) ? Prose.compound(&rng) : Prose.capitalized(rng.pick(Prose.adjectives)) + " " + Prose.compound(&rng)
                if usedTerms.insert(term).inserted { return term }
            }
            let term = Prose.compound(&rng) + " " + String(serial + 1)
            usedTerms.insert(term)
            return term
        case Collections.faq:
            let starts = ["Wie", "Warum", "Wer", "Wann", "Was", "Wo"]
            return rng.pick(starts) + " " + rng.pick(Prose.verbs) + " " + rng.pick(Prose.articles) + " " + Prose.noun(&rng)
                + " " + rng.pick(Prose.prepositions) + " " + Prose.noun(&rng) + "?"
        default:
            return Prose.title(&rng)
        }
    }

    private func newID(for c: Int, title: String) -> String {
        serial += 1
        var base = Prose.slug(title)
        if base.isEmpty { base = Collections.names[c] }
        return String(base.prefix(80)) + "-" + String(serial)
    }

    private func day(offset: ClosedRange<Int>) -> Int {
        clock / 86400 + rng.int(offset)
    }

    private func url(_ slugSource: String) -> String {
        "https://" + rng.pick(Collections.hosts) + "/" + Prose.slug(slugSource, maxWords: 2)
    }

    private func fillFields(_ k: String, collection c: Int, title: String) {
        var e = entries[k] ?? EntryState(fields: [], body: [])
        switch c {
        case Collections.actors:
            e.fields = [("name", .text(title)), ("kind", .text(rng.pick(Collections.actorKinds))), ("role", .text(Prose.sentence(&rng)))]
            if rng.chance(0.5) { e["website"] = .text(url(title)) }
            if rng.chance(0.3) { e["contact"] = .text("kontakt-\(serial)@example.org") }
            if rng.chance(0.6) { e["since"] = .date(Day.string(day(offset: -400...0))) }
        case Collections.results:
            let days = day(offset: -200...60)
            e.fields = [("title", .text(title)), ("phase", .text(rng.pick(Collections.phases))),
                        ("date", .date(Day.string(days))), ("status", .text(rng.pick(Collections.resultStatus)))]
            if rng.chance(0.3) { e["links"] = .texts((0..<rng.int(1...2)).map { i in url(title) + "-\(i + 1)" }) }
        case Collections.library:
            let people = (0..<rng.int(1...3)).map { _ in Prose.capitalized(rng.pick(Prose.adjectives)) + " " + Prose.compound(&rng) }
            e.fields = [("title", .text(title)), ("authors", .texts(Array(Set(people)).sorted())),
                        ("publisher", .text(rng.pick(Collections.publishers))), ("year", .int(rng.int(1995...2024)))]
            if rng.chance(0.6) { e["url"] = .text(url(title)) }
        case Collections.glossary:
            e.fields = [("term", .text(title))]
            if rng.chance(0.4) { e["synonyms"] = .texts([Prose.compound(&rng) + "e"]) }
        case Collections.faq:
            e.fields = [("question", .text(title)), ("category", .text(rng.pick(Collections.faqCategories)))]
        case Collections.events:
            let start = day(offset: -120...120)
            e.fields = [("title", .text(title)), ("format", .text(rng.pick(Collections.eventFormats)))]
            if rng.chance(0.5) { e["platform"] = .text(url(title)) }
            e["start"] = .date(Day.string(start))
            e["end"] = .date(Day.string(start + rng.int(0...30)))
            e["status"] = .text(rng.pick(Collections.eventStatus))
        default:
            let order = (strategySequence.last.flatMap { entries[key(Collections.strategy, $0)].flatMap(orderOf) } ?? 0) + 1
            e.fields = [("title", .text(title)), ("part", .text(rng.pick(Collections.parts))), ("order", .int(order))]
            strategySequence.append(String(k.dropFirst("strategy/".count)))
        }
        entries[k] = e
        for (collection, field, target) in Collections.referenceFields where collection == c {
            guard rng.chance(field == "member_of" ? 0.4 : 0.6) else { continue }
            let candidates = rng.sample(pools[target].items, count: rng.int(1...3) + 1).filter { key(target, $0) != k }
            if !candidates.isEmpty { setReferences(k, field: field, target: target, ids: Array(candidates.prefix(3))) }
        }
        // Keep the schema's field order readable: references after the scalars they belong with is fine for YAML.
    }

    private func orderOf(_ e: EntryState) -> Int? {
        if case .int(let n)? = e["order"] { return n }
        return nil
    }

    // MARK: - Editing

    private func touch(_ k: String) {
        // Counted once per version: `touches` is the number of versions that changed the entry.
        if dirty.insert(k + ".md").inserted {
            versionCounts.changed += 1
            touches[k, default: 0] += 1
        }
    }

    private func editProse(_ k: String) {
        guard var e = entries[k] else { return }
        let candidates = e.body.indices.filter { !(e.body[$0].first?.hasPrefix("## ") ?? true) }
        guard let p = candidates.isEmpty ? nil : rng.pick(candidates) else { return }
        var sentences = e.body[p]
        let s = rng.index(sentences.count)
        switch rng.int(1...100) {
        case 1...40: sentences[s] = Prose.sentence(&rng)
        case 41...65: sentences.insert(Prose.sentence(&rng), at: rng.int(0...sentences.count))
        case 66...80 where sentences.count > 1: sentences.remove(at: s)
        default:
            var words = sentences[s].split(separator: " ").map(String.init)
            if words.count > 3 {
                let w = rng.int(1...(words.count - 2))
                words[w] = Prose.noun(&rng)
                sentences[s] = words.joined(separator: " ")
            } else {
                sentences[s] = Prose.sentence(&rng)
            }
        }
        e.body[p] = sentences
        entries[k] = e
        touch(k)
    }

    private func editField(_ k: String) {
        guard var e = entries[k], let c = collectionIndex(k) else { return }
        let refFields = Collections.referenceFields.filter { $0.collection == c }
        if !refFields.isEmpty, rng.chance(0.35) {
            let (_, field, target) = rng.pick(refFields)
            var ids: [String] = []
            if case .refs(_, let current)? = e[field] { ids = current }
            if !ids.isEmpty, rng.chance(0.4) {
                ids.remove(at: rng.index(ids.count))
            } else if let id = pools[target].random(&rng), key(target, id) != k, !ids.contains(id) {
                ids.append(id)
            }
            setReferences(k, field: field, target: target, ids: ids)
            touch(k)
            return
        }
        switch c {
        case Collections.actors:
            if rng.chance(0.5) { e["role"] = .text(Prose.sentence(&rng)) } else { e["kind"] = .text(rng.pick(Collections.actorKinds)) }
        case Collections.results:
            if rng.chance(0.5) { e["status"] = .text(rng.pick(Collections.resultStatus)) } else { e["date"] = .date(Day.string(day(offset: -30...30))) }
        case Collections.library:
            if rng.chance(0.5) { e["year"] = .int(rng.int(1995...2024)) } else { e["publisher"] = .text(rng.pick(Collections.publishers)) }
        case Collections.glossary:
            var synonyms: [String] = []
            if case .texts(let current)? = e["synonyms"] { synonyms = current }
            let new = Prose.compound(&rng) + "e"
            if !synonyms.contains(new) { synonyms.append(new) }
            e["synonyms"] = .texts(synonyms)
        case Collections.faq:
            e["category"] = .text(rng.pick(Collections.faqCategories))
        case Collections.events:
            if rng.chance(0.6) {
                e["status"] = .text(rng.pick(Collections.eventStatus))
            } else {
                let start = day(offset: -30...60)
                e["start"] = .date(Day.string(start))
                e["end"] = .date(Day.string(start + rng.int(0...14)))
            }
        default:
            e["part"] = .text(rng.pick(Collections.parts))
        }
        entries[k] = e
        touch(k)
    }

    /// Sets reference field `field` of entry `k` (removing it when empty) and keeps the reverse index in step.
    private func setReferences(_ k: String, field: String, target: Int, ids: [String]) {
        guard var e = entries[k] else { return }
        if case .refs(let t, let old)? = e[field] {
            for id in old where !ids.contains(id) { incoming[key(t, id)]?.remove(k) }
        }
        for id in ids { incoming[key(target, id), default: []].insert(k) }
        e[field] = ids.isEmpty ? nil : .refs(target: target, ids: ids)
        entries[k] = e
    }

    /// Every reference field of `k`, as (field, target, ids).
    private func references(of k: String) -> [(field: String, target: Int, ids: [String])] {
        guard let e = entries[k] else { return [] }
        return e.fields.compactMap { field in
            if case .refs(let target, let ids) = field.value { return (field.key, target, ids) }
            return nil
        }
    }

    private func remove(_ k: String) {
        guard let c = collectionIndex(k) else { return }
        let id = String(k.dropFirst(Collections.names[c].count + 1))
        for referrer in (incoming[k] ?? []).sorted() where referrer != k {
            for (field, target, ids) in references(of: referrer) where target == c && ids.contains(id) {
                setReferences(referrer, field: field, target: target, ids: ids.filter { $0 != id })
            }
            touch(referrer)
        }
        for (field, target, _) in references(of: k) { setReferences(k, field: field, target: target, ids: []) }
        if c == Collections.glossary, case .text(let term)? = entries[k]?["term"] { usedTerms.remove(term) }
        incoming[k] = nil
        entries[k] = nil
        pools[c].remove(id)
        if c == Collections.strategy { strategySequence.removeAll { $0 == id } }
        dirty.remove(k + ".md")
        deleted.insert(k + ".md")
        touches[k] = nil
        renamed.remove(k)
        versionCounts.removed += 1
    }

    /// Gives entry `k` a new title and the id that goes with it; referrers are rewritten to the new id.
    private func rename(_ k: String) {
        guard let c = collectionIndex(k), var e = entries[k] else { return }
        let oldID = String(k.dropFirst(Collections.names[c].count + 1))
        let title = newTitle(for: c)
        let newID = newID(for: c, title: title)
        let newKey = key(c, newID)
        if c == Collections.glossary, case .text(let term)? = e["term"] { usedTerms.remove(term) }
        e[Collections.titleField[c]] = .text(title)

        let outgoing = references(of: k)
        for (field, target, _) in outgoing { setReferences(k, field: field, target: target, ids: []) }
        let referrers = (incoming[k] ?? []).sorted()
        incoming[k] = nil
        entries[k] = nil
        entries[newKey] = e
        for (field, target, ids) in outgoing {
            setReferences(newKey, field: field, target: target, ids: ids.map { $0 == oldID && target == c ? newID : $0 })
        }
        pools[c].remove(oldID)
        pools[c].insert(newID)
        if c == Collections.strategy, let i = strategySequence.firstIndex(of: oldID) { strategySequence[i] = newID }
        for referrer in referrers where referrer != k {
            for (field, target, ids) in references(of: referrer) where target == c && ids.contains(oldID) {
                setReferences(referrer, field: field, target: target, ids: ids.map { $0 == oldID ? newID : $0 })
            }
            touch(referrer)
        }
        dirty.remove(k + ".md")
        deleted.insert(k + ".md")
        dirty.insert(newKey + ".md")
        deleted.remove(newKey + ".md")
        touches[newKey] = (touches.removeValue(forKey: k) ?? 0) + 1
        renamed.remove(k)
        renamed.insert(newKey)
        versionCounts.renamed += 1
    }

    /// Moves one strategy section up to five places, renumbering the sections in between (their `order` values are
    /// reused, so orders stay unique).
    private func moveSection() {
        let n = strategySequence.count
        guard n >= 2 else { if let k = pickExisting() { editProse(k) }; return }
        let from = rng.index(n)
        let to = min(n - 1, max(0, from + (rng.chance(0.5) ? 1 : -1) * rng.int(1...5)))
        guard from != to else { return }
        let range = min(from, to)...max(from, to)
        let orders = range.compactMap { entries[key(Collections.strategy, strategySequence[$0])].flatMap(orderOf) }
        let moved = strategySequence.remove(at: from)
        strategySequence.insert(moved, at: to)
        for (i, position) in range.enumerated() where i < orders.count {
            let k = key(Collections.strategy, strategySequence[position])
            guard var e = entries[k], orderOf(e) != orders[i] else { continue }
            e["order"] = .int(orders[i])
            entries[k] = e
            touch(k)
        }
        versionCounts.moved += 1
    }

    // MARK: - Files

    private func key(_ c: Int, _ id: String) -> String {
        Collections.names[c] + "/" + id
    }

    private func collectionIndex(_ k: String) -> Int? {
        guard let slash = k.firstIndex(of: "/") else { return nil }
        return Collections.names.firstIndex(of: String(k[..<slash]))
    }

    /// This version's changes, in path order, as the fast-import stream wants them; clears them for the next.
    private func takeChanges() -> (deleted: [String], changed: [(path: String, content: String)]) {
        let removed = deleted.sorted()
        let changed: [(path: String, content: String)] = dirty.sorted().compactMap { path in
            entries[String(path.dropLast(3))].map { (path, $0.text()) }
        }
        dirty.removeAll(keepingCapacity: true)
        deleted.removeAll(keepingCapacity: true)
        return (removed, changed)
    }

    /// Author, committer and tagger in fast-import's raw format: fixed identity, the version's time, +0100.
    private func signature() -> String {
        "Bench <bench@example.org> \(clock) +0100"
    }

    private func probeEntry() -> String {
        let existing = touches.filter { entries[$0.key] != nil }
        let candidates = existing.filter { renamed.contains($0.key) }
        let pool = candidates.isEmpty ? existing : candidates
        let best = pool.max { a, b in (a.value, b.key) < (b.value, a.key) }
        return best.map(\.key) ?? entries.keys.sorted().first ?? ""
    }
}

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
    var seconds: Double

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
/// The history is written through the repository's index rather than whole trees: each version writes the touched
/// files into the working tree, stages them (`git_index_add_bypath`, which stores the blob) and writes the tree
/// from the index (`git_index_write_tree`), whose tree cache rewrites only the collection folders that changed.
/// A tree builder would re-check that every entry's object exists on every insert, which for a collection of
/// thousands of entries costs more than the rest of the version. At the end the working tree already holds the
/// last version and the saved index matches it, so `git status` is clean without a checkout.
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
        let started = Date()
        let fm = FileManager.default
        if let contents = try? fm.contentsOfDirectory(atPath: root.path), !contents.isEmpty {
            throw GeneratorError.notEmpty(root.path)
        }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let repository = try Repository.create(at: root, initialBranch: "main")
        let index = try repository.index()

        // Version 0: settings, schemas and every initial entry.
        let config = DefaultStore.config(title: "Benchmark-Wissensspeicher", language: .de)
        try write(StoreConfig.fileName, config.yaml())
        try index.add(path: StoreConfig.fileName)
        try fm.createDirectory(at: root.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        for (name, text) in DefaultSchemas.files.sorted(by: { $0.key < $1.key }) {
            try write("schemas/\(name)", text)
            try index.add(path: "schemas/\(name)")
        }
        for name in Collections.names {
            try fm.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        createInitialEntries()
        try flush(index)
        var head = try repository.createCommit(
            tree: try index.writeTree(), parents: [], author: signature(), committer: signature(),
            message: "Wissensspeicher angelegt: \(entries.count) Einträge\n")
        var tags = 0

        for version in 1...max(options.versions, 1) where options.versions > 0 {
            clock += rng.int(1800...43200)
            makeVersion()
            try flush(index)
            let message = "Fassung \(version): \(summary())\n"
            head = try repository.createCommit(
                tree: try index.writeTree(), parents: [head], author: signature(), committer: signature(), message: message)
            if options.releaseEvery > 0, version % options.releaseEvery == 0 {
                tags += 1
                let name = "release-" + String(repeating: "0", count: max(0, 3 - String(tags).count)) + String(tags)
                _ = try repository.createAnnotatedTag(
                    name: name, target: head, tagger: signature(), message: "Veröffentlichung \(tags) (Fassung \(version))\n")
            }
            if version % 100 == 0 { progress(version, options.versions) }
        }
        try repository.updateReference("refs/heads/main", to: head, expecting: nil, logMessage: "chronik-bench generate")
        try index.write()

        let probe = probeEntry()
        let manifest = GeneratorManifest(
            format: GeneratorManifest.currentFormat, options: options, commits: options.versions + 1, tags: tags,
            finalEntries: entries.count, head: head.hex, probeEntry: probe, probeVersions: touches[probe] ?? 0,
            probeRenamed: renamed.contains(probe), seconds: Date().timeIntervalSince(started))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: GeneratorManifest.url(in: root))
        return manifest
    }

    // MARK: - Versions

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

    private func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8)) else {
            throw GeneratorError.io(url.path, "could not write the file")
        }
    }

    /// Writes this version's changes into the working tree and stages them.
    private func flush(_ index: GitKit.Index) throws {
        for path in deleted.sorted() {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(path))
            try index.remove(path: path)
        }
        for path in dirty.sorted() {
            guard let e = entries[String(path.dropLast(3))] else { continue }
            try write(path, e.text())
            try index.add(path: path)
        }
        dirty.removeAll(keepingCapacity: true)
        deleted.removeAll(keepingCapacity: true)
    }

    private func signature() -> Signature {
        Signature(name: "Bench", email: "bench@example.org", date: Date(timeIntervalSince1970: TimeInterval(clock)), timeZoneOffsetMinutes: 60)
    }

    private func probeEntry() -> String {
        let existing = touches.filter { entries[$0.key] != nil }
        let candidates = existing.filter { renamed.contains($0.key) }
        let pool = candidates.isEmpty ? existing : candidates
        let best = pool.max { a, b in (a.value, b.key) < (b.value, a.key) }
        return best.map(\.key) ?? entries.keys.sorted().first ?? ""
    }
}

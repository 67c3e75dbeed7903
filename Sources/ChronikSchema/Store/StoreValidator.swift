import ChronikStore
import Foundation
import GitKit

/// Settings of `StoreValidator`, with defaults.
public struct StoreValidationOptions: Sendable {
    /// Limits for reading entries.
    public var limits = FrontMatterLimits()
    /// Whether validation may keep a cache of entry checks in `.git/chronik/validation-cache` (see `ReferenceCache`).
    public var useCache = true
    /// Entries checked in parallel when there are at least this many.
    public var parallelThreshold = 64

    public init() {}
}

/// The outcome of validating a version.
public struct StoreValidationReport: Sendable {
    /// Every problem, sorted by file, line and column.
    public var problems: [StoreProblem]
    /// How many entries were checked (and reported on).
    public var entriesChecked: Int
    /// How many schema files were read.
    public var schemasChecked: Int

    public var isValid: Bool { problems.isEmpty }
}

/// Validates a store version: every entry's front matter against its collection's JSON Schema (draft 2020-12,
/// format assertion on for `date`, `date-time`, `email`, `uri` and the other known formats) and the store's own
/// rules (`x-chronik-ref`, `x-chronik-unique`, `x-chronik-not-before`); the schemas themselves against the
/// meta-schema. Rules and messages: docs/validation.md.
public struct StoreValidator: SnapshotContentChecker {
    public var options: StoreValidationOptions

    public init(options: StoreValidationOptions = StoreValidationOptions()) {
        self.options = options
    }

    // MARK: - A whole version

    /// Validates `content`; with `only`, reports on those entries alone, their references checked against every
    /// entry of the version and their unique fields against their whole collection.
    ///
    /// With a cache (`content.cacheFile`, `options.useCache`), an entry whose blob is recorded as valid under its
    /// collection's fingerprint is not read: the checks across entries use its recorded summary, and should it
    /// take part in a problem there, it is checked again in full so that the finding has its line and column.
    /// The report is the same with or without the cache.
    public func validate(_ content: VersionContent, only: Set<EntryID>? = nil) -> StoreValidationReport {
        // The cache file is read while the schemas load (which may read from the repository: only that side does).
        let cacheFile = options.useCache ? content.cacheFile : nil
        nonisolated(unsafe) let unsafeContent = content
        var (schemas, cache) = inParallel({
            StoreSchemas.load(config: unsafeContent.config, read: unsafeContent.readFile)
        }, {
            cacheFile.map(ReferenceCache.init(file:))
        })
        let reported = only ?? Set(content.entries.keys)
        // Unique fields compare with the whole collection, so those collections are read in full.
        let uniqueCollections = Set(reported.map(\.collection).filter { !(schemas.collections[$0]?.rules.unique.isEmpty ?? true) })
        let toRead = content.entries.keys.filter { reported.contains($0) || uniqueCollections.contains($0.collection) }.sorted()

        let fingerprints = schemas.collections.mapValues { ValidationFingerprint.withLimits($0.fingerprint, options.limits) }
        func cacheKey(_ id: EntryID) -> (blob: String, fingerprint: String, rules: CollectionRules)? {
            guard let blob = content.entries[id]?.blobID, let collection = schemas.collections[id.collection],
                  let fingerprint = fingerprints[id.collection] else { return nil }
            return (blob, fingerprint, collection.rules)
        }

        // Entries recorded as valid are summarised; the others are read and checked.
        var checked: [CheckedEntry] = []
        checked.reserveCapacity(toRead.count)
        var summarised = Set<EntryID>()
        var toCheck: [(EntryID, VersionContent.Source?)] = []
        for id in toRead {
            if let cache, let key = cacheKey(id),
               let record = cache.record(blob: key.blob, fingerprint: key.fingerprint, rules: key.rules), record.valid {
                checked.append(record.summary.checkedEntry(id, rules: key.rules))
                summarised.insert(id)
            } else {
                toCheck.append((id, content.entries[id]))
            }
        }
        let fresh = checkSources(toCheck, schemas: schemas)
        if cache != nil {
            // Only entries without problems of their own: the findings of the others are always computed afresh.
            for entry in fresh where entry.problems.isEmpty {
                guard let key = cacheKey(entry.entry) else { continue }
                cache?.store(EntrySummary(entry, rules: key.rules), valid: true, blob: key.blob, fingerprint: key.fingerprint)
            }
        }
        checked += fresh

        // A summarised entry that takes part in a problem across entries is checked again, for its locations.
        let ids = Set(content.entries.keys)
        if !summarised.isEmpty {
            var involved = Set<EntryID>()
            for entry in checked where summarised.contains(entry.entry) && reported.contains(entry.entry) {
                if entry.references.contains(where: { $0.target == entry.entry || !ids.contains($0.target) }) { involved.insert(entry.entry) }
            }
            var counts: [String: Int] = [:]
            for entry in checked where uniqueCollections.contains(entry.entry.collection) {
                for value in entry.uniqueValues { counts[entry.entry.collection + "\t" + value.field + "\t" + value.key, default: 0] += 1 }
            }
            for entry in checked where summarised.contains(entry.entry) && reported.contains(entry.entry) {
                if entry.uniqueValues.contains(where: { counts[entry.entry.collection + "\t" + $0.field + "\t" + $0.key, default: 0] > 1 }) {
                    involved.insert(entry.entry)
                }
            }
            if !involved.isEmpty {
                let again = checkSources(involved.sorted().map { ($0, content.entries[$0]) }, schemas: schemas)
                var byID: [EntryID: CheckedEntry] = [:]
                for entry in again { byID[entry.entry] = entry }
                checked = checked.map { byID[$0.entry] ?? $0 }
            }
        }
        if cache != nil {
            cache?.save(keepingBlobs: Set(content.entries.values.compactMap(\.blobID)), fingerprints: Set(fingerprints.values),
                        blobCount: content.entries.count)
        }

        var problems = schemas.problems
        for entry in checked where reported.contains(entry.entry) {
            problems += entry.problems
            problems += referenceProblems(entry, exists: { ids.contains($0) })
        }
        problems += uniqueProblems(checked.filter { uniqueCollections.contains($0.entry.collection) }, reported: reported)
        return StoreValidationReport(problems: sorted(problems), entriesChecked: reported.count, schemasChecked: schemas.schemaCount)
    }

    /// Reads and checks entries; files on disk are read in parallel with the checks, other sources first, here.
    func checkSources(_ sources: [(EntryID, VersionContent.Source?)], schemas: StoreSchemas) -> [CheckedEntry] {
        var inputs: [(EntryID, String?, Data?)] = []
        inputs.reserveCapacity(sources.count)
        for (id, source) in sources {
            if let file = source?.filePath {
                inputs.append((id, file, nil))
            } else {
                inputs.append((id, nil, source?.read()))
            }
        }
        return checkAll(inputs, schemas: schemas)
    }

    /// Checks entries (in parallel when there are many); the result is in input order.
    func checkAll(_ inputs: [(EntryID, Data?)], schemas: StoreSchemas) -> [CheckedEntry] {
        checkAll(inputs.map { ($0.0, nil, $0.1) }, schemas: schemas)
    }

    /// Checks entries given as bytes or as a file to read (in parallel when there are many); in input order.
    private func checkAll(_ inputs: [(EntryID, String?, Data?)], schemas: StoreSchemas) -> [CheckedEntry] {
        let limits = options.limits
        @Sendable func one(_ input: (EntryID, String?, Data?)) -> CheckedEntry {
            guard let data = input.2 ?? input.1.flatMap({ FileManager.default.contents(atPath: $0) }) else {
                return CheckedEntry(entry: input.0, problems: [StoreProblem(file: input.0.path, message: "cannot be read")])
            }
            return EntryCheck.check(input.0, data: data, collection: schemas.collections[input.0.collection], limits: limits)
        }
        return parallelMap(inputs, threads: inputs.count >= options.parallelThreshold ? ParallelWork.defaultThreads : 1, one)
    }

    /// Dangling references and references of an entry to itself.
    func referenceProblems(_ entry: CheckedEntry, exists: (EntryID) -> Bool) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for use in entry.references {
            if use.target == entry.entry {
                problems.append(StoreProblem(
                    file: entry.entry.path, line: use.line, column: use.column, field: use.pointer, keyword: "x-chronik-ref",
                    message: "refers to the entry itself (\(use.target)); an entry cannot reference itself"))
            } else if !exists(use.target) {
                problems.append(StoreProblem(
                    file: entry.entry.path, line: use.line, column: use.column, field: use.pointer, keyword: "x-chronik-ref",
                    message: "refers to `\(PathRules.printable(use.target.id))`, but there is no entry \(PathRules.printable(use.target.path))"))
            }
        }
        return problems
    }

    /// Entries of a collection sharing a value of a unique field: a problem for each reported one, naming the others.
    func uniqueProblems(_ entries: [CheckedEntry], reported: Set<EntryID>) -> [StoreProblem] {
        var groups: [String: [(EntryID, UniqueValue)]] = [:]
        for entry in entries {
            for value in entry.uniqueValues {
                groups[entry.entry.collection + "\t" + value.field + "\t" + value.key, default: []].append((entry.entry, value))
            }
        }
        var problems: [StoreProblem] = []
        for (_, members) in groups where members.count > 1 {
            for (id, value) in members where reported.contains(id) {
                let others = members.filter { $0.0 != id }.map { PathRules.printable($0.0.path) }.sorted()
                problems.append(StoreProblem(
                    file: id.path, line: value.line, column: value.column, field: "/" + JSONPointer.escape(value.field),
                    keyword: "x-chronik-unique",
                    message: "must be unique in \(id.collection), but \(others.joined(separator: ", ")) \(others.count == 1 ? "has" : "have") the same value `\(value.display)`"))
            }
        }
        return problems
    }

    func sorted(_ problems: [StoreProblem]) -> [StoreProblem] {
        problems.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0, $0.field ?? "", $0.message) < ($1.file, $1.line ?? 0, $1.column ?? 0, $1.field ?? "", $1.message) }
    }

    // MARK: - Snapshots

    /// Validates a snapshot's files as a whole version (SnapshotContentChecker).
    public func check(files: [String: Data], config: StoreConfig) -> [StoreProblem] {
        validate(.files(files, config: config)).problems
    }

    // MARK: - Commits

    /// Validates the version `chronik commit` is about to record (ContentChecker).
    ///
    /// Only what can have changed is checked: new, changed and renamed entries fully (their references against
    /// the ids of the whole version); removed and renamed-away entries against every entry that still refers to
    /// them; unique fields of changed entries against their collection. Stored entries are summarised from a cache
    /// keyed by blob id, so a commit in a large store reads only what it needs. When `chronik.yml` or a schema
    /// changes, or for the first version, every entry is validated.
    public func check(_ version: PendingVersion) throws(StoreError) -> [StoreProblem] {
        let store = version.store
        let schemaChanged = version.changes.files.contains { $0.path == StoreConfig.fileName || $0.path.hasPrefix("schemas/") }
        guard let head = version.head, !schemaChanged else {
            return validate(try .workingTree(of: store)).problems
        }
        let schemas = StoreSchemas.load(config: version.config, read: version.read)
        var problems = schemas.problems
        let ids = try version.entries()

        var changed: [EntryID] = []
        var gone: [EntryID: EntryID?] = [:] // removed or renamed-away entry -> its new name, if renamed
        for change in version.changes.entries {
            switch change.kind {
            case .added, .modified: changed.append(change.entry)
            case .renamed:
                changed.append(change.entry)
                if let from = change.from { gone[from] = change.entry }
            case .removed: gone[change.entry] = .some(nil)
            }
        }
        let checked = checkAll(changed.sorted().map { ($0, version.read($0.path)) }, schemas: schemas)
        for entry in checked {
            problems += entry.problems
            problems += referenceProblems(entry, exists: { ids.contains($0) })
        }

        // Stored entries that the checks across entries need: referrers of what is gone, and the collections of
        // changed entries with unique fields.
        let goneCollections = Set(gone.keys.map(\.collection))
        let uniqueCollections = Set(checked.filter { !$0.uniqueValues.isEmpty }.map(\.entry.collection))
        func needed(_ collection: String) -> Bool {
            guard let rules = schemas.collections[collection]?.rules else { return false }
            return uniqueCollections.contains(collection) || rules.references.contains { goneCollections.contains($0.target) }
        }
        guard !gone.isEmpty || !uniqueCollections.isEmpty else { return sorted(problems) }

        let changedSet = Set(changed)
        var cache = ReferenceCache(file: VersionContent.cacheFile(of: store))
        let fingerprints = schemas.collections.mapValues { ValidationFingerprint.withLimits($0.fingerprint, options.limits) }
        let stored = try VersionContent.entryBlobs(in: head.treeID, config: version.config, store: store)
        var summaries: [(EntryID, EntrySummary)] = []
        var toParse: [(EntryID, ObjectID)] = []
        for (id, blob) in stored where !changedSet.contains(id) && gone[id] == nil && needed(id.collection) {
            guard let rules = schemas.collections[id.collection]?.rules, let fingerprint = fingerprints[id.collection] else { continue }
            if options.useCache, let record = cache.record(blob: blob.hex, fingerprint: fingerprint, rules: rules) {
                summaries.append((id, record.summary))
            } else {
                toParse.append((id, blob))
            }
        }
        if !toParse.isEmpty {
            var inputs: [(EntryID, Data?)] = []
            for (id, blob) in toParse { inputs.append((id, try? store.repository.blob(blob))) }
            let parsed = checkAll(inputs, schemas: schemas)
            for (entry, (_, blob)) in zip(parsed, toParse) {
                guard let rules = schemas.collections[entry.entry.collection]?.rules,
                      let fingerprint = fingerprints[entry.entry.collection] else { continue }
                let summary = EntrySummary(entry, rules: rules)
                summaries.append((entry.entry, summary))
                cache.store(summary, valid: entry.problems.isEmpty, blob: blob.hex, fingerprint: fingerprint)
            }
        }
        if options.useCache { cache.save(keepingBlobs: Set(stored.map(\.1.hex)), fingerprints: Set(fingerprints.values), blobCount: stored.count) }

        // Referrers of removed and renamed-away entries.
        var referrers: [EntryID: Set<String>] = [:]
        for (id, summary) in summaries {
            guard let rules = schemas.collections[id.collection]?.rules else { continue }
            for (rule, targets) in zip(rules.references, summary.references) {
                for target in targets {
                    let entry = EntryID(collection: rule.target, id: target)
                    if gone[entry] != nil, entry != id { referrers[entry, default: []].insert("\(id.path) (\(rule.field))") }
                }
            }
        }
        for (entry, names) in referrers {
            let list = names.sorted().joined(separator: ", ")
            let message: String
            if case .some(.some(let newName)) = gone[entry] {
                message = "is renamed to \(newName.path), but \(list) still \(names.count == 1 ? "refers" : "refer") to it; update those references (`chronik mv` renames an entry and rewrites its references)"
            } else {
                message = "is removed, but \(list) still \(names.count == 1 ? "refers" : "refer") to it; remove those references first"
            }
            problems.append(StoreProblem(file: entry.path, keyword: "x-chronik-ref", message: message))
        }

        // Unique fields of changed entries against the stored entries of their collection.
        if !uniqueCollections.isEmpty {
            var all = checked.filter { uniqueCollections.contains($0.entry.collection) }
            for (id, summary) in summaries where uniqueCollections.contains(id.collection) {
                guard let rules = schemas.collections[id.collection]?.rules else { continue }
                var entry = CheckedEntry(entry: id)
                for (field, key) in zip(rules.unique, summary.unique) {
                    if let key { entry.uniqueValues.append(UniqueValue(field: field, key: key, display: "", line: nil, column: nil)) }
                }
                all.append(entry)
            }
            problems += uniqueProblems(all, reported: changedSet)
        }
        return sorted(problems)
    }
}

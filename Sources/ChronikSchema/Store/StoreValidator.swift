import ChronikStore
import Foundation
import GitKit
import Synchronization

/// Settings of `StoreValidator`, with defaults.
public struct StoreValidationOptions: Sendable {
    /// Limits for reading entries.
    public var limits = FrontMatterLimits()
    /// Whether validation may keep a cache of entry checks in `.git/chronik/validation-cache` (see `ReferenceCache`).
    public var useCache = true
    /// Entries checked in parallel when there are at least this many.
    public var parallelThreshold = 64
    /// A working tree file is recorded in the validation cache by its stamp only when its last change (ctime) lies
    /// at least this long before the run began (see `FileStamp.isSettled`): file times are as coarse as the
    /// kernel's clock tick, so a change within the same tick as the read could leave the stamp unchanged. Files
    /// changed more recently are simply read again by the next run.
    public var settleTime: Duration = .seconds(2)
    /// A cold run's working tree file records written out on the threads that check the entries (see
    /// `StoreValidator.validate`); off, they are stored into the cache's table and written from it (the reference
    /// the tests hold it to).
    package var recordsOnCheckingThreads = true

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
    /// What the validation made on its way (the cache's records, the checked entries and their summaries), held
    /// so that freeing it is the holder's choice: `chronik validate` keeps the report until it exits, rather than
    /// free thousands of small values one by one as the run's last serial step (2 % of a cold run's CPU).
    package var work: ValidationWork?

    public var isValid: Bool { problems.isEmpty }

    public init(problems: [StoreProblem], entriesChecked: Int, schemasChecked: Int) {
        self.problems = problems
        self.entriesChecked = entriesChecked
        self.schemasChecked = schemasChecked
    }
}

/// Values a validation made (see `StoreValidationReport.work`); only held, never read.
package final class ValidationWork: @unchecked Sendable {
    private let values: [Any]

    init(_ values: [Any]) {
        self.values = values
    }
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
    /// With a cache (`content.cacheFile`, `options.useCache`), an entry recorded as valid under its collection's
    /// fingerprint (by blob id, or by path and stamp for a working tree file) is not read: the checks across
    /// entries use its recorded summary, and should it take part in a problem there, it is checked again in full
    /// so that the finding has its line and column. The report is the same with or without the cache.
    public func validate(_ content: VersionContent, only: Set<EntryID>? = nil) -> StoreValidationReport {
        validate(content, only: only, whenChecked: nil)
    }

    /// `validate(_:only:)`, calling `whenChecked` once the entries to check have been read and checked (at once
    /// when they are too few to be checked on all cores, when no stamp of a read can be wanted), with a function
    /// giving the entries read and the stamps of their reads (on any thread, made when it is called; no entries when
    /// they were read in the listing's order, `VersionContent.listedOrder`, every one of them): the gate
    /// (`StoreGate`) then asks its questions of the repository on the core the serial steps after the checks leave
    /// idle.
    func validate(_ content: VersionContent, only: Set<EntryID>?,
                  whenChecked: ((_ reads: @escaping @Sendable () -> (ids: [EntryID]?, stamps: [FileStamp?])) -> Void)?) -> StoreValidationReport {
        // Taken before any entry is read: a file whose stamp is settled by then cannot change unnoticed later.
        let started = FileStamp.now()
        let settleTime = options.settleTime.components
        let settleMargin = settleTime.seconds &* 1_000_000_000 &+ settleTime.attoseconds / 1_000_000_000
        // The cache file is read while the schemas load (which may read from the repository: only that side does).
        let cacheFile = options.useCache ? content.cacheFile : nil
        nonisolated(unsafe) let unsafeContent = content
        // The schemas come checked on the assumption that the cache vouches for them (no meta-schema check), or,
        // without a cache file, in full. When the cache does not vouch for them, they are checked in full and
        // compiled now; when it does, they are compiled only if an entry is to be checked.
        var schemas: StoreSchemas
        var cache: ReferenceCache?
        if let cacheFile, let prefetched = content.prefetched, prefetched.cache.file == cacheFile {
            (schemas, cache) = (prefetched.schemas, prefetched.cache)
        } else {
            (schemas, cache) = inParallel({ () -> StoreSchemas in
                let files = StoreSchemas.readFiles(config: unsafeContent.config, read: unsafeContent.readFile)
                return StoreSchemas.load(config: unsafeContent.config, files: files, vouched: cacheFile != nil, refused: unsafeContent.readProblem)
            }, {
                cacheFile.map(ReferenceCache.init(file:))
            })
        }
        if cache?.vouches(forSchemas: schemas.setKey) != true {
            if !schemas.checkedAgainstMetaSchema {
                schemas = StoreSchemas.load(config: content.config, read: content.readFile, refused: content.readProblem)
            }
            schemas.compile()
            if cache != nil, schemas.problems.isEmpty { cache?.vouch(forSchemas: schemas.setKey) }
        }
        @Sendable func isReported(_ id: EntryID) -> Bool { only?.contains(id) ?? true }
        // Which entries there are alone, not `content`: the optimiser specialises `referenceProblems` for this function
        // and passes what it captures by value, so capturing `content` copied and destroyed the whole version (a dozen
        // references) for every entry checked (1 % of a cold validate, on the main thread). (A table's sources hold
        // closures, not Sendable; the threads finding reference problems only look names up.) A stampless listing's
        // ids, without its table (`VersionContent.entryCount`, `contains(_:)`).
        let membership = content.membership
        // Unique fields compare with the whole collection, so those collections are read in full.
        let uniqueCollections: Set<String>
        if let only {
            uniqueCollections = Set(only.map(\.collection).filter { !(schemas.collections[$0]?.rules.unique.isEmpty ?? true) })
        } else {
            uniqueCollections = Set(schemas.collections.filter { !$0.value.rules.unique.isEmpty }.keys)
        }
        // In no particular order: the problems are sorted at the end, and those of different entries never tie.
        // A whole working tree in the order its folders were listed (see `VersionContent.listedOrder`).
        let toRead = only == nil ? (content.listedOrder ?? Array(content.entries))
            : content.entries.filter { isReported($0.key) || uniqueCollections.contains($0.key.collection) }.map { $0 }

        let fingerprints = schemas.collections.mapValues { ValidationFingerprint.withLimits($0.fingerprint, options.limits) }
        // Each collection's rules and cache fingerprint, found with one look-up per entry. (Compiling the schemas
        // later changes neither.)
        var collectionsFound: [String: (rules: CollectionRules, fingerprint: String)] = [:]
        for (name, loaded) in schemas.collections {
            if let fingerprint = fingerprints[name] { collectionsFound[name] = (loaded.rules, fingerprint) }
        }
        let collections = collectionsFound

        // Entries recorded as valid are summarised; the others are read and checked. The look-ups are shared out
        // over the cores: on a warm run of thousands of entries they are most of what is left to do.
        // In the chunks they were found in (joining them would copy every summary once more).
        var summaries: [[Summary]] = []
        // In the dictionary's own element type: a cold run checks `toRead` itself, without copying every source.
        var toCheck: [(key: EntryID, value: VersionContent.Source)] = []
        var recorded = 0 // entries with a file record, for pruning the records of entries that are gone
        // Every entry of the working tree's listing is to check, in its order (a cold run): what the listing knows of
        // its files is not asked of each source again.
        var checksTheListing = false
        // (A cache without records, as on a cold run, has nothing to look up: every entry is checked.)
        if let cache, !(cache.files.isEmpty && cache.records.isEmpty) {
            // Sources hold closures (not Sendable); the threads only read them.
            nonisolated(unsafe) let toRead = toRead
            let found = parallelMap(Self.chunks(toRead.count), threads: threads(toRead.count)) { range -> ([Summary], [Int], Int) in
                var summaries: [Summary] = []
                summaries.reserveCapacity(range.count)
                var toCheck: [Int] = []
                var recorded = 0
                for index in range {
                    let (id, source) = toRead[index]
                    if let (rules, fingerprint) = collections[id.collection] {
                        let record: ReferenceCache.Record?
                        if let blob = source.blobID {
                            record = cache.record(blob: blob, fingerprint: fingerprint, rules: rules)
                        } else if let stamp = source.stamp, let file = cache.files[id] {
                            recorded += 1
                            record = ReferenceCache.record(file, stamp: stamp, fingerprint: fingerprint, rules: rules)
                        } else {
                            record = nil
                        }
                        if let record, record.valid {
                            summaries.append((id, record.summary, rules))
                            continue
                        }
                    }
                    toCheck.append(index)
                }
                return (summaries, toCheck, recorded)
            }
            for (part, indices, count) in found {
                summaries.append(part)
                for index in indices { toCheck.append(toRead[index]) }
                recorded += count
            }
        } else {
            toCheck = toRead
            checksTheListing = only == nil && content.listedOrder != nil
        }
        // The version the last full run found without any problem, unchanged: the same entries (every one has a
        // record, and there are as many records as entries, as many as that run had), each under its stamp and
        // fingerprint of then (else it would be to check). Then the report is that run's: no problem at all, and
        // the checks across entries are skipped.
        let unchanged = only == nil && toCheck.isEmpty && schemas.problems.isEmpty && recorded == content.entryCount
            && cache?.files.count == recorded && cache?.cleanEntryCount == recorded
        if !toCheck.isEmpty { schemas.compile() }
        // The gate waits for the stamps of the reads when the listing took none.
        let gateWaits = toCheck.count >= options.parallelThreshold || !content.unstampedFolders.isEmpty
        if !gateWaits { whenChecked?({ ([EntryID](), []) }) }
        // The summaries (or record lines) to record, of the entries without problems of their own (the findings of
        // the others are always computed afresh); each collection's reference pointers made once, with its rules and
        // fingerprint: one look-up per entry.
        let summaryRules = collections.mapValues { (rules: $0.rules, prefixes: EntrySummary.referencePrefixes($0.rules), fingerprint: $0.fingerprint) }
        // A cold run of the working tree (a cache without file records, every entry to check a file listed as
        // regular): each entry's file record is written out on the thread that checked it, as `store` and `save`
        // would write it. On the serial end, hashing 5,000 records into the cache's table and writing them out from
        // there took longer than the reference problems and the unique values together. Anything else (records to
        // replace or drop, blobs) takes the table, as before (`recordsOnCheckingThreads` off: the tests' reference).
        var recordLine: (@Sendable (Int, CheckedEntry, FileStamp?) -> [UInt8]?)?
        if options.recordsOnCheckingThreads, cache?.hasNoFileRecords == true,
           checksTheListing && content.listedAllRegular
            || toCheck.withUnsafeBufferPointer({ toCheck in toCheck.indices.allSatisfy { toCheck[$0].value.blobID == nil && toCheck[$0].value.listedRegular } }) {
            nonisolated(unsafe) let toCheck = toCheck
            recordLine = { i, checked, readStamp in
                // The stamp as the loop below takes it for a listed file.
                // The listed stamp read in place: `toCheck[i].value.stamp` copied the whole element (the id, the paths,
                // the closure: retained and released, through the runtime's generic tuple copy) for every entry.
                let listed = toCheck.withUnsafeBufferPointer { toCheck in
                    precondition(toCheck.indices.contains(i), "a result of an entry to check")
                    return (toCheck.baseAddress! + i).pointer(to: \.value.stamp)!.pointee
                }
                guard checked.problems.isEmpty, let (rules, prefixes, fingerprint) = summaryRules[checked.entry.collection],
                      let stamp = FileStamp.recorded(listed: listed, read: readStamp, at: started, margin: settleMargin)
                else { return nil }
                // (The line `fileRecordLine` writes for the entry's summary, written from the checked entry itself.)
                return ReferenceCache.fileRecordLine(checked, rules: rules, prefixes: prefixes, stamp: stamp, fingerprint: fingerprint)
            }
        }
        // Each reported entry's reference problems, found on the thread that checked it: on the serial end, after
        // the checks, they took a round of their own on all cores (each reference of thousands of entries looked up
        // in the version's table). Appended below in the same order as before, each entry's after its own problems.
        // Beside them, the values of unique fields are seen (duplicates are found after), and the reported entries
        // with a problem counted: after the checks, one thread went through every result for both (1 ms of a cold run
        // of 5,000 entries, with the other core idle), each result's strings and arrays retained and released.
        let tally = CheckTally(capacity: toCheck.count + summaries.reduce(0) { $0 + $1.count })
        let references: @Sendable (CheckedEntry) -> [StoreProblem] = { checked in
            if !checked.uniqueValues.isEmpty, uniqueCollections.contains(checked.entry.collection) {
                tally.unique.withLock { keys in
                    for value in checked.uniqueValues { keys.see(checked.entry.collection, value.field, value.key) }
                }
            }
            guard isReported(checked.entry) else { return [] }
            let found = referenceProblems(checked, exists: { membership.contains($0) })
            if !found.isEmpty || !checked.problems.isEmpty { tally.withProblems.add(1, ordering: .relaxed) }
            return found
        }
        let results = checkSources(toCheck, listedFolderFiles: checksTheListing ? content.listedFolderFiles : nil, schemas: schemas,
                                   recordLine: recordLine, references: references)
        // The results are read in place, by index, rather than taken apart into arrays of ids, stamps and checked
        // entries on the serial end (thousands of values copied, each retaining its strings and arrays); the gate's
        // ids and stamps are made on its own thread.
        if gateWaits {
            nonisolated(unsafe) let toCheck = toCheck
            let inListedOrder = checksTheListing
            whenChecked?({ (inListedOrder ? nil : toCheck.map(\.key), results.map(\.stamp)) })
        }
        if recordLine != nil { cache?.storeWritten(results.compactMap(\.recordLine)) }
        let summariesChecked: [EntrySummary?] = cache == nil || recordLine != nil ? [] : Array(
            parallelMap(Self.chunks(results.count), threads: threads(results.count)) { range in
                range.map { i -> EntrySummary? in
                    guard results[i].checked.problems.isEmpty, let (rules, prefixes, _) = summaryRules[results[i].checked.entry.collection]
                    else { return nil }
                    return EntrySummary(results[i].checked, rules: rules, prefixes: prefixes)
                }
            }.joined())
        if recordLine == nil, toCheck.count > 64, toCheck.first?.value.listedRegular == true { cache?.reserveFiles(toCheck.count) }
        // (The fingerprint alone looked up: the pair with the rules was copied out, its arrays retained and released,
        // for each of thousands of entries on the serial end.)
        // By index, the sources and results read in place: taking them apart in the loop's pattern copied each
        // source (its closure and paths) and each checked entry, retained and released.
        for i in toCheck.indices where cache != nil && recordLine == nil {
            let id = toCheck[i].key
            guard let fingerprint = fingerprints[id.collection] else { continue }
            let readStamp = results[i].stamp
            if let blob = toCheck[i].value.blobID {
                if let summary = summariesChecked[i] {
                    cache?.store(summary, valid: true, blob: blob, fingerprint: fingerprint)
                }
            } else if toCheck[i].value.listedRegular {
                // Listed with its stamp, the bytes read must be of that stamp; listed without one (no cache file),
                // the stamp is the read's (`FileStamp.recorded`).
                if let summary = summariesChecked[i],
                   let stamp = FileStamp.recorded(listed: toCheck[i].value.stamp, read: readStamp, at: started, margin: settleMargin) {
                    cache?.store(summary, valid: true, entry: id, stamp: stamp, fingerprint: fingerprint)
                } else {
                    cache?.forget(entry: id)
                }
            }
        }
        // Entries checked again below (summarised ones that take part in a problem across entries).
        var rechecked: [CheckedEntry] = []

        // Values of unique fields that occur more than once, over checked and summarised entries alike (usually
        // none): one set of keys per collection and field, so a value costs one look-up of its key.
        var duplicates = Set<UniqueGroup>()
        if !unchanged, !uniqueCollections.isEmpty {
            // The checked entries' values were seen where they were checked.
            var seen = tally.unique.withLock { $0 }
            for (id, summary, rules) in summaries.joined() where !rules.unique.isEmpty && uniqueCollections.contains(id.collection) {
                for (field, key) in zip(rules.unique, summary.unique) {
                    if let key { seen.see(id.collection, field, key) }
                }
            }
            duplicates = seen.duplicates
        }
        // A summarised entry that takes part in a problem across entries is checked again, for its locations.
        let summarised = summaries
        let duplicated = duplicates
        let summaryCount = summaries.reduce(0) { $0 + $1.count }
        let involvedParts = unchanged ? [] : parallelMap(summarised, threads: threads(summaryCount)) { chunk -> [EntryID] in
            var involved: [EntryID] = []
            for (id, summary, rules) in chunk where only?.contains(id) ?? true {
                var isInvolved = false
                references: for (rule, targets) in zip(rules.references, summary.references) {
                    for target in targets {
                        let entry = EntryID(collection: rule.target, id: target)
                        if entry == id || !membership.contains(entry) {
                            isInvolved = true
                            break references
                        }
                    }
                }
                if !isInvolved, !duplicated.isEmpty {
                    for (field, key) in zip(rules.unique, summary.unique) {
                        if let key, duplicated.contains(UniqueGroup(id.collection, field, key)) {
                            isInvolved = true
                            break
                        }
                    }
                }
                if isInvolved { involved.append(id) }
            }
            return involved
        }
        let involved = Set(involvedParts.joined())
        if !involved.isEmpty {
            schemas.compile()
            // (Every involved entry is one of the version's: an entry was summarised from its source.)
            rechecked = checkSources(involved.sorted().map { ($0, content.entries[$0] ?? VersionContent.Source { nil }) }, schemas: schemas,
                                     recordLine: nil).map(\.checked)
            for i in summaries.indices { summaries[i].removeAll { involved.contains($0.id) } }
        }
        // Summarised entries left have no problem of their own, nor with their references.
        var problems = schemas.problems + content.listingProblems
        problems += content.pathProblems.filter { problem in only.map { ids in ids.contains { $0.path == problem.file } } ?? true }
        // Each reported entry's problems, then its reference problems (found where it was checked); read in place, and
        // only when an entry has a problem.
        if tally.withProblems.load(ordering: .relaxed) > 0 { results.withUnsafeBufferPointer { results in
            for i in results.indices where !(results[i].checked.problems.isEmpty && results[i].referenceProblems.isEmpty) {
                guard isReported(results[i].checked.entry) else { continue }
                problems += results[i].checked.problems
                problems += results[i].referenceProblems
            }
        } }
        for entry in rechecked where isReported(entry.entry) {
            problems += entry.problems
            problems += referenceProblems(entry, exists: { membership.contains($0) })
        }
        if !duplicates.isEmpty {
            var all = results.lazy.map(\.checked).filter { uniqueCollections.contains($0.entry.collection) }
                + rechecked.filter { uniqueCollections.contains($0.entry.collection) }
            for (id, summary, rules) in summaries.joined() where uniqueCollections.contains(id.collection) {
                all.append(summary.checkedEntry(id, rules: rules))
            }
            problems += uniqueProblems(all, reported: isReported)
        }

        if cache != nil {
            var blobCount = 0
            // (The working tree's listing has no blob: each source copied out of the table, retained and released,
            // was 0.3 ms of a cold run's serial end.)
            if content.listedOrder == nil {
                for source in content.entries.values where source.blobID != nil { blobCount += 1 }
            }
            if blobCount > 0 {
                let entries = content.entries
                cache?.save(blobs: (blobCount, { Set(entries.values.compactMap(\.blobID)) }), files: nil,
                            fingerprints: Set(fingerprints.values))
            } else {
                // A full run without any problem: if every entry ends up with a record, the file says so.
                let clean = only == nil && problems.isEmpty ? content.entryCount : nil
                cache?.save(blobs: nil, files: (only == nil ? recorded : 0, { membership.contains($0) }, clean),
                            fingerprints: Set(fingerprints.values))
            }
        }
        var report = StoreValidationReport(problems: sorted(problems), entriesChecked: only?.count ?? content.entryCount,
                                           schemasChecked: schemas.schemaCount)
        // What the run made of thousands of entries goes with the report (see `StoreValidationReport.work`).
        report.work = ValidationWork([cache as Any, results, rechecked, summariesChecked, summaries, toCheck, toRead])
        return report
    }

    typealias Summary = (id: EntryID, summary: EntrySummary, rules: CollectionRules)

    /// Threads for look-ups over `count` entries: all cores when there are thousands.
    private func threads(_ count: Int) -> Int {
        count >= options.parallelThreshold * 16 ? ParallelWork.defaultThreads : 1
    }

    /// `0..<count` in pieces, a few per core, for `parallelMap`.
    static func chunks(_ count: Int) -> [Range<Int>] {
        let size = max(256, count / (ParallelWork.defaultThreads * 4) + 1)
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// What `checkSources` gives for an entry: the checked entry, the stamp of the file read (nil for other sources),
    /// and what `recordLine` and `references` give for it (nil and none without them), made on the thread that
    /// checked it.
    typealias CheckResult = (checked: CheckedEntry, stamp: FileStamp?, recordLine: [UInt8]?, referenceProblems: [StoreProblem])

    /// Reads and checks entries; files on disk are read in parallel with the checks, other sources first, here.
    /// With `recordLine`, each result comes with what it gives for the entry's index, the checked entry and the stamp;
    /// with `references`, with what it gives for the checked entry (its reference problems).
    ///
    /// `listedFolderFiles`: `sources` are the working tree's listing (`VersionContent.listedOrder`), with a file of each of
    /// its folders (`VersionContent.listedFolderFiles`).
    func checkSources(_ sources: [(key: EntryID, value: VersionContent.Source)], listedFolderFiles: [String]? = nil,
                      schemas: StoreSchemas, recordLine: (@Sendable (Int, CheckedEntry, FileStamp?) -> [UInt8]?)?,
                      references: (@Sendable (CheckedEntry) -> [StoreProblem])? = nil) -> [CheckResult] {
        // Files alone (a working tree's entries): the checking threads take each one's id and path from `sources`
        // itself. Copying every source (its paths and closure, retained and released) into a list of inputs first
        // was about a millisecond of the calling thread's time on a cold run of 5,000 entries, before the checks
        // began and with the other cores idle. (Sources hold closures, not Sendable; the threads only read them.)
        // Read in place through the array's buffer: its subscript copied the whole element (the id, the paths, the
        // closure), retained and released, to give one field of it.
        let filesAlone = listedFolderFiles != nil
            || sources.withUnsafeBufferPointer { sources in sources.indices.allSatisfy { sources[$0].value.filePath != nil } }
        if filesAlone {
            return sources.withUnsafeBufferPointer { buffer in
                nonisolated(unsafe) let sources = buffer
                // The folders to open: the listing's, else those of every file.
                // The id, path and listing's look of each entry read in place (`pointer(to:)`, as `recordLine` reads
                // its stamp): the buffer's subscript copied the whole element (the id, the paths, the reading closure,
                // retained and released through the runtime's generic tuple copy) to give one field of it, three times
                // an entry: 12 profile samples of a cold `validate`'s ~1,100.
                @Sendable func element(_ i: Int) -> UnsafePointer<(key: EntryID, value: VersionContent.Source)> {
                    precondition(sources.indices.contains(i), "an entry to check")
                    return sources.baseAddress! + i
                }
                return checkAll(count: sources.count,
                                input: { (element($0).pointer(to: \.key)!.pointee, element($0).pointer(to: \.value.filePath)!.pointee, nil) },
                                paths: listedFolderFiles.map { AnySequence($0) } ?? AnySequence((0..<sources.count).lazy.compactMap { sources[$0].value.filePath }),
                                seenRegular: { element($0).pointer(to: \.value.listedRegular)!.pointee },
                                schemas: schemas, recordLine: recordLine, references: references)
            }
        }
        var inputs: [(EntryID, String?, Data?)] = []
        var seenRegular: [Bool] = []
        inputs.reserveCapacity(sources.count)
        seenRegular.reserveCapacity(sources.count)
        for (id, source) in sources {
            if let file = source.filePath {
                inputs.append((id, file, nil))
            } else {
                inputs.append((id, nil, source.read()))
            }
            // The listing's look at a listed file (`fstatat` without following a link, or the folder's `d_type`): a
            // regular file.
            seenRegular.append(source.filePath != nil && source.listedRegular)
        }
        return checkAll(inputs, seenRegular: seenRegular, schemas: schemas, recordLine: recordLine, references: references)
    }

    /// Checks entries (in parallel when there are many); the result is in input order.
    func checkAll(_ inputs: [(EntryID, Data?)], schemas: StoreSchemas) -> [CheckedEntry] {
        checkAll(inputs.map { ($0.0, nil, $0.1) }, seenRegular: [], schemas: schemas, recordLine: nil, references: nil).map(\.checked)
    }

    /// Checks entries given as bytes or as a file to read (in parallel when there are many); in input order, with
    /// the stamp of each file read.
    private func checkAll(_ inputs: [(EntryID, String?, Data?)], seenRegular: [Bool], schemas: StoreSchemas,
                          recordLine: (@Sendable (Int, CheckedEntry, FileStamp?) -> [UInt8]?)?,
                          references: (@Sendable (CheckedEntry) -> [StoreProblem])?) -> [CheckResult] {
        checkAll(count: inputs.count, input: { inputs[$0] }, paths: AnySequence(inputs.lazy.compactMap { $0.2 == nil ? $0.1 : nil }),
                 seenRegular: { $0 < seenRegular.count && seenRegular[$0] },
                 schemas: schemas, recordLine: recordLine, references: references)
    }

    /// Checks `count` entries, the `k`th given by `input(k)` (its id, the file to read or its bytes); `paths`: files
    /// whose folders hold the files to read (every file to read, or one per folder); `seenRegular(k)`: the caller's
    /// listing has just found a regular file there.
    private func checkAll(count: Int, input: @Sendable (Int) -> (EntryID, String?, Data?), paths: AnySequence<String>,
                          seenRegular: @Sendable (Int) -> Bool, schemas: StoreSchemas,
                          recordLine: (@Sendable (Int, CheckedEntry, FileStamp?) -> [UInt8]?)?,
                          references: (@Sendable (CheckedEntry) -> [StoreProblem])?) -> [CheckResult] {
        let limits = options.limits
        let folders = FileReading.Folders(paths: paths)
        defer { folders.close() }
        // The collections in a table of their own, looked up by name (a handful; short names compare as two words),
        // each by reference (`EntryCheck.CollectionRef`): a copy from `schemas.collections` retained and released
        // its dozen references for every entry, on objects that every checking thread shares.
        let table = schemas.collections.map { (name: $0.key, collection: EntryCheck.CollectionRef($0.value)) }
        @Sendable func one(_ index: Int) -> CheckResult {
            let (checked, stamp) = check(index, input(index))
            return (checked, stamp, recordLine?(index, checked, stamp), references?(checked) ?? [])
        }
        @Sendable func check(_ index: Int, _ input: (EntryID, String?, Data?)) -> (CheckedEntry, FileStamp?) {
            var bytes = input.2.map { [UInt8]($0) }
            var stamp: FileStamp?
            var unread = "cannot be read"
            if bytes == nil, let path = input.1 {
                switch folders.read(path, limit: limits.maxFileBytes, seenRegular: seenRegular(index)) {
                case .success(let file): (bytes, stamp) = file
                case .failure(.missing): break // gone since it was listed
                case .failure(let problem): unread = problem.description // a link, FIFO, folder or oversized file
                }
            }
            guard let bytes else {
                return (CheckedEntry(entry: input.0, problems: [StoreProblem(file: input.0.path, message: unread)]), nil)
            }
            let name = input.0.collection
            for (known, collection) in table where known == name {
                return (EntryCheck.check(input.0, bytes: bytes, collection: collection, limits: limits), stamp)
            }
            return (EntryCheck.check(input.0, bytes: bytes, collection: nil, limits: limits), stamp)
        }
        // Eight entries at a time: taken one by one, the checking threads took turns at the counter's cache line and
        // wrote their results into the same cache lines.
        return parallelMap(Array(0..<count), threads: count >= options.parallelThreshold ? ParallelWork.defaultThreads : 1, batch: 8, one)
    }

    /// Dangling references and references of an entry to itself.
    func referenceProblems(_ entry: CheckedEntry, exists: (EntryID) -> Bool) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for use in entry.references {
            if use.target == entry.entry {
                problems.append(StoreProblem(
                    file: entry.entry.path, line: use.line, column: use.column, field: use.pointer, keyword: "x-chronik-ref",
                    message: "refers to the entry itself (\(use.target)); an entry cannot reference itself",
                    detail: .referenceToItself(target: use.target.description)))
            } else if !exists(use.target) {
                problems.append(StoreProblem(
                    file: entry.entry.path, line: use.line, column: use.column, field: use.pointer, keyword: "x-chronik-ref",
                    message: "refers to `\(PathRules.printable(use.target.id))`, but there is no entry \(PathRules.printable(use.target.path))",
                    detail: .referenceMissing(id: use.target.id, path: use.target.path)))
            }
        }
        return problems
    }

    /// Entries of a collection sharing a value of a unique field: a problem for each reported one, naming the others.
    func uniqueProblems(_ entries: [CheckedEntry], reported: (EntryID) -> Bool) -> [StoreProblem] {
        var groups: [UniqueGroup: [(EntryID, UniqueValue)]] = [:]
        for entry in entries {
            for value in entry.uniqueValues {
                groups[UniqueGroup(entry.entry.collection, value.field, value.key), default: []].append((entry.entry, value))
            }
        }
        var problems: [StoreProblem] = []
        for (_, members) in groups where members.count > 1 {
            for (id, value) in members where reported(id) {
                let others = members.filter { $0.0 != id }.map { PathRules.printable($0.0.path) }.sorted()
                problems.append(StoreProblem(
                    file: id.path, line: value.line, column: value.column, field: "/" + JSONPointer.escape(value.field),
                    keyword: "x-chronik-unique",
                    message: "must be unique in \(id.collection), but \(others.joined(separator: ", ")) \(others.count == 1 ? "has" : "have") the same value `\(value.display)`",
                    detail: .notUnique(collection: id.collection, others: others, value: value.display)))
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
            let content = try VersionContent.pending(version)
            let report = validate(content)
            try content.unreadable.check()
            return report.problems
        }
        // The schemas did not change. When the validation cache vouches for their set (`chronik validate` found it
        // free of problems), the check against the meta-schema is skipped and only the collections whose entries
        // are checked are compiled, as `validate(_:)` does; else they are checked and compiled in full.
        let schemaFiles = StoreSchemas.readFiles(config: version.config, read: version.read)
        var schemas = StoreSchemas.load(config: version.config, files: schemaFiles, vouched: true)
        let vouched = options.useCache && ReferenceCache.vouches(forSchemas: schemas.setKey, file: VersionContent.cacheFile(of: store))
        if !vouched {
            schemas = StoreSchemas.load(config: version.config, files: schemaFiles, vouched: false)
            schemas.compile()
            if options.useCache, schemas.problems.isEmpty {
                // Vouched for from now on, as `validate(_:)` records it: the next commit skips this.
                var cache = ReferenceCache(file: VersionContent.cacheFile(of: store))
                cache.vouch(forSchemas: schemas.setKey)
                cache.save(blobs: nil, files: nil, fingerprints: [])
            }
        }
        var problems = schemas.problems

        var changed: [EntryID] = []
        var gone: [EntryID: EntryID?] = [:] // removed or renamed-away entry -> its new name, if renamed
        for change in version.changes.entries {
            switch change.kind {
            case .added, .modified:
                // Only its attachments changed (issue 17): the entry file is as the tip holds it, or missing (an
                // orphan folder, which the store's own attachment rules report).
                if change.kind == .modified, !version.isChanged(change.entry.path) { continue }
                changed.append(change.entry)
            case .renamed:
                changed.append(change.entry)
                if let from = change.from { gone[from] = change.entry }
            case .removed: gone[change.entry] = .some(nil)
            }
        }
        schemas.compile(only: Set(changed.map(\.collection)))
        let checked = checkAll(changed.sorted().map { ($0, version.read($0.path)) }, schemas: schemas)
        // The entries they refer to that the new version has (not the set of all its entries: a look-up each).
        let existing = try version.existing(Set(checked.flatMap { $0.references.map(\.target) }))
        for entry in checked {
            problems += entry.problems
            problems += referenceProblems(entry, exists: { existing.contains($0) })
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
        // Kept when the file is written (only the sets of schemas a run uses are sure to stay).
        _ = cache.vouches(forSchemas: schemas.setKey)
        let fingerprints = schemas.collections.mapValues { ValidationFingerprint.withLimits($0.fingerprint, options.limits) }
        // Only the trees of the collections needed are listed: the whole store's (5,000 entries classified by path)
        // was 17 % of a commit that edited a glossary entry (a field unique in its collection) in the medium store.
        let neededCollections = version.config.collectionNames.filter(needed)
        let stored = try VersionContent.entryBlobs(in: head.treeID, config: version.config, store: store, only: neededCollections)
        var summaries: [(EntryID, EntrySummary)] = []
        var toParse: [(EntryID, ObjectID)] = []
        for (id, blob) in stored where !changedSet.contains(id) && gone[id] == nil {
            guard let rules = schemas.collections[id.collection]?.rules, let fingerprint = fingerprints[id.collection] else { continue }
            if options.useCache, let record = cache.record(blob: blob.hex, fingerprint: fingerprint, rules: rules) {
                summaries.append((id, record.summary))
            } else {
                toParse.append((id, blob))
            }
        }
        if !toParse.isEmpty {
            schemas.compile(only: Set(toParse.map(\.0.collection)))
            var inputs: [(EntryID, Data?)] = []
            for (id, blob) in toParse {
                // An unreadable stored entry is an error, never "cannot be read" cached against its blob id.
                do { inputs.append((id, try store.repository.blob(blob, path: id.path, version: head.id))) } catch { throw .unreadableObject(error) }
            }
            let parsed = checkAll(inputs, schemas: schemas)
            for (entry, (_, blob)) in zip(parsed, toParse) {
                guard let rules = schemas.collections[entry.entry.collection]?.rules,
                      let fingerprint = fingerprints[entry.entry.collection] else { continue }
                let summary = EntrySummary(entry, rules: rules)
                summaries.append((entry.entry, summary))
                cache.store(summary, valid: entry.problems.isEmpty, blob: blob.hex, fingerprint: fingerprint)
            }
        }
        if options.useCache {
            // The blobs of some collections only: the records are not pruned to them (that would drop every other
            // collection's); `chronik validate` prunes.
            cache.save(blobs: nil, files: nil, fingerprints: Set(fingerprints.values))
        }

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
            let sorted = names.sorted()
            var renamedTo: String?
            if case .some(.some(let newName)) = gone[entry] { renamedTo = newName.path }
            let detail = ProblemDetail.stillReferenced(referrers: sorted, renamedTo: renamedTo)
            // The JSON keeps the English sentence; text output words the detail in the reader's language.
            problems.append(StoreProblem(file: entry.path, keyword: "x-chronik-ref",
                                         message: ChronikStore.Messages.catalog(.en).stillReferenced(by: sorted, renamedTo: renamedTo), detail: detail))
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
            problems += uniqueProblems(all, reported: { changedSet.contains($0) })
        }
        return sorted(problems)
    }
}

/// What the checking threads tally beside the checks of a version's entries (`StoreValidator.validate`).
final class CheckTally: Sendable {
    /// The values of unique fields of the entries checked.
    let unique: Mutex<UniqueKeys>
    /// Reported entries with a problem of their own or a reference problem.
    let withProblems = Atomic<Int>(0)

    init(capacity: Int) {
        unique = Mutex(UniqueKeys(capacity: capacity))
    }
}

/// The keys of unique fields seen so far, one set per collection and field: a key seen again is a duplicate
/// (`duplicates`). The collection and field of a key are found among the few seen before by comparing them, without
/// hashing them for every key (a table of tables did, three hashes per key of thousands of entries on a cold
/// `validate`'s serial end).
struct UniqueKeys {
    private var sets: [Set<String>] = []
    private var places: [(collection: String, field: String)] = []
    /// The fields of the collection seen last, with their sets.
    private var last: (collection: String, fields: [(field: String, set: Int)])?
    private let capacity: Int
    private(set) var duplicates = Set<UniqueGroup>()

    /// `capacity`: about how many keys a set may get.
    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func see(_ collection: String, _ field: String, _ key: String) {
        if last?.collection != collection {
            last = (collection, places.indices.filter { places[$0].collection == collection }.map { (places[$0].field, $0) })
        }
        var set = -1
        for (known, index) in last?.fields ?? [] where known == field {
            set = index
            break
        }
        if set < 0 {
            set = sets.count
            sets.append(Set(minimumCapacity: capacity))
            places.append((collection, field))
            last?.fields.append((field, set))
        }
        if !sets[set].insert(key).inserted { duplicates.insert(UniqueGroup(collection, field, key)) }
    }
}

/// Values of a unique field that must differ: the collection, the field and the comparable key.
struct UniqueGroup: Hashable {
    var collection: String
    var field: String
    var key: String

    init(_ collection: String, _ field: String, _ key: String) {
        self.collection = collection
        self.field = field
        self.key = key
    }
}

import ChronikStore
import Foundation
import OrderedCollections

// Search on a static host (issue 15): an index built at publish time from the model, and a small script that
// searches it in the reader's browser. No server, no external request, no dependency.
//
// The index is split (as Pagefind splits its own) so that a query loads only what it needs (docs/publish.md,
// "Search"):
// - `search/manifest.js`: the shards' keys and how many documents there are, a few KB;
// - `search/terms/<key>.js`: the words that begin with `key` (one to a few letters: a prefix whose words would
//   make a shard larger than `SearchShards.termBudget` is split by its next letter), each with its postings: the
//   document's position times two, plus one when the word is in the title, ascending, stored as differences (the
//   first as it is);
// - `search/docs/<n>.js`: documents `n * chunk ..< (n + 1) * chunk`, each `[href, title, collection, snippet]`.
// Every file is a script that hands its data to `window.chronikSearchLoad(name, data)`: browsers refuse `fetch()`
// of `file://` URLs, and the site must work from disk, so the search script adds a `<script>` element per file
// (over HTTP the same files work).
// Documents are in the order of their titles (ICU's root collation, what a browser's `localeCompare` does; equal
// titles in the model's order), so the script ranks ties by position and needs the documents of the results it
// shows only. `href` is the entry's page relative to the `search/` folder.
//
// `search/index.json` is the whole index in one file for other tools (not loaded by the script):
//   {"version":1,"entries":[[href,title,collection,snippet],…],"terms":{"term":[posting,…],…}}
// with the same documents, positions and postings (not as differences).
//
// The words (`SearchText`) are those of an entry's title, collection label, field values (and the titles of the
// entries they refer to) and Markdown body (as text). The model is public by construction (SiteModel.swift), so
// the index holds nothing the pages do not show; it reads nothing but the model.

// Memory (mem15b): every word is stored once (`SearchWords`: word → number), a document holds the numbers of its
// words, and documents are made one at a time in title order; the postings are one array of numbers. The files are
// made from that when they are written (`plan`), not held as bytes. `SearchReference` is the index as it was first
// built (sets of strings per document, all files as bytes); the tests hold the two to each other.

/// The search index and script of the site.
public enum SiteSearch {
    /// The manifest of the split index (loaded first by `search.js`).
    public static let manifest = "search/manifest.js"
    /// How many characters of an entry's text the results show under its title.
    static let snippetLength = 160

    /// `search/index.json`, the split index (`manifest.js`, `terms/*.js`, `docs/*.js`) and `search/search.js` for
    /// `model`: the same bytes for the same model.
    public static func files(_ model: SiteModel, options: SiteRenderOptions) -> SiteFiles {
        plan(model).rendered()
    }

    /// The same files, with the documents of entries whose inputs are unchanged since the last publish taken from
    /// `cache` (`SearchDocumentCache`; `keys` are the entries' fingerprints).
    static func files(_ model: SiteModel, keys: SiteKeys, cache: SearchDocumentCache) -> SiteFiles {
        plan(model, keys: keys, cache: cache).rendered()
    }

    /// The files of the search index, each made when the writer asks for it. With `cache`, the documents of entries
    /// whose key (`keys`) the cache holds are taken from it, the others made and kept in it; and every file has a
    /// fingerprint of what its bytes are made from, so a publish keeps an unchanged one (`SitePlan`).
    static func plan(_ model: SiteModel, keys: SiteKeys? = nil, cache: SearchDocumentCache? = nil,
                     layout: SearchShards.Layout = SearchShards.Layout()) -> SitePlan {
        let index: SearchIndex
        if let cache {
            // The documents the cache does not hold are made first, on one thread per core.
            let cacheKeys = model.collections.indices.map { c in
                let label = model.collections[c].label
                return model.collections[c].entries.indices.map { e in
                    keys?.entry(c, e).map { SearchDocumentCache.key(entry: $0, collectionLabel: label) }
                }
            }
            let order = TitleOrdering(model) { cache.titleOrder($0) }
            let made = documents(model, words: cache.words) { c, e in cacheKeys[c][e].map { !cache.holds($0) } ?? true }
            index = SearchIndex(model, words: cache.words, order: { _ in order.wait() }) { c, e in
                guard let key = cacheKeys[c][e] else { return made[c][e]! }
                return cache.document(key) { made[c][e]! }
            }
        } else {
            let words = SearchWords()
            let order = TitleOrdering(model) { titleOrder($0) }
            let made = documents(model, words: words) { _, _ in true }
            index = SearchIndex(model, words: words, order: { _ in order.wait() }) { c, e in made[c][e]! }
        }
        return index.plan(layout: layout, fingerprints: cache != nil)
    }

    /// The documents of the entries `needed` names (collection and entry position in the model; nil for the others),
    /// their words numbered in `words`: made on one thread per core, a run of entries at a time, each run numbering
    /// its words in a `SearchWords` of its own, then renumbered into `words` here (a lookup per distinct word of a run,
    /// not per word of a document). The same documents as `document(_:in:words:)` made one by one, but for the
    /// numbers (`SearchIndex` orders words by their bytes, never by number): splitting entries into words was 96 % of
    /// the search index's time, on the calling thread alone (BENCHMARKS.md, pub15g).
    static func documents(_ model: SiteModel, words: SearchWords, threads: Int = ParallelWork.defaultThreads,
                          needed: (_ collection: Int, _ entry: Int) -> Bool) -> [[Document?]] {
        var places: [(Int, Int)] = []
        for (c, collection) in model.collections.enumerated() {
            for e in collection.entries.indices where needed(c, e) { places.append((c, e)) }
        }
        let jobs = places
        var made = model.collections.map { [Document?](repeating: nil, count: $0.entries.count) }
        guard !jobs.isEmpty else { return made }
        let runLength = threads <= 1 ? jobs.count : max(64, (jobs.count + 4 * threads - 1) / (4 * threads))
        let runs = stride(from: 0, to: jobs.count, by: runLength).map { $0..<min(jobs.count, $0 + runLength) }
        let collections = model.collections
        // libcmark-gfm registers its extensions once, unguarded: done here, before the threads start.
        _ = SearchText.plainText(markdown: "")
        let results = parallelMap(runs, threads: runs.count > 1 ? threads : 1) { run -> ([Document], [String]) in
            let local = SearchWords()
            let documents = jobs[run].map { c, e in document(collections[c].entries[e], in: collections[c], words: local) }
            return (documents, local.words)
        }
        for (run, (documents, localWords)) in zip(runs, results) {
            let numbers = localWords.map { words.number($0) }
            for (job, var document) in zip(jobs[run], documents) {
                for k in document.words.indices {
                    let local = document.words[k]
                    document.words[k] = numbers[Int(local >> 1)] << 1 | (local & 1)
                }
                made[job.0][job.1] = document
            }
        }
        return made
    }

    /// The files of `model`'s index with another layout (tests).
    static func files(_ model: SiteModel, layout: SearchShards.Layout) -> SiteFiles {
        plan(model, layout: layout).rendered()
    }

    /// One entry of the index: what the results show, and its words.
    struct Document: Sendable {
        var href: String
        var title: String
        var collection: String
        var snippet: String
        /// Each word of the document once: its number in `SearchWords` times two, plus one when it is a word of the
        /// title (the title's words first, then the others in the order they come).
        var words: [UInt32]
    }

    /// An entry's document, its words numbered in `words`: reads the entry's collection, id, title, fields (with
    /// their links' titles) and body, and the collection's label (what `SearchDocumentCache.key` covers). The same
    /// words as `SearchReference.document`'s two sets (a word of the title is marked as one, wherever else it is).
    static func document(_ entry: SiteEntry, in collection: SiteCollection, words: SearchWords) -> Document {
        let body = SearchText.plainText(markdown: entry.body)
        var list: [UInt32] = []
        words.startDocument()
        for word in SearchText.words(entry.title) { words.add(word, title: true, to: &list) }
        for word in SearchText.words(collection.label) { words.add(word, title: false, to: &list) }
        for field in entry.fields where field.key != "title" || SearchText.text(of: field.value) != entry.title {
            for word in SearchText.words(SearchText.text(of: field.value)) { words.add(word, title: false, to: &list) }
            for link in field.links {
                for word in SearchText.words(link.title) { words.add(word, title: false, to: &list) }
            }
        }
        for word in SearchText.words(body) { words.add(word, title: false, to: &list) }
        return Document(
            href: SitePaths.relative(from: SitePaths.searchPage, to: SitePaths.entry(entry.collection, entry.id)),
            title: entry.title, collection: collection.label, snippet: snippet(body), words: list)
    }

    /// The positions of `titles` sorted as ICU's root collation orders them (JavaScript's `localeCompare` in the
    /// browsers; SiteSearchScriptTests compares the two), stable.
    static func titleOrder(_ titles: [String]) -> [Int] {
        let root = Locale(identifier: "")
        return titles.indices.sorted { a, b in
            switch titles[a].compare(titles[b], options: [], range: nil, locale: root) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return a < b
            }
        }
    }

    /// The start of `text`, cut at a word boundary, with an ellipsis when cut.
    static func snippet(_ text: String) -> String {
        guard text.count > snippetLength else { return text }
        var cut = text.prefix(snippetLength)
        if let space = cut.lastIndex(of: " ") { cut = cut[..<space] }
        return cut + "…"
    }
}

/// The title order of a model's entries (`SearchIndex`'s titles: every collection's entries in the model's order),
/// sorted on a thread of its own while the documents are made (ICU's collation of 5,443 titles was a sixth of what
/// was left of the search index on the calling thread, pub15g).
private final class TitleOrdering: @unchecked Sendable {
    private var order: [Int] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ model: SiteModel, _ sort: @escaping @Sendable ([String]) -> [Int]) {
        let titles = model.collections.flatMap { $0.entries.map(\.title) }
        Thread.detachNewThread { [self] in
            order = sort(titles)
            done.signal()
        }
    }

    /// The order, once sorted (ask once).
    func wait() -> [Int] {
        done.wait()
        return order
    }
}

/// The words of a search index, each stored once: a word's number is its place in `words`. Also marks the words of
/// the document being made, so each is listed once. Not for use on more than one thread at a time.
final class SearchWords {
    private(set) var words: [String] = []
    private var numbers: [String: UInt32] = [:]
    /// The document that last listed each word (`stamp`).
    private var marks: [UInt32] = []
    private var stamp: UInt32 = 0

    init() {}

    init(_ words: [String]) {
        self.words = words
        numbers.reserveCapacity(words.count)
        for (k, word) in words.enumerated() { numbers[word] = UInt32(k) }
        marks = Array(repeating: 0, count: words.count)
    }

    var count: Int { words.count }
    /// No two words of `init(_:)`'s list were one word.
    var hasDistinctWords: Bool { numbers.count == words.count }

    subscript(number: UInt32) -> String { words[Int(number)] }

    /// The number of `word`, given it a new one the first time.
    func number(_ word: String) -> UInt32 {
        if let found = numbers[word] { return found }
        let number = UInt32(words.count)
        precondition(number < 1 << 31, "too many words for the search index")
        words.append(word)
        marks.append(0)
        numbers[word] = number
        return number
    }

    /// Starts a new document's list of words.
    func startDocument() {
        stamp &+= 1
        if stamp == 0 {
            // After 2^32 documents: no mark may look like the new document's.
            for k in marks.indices { marks[k] = 0 }
            stamp = 1
        }
    }

    /// Adds `word` to the list of the document being made unless it is listed already (as a title word or not).
    func add(_ word: String, title: Bool, to list: inout [UInt32]) {
        let number = number(word)
        guard marks[Int(number)] != stamp else { return }
        marks[Int(number)] = stamp
        list.append(number << 1 | (title ? 1 : 0))
    }
}

/// A site's search index: its documents in title order (without their words), the words in the order of their
/// UTF-8 bytes, and each word's postings (the document's position times two, plus one in the title), ascending.
final class SearchIndex: @unchecked Sendable {
    let documents: [SiteSearch.Document]
    /// The words, sorted; `postings[starts[k]..<starts[k + 1]]` are `terms[k]`'s.
    let terms: [String]
    let starts: [Int]
    let postings: [Int32]

    /// The index of `model`, each entry's document made by `document` in title order and dropped once its
    /// postings are counted (a cache may keep it).
    init(_ model: SiteModel, words: SearchWords, order titleOrder: ([String]) -> [Int] = SiteSearch.titleOrder,
         document: (_ collection: Int, _ entry: Int) -> SiteSearch.Document) {
        var entries: [(collection: Int, entry: Int)] = []
        var titles: [String] = []
        // By position (a `for` over the entries copies each one out).
        for c in model.collections.indices {
            for e in model.collections[c].entries.indices {
                entries.append((c, e))
                titles.append(model.collections[c].entries[e].title)
            }
        }
        let order = titleOrder(titles)
        titles = []
        // Each document's words, in title order; then every word's count, so the postings are one array filled in
        // place (documents come in ascending position, so each word's postings ascend).
        var documents: [SiteSearch.Document] = []
        documents.reserveCapacity(order.count)
        var lists: [[UInt32]] = []
        lists.reserveCapacity(order.count)
        for k in order {
            let (c, e) = entries[k]
            var made = document(c, e)
            lists.append(made.words)
            made.words = []
            documents.append(made)
        }
        // The two passes over every word of every document (1.1 million on the medium store) through buffers: the
        // first checks each number against the words (a trap, as the arrays' checks were), so the second writes
        // unchecked into the postings, which are not zeroed first (4.4 MB set to zero and then written again): each
        // place is written once, `counts[w]` places per word `w` from its start (`SearchReference`, the index as it was
        // first built, is the definition the seeded `SiteSearchTests` hold the files to).
        precondition(lists.count < Int(Int32.max / 2), "too many documents for the search index")
        var counts = [Int](repeating: 0, count: words.count)
        counts.withUnsafeMutableBufferPointer { counts in
            for list in lists {
                list.withUnsafeBufferPointer { list in
                    for word in list {
                        let number = Int(word >> 1)
                        precondition(number < counts.count, "a document's word is not in the index's words")
                        counts[number] &+= 1
                    }
                }
            }
        }
        let used = Self.sortedByBytes(counts.indices.filter { counts[$0] > 0 }, of: words.words)
        var starts = [Int](repeating: 0, count: used.count + 1)
        var next = [Int](repeating: 0, count: words.count)
        var total = 0
        for (k, number) in used.enumerated() {
            starts[k] = total
            next[number] = total
            total += counts[number]
        }
        starts[used.count] = total
        counts = []
        let postings = [Int32](unsafeUninitializedCapacity: total) { postings, initialized in
            next.withUnsafeMutableBufferPointer { next in
                for (position, list) in lists.enumerated() {
                    let base = Int32(truncatingIfNeeded: 2 * position)
                    list.withUnsafeBufferPointer { list in
                        for word in list {
                            let number = Int(word >> 1)
                            postings[next[number]] = base | Int32(word & 1)
                            next[number] &+= 1
                        }
                    }
                }
            }
            initialized = total
        }
        self.documents = documents
        self.terms = used.map { words.words[$0] }
        self.starts = starts
        self.postings = postings
    }

    /// `terms[k]`'s postings.
    func postings(_ k: Int) -> ArraySlice<Int32> { postings[starts[k]..<starts[k + 1]] }

    /// `numbers` (ascending) sorted by their words' UTF-8 bytes, a word's number after an equal word's: what
    /// `numbers.sorted { words[$0].utf8.lexicographicallyPrecedes(words[$1].utf8) }` gives (a stable sort), with
    /// each word's first eight bytes compared as one big-endian number (zeros after a shorter word's end) and the
    /// whole words only when those are equal (the generic comparison of two `UTF8View`s was most of the sort).
    /// A smaller number means a smaller word: at the first byte where the two numbers differ, either both words have
    /// a byte there, or only the larger has one (the smaller word is a prefix of the other up to there).
    static func sortedByBytes(_ numbers: [Int], of words: [String]) -> [Int] {
        var keyed: [(prefix: UInt64, number: Int)] = []
        keyed.reserveCapacity(numbers.count)
        for number in numbers {
            var prefix: UInt64 = 0
            var taken = 0
            for byte in words[number].utf8 {
                prefix = prefix << 8 | UInt64(byte)
                taken += 1
                if taken == 8 { break }
            }
            if taken < 8 { prefix <<= UInt64(8 * (8 - taken)) }
            keyed.append((prefix, number))
        }
        keyed.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            let x = words[a.number].utf8, y = words[b.number].utf8
            if x.elementsEqual(y) { return a.number < b.number }
            return x.lexicographicallyPrecedes(y)
        }
        return keyed.map(\.number)
    }

    /// The files: `index.json`, the manifest, the term shards, the document chunks and the script, each made when
    /// asked for; with `fingerprints`, each with the fingerprint of what it is made from.
    func plan(layout: SearchShards.Layout, fingerprints: Bool) -> SitePlan {
        var plan = SitePlan()
        func input(_ path: String, _ fingerprint: (inout SiteFingerprint) -> Void) -> SiteFingerprint? {
            fingerprints ? SiteFingerprint { f in
                f.add("search-file")
                f.add(Self.revision)
                f.add(path)
                fingerprint(&f)
            } : nil
        }
        func add(_ path: String, _ fingerprint: (inout SiteFingerprint) -> Void, _ render: @escaping () -> [UInt8]) {
            plan.add(path, input: input(path, fingerprint), render)
        }
        func add(_ path: String, _ fingerprint: (inout SiteFingerprint) -> Void, stream: @escaping SiteFileStream) {
            plan.add(path, input: input(path, fingerprint), stream: stream)
        }
        let sizes = terms.indices.map(estimatedSize)
        let shards = SearchShards.split(terms.indices, depth: 1, budget: layout.termBudget, term: { self.terms[$0] }, size: { sizes[$0] })
        let chunk = max(1, layout.chunk)
        let chunks = stride(from: 0, to: documents.count, by: chunk).map { $0..<min(documents.count, $0 + chunk) }
        // Each shard's and chunk's inputs are fingerprinted once; `index.json` (every document and term) adds those
        // fingerprints in order rather than every word and posting again (inc15j: the second pass was about 1.4 % of
        // an incremental publish of the medium store). Only when they are all of them, in order: else as before.
        let shardInputs = fingerprints ? shards.map { shard in SiteFingerprint { self.fingerprint(terms: shard.range, into: &$0) } } : []
        let chunkInputs = fingerprints ? chunks.map { range in SiteFingerprint { self.fingerprint(documents: range, into: &$0) } } : []
        let partitioned = Self.partitions(shards.map(\.range), of: terms.count) && Self.partitions(chunks, of: documents.count)
        add(SitePaths.searchIndex, { f in
            if partitioned {
                f.add("by parts")
                f.add(self.documents.count)
                for input in chunkInputs { f.add(input) }
                f.add(self.terms.count)
                for input in shardInputs { f.add(input) }
            } else {
                self.fingerprint(documents: self.documents.indices, into: &f)
                self.fingerprint(terms: self.terms.indices, into: &f)
            }
        }, stream: { self.writeIndexJSON(to: $0) })
        let manifest = manifest(shards, layout: layout)
        add(SiteSearch.manifest, { $0.add(manifest) }) { manifest }
        for (k, shard) in shards.enumerated() {
            let name = "terms/" + SearchShards.fileName(shard.key)
            add("search/" + name + ".js", { $0.add(shardInputs[k]) }) { self.shardFile(name, shard.range) }
        }
        for (k, range) in chunks.enumerated() {
            let name = "docs/\(k)"
            add("search/" + name + ".js", { $0.add(chunkInputs[k]) }) { self.documentsFile(name, range) }
        }
        let script = Array(SearchScript.source.utf8)
        add(SitePaths.searchScript, { $0.add(script) }) { script }
        return plan
    }

    /// Whether `ranges` are `0..<count` cut in pieces, in order, none empty.
    static func partitions(_ ranges: [Range<Int>], of count: Int) -> Bool {
        var next = 0
        for range in ranges {
            guard range.lowerBound == next, !range.isEmpty else { return false }
            next = range.upperBound
        }
        return next == count
    }

    /// Bump when the files are written differently from the same index (their fingerprints cover the index only).
    static let revision = 1

    private func fingerprint(documents range: Range<Int>, into f: inout SiteFingerprint) {
        for document in documents[range] {
            f.add(document.href)
            f.add(document.title)
            f.add(document.collection)
            f.add(document.snippet)
        }
    }

    private func fingerprint(terms range: Range<Int>, into f: inout SiteFingerprint) {
        f.add(range.count)
        for k in range {
            f.add(terms[k])
            let slice = postings(k)
            f.add(slice.count)
            slice.withUnsafeBytes { f.add(raw: $0) }
        }
    }

    /// About the bytes of a word's `"word":[d,d,…],` in a shard (`SearchShards.estimatedSize`): each difference's
    /// digits counted by comparisons (`decimalDigits`), through the postings' buffer (1.1 million postings on the
    /// medium store, a division per digit before).
    func estimatedSize(_ k: Int) -> Int {
        var size = terms[k].utf8.count + 5
        postings.withUnsafeBufferPointer { all in
            var previous: Int32 = 0
            for i in starts[k]..<starts[k + 1] {
                let posting = all[i]
                size += Self.decimalDigits(UInt32(bitPattern: posting &- previous)) + 1
                previous = posting
            }
        }
        return size
    }

    /// The definition `estimatedSize` keeps to (`SiteSearchTests`).
    func referenceEstimatedSize(_ k: Int) -> Int {
        var size = terms[k].utf8.count + 5
        var previous: Int32 = 0
        for posting in postings(k) {
            size += Self.digits(Int(posting - previous)) + 1
            previous = posting
        }
        return size
    }

    private static func digits(_ n: Int) -> Int {
        var n = n, count = 1
        while n >= 10 { n /= 10; count += 1 }
        return count
    }

    /// How many decimal digits `value` has (what `writeDecimal` writes), by comparisons.
    @inline(__always)
    static func decimalDigits(_ value: UInt32) -> Int {
        if value < 10_000 { return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4 }
        if value < 100_000_000 { return value < 100_000 ? 5 : value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : 8 }
        return value < 1_000_000_000 ? 9 : 10
    }

    private static func appendDecimal(_ n: Int32, to bytes: inout [UInt8]) {
        if n < 10 { bytes.append(0x30 + UInt8(n)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var n = n
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 {
                buffer[count] = 0x30 + UInt8(n % 10)
                n /= 10
                count += 1
            }
        }
        withUnsafeBytes(of: &digits) { buffer in
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[k]) }
        }
    }

    /// `[p,p,…]`, as differences or not: made in a buffer of the most it can take (11 bytes a posting) and appended
    /// at once. Appended a byte at a time (`referencePostings`), each byte's capacity and uniqueness checks made
    /// writing `index.json` (7 MB on the medium site, written by every publish that changes a word) most of its time.
    private func writePostings(_ k: Int, differences: Bool, into writer: inout JSONByteWriter) {
        let start = starts[k], end = starts[k + 1]
        Self.digitPairs.withUnsafeBufferPointer { pairs in
        postings.withUnsafeBufferPointer { all in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 + 11 * (end - start)) { out in
                var n = 0
                out[n] = 0x5B
                n += 1
                var previous: Int32 = 0
                for i in start..<end {
                    if i > start {
                        out[n] = 0x2C
                        n += 1
                    }
                    let posting = all[i]
                    n = Self.writeDecimal(UInt32(bitPattern: differences ? posting &- previous : posting), at: out.baseAddress! + n, pairs: pairs) - out.baseAddress!
                    previous = posting
                }
                out[n] = 0x5D
                n += 1
                writer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[..<n]))
            }
        }
        }
    }

    /// "00", "01", … "99": two digits at a time (`writeDecimal`).
    private static let digitPairs: [UInt8] = {
        var pairs: [UInt8] = []
        for n in 0..<100 {
            pairs.append(UInt8(0x30 + n / 10))
            pairs.append(UInt8(0x30 + n % 10))
        }
        return pairs
    }()

    /// Writes `value` in decimal at `out` (at most ten bytes) and gives the place after it: its digits counted by
    /// comparisons, then written backwards two at a time from `pairs` (`digitPairs`). A digit at a time, with a
    /// division to count them and two more per digit, it was most of `writeIndexJSON`'s 2.5-2.8 % of an incremental
    /// publish of the medium store (1.5 million postings in `index.json`). `SiteSearchTests` hold it to `String(value)`.
    @inline(__always)
    static func writeDecimal(_ value: UInt32, at out: UnsafeMutablePointer<UInt8>, pairs: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let digits = decimalDigits(value)
        var at = out + digits
        var value = value
        while value >= 100 {
            let pair = Int(value % 100) * 2
            value /= 100
            at -= 2
            at[0] = pairs[pair]
            at[1] = pairs[pair + 1]
        }
        if value >= 10 {
            let pair = Int(value) * 2
            at -= 2
            at[0] = pairs[pair]
            at[1] = pairs[pair + 1]
        } else {
            at -= 1
            at[0] = 0x30 + UInt8(value)
        }
        return out + digits
    }

    /// `writeDecimal`'s bytes for `value` (tests).
    static func decimalText(_ value: UInt32) -> [UInt8] {
        digitPairs.withUnsafeBufferPointer { pairs in
            [UInt8](unsafeUninitializedCapacity: 10) { buffer, count in
                count = writeDecimal(value, at: buffer.baseAddress!, pairs: pairs) - buffer.baseAddress!
            }
        }
    }

    /// `writePostings` a byte at a time: the definition it keeps to (`SiteSearchTests`).
    func referencePostings(_ k: Int, differences: Bool) -> [UInt8] {
        var writer = JSONByteWriter(pretty: false)
        writer.append(byte: 0x5B)
        var previous: Int32 = 0
        var first = true
        for posting in postings(k) {
            if !first { writer.append(byte: 0x2C) }
            first = false
            Self.appendDecimal(differences ? posting - previous : posting, to: &writer.bytes)
            previous = posting
        }
        writer.append(byte: 0x5D)
        return writer.bytes
    }

    /// `writePostings`'s bytes (for the tests).
    func postingsText(_ k: Int, differences: Bool) -> [UInt8] {
        var writer = JSONByteWriter(pretty: false)
        writePostings(k, differences: differences, into: &writer)
        return writer.bytes
    }

    /// `search/index.json`, `{"version":1,"entries":[…],"terms":{…}}`, in pieces (on the large store it is some 100 MB: never held whole, peak15c).
    func writeIndexJSON(to piece: (UnsafeRawBufferPointer) -> Void) {
        var writer = JSONByteWriter(pretty: false, capacity: JSONByteWriter.pieceSize + (64 << 10))
        writer.append("{\"version\":1,\"entries\":")
        writeDocuments(documents.indices, into: &writer, flushingTo: piece, flushes: true)
        writer.append(",\"terms\":{")
        for k in terms.indices {
            if k > 0 { writer.append(byte: 0x2C) }
            writer.writeKey(terms[k])
            writePostings(k, differences: false, into: &writer)
            writer.flush(to: piece)
        }
        writer.append("}}\n")
        writer.flush(to: piece, always: true)
    }

    private func manifest(_ shards: [(key: String, range: Range<Int>)], layout: SearchShards.Layout) -> [UInt8] {
        SearchShards.manifest(documents: documents.count, layout: layout, keys: shards.lazy.map(\.key))
    }

    private func shardFile(_ name: String, _ range: Range<Int>) -> [UInt8] {
        var writer = JSONByteWriter(pretty: false)
        writer.append("window.chronikSearchLoad(")
        writer.writeString(name)
        writer.append(",{")
        for k in range {
            if k > range.lowerBound { writer.append(byte: 0x2C) }
            writer.writeKey(terms[k])
            writePostings(k, differences: true, into: &writer)
        }
        writer.append("});\n")
        return writer.bytes
    }

    private func documentsFile(_ name: String, _ range: Range<Int>) -> [UInt8] {
        var writer = JSONByteWriter(pretty: false)
        writer.append("window.chronikSearchLoad(\"\(name)\",")
        writeDocuments(range, into: &writer)
        writer.append(");\n")
        return writer.bytes
    }

    /// `[[href,title,collection,snippet],…]`.
    private func writeDocuments(_ range: Range<Int>, into writer: inout JSONByteWriter) {
        writeDocuments(range, into: &writer, flushingTo: { _ in }, flushes: false)
    }

    /// The same; with `flushes`, handing what is written to `piece` a piece at a time.
    private func writeDocuments(_ range: Range<Int>, into writer: inout JSONByteWriter,
                                flushingTo piece: (UnsafeRawBufferPointer) -> Void, flushes: Bool) {
        writer.append(byte: 0x5B)
        for k in range {
            if k > range.lowerBound { writer.append(byte: 0x2C) }
            let document = documents[k]
            writer.append(byte: 0x5B)
            writer.writeString(document.href)
            writer.append(byte: 0x2C)
            writer.writeString(document.title)
            writer.append(byte: 0x2C)
            writer.writeString(document.collection)
            writer.append(byte: 0x2C)
            writer.writeString(document.snippet)
            writer.append(byte: 0x5D)
            if flushes { writer.flush(to: piece) }
        }
        writer.append(byte: 0x5D)
    }
}

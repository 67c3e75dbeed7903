import ChronikStore

// The split search index (SiteSearch.swift describes the files). Words are grouped by their first letter; a group
// whose shard would be larger than the budget is split by the next letter, and so on, so every shard but one
// holding a single very common word stays under the budget. A shard's key is the prefix its words share: the
// script loads, for a query word `q`, the shards whose key begins with `q` or is the beginning of `q` (a word
// shorter than its group's next level, e.g. "da" among "dat…", "dab…", gets a shard of its own, keyed by itself).

enum SearchShards {
    /// Sizes of the split index.
    struct Layout: Equatable {
        /// The size (bytes of its JSON, about) above which a group of words is split by its next letter.
        var termBudget = 24_000
        /// Documents per `docs/<n>.js`.
        var chunk = 8
    }

    static let termsFolder = "search/terms/"
    static let docsFolder = "search/docs/"

    /// A shard: the prefix its words share, and the words with their postings.
    struct Shard {
        var key: String
        var terms: ArraySlice<(term: String, postings: [Int])>
    }

    /// The first posting, then each one's difference to the one before (postings ascend, so all are positive).
    static func differences(_ postings: [Int]) -> [Int] {
        var previous = 0
        return postings.map { posting in
            defer { previous = posting }
            return posting - previous
        }
    }

    /// The shards of `terms` (sorted by UTF-8 bytes), grouped by their first `depth` letters (Unicode scalars; a
    /// shorter word is its own group), each group split further while it is over the budget and holds more than one
    /// word. Groups are runs of the sorted words, so the shards come out sorted too.
    static func split(_ terms: ArraySlice<(term: String, postings: [Int])>, depth: Int, budget: Int) -> [Shard] {
        split(terms.startIndex..<terms.endIndex, depth: depth, budget: budget, term: { terms[$0].term },
              size: { estimatedSize(terms[$0]) }).map { Shard(key: $0.key, terms: terms[$0.range]) }
    }

    /// The same split of the words `range` of a sorted list, read through `term` (a word) and `size` (its
    /// `estimatedSize`): each shard's key and the range of its words.
    static func split(_ range: Range<Int>, depth: Int, budget: Int, term: (Int) -> String, size: (Int) -> Int) -> [(key: String, range: Range<Int>)] {
        var shards: [(key: String, range: Range<Int>)] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let key = prefix(term(start), depth)
            var end = start + 1
            var total = size(start)
            while end < range.upperBound, hasPrefix(term(end), depth, key) {
                total += size(end)
                end += 1
            }
            if total <= budget || end - start == 1 {
                shards.append((key, start..<end))
            } else {
                shards += split(start..<end, depth: depth + 1, budget: budget, term: term, size: size)
            }
            start = end
        }
        return shards
    }

    /// Whether `prefix(term, depth) == key` (String's equality: canonical equivalence). When `key` and the bytes of
    /// `term` that prefix would take are ASCII, their bytes are compared (ASCII texts are equal when their bytes
    /// are), without making the prefix; else the prefix is made and compared. Making a prefix for every term was
    /// most of the search plan's own time in an incremental publish (inc15j).
    static func hasPrefix(_ term: String, _ depth: Int, _ key: String) -> Bool {
        if let known = asciiPrefix(term, depth, key) { return known }
        return prefix(term, depth) == key
    }

    /// `hasPrefix` from the bytes when `key` and the bytes `prefix` would take of `term` are ASCII; else nil.
    private static func asciiPrefix(_ term: String, _ depth: Int, _ key: String) -> Bool? {
        let found: Bool?? = term.utf8.withContiguousStorageIfAvailable { (t: UnsafeBufferPointer<UInt8>) -> Bool? in
            let inner: Bool?? = key.utf8.withContiguousStorageIfAvailable { (k: UnsafeBufferPointer<UInt8>) -> Bool? in
                let n = min(depth, t.count)
                guard k.count <= depth, k.allSatisfy({ $0 < 0x80 }), !t[0..<n].contains(where: { $0 >= 0x80 }) else { return nil }
                // The prefix is `term`'s first n bytes (each one scalar).
                return k.count == n && t[0..<n].elementsEqual(k)
            }
            return inner ?? nil
        }
        return found ?? nil
    }

    static func prefix(_ term: String, _ depth: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: term.unicodeScalars.prefix(depth))
        return String(scalars)
    }

    /// About the bytes of a word's `"word":[d,d,…],` in a shard.
    static func estimatedSize(_ item: (term: String, postings: [Int])) -> Int {
        var size = item.term.utf8.count + 5
        for difference in differences(item.postings) { size += String(difference).utf8.count + 1 }
        return size
    }

    /// The file name of a shard: its key when that is ASCII letters and digits, else `_` and the hex digits of its
    /// UTF-8 bytes (keys never hold `_`: it separates words).
    static func fileName(_ key: String) -> String {
        if key.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }) { return key }
        let hex: [Character] = Array("0123456789abcdef")
        return "_" + String(key.utf8.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] })
    }

    /// The manifest file's bytes: the number of documents, the chunk size and each shard's key with its file name,
    /// in shard order (what the search script loads first).
    static func manifest(documents: Int, layout: Layout, keys: some Sequence<String>) -> [UInt8] {
        var manifest = JSONByteWriter(pretty: false)
        manifest.append("window.chronikSearchLoad(\"manifest\",{\"version\":2,\"documents\":\(documents),\"chunk\":\(layout.chunk),\"terms\":{")
        for (index, key) in keys.enumerated() {
            if index > 0 { manifest.append(byte: 0x2C) }
            manifest.writeKey(key)
            manifest.writeString(fileName(key))
        }
        manifest.append("}});\n")
        return manifest.bytes
    }
}

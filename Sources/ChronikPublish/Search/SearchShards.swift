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

    /// The manifest, the term shards and the document chunks.
    static func files(_ documents: [SiteSearch.Document], postings: [(term: String, postings: [Int])], layout: Layout) -> SiteFiles {
        let shards = split(postings[...], depth: 1, budget: layout.termBudget)
        var files = SiteFiles()
        var manifest = JSONByteWriter(pretty: false)
        manifest.append("window.chronikSearchLoad(\"manifest\",{\"version\":2,\"documents\":\(documents.count),\"chunk\":\(layout.chunk),\"terms\":{")
        for (index, shard) in shards.enumerated() {
            if index > 0 { manifest.append(byte: 0x2C) }
            manifest.writeKey(shard.key)
            manifest.writeString(fileName(shard.key))
        }
        manifest.append("}});\n")
        files.add(SiteSearch.manifest, manifest.bytes)
        for shard in shards {
            let name = "terms/" + fileName(shard.key)
            var writer = JSONByteWriter(pretty: false)
            writer.append("window.chronikSearchLoad(")
            writer.writeString(name)
            writer.append(",{")
            for (index, item) in shard.terms.enumerated() {
                if index > 0 { writer.append(byte: 0x2C) }
                writer.writeKey(item.term)
                writer.append("[" + differences(item.postings).map(String.init).joined(separator: ",") + "]")
            }
            writer.append("});\n")
            files.add("search/" + name + ".js", writer.bytes)
        }
        for start in stride(from: 0, to: documents.count, by: max(1, layout.chunk)) {
            let name = "docs/\(start / max(1, layout.chunk))"
            var writer = JSONByteWriter(pretty: false)
            writer.append("window.chronikSearchLoad(\"\(name)\",")
            writeDocuments(documents[start..<min(documents.count, start + max(1, layout.chunk))], into: &writer)
            writer.append(");\n")
            files.add("search/" + name + ".js", writer.bytes)
        }
        return files
    }

    /// `[[href,title,collection,snippet],…]`.
    static func writeDocuments(_ documents: ArraySlice<SiteSearch.Document>, into writer: inout JSONByteWriter) {
        writer.append(byte: 0x5B)
        for (position, document) in documents.enumerated() {
            if position > 0 { writer.append(byte: 0x2C) }
            writer.append(byte: 0x5B)
            for (index, text) in [document.href, document.title, document.collection, document.snippet].enumerated() {
                if index > 0 { writer.append(byte: 0x2C) }
                writer.writeString(text)
            }
            writer.append(byte: 0x5D)
        }
        writer.append(byte: 0x5D)
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
        var shards: [Shard] = []
        var start = terms.startIndex
        while start < terms.endIndex {
            let key = prefix(terms[start].term, depth)
            var end = start + 1
            var size = estimatedSize(terms[start])
            while end < terms.endIndex, prefix(terms[end].term, depth) == key {
                size += estimatedSize(terms[end])
                end += 1
            }
            let group = terms[start..<end]
            if size <= budget || group.count == 1 {
                shards.append(Shard(key: key, terms: group))
            } else {
                shards += split(group, depth: depth + 1, budget: budget)
            }
            start = end
        }
        return shards
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
}

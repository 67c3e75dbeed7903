import ChronikStore
import Foundation

// The search index as it was first built (issue 15): every document with its words as two sets of strings, all
// documents at once, the postings in a dictionary of words, every file made as bytes. `SiteSearch` builds the same
// files from interned words one document at a time (mem15b); the tests hold the two to each other on the sample site
// and on seeded models. Not used by a publish.
enum SearchReference {
    /// One entry of the index, before encoding.
    struct Document {
        var href: String
        var title: String
        var collection: String
        var snippet: String
        /// The words of the title, and of everything else.
        var titleWords: Set<String>
        var otherWords: Set<String>
    }

    /// `search/index.json`, the split index and `search/search.js` of `model`.
    static func files(_ model: SiteModel, layout: SearchShards.Layout = SearchShards.Layout()) -> SiteFiles {
        files(documents(model), layout: layout)
    }

    static func files(_ documents: [Document], layout: SearchShards.Layout) -> SiteFiles {
        let postings = postings(documents)
        var files = SiteFiles()
        files.add(SitePaths.searchIndex, indexJSON(documents, postings: postings))
        files.merge(shardFiles(documents, postings: postings, layout: layout))
        files.add(SitePaths.searchScript, text: SearchScript.source)
        return files
    }

    /// The entries of `model` as documents, in title order.
    static func documents(_ model: SiteModel) -> [Document] {
        inTitleOrder(model.collections.flatMap { collection in collection.entries.map { document($0, in: collection) } })
    }

    static func document(_ entry: SiteEntry, in collection: SiteCollection) -> Document {
        let body = SearchText.plainText(markdown: entry.body)
        var other = SearchText.words(collection.label)
        for field in entry.fields where field.key != "title" || SearchText.text(of: field.value) != entry.title {
            other += SearchText.words(SearchText.text(of: field.value))
            for link in field.links { other += SearchText.words(link.title) }
        }
        other += SearchText.words(body)
        return Document(
            href: SitePaths.relative(from: SitePaths.searchPage, to: SitePaths.entry(entry.collection, entry.id)),
            title: entry.title, collection: collection.label, snippet: SiteSearch.snippet(body),
            titleWords: Set(SearchText.words(entry.title)), otherWords: Set(other))
    }

    static func inTitleOrder(_ documents: [Document]) -> [Document] {
        let root = Locale(identifier: "")
        return documents.enumerated().sorted { a, b in
            switch a.element.title.compare(b.element.title, options: [], range: nil, locale: root) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Every word's postings, ascending; words sorted by their UTF-8 bytes.
    static func postings(_ documents: [Document]) -> [(term: String, postings: [Int])] {
        var postings: [String: [Int]] = [:]
        for (position, document) in documents.enumerated() {
            for word in document.titleWords { postings[word, default: []].append(2 * position + 1) }
            for word in document.otherWords where !document.titleWords.contains(word) { postings[word, default: []].append(2 * position) }
        }
        return postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, postings[$0] ?? []) }
    }

    static func indexJSON(_ documents: [Document], postings: [(term: String, postings: [Int])]) -> [UInt8] {
        var writer = JSONByteWriter(pretty: false)
        writer.append("{\"version\":1,\"entries\":")
        writeDocuments(documents[...], into: &writer)
        writer.append(",\"terms\":{")
        for (index, item) in postings.enumerated() {
            if index > 0 { writer.append(byte: 0x2C) }
            writer.writeKey(item.term)
            writer.append("[" + item.postings.map(String.init).joined(separator: ",") + "]")
        }
        writer.append("}}\n")
        return writer.bytes
    }

    static func shardFiles(_ documents: [Document], postings: [(term: String, postings: [Int])], layout: SearchShards.Layout) -> SiteFiles {
        let shards = SearchShards.split(postings[...], depth: 1, budget: layout.termBudget)
        var files = SiteFiles()
        files.add(SiteSearch.manifest, SearchShards.manifest(documents: documents.count, layout: layout, keys: shards.lazy.map(\.key)))
        for shard in shards {
            let name = "terms/" + SearchShards.fileName(shard.key)
            var writer = JSONByteWriter(pretty: false)
            writer.append("window.chronikSearchLoad(")
            writer.writeString(name)
            writer.append(",{")
            for (index, item) in shard.terms.enumerated() {
                if index > 0 { writer.append(byte: 0x2C) }
                writer.writeKey(item.term)
                writer.append("[" + SearchShards.differences(item.postings).map(String.init).joined(separator: ",") + "]")
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

    static func writeDocuments(_ documents: ArraySlice<Document>, into writer: inout JSONByteWriter) {
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
}

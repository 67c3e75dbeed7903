import ChronikStore
import OrderedCollections

// Search on a static host (issue 15): an index built at publish time from the model, and a small script that
// searches it in the reader's browser. No server, no external request, no dependency.
//
// The index (`SitePaths.searchIndex`, JSON; docs/publish.md, "Search"):
//   {"version":1,"entries":[[href,title,collection,snippet],…],"terms":{"term":[posting,…],…}}
// - `href` is the entry's page relative to the `search/` folder (where the search page and the script are);
// - `terms` maps every normalised word (`SearchText`) of an entry's title, collection label, field values (and the
//   titles of the entries they refer to) and Markdown body (as text) to its postings, ascending: the entry's
//   position in `entries` times two, plus one when the word is in the title (title hits rank first).
// The same JSON is also written as `search/index.js` (`window.chronikSearchIndex = …;`), which the script loads
// with a script element: browsers refuse `fetch()` of `file://` URLs, and the site must work from disk, so the
// script never fetches. `index.json` is there for other tools.
//
// The model is public by construction (SiteModel.swift), so the index holds nothing the pages do not show; it
// reads nothing but the model.

/// The search index and script of the site.
public enum SiteSearch {
    /// The index as a script that sets `window.chronikSearchIndex` (loaded by `search.js`, also from disk).
    public static let scriptIndex = "search/index.js"
    /// How many characters of an entry's text the results show under its title.
    static let snippetLength = 160

    /// `search/index.json`, `search/index.js` and `search/search.js` for `model`.
    public static func files(_ model: SiteModel, options: SiteRenderOptions) -> SiteFiles {
        let json = indexJSON(model)
        var files = SiteFiles()
        files.add(SitePaths.searchIndex, json)
        files.add(scriptIndex, Array("window.chronikSearchIndex = ".utf8) + json + Array(";\n".utf8))
        files.add(SitePaths.searchScript, text: SearchScript.source)
        return files
    }

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

    static func documents(_ model: SiteModel) -> [Document] {
        model.collections.flatMap { collection in
            collection.entries.map { entry in
                let body = SearchText.plainText(markdown: entry.body)
                var other = SearchText.words(collection.label)
                for field in entry.fields where field.key != "title" || SearchText.text(of: field.value) != entry.title {
                    other += SearchText.words(SearchText.text(of: field.value))
                    for link in field.links { other += SearchText.words(link.title) }
                }
                other += SearchText.words(body)
                return Document(
                    href: SitePaths.relative(from: SitePaths.searchPage, to: SitePaths.entry(entry.collection, entry.id)),
                    title: entry.title, collection: collection.label, snippet: snippet(body),
                    titleWords: Set(SearchText.words(entry.title)), otherWords: Set(other))
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

    /// The index as compact JSON, byte-identical for the same model (terms sorted).
    static func indexJSON(_ model: SiteModel) -> [UInt8] {
        let documents = documents(model)
        var postings: [String: [Int]] = [:]
        for (position, document) in documents.enumerated() {
            for word in document.titleWords.union(document.otherWords) {
                postings[word, default: []].append(2 * position + (document.titleWords.contains(word) ? 1 : 0))
            }
        }
        var writer = JSONByteWriter(pretty: false)
        writer.append("{\"version\":1,\"entries\":[")
        for (position, document) in documents.enumerated() {
            if position > 0 { writer.append(byte: 0x2C) }
            writer.append(byte: 0x5B)
            for (index, text) in [document.href, document.title, document.collection, document.snippet].enumerated() {
                if index > 0 { writer.append(byte: 0x2C) }
                writer.writeString(text)
            }
            writer.append(byte: 0x5D)
        }
        writer.append("],\"terms\":{")
        // Sorted by UTF-8 bytes, so the order does not depend on the Swift version's string comparison.
        for (index, term) in postings.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { writer.append(byte: 0x2C) }
            writer.writeKey(term)
            writer.append("[" + (postings[term] ?? []).map(String.init).joined(separator: ",") + "]")
        }
        writer.append("}}\n")
        return writer.bytes
    }
}

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

/// The search index and script of the site.
public enum SiteSearch {
    /// The manifest of the split index (loaded first by `search.js`).
    public static let manifest = "search/manifest.js"
    /// How many characters of an entry's text the results show under its title.
    static let snippetLength = 160

    /// `search/index.json`, the split index (`manifest.js`, `terms/*.js`, `docs/*.js`) and `search/search.js` for
    /// `model`: the same bytes for the same model.
    public static func files(_ model: SiteModel, options: SiteRenderOptions) -> SiteFiles {
        files(documents(model), layout: SearchShards.Layout())
    }

    /// The same files, with the documents of entries whose inputs are unchanged since the last publish taken from
    /// `cache` (`SearchDocumentCache`; `keys` are the entries' fingerprints).
    static func files(_ model: SiteModel, keys: SiteKeys, cache: SearchDocumentCache) -> SiteFiles {
        files(documents(model) { entry, collection in
            guard let key = keys.entry(entry) else { return document(entry, in: collection) }
            return cache.document(SearchDocumentCache.key(entry: key, collectionLabel: collection.label)) { document(entry, in: collection) }
        }, layout: SearchShards.Layout())
    }

    static func files(_ documents: [Document], layout: SearchShards.Layout) -> SiteFiles {
        let postings = postings(documents)
        var files = SiteFiles()
        files.add(SitePaths.searchIndex, indexJSON(documents, postings: postings))
        files.merge(SearchShards.files(documents, postings: postings, layout: layout))
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

    /// The entries of `model` as documents, in title order (see above).
    static func documents(_ model: SiteModel) -> [Document] {
        documents(model) { entry, collection in document(entry, in: collection) }
    }

    static func documents(_ model: SiteModel, _ document: (SiteEntry, SiteCollection) -> Document) -> [Document] {
        inTitleOrder(model.collections.flatMap { collection in collection.entries.map { document($0, collection) } })
    }

    /// An entry's document: reads the entry's collection, id, title, fields (with their links' titles) and body,
    /// and the collection's label (what `SearchDocumentCache.key` covers).
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
            title: entry.title, collection: collection.label, snippet: snippet(body),
            titleWords: Set(SearchText.words(entry.title)), otherWords: Set(other))
    }

    /// `documents` sorted by title as ICU's root collation orders them (JavaScript's `localeCompare` in the
    /// browsers; SiteSearchScriptTests compares the two), stable.
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

    /// The start of `text`, cut at a word boundary, with an ellipsis when cut.
    static func snippet(_ text: String) -> String {
        guard text.count > snippetLength else { return text }
        var cut = text.prefix(snippetLength)
        if let space = cut.lastIndex(of: " ") { cut = cut[..<space] }
        return cut + "…"
    }

    /// Every word's postings, ascending; words sorted by their UTF-8 bytes (so the order does not depend on the
    /// Swift version's string comparison).
    static func postings(_ documents: [Document]) -> [(term: String, postings: [Int])] {
        var postings: [String: [Int]] = [:]
        for (position, document) in documents.enumerated() {
            // Each word of the document once (its title's with the title's mark), without making their union.
            for word in document.titleWords { postings[word, default: []].append(2 * position + 1) }
            for word in document.otherWords where !document.titleWords.contains(word) { postings[word, default: []].append(2 * position) }
        }
        return postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, postings[$0] ?? []) }
    }

    /// The index as compact JSON, byte-identical for the same model.
    static func indexJSON(_ model: SiteModel) -> [UInt8] {
        let documents = documents(model)
        return indexJSON(documents, postings: postings(documents))
    }

    static func indexJSON(_ documents: [Document], postings: [(term: String, postings: [Int])]) -> [UInt8] {
        var writer = JSONByteWriter(pretty: false)
        writer.append("{\"version\":1,\"entries\":")
        SearchShards.writeDocuments(documents[...], into: &writer)
        writer.append(",\"terms\":{")
        for (index, item) in postings.enumerated() {
            if index > 0 { writer.append(byte: 0x2C) }
            writer.writeKey(item.term)
            writer.append("[" + item.postings.map(String.init).joined(separator: ",") + "]")
        }
        writer.append("}}\n")
        return writer.bytes
    }
}

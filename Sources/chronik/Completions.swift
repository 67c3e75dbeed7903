import ArgumentParser
import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

/// Shell completion of what only the store knows (issue 18): revisions (tags, then branches), collections and entry
/// ids. The scripts that `chronik --generate-completion-script bash|zsh|fish` prints call chronik itself for these
/// (swift-argument-parser's `---completion` request, answered by the closures below in-process). Each reads the store
/// that `--store DIR` on the command line names, else the one around the current directory; nothing is printed when
/// there is none.
enum Completions {
    static let revisions = CompletionKind.custom { words, _, prefix in Completions.candidates(revisionsIn: store(words), prefix: prefix) }
    static let collections = CompletionKind.custom { words, _, prefix in Completions.candidates(collectionsIn: store(words), prefix: prefix) }
    static let entries = CompletionKind.custom { words, _, prefix in Completions.candidates(entriesIn: store(words), prefix: prefix) }
    /// `chronik diff`'s arguments: revisions, then entries.
    static let revisionsAndEntries = CompletionKind.custom { words, _, prefix in
        let store = store(words)
        return Completions.candidates(revisionsIn: store, prefix: prefix) + Completions.candidates(entriesIn: store, prefix: prefix)
    }

    /// The store the command line names with `--store DIR` (or `--store=DIR`), else the one around the current directory.
    static func store(_ words: [String]) -> Store? {
        var path: String?
        for (k, word) in words.enumerated() {
            if word == "--store", k + 1 < words.count { path = words[k + 1] }
            if word.hasPrefix("--store=") { path = String(word.dropFirst("--store=".count)) }
        }
        if let path { return try? Store(at: URL(fileURLWithPath: path), requireConfig: false) }
        return try? Store.discover(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), requireConfig: false)
    }

    /// Tags (newest releases are named, so all of them), then local branches, that start with `prefix`.
    static func candidates(revisionsIn store: Store?, prefix: String) -> [String] {
        guard let store else { return [] }
        let tags = ((try? store.repository.tags()) ?? []).map(\.name)
        let branches = (try? store.repository.branchNames()) ?? []
        return unique(tags + branches).filter { $0.hasPrefix(prefix) }
    }

    /// The collections of the last version (else of the working tree's `chronik.yml`).
    static func candidates(collectionsIn store: Store?, prefix: String) -> [String] {
        guard let store else { return [] }
        var names: [String] = []
        if let tip = try? store.tip() { names = (try? EntryListing(store: store, commit: tip).collections()) ?? [] }
        if names.isEmpty, let config = try? store.workingConfig() { names = config.collections.map(\.name) }
        return names.filter { !$0.isEmpty && $0.hasPrefix(prefix) }
    }

    /// `collection/id` of every entry of the last version.
    static func candidates(entriesIn store: Store?, prefix: String) -> [String] {
        guard let store, let tip = try? store.tip(), let ids = try? EntryListing(store: store, commit: tip).entryIDs() else { return [] }
        return ids.map(\.description).filter { $0.hasPrefix(prefix) }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

// The messages of an entry or revision that cannot be found (issue 16), for the commands that look entries up by
// name (`show`, `mv`): in the user's language, with the valid form of an invalid id and "did you mean" over the
// collections, the ids of the collection (or of all collections for a bare id) and the releases and branch.

enum EntryLookup {
    /// The CLI error for `error`, thrown while looking up `spec` in `tree` (nil: the working tree's last version).
    /// Errors other than a missing entry pass through as they are.
    static func error(_ error: StoreError, spec: String, revision: String?, config: StoreConfig?, tree: ObjectID?,
                      store: Store, messages: any MessageCatalog) -> CLIError {
        guard case .entryNotFound = error else { return CLIError(error) }
        let shown = Terminal.sanitize(PathRules.printable(spec))
        // A plain repository (no chronik.yml) has no collections to suggest from.
        guard let config else { return CLIError(.user, messages.entryNotFound(shown, revision: revision)) }
        var text = spec
        if text.hasSuffix(".md") { text = String(text.dropLast(3)) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let collections = config.collections.map(\.name)
        if parts.count == 2, config.collection(named: parts[0]) == nil {
            let close = Suggestions.closest(to: parts[0], among: collections)
            return CLIError(.user, messages.entryInUnknownCollection(shown, collection: Terminal.sanitize(PathRules.printable(parts[0]))),
                            hint: close.isEmpty ? nil : messages.didYouMeanName(close))
        }
        if parts.count == 2, PathRules.problem(withID: parts[1]) != nil {
            return CLIError(.user, messages.invalidID(Terminal.sanitize(PathRules.printable(parts[1])), suggestion: Slug.make(parts[1])))
        }
        // Candidates: the ids of the named collection, or of every collection for a bare id.
        var candidates: [String] = []
        if parts.count <= 2, let tree, let paths = try? store.allPaths(inTree: tree) {
            let wanted = parts.count == 2 ? Set([parts[0]]) : Set(collections)
            for path in paths where path.hasSuffix(".md") {
                let pieces = path.dropLast(3).split(separator: "/", omittingEmptySubsequences: false)
                guard pieces.count == 2, wanted.contains(String(pieces[0])) else { continue }
                candidates.append(String(pieces[1]))
            }
        }
        let word = parts.last ?? text
        let close = parts.count <= 2 ? Suggestions.closest(to: word, among: candidates.sorted()) : []
        return CLIError(.user, messages.entryNotFound(shown, revision: revision),
                        hint: close.isEmpty ? nil : messages.didYouMeanName(close))
    }

    /// The CLI error for a revision that names nothing (`StoreError.badRevision` for a name libgit2 did not find):
    /// "unknown revision" in the user's language, with "did you mean" over the releases and the branch. Other
    /// revision errors (ambiguous, invalid) pass through as they are.
    static func revisionError(_ error: StoreError, store: Store, messages: any MessageCatalog) -> CLIError {
        guard case .badRevision(let spec, let reason) = error, reason == StoreError.revisionNotFoundReason else { return CLIError(error) }
        let close = Suggestions.closest(to: spec, among: store.revisionNames())
        return CLIError(.user, messages.unknownRevision(Terminal.sanitize(PathRules.printable(spec))),
                        hint: close.isEmpty ? nil : messages.didYouMeanName(close))
    }
}

/// Revisions as the read commands take them.
enum Revisions {
    /// A revision, else a date: the last version at or before it on the current branch. An unknown name gets "did
    /// you mean" (`EntryLookup.revisionError`).
    static func resolve(_ spec: String, in store: Store, messages: any MessageCatalog) throws -> Commit {
        do {
            return try store.resolve(spec)
        } catch StoreError.badRevision(let spec, let reason) {
            guard let bound = Timeline.DateBound(spec) else {
                throw EntryLookup.revisionError(.badRevision(spec: spec, reason: reason), store: store, messages: messages)
            }
            guard let tip = try store.tip() else { throw CLIError(.user, messages.noVersions(plain: store.isPlain)) }
            guard let commit = try Timeline.version(atOrBefore: bound, from: tip.id, in: store.repository) else {
                throw CLIError(.user, messages.noVersionAtOrBefore(Terminal.sanitize(spec)))
            }
            return commit
        }
    }
}

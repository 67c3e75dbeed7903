import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// References by title (issue 20). A field whose schema property carries `x-chronik-ref: <collection>` holds ids of
// entries of that collection (one, or a list of them). Residents read `Ergebnisse: + Auswertung der Kommentare zu den
// Aktionen`, not `+ auswertung-aktionen`: each id of a changed reference field is looked up as `<collection>/<id>.md`
// in the version its side belongs to (an old value at the old version, a new one at the new version), and the
// title there kept beside the id (`ChangelogEntry.references`). The id stays in the field change itself, for machines.
//
// The title is public by the same rules as any title (docs/privacy.md): none when the referenced collection's schema
// marks its title field private, e-mail addresses redacted, one line. An id that names no entry at that version, or
// an entry whose front matter cannot be read, has no title: renderers show the id.

/// Looks up the titles of the entries that changed reference fields name (see above), for the changelog's records
/// and for `chronik diff`. `ReferenceTitle` and what renderers do with it are ChronikDiff's (Render/ReferenceTitle.swift).
package struct ReferenceTitleResolver {
    let repository: Repository
    /// The largest file of a working tree read (as the diff reads it).
    let maxFileBytes: Int
    /// What was parsed of committed versions, by blob id: a changelog passes one to the resolvers of all its groups
    /// (see `ReferenceTitleMemo`); by default each resolver has its own. A working tree's files are not memoised.
    let memo: ReferenceTitleMemo

    package init(repository: Repository, maxFileBytes: Int = FrontMatterLimits().maxFileBytes) {
        self.init(repository: repository, maxFileBytes: maxFileBytes, memo: ReferenceTitleMemo())
    }

    init(repository: Repository, maxFileBytes: Int = FrontMatterLimits().maxFileBytes, memo: ReferenceTitleMemo) {
        self.repository = repository
        self.maxFileBytes = maxFileBytes
        self.memo = memo
    }

    /// One version: its tree (or the working tree, read as `WorkingTreeFile` reads it), configuration, and what was
    /// read of it.
    package final class Side {
        let tree: ObjectID?
        let workdir: String?
        let config: StoreConfig?
        let language: String
        /// Per collection: the schema's blob (nil: none, or a working-tree file) and the parsed schema.
        var schemas: [String: (blob: ObjectID?, schema: JSONValue?)] = [:]
        /// Per collection: how its titles are made (see `TitleRecipe`).
        var recipes: [String: TitleRecipe] = [:]
        var titles: [String: String?] = [:]
        /// Per collection and field pointer (`collection` NUL `pointer`): the schema node there (`node(at:in:)`), found
        /// once: a large diff changes the same few fields of thousands of entries.
        var nodes: [String: (node: JSONValue?, pattern: String, target: String?)?] = [:]
        /// By the same key: whether a value there may hold a reference (`mayRefer`); most changed fields cannot.
        var refers: [String: Bool] = [:]

        init(tree: ObjectID?, workdir: String?, config: StoreConfig?, language: String) {
            self.tree = tree
            self.workdir = workdir
            self.config = config
            self.language = language
        }

        /// A side of the same version with a copy of what was read of it, for one worker thread (a side's tables are
        /// filled as it is asked, from one thread at a time).
        func copy() -> Side {
            let side = Side(tree: tree, workdir: workdir, config: config, language: language)
            side.schemas = schemas
            side.recipes = recipes
            side.titles = titles
            side.nodes = nodes
            side.refers = refers
            return side
        }
    }

    /// Sets `references` of every entry of `record` that changed a reference field, comparing `base` (nil: the
    /// empty beginning) with `tip`. Best effort: what cannot be read gives no title.
    func annotate(_ record: inout ChangeRecord, base: ObjectID?, tip: ObjectID, language: String) {
        // Added and removed entries are listed by title, their fields not shown: only changed entries are looked at
        // (a store's first version adds every entry, and would read every referenced entry).
        func wanted(_ e: ChangelogEntry) -> Bool { !e.fields.isEmpty && e.kind != .added && e.kind != .removed }
        guard record.entries.contains(where: wanted) else { return }
        let old = side(base, language: language), new = side(tip, language: language)
        guard old.config != nil || new.config != nil else { return }
        for k in record.entries.indices where wanted(record.entries[k]) {
            let e = record.entries[k]
            let found = references(e.fields, collection: e.entry.collection, oldCollection: (e.from ?? e.entry).collection, old: old, new: new)
            if !found.isEmpty { record.entries[k].references = found }
        }
    }

    /// Sets `references` of every entry of `diff` with changed fields (added and removed entries too: the diff shows
    /// their fields), `old` and `new` being the sides it compared; a working tree is read from `workdir` with its
    /// `chronik.yml`, `workingConfig`. Best effort, as above. From `parallelFrom` entries with changed fields, each
    /// entry's references are found and their titles looked up on one thread per core, `batch` entries at a time
    /// (`referencesOnThreads`); else the references on this thread, and from `parallelFrom` titles to look up, the
    /// titles read on one thread per core (the same titles either way: tests hold the ways side by side).
    /// `known`: the title values of the entries the diff parsed (`SnapshotDiffer.titleValues`), by blob id: a
    /// referenced entry among them is not read again (the same title: tests hold the two ways side by side).
    package func annotate(_ diff: inout SnapshotDiff, old: SnapshotSide, new: SnapshotSide, workdir: String?, workingConfig: StoreConfig?,
                          language: String, parallelFrom: Int = ReferenceTitleResolver.parallelTitles, known: TitleValues.Table = .init(),
                          threads: Int = max(2, ParallelWork.defaultThreads), batch: Int = ReferenceTitleResolver.referenceBatch) {
        guard diff.entries.contains(where: { !$0.fields.isEmpty }) else { return }
        func side(_ s: SnapshotSide) -> Side {
            switch s {
            case .commit(let id): return self.side(id, language: language)
            case .tree(let tree):
                return Side(tree: tree, workdir: nil, config: config(inTree: tree), language: language)
            case .workingTree:
                return Side(tree: nil, workdir: workdir, config: workingConfig, language: language)
            case .empty: return Side(tree: nil, workdir: nil, config: nil, language: language)
            }
        }
        let oldSide = side(old), newSide = side(new)
        guard oldSide.config != nil || newSide.config != nil else { return }
        if referencesOnThreads(&diff, old: oldSide, new: newSide, from: parallelFrom, threads: threads, batch: batch, known: known) { return }
        // What each entry refers to first (the schemas walked on this thread), then the titles: read on one thread per
        // core when there are many (a diff of a large store's first and last release names 30,000 referenced
        // entries, each read and its front matter parsed), then set in order here.
        var wanted: [(index: Int, places: [ReferencePlace])] = []
        for k in diff.entries.indices where !diff.entries[k].fields.isEmpty {
            let e = diff.entries[k]
            let places = referencePlaces(e.fields, collection: e.entry.collection, oldCollection: (e.from ?? e.entry).collection, old: oldSide, new: newSide)
            if !places.isEmpty { wanted.append((k, places)) }
        }
        prefetchTitles(wanted.flatMap(\.places), old: oldSide, new: newSide, from: parallelFrom, known: known)
        for (k, places) in wanted {
            let found = titles(places, old: oldSide, new: newSide, known: known)
            if !found.isEmpty { diff.entries[k].references = found }
        }
    }

    /// The titles of the entries that `fields` (changes of an entry of `collection`, `oldCollection` before) refer to.
    private func references(_ fields: [FieldChange], collection: String, oldCollection: String, old: Side, new: Side) -> [ReferenceTitle] {
        titles(referencePlaces(fields, collection: collection, oldCollection: oldCollection, old: old, new: new), old: old, new: new)
    }

    /// A referenced entry as a field change names it: the field's pattern, the entry, and on which sides.
    struct ReferencePlace {
        var pattern: String
        var collection: String
        var id: String
        var old: Bool
        var new: Bool
    }

    /// The references of `references(…)` with their titles, those with a title on either side.
    private func titles(_ places: [ReferencePlace], old: Side, new: Side, known: TitleValues.Table = .init()) -> [ReferenceTitle] {
        places.compactMap { p in
            let t = ReferenceTitle(field: p.pattern, collection: p.collection, id: p.id,
                                   old: p.old ? title(p.collection, p.id, old, known) : nil, new: p.new ? title(p.collection, p.id, new, known) : nil)
            return t.old != nil || t.new != nil ? t : nil
        }
    }

    /// The entries that `fields` (changes of an entry of `collection`, `oldCollection` before) refer to, each once, in
    /// the order of the changes.
    private func referencePlaces(_ fields: [FieldChange], collection: String, oldCollection: String, old: Side, new: Side) -> [ReferencePlace] {
        // Which places refer where: by the schema of the entry's collection in the new version, else the old.
        let schemas = [(schema(collection, new), new, collection), (schema(oldCollection, old), old, oldCollection)]
        var found: [ReferencePlace] = []
        var seen = Set<String>()
        for f in fields {
            var oldIDs: [(String, String, String)] = [], newIDs: [(String, String, String)] = [] // (pattern, collection, id)
            for (schema, side, schemaCollection) in schemas {
                guard let schema else { continue }
                let key = schemaCollection + "\u{0}" + f.pointer
                let place: (node: JSONValue?, pattern: String, target: String?)?
                if let known = side.nodes[key] {
                    place = known
                } else {
                    place = Self.node(at: JSONPointer.tokens(f.pointer), in: schema)
                    side.nodes[key] = .some(place)
                }
                guard let (node, pattern, target) = place else { continue }
                // No reference can be found below a node that names no target, nor has one below it: the values are
                // not walked (a large diff's 59,000 field changes are mostly of other fields).
                let refers: Bool
                if let known = side.refers[key] {
                    refers = known
                } else {
                    var budget = Self.referSearchBudget
                    refers = Self.mayRefer(node, schema: schema, depth: 0, budget: &budget)
                    side.refers[key] = refers
                }
                guard target != nil || refers else { continue }
                func collect(_ value: JSONValue?, item: Bool, into list: inout [(String, String, String)]) {
                    guard let value else { return }
                    var places: [(String, String, String)] = []
                    if item {
                        Self.collect(value, node: node?["items"], schema: schema, pattern: pattern + "/*",
                                     target: node?["x-chronik-ref"]?.stringValue ?? target, depth: 0, into: &places)
                    } else {
                        Self.collect(value, node: node, schema: schema, pattern: pattern, target: target, depth: 0, into: &places)
                    }
                    list += places.filter { side.config?.collection(named: $0.1) != nil }
                }
                collect(f.old, item: false, into: &oldIDs)
                collect(f.new, item: false, into: &newIDs)
                for v in f.itemsRemoved { collect(v, item: true, into: &oldIDs) }
                for v in f.itemsAdded { collect(v, item: true, into: &newIDs) }
                if !oldIDs.isEmpty || !newIDs.isEmpty { break }
            }
            for (pattern, target, id) in oldIDs + newIDs where seen.insert(pattern + "\n" + target + "\n" + id).inserted {
                found.append(ReferencePlace(pattern: pattern, collection: target, id: id,
                                            old: oldIDs.contains { $0 == (pattern, target, id) }, new: newIDs.contains { $0 == (pattern, target, id) }))
            }
        }
        return found
    }

    /// The schema node at a field change's pointer, with its pattern (`*` for list items) and the reference target
    /// it inherits (a list whose property says `x-chronik-ref` holds ids); nil when the schema does not reach there.
    static func node(at tokens: [String], in schema: JSONValue) -> (node: JSONValue?, pattern: String, target: String?)? {
        var node: JSONValue? = schema
        var pattern: [String] = []
        var target: String?
        for token in tokens {
            guard let current = node.map({ resolve($0, in: schema) }) else { return nil }
            if let items = current["items"], Int(token) != nil {
                target = current["x-chronik-ref"]?.stringValue ?? target
                node = items
                pattern.append("*")
            } else if let property = current["properties"]?[token] {
                target = nil
                node = property
                pattern.append(token)
            } else {
                return nil
            }
        }
        return (node.map { resolve($0, in: schema) }, JSONPointer.make(pattern), target)
    }

    /// Nodes `mayRefer` looks at before it answers true (a recursive schema could have it look at very many).
    static let referSearchBudget = 4_096

    /// Whether a value whose schema node is `raw` may hold a reference by `collect`'s rules: the node (its local `$ref`
    /// followed) or a node below it (its `items`, its `properties`) says `x-chronik-ref`. True when that is not known
    /// within `budget` nodes or `collect`'s depth: then `collect` walks the value.
    static func mayRefer(_ raw: JSONValue?, schema: JSONValue, depth: Int, budget: inout Int) -> Bool {
        guard let raw else { return false }
        budget -= 1
        // Deeper than `collect` goes, or past the budget: not known, so true.
        if depth > PrivateLocations.maxDepth || budget < 0 { return true }
        let node = resolve(raw, in: schema)
        if node["x-chronik-ref"]?.stringValue != nil { return true }
        if mayRefer(node["items"], schema: schema, depth: depth + 1, budget: &budget) { return true }
        if case .object(let properties)? = node["properties"] {
            for (_, property) in properties where mayRefer(property, schema: schema, depth: depth + 1, budget: &budget) { return true }
        }
        return false
    }

    /// The references in `value` whose schema node is `raw`: `x-chronik-ref` on a property, on its `items`, or deeper
    /// (nested objects and lists of them are followed with the schema, as the site follows them), as (pattern,
    /// collection, id); a list of ids has the list's pattern.
    static func collect(_ value: JSONValue, node raw: JSONValue?, schema: JSONValue, pattern: String, target inherited: String?, depth: Int,
                        into found: inout [(String, String, String)]) {
        guard depth < PrivateLocations.maxDepth else { return }
        let node = raw.map { resolve($0, in: schema) }
        let target = node?["x-chronik-ref"]?.stringValue ?? inherited
        switch value {
        case .string(let id):
            // An item of a list of ids is shown where the list is.
            if let target { found.append((pattern.hasSuffix("/*") ? String(pattern.dropLast(2)) : pattern, target, id)) }
        case .array(let items):
            for item in items {
                collect(item, node: node?["items"], schema: schema, pattern: pattern + "/*", target: target, depth: depth + 1, into: &found)
            }
        case .object(let members):
            for (key, member) in members {
                collect(member, node: node?["properties"]?[key], schema: schema, pattern: pattern + "/" + JSONPointer.make([key]).dropFirst(),
                        target: nil, depth: depth + 1, into: &found)
            }
        default:
            break
        }
    }

    /// A node's local `$ref` (`#/$defs/item`) followed once.
    private static func resolve(_ node: JSONValue, in schema: JSONValue) -> JSONValue {
        guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#") else { return node }
        var current: JSONValue? = schema
        for token in JSONPointer.tokens(String(ref.dropFirst())) {
            if case .array(let list)? = current, let k = Int(token), list.indices.contains(k) { current = list[k] } else { current = current?[token] }
        }
        return current ?? node
    }

    private func config(inTree tree: ObjectID) -> StoreConfig? {
        guard let blob = (try? repository.entry(atPath: StoreConfig.fileName, inTree: tree))??.id else { return nil }
        return memo.config(blob) { (try? repository.blob(blob)).flatMap { try? StoreConfig.parse($0) } }
    }

    private func side(_ version: ObjectID?, language: String) -> Side {
        guard let version, let commit = try? repository.commit(version) else { return Side(tree: nil, workdir: nil, config: nil, language: language) }
        return Side(tree: commit.treeID, workdir: nil, config: config(inTree: commit.treeID), language: language)
    }

    /// A file of the side's version; nil when there is none or it cannot be read.
    private func read(_ path: String, _ side: Side) -> Data? {
        if let workdir = side.workdir {
            guard case .success(let file) = WorkingTreeFile.read(path, in: workdir, limit: maxFileBytes) else { return nil }
            return file.data
        }
        guard let tree = side.tree, let entry = (try? repository.entry(atPath: path, inTree: tree)) ?? nil else { return nil }
        return try? repository.blob(entry.id)
    }

    /// The blob (committed versions only) and parsed schema of `collection` in the side's version.
    private func schemaSource(_ collection: String, _ side: Side) -> (blob: ObjectID?, schema: JSONValue?) {
        if let known = side.schemas[collection] { return known }
        var found: (blob: ObjectID?, schema: JSONValue?) = (nil, nil)
        if let path = side.config?.collection(named: collection)?.schema {
            if side.workdir == nil {
                if let tree = side.tree, let entry = (try? repository.entry(atPath: path, inTree: tree)) ?? nil {
                    found = (entry.id, memo.schema(entry.id) { (try? repository.blob(entry.id)).flatMap { try? JSONParser.parse($0) } })
                }
            } else if let data = read(path, side) {
                found = (nil, try? JSONParser.parse(data))
            }
        }
        side.schemas[collection] = found
        return found
    }

    private func schema(_ collection: String, _ side: Side) -> JSONValue? {
        schemaSource(collection, side).schema
    }

    /// The public title of `<collection>/<id>.md` in the side's version.
    private func title(_ collection: String, _ id: String, _ side: Side, _ values: TitleValues.Table) -> String? {
        let key = collection + "/" + id
        if let known = side.titles[key] { return known }
        var title: String?
        if Self.isEntryID(id) {
            title = Self.lookUp(TitleJob(key: key, tree: side.tree, workdir: side.workdir, language: side.language, recipe: recipe(collection, side)),
                                repository: repository, memo: memo, maxFileBytes: maxFileBytes, known: values)
        }
        side.titles[key] = title
        return title
    }

    /// An id that can name an entry file of a collection.
    private static func isEntryID(_ id: String) -> Bool { !id.contains("/") && id != ".." && id != "." && !id.isEmpty }

    /// How the titles of a collection are made in one version: the configured title field (else `title`), and the
    /// schema's blob and the locations it marks private (none is shown when the field used is private). Found once
    /// per collection and side, not per title.
    struct TitleRecipe: Sendable {
        var configured: String
        var schemaBlob: ObjectID?
        var privacy: PrivateLocations
    }

    private func recipe(_ collection: String, _ side: Side) -> TitleRecipe {
        if let known = side.recipes[collection] { return known }
        let schema = schemaSource(collection, side)
        // The private locations are a function of the schema alone: by its blob, once for all groups of a changelog.
        func privacy() -> PrivateLocations { SchemaLabels(schema: schema.schema, language: side.language).privateLocations }
        let made = TitleRecipe(configured: side.config?.collection(named: collection)?.titleField ?? "title", schemaBlob: schema.blob,
                               privacy: schema.blob.map { memo.privacy($0, privacy) } ?? privacy())
        side.recipes[collection] = made
        return made
    }

    /// One title to look up: `<key>.md` in a version's tree or a working tree.
    struct TitleJob: Sendable {
        var key: String
        var tree: ObjectID?
        var workdir: String?
        var language: String
        var recipe: TitleRecipe
    }

    /// The public title of a job's entry, read through `repository` (a working tree's file as `WorkingTreeFile` reads it).
    private static func lookUp(_ job: TitleJob, repository: Repository, memo: ReferenceTitleMemo, maxFileBytes: Int,
                               known: TitleValues.Table) -> String? {
        if let workdir = job.workdir {
            guard case .success(let file) = WorkingTreeFile.read(job.key + ".md", in: workdir, limit: maxFileBytes) else { return nil }
            return title(of: file.data, job.recipe)
        }
        guard let tree = job.tree, let entry = (try? repository.entry(atPath: job.key + ".md", inTree: tree)) ?? nil else { return nil }
        // A title is a function of the entry's blob, the title field, the schema's blob and the language.
        let memoKey = ReferenceTitleMemo.TitleKey(entry: entry.id, titleField: job.recipe.configured, schema: job.recipe.schemaBlob, language: job.language)
        if let values = known.values(entry.id, for: job.recipe.configured) {
            // Parsed by the diff: its title fields are at hand.
            return memo.title(memoKey) { title(of: values.fields, job.recipe) }
        }
        return memo.title(memoKey) { title(of: try? repository.blob(entry.id), job.recipe) }
    }

    /// The public title in an entry file's bytes: its fields are read by the rules of `EntryDocument.parse` (the same
    /// fields and errors; the body is not made a String, nothing here reads it).
    private static func title(of data: Data?, _ recipe: TitleRecipe) -> String? {
        guard let data, let fields = try? EntryDocument.parseFields([UInt8](data)).fields else { return nil }
        return title(of: fields[recipe.configured] != nil, { fields[$0]?.stringValue }, recipe)
    }

    /// The same title from the values the diff kept of the entry (`TitleValues`, which hold `recipe.configured` and
    /// `title` when the entry has them).
    private static func title(of values: [String: String?], _ recipe: TitleRecipe) -> String? {
        title(of: values[recipe.configured] != nil, { values[$0] ?? nil }, recipe)
    }

    /// The configured field if the entry has it, else `title`; none if that field is private or not a string.
    private static func title(of hasConfigured: Bool, _ text: (String) -> String?, _ recipe: TitleRecipe) -> String? {
        let field = hasConfigured ? recipe.configured : "title"
        guard !recipe.privacy.contains([field]), let text = text(field) else { return nil }
        let line = PublicText.line(EmailRedaction.redact(text))
        return line.isEmpty ? nil : line
    }

    /// From this many titles to look up (or entries with changed fields, see `annotate`), they are read on one thread
    /// per core, each with its own repository handle.
    package static let parallelTitles = 256

    /// Entries with changed fields a thread takes at a time in `referencesOnThreads`.
    package static let referenceBatch = 64

    /// `annotate`'s work on one thread per core: from `minimum` entries with changed fields, the entries go to the
    /// threads `batch` at a time; each thread finds their references (`referencePlaces`) and looks up the titles
    /// (`titles`) with its own repository handle and its own copies of the sides (the schema nodes, recipes and
    /// titles it has found: a title depends only on its entry and side, a node only on the schema and pointer), and
    /// the references are set here in order while the threads do the next batches. The same references as one by
    /// one (tests hold the two ways side by side); what the threads share is the memo, which locks. The large
    /// store's first..last diff names 30,000 referenced entries from 59,000 changed fields, whose places were found
    /// here one by one before, and their titles set in order after the threads had read them. False (nothing done)
    /// below `minimum`, or without handles for the threads.
    private func referencesOnThreads(_ diff: inout SnapshotDiff, old: Side, new: Side, from minimum: Int, threads: Int, batch: Int,
                                     known: TitleValues.Table) -> Bool {
        guard ParallelWork.defaultThreads > 1 || minimum <= 1 else { return false }
        // The entries' changed fields and collections (not the entries: setting one below must not copy the list
        // the threads read).
        var indices: [Int] = [], work: [(fields: [FieldChange], collection: String, oldCollection: String)] = []
        for k in diff.entries.indices where !diff.entries[k].fields.isEmpty {
            let e = diff.entries[k]
            indices.append(k)
            work.append((e.fields, e.entry.collection, (e.from ?? e.entry).collection))
        }
        guard work.count >= minimum, !work.isEmpty else { return false }
        let size = max(1, batch), count = (work.count + size - 1) / size
        let workers = max(1, min(threads, count))
        var slots: [(resolver: ReferenceTitleResolver, old: Side, new: Side)] = []
        for _ in 0..<workers {
            guard let handle = try? Repository(at: repository.gitDirectory) else { return false }
            slots.append((ReferenceTitleResolver(repository: handle, maxFileBytes: maxFileBytes, memo: memo), old.copy(), new.copy()))
        }
        let workerSlots = WorkerSlots(slots), frozen = work
        orderedPipeline(count: count, threads: workers, window: 4 * workers, produce: { w, b in
            let slot = workerSlots[w]
            return (b * size..<min(frozen.count, (b + 1) * size)).map { k in
                let item = frozen[k]
                let places = slot.resolver.referencePlaces(item.fields, collection: item.collection, oldCollection: item.oldCollection,
                                                           old: slot.old, new: slot.new)
                return slot.resolver.titles(places, old: slot.old, new: slot.new, known: known)
            }
        }, consume: { b, found in
            for (offset, references) in found.enumerated() where !references.isEmpty {
                diff.entries[indices[b * size + offset]].references = references
            }
        })
        return true
    }

    /// Looks up, on one thread per core, the titles `places` will ask for that the sides do not know yet, and keeps
    /// them in the sides (what `title` would find one by one, in any order: a title depends only on its entry and
    /// side). Fewer than `from`, or no handles for the threads: left to `title`.
    private func prefetchTitles(_ places: [ReferencePlace], old: Side, new: Side, from minimum: Int, threads: Int = max(2, ParallelWork.defaultThreads),
                                known: TitleValues.Table) {
        var jobs: [TitleJob] = [], owners: [Side] = []
        var queued: [Set<String>] = [[], []]
        for p in places where Self.isEntryID(p.id) {
            for (k, side) in [(0, old), (1, new)] where k == 0 ? p.old : p.new {
                let key = p.collection + "/" + p.id
                guard side.titles[key] == nil, queued[k].insert(key).inserted else { continue }
                jobs.append(TitleJob(key: key, tree: side.tree, workdir: side.workdir, language: side.language, recipe: recipe(p.collection, side)))
                owners.append(side)
            }
        }
        guard ParallelWork.defaultThreads > 1 || minimum <= 1, jobs.count >= minimum else { return }
        var handles: [Repository] = []
        for _ in 0..<threads {
            guard let handle = try? Repository(at: repository.gitDirectory) else { return }
            handles.append(handle)
        }
        let slots = WorkerSlots(handles), memo = self.memo, maxFileBytes = self.maxFileBytes, frozen = jobs
        let batch = 64
        orderedPipeline(count: (frozen.count + batch - 1) / batch, threads: threads, window: 4 * threads, produce: { w, b in
            (b * batch..<min(frozen.count, (b + 1) * batch)).map { Self.lookUp(frozen[$0], repository: slots[w], memo: memo, maxFileBytes: maxFileBytes, known: known) }
        }, consume: { b, titles in
            for (offset, title) in titles.enumerated() {
                let k = b * batch + offset
                owners[k].titles[frozen[k].key] = title
            }
        })
    }
}

/// What reference titles are made of, by blob id, for the resolvers of every group of one changelog (on any of its
/// threads): consecutive versions mostly share their `chronik.yml`, schemas and referenced entries, which were parsed
/// once per group and side before (with `--by commit` on the medium store a seventh of the CPU time). Each value is a
/// function of the blobs in its key alone (a title: of the entry's blob, the configured title field, the schema's blob
/// for privacy, and the language), so a memo gives what reading them again would. Bounded: past `limit` values of a
/// kind, that kind starts over.
final class ReferenceTitleMemo: @unchecked Sendable {
    struct TitleKey: Hashable {
        var entry: ObjectID
        var titleField: String
        var schema: ObjectID?
        var language: String
    }

    private let lock = NSLock()
    private let limit: Int
    // Guarded by `lock`.
    private var configs: [ObjectID: StoreConfig?] = [:]
    private var schemas: [ObjectID: JSONValue?] = [:]
    private var titles: [TitleKey: String?] = [:]
    private var privacy: [ObjectID: PrivateLocations] = [:]

    init(limit: Int = 1 << 16) {
        self.limit = limit
    }

    /// The value under `key` in `table`, else `make()`'s (made outside the lock, so two threads may both make it; the
    /// same value either way).
    private func value<K: Hashable, V>(_ table: ReferenceWritableKeyPath<ReferenceTitleMemo, [K: V]>, _ key: K, _ make: () -> V) -> V {
        if let known = lock.withLock({ self[keyPath: table][key] }) { return known }
        let made = make()
        lock.withLock {
            if self[keyPath: table].count >= limit { self[keyPath: table].removeAll(keepingCapacity: true) }
            self[keyPath: table][key] = made
        }
        return made
    }

    func config(_ blob: ObjectID, _ make: () -> StoreConfig?) -> StoreConfig? { value(\.configs, blob, make) }
    func schema(_ blob: ObjectID, _ make: () -> JSONValue?) -> JSONValue? { value(\.schemas, blob, make) }
    func title(_ key: TitleKey, _ make: () -> String?) -> String? { value(\.titles, key, make) }
    /// The locations a schema (by its blob) marks private.
    func privacy(_ schema: ObjectID, _ make: () -> PrivateLocations) -> PrivateLocations { value(\.privacy, schema, make) }
}

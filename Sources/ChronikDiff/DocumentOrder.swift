import ChronikStore

// The strategy as a document: its sections (entries with an `order` field) in document order, compared so that a
// section that changed its place shows as a move. The longest common subsequence of section ids (Myers, exact)
// stays in place; every other section on both sides moved, so moving one section is one move, not a renumbering
// of all the sections after it.

/// A section of a document-like collection: an entry id, its `order`, and its title.
public struct DocumentSection: Sendable, Hashable, Codable {
    public var id: String
    public var order: Double?
    public var title: String?

    public init(id: String, order: Double?, title: String?) {
        self.id = id
        self.order = order
        self.title = title
    }
}

extension DocumentSection {
    /// Document order: by `order` (none last), then by id. The same as comparing the tuples `(order ?? .infinity, id)`
    /// (tests hold the two side by side), without making them: each tuple copied its id, and sorting a strategy's 800
    /// sections once per version retained and released every id.
    @inlinable
    public static func precedes(_ x: DocumentSection, _ y: DocumentSection) -> Bool {
        let a = x.order ?? .infinity, b = y.order ?? .infinity
        if a != b { return a < b }
        return x.id < y.id
    }

    /// Puts `more` in their places in `list` (in document order): what sorting both together with `precedes` gives,
    /// without comparing the sorted ones with each other again (a changelog patches a collection's 800 sections with
    /// the few a version changed, and sorting them all again was 2 % of a cold changelog's CPU). Each of `more` goes
    /// after every section that does not come after it, as a stable sort of `list + more` puts it. False, and `list`
    /// left as it was, where that need not hold (the caller sorts): an order that is NaN (`precedes` is no ordering
    /// then), or more than `insertedAtMost` to put in.
    static func insert(_ more: [DocumentSection], into list: inout [DocumentSection], insertedAtMost: Int = 64) -> Bool {
        guard more.count <= insertedAtMost, !more.contains(where: { $0.order?.isNaN == true }),
              !list.contains(where: { $0.order?.isNaN == true }) else { return false }
        list.reserveCapacity(list.count + more.count)
        for section in more.sorted(by: precedes) {
            // The first section that comes after this one.
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if precedes(section, list[middle]) { high = middle } else { low = middle + 1 }
            }
            list.insert(section, at: low)
        }
        return true
    }
}

/// What happened to one section's place in the document.
public struct SectionChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case unchanged, moved, added, removed
    }

    public var kind: Kind
    /// The section's id (in the new version; for `removed`, the old one).
    public var id: String
    /// The old id when the section was renamed.
    public var from: String?
    /// 1-based positions in the old and new document order.
    public var oldPosition: Int?
    public var newPosition: Int?
    public var title: String?

    /// (Package-wide for the change-record cache's reader, `RecordJSON`.)
    package init(kind: Kind, id: String, from: String?, oldPosition: Int?, newPosition: Int?, title: String?) {
        self.kind = kind
        self.id = id
        self.from = from
        self.oldPosition = oldPosition
        self.newPosition = newPosition
        self.title = title
    }
}

/// The sections of one collection in document order, old against new.
public struct DocumentOrderDiff: Sendable, Hashable, Codable {
    public var collection: String
    /// Every section in the new order, then the removed ones in the old order.
    public var sections: [SectionChange]

    /// True when no section moved, came or went.
    public var isEmpty: Bool { sections.allSatisfy { $0.kind == .unchanged } }
    public var moved: [SectionChange] { sections.filter { $0.kind == .moved } }

    public init(collection: String, sections: [SectionChange]) {
        self.collection = collection
        self.sections = sections
    }

    private enum CodingKeys: String, CodingKey { case collection, sections }

    /// A section as the JSON contract names entries (docs/json-output.md): `{"kind", "entry": {"collection", "id",
    /// "path"}, "from": entry, "oldPosition", "newPosition", "title"}`; the entries are in the document's collection.
    private struct Section: Codable {
        var kind: SectionChange.Kind
        var entry: EntryID
        var from: EntryID?
        var oldPosition: Int?
        var newPosition: Int?
        var title: String?
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(collection, forKey: .collection)
        try container.encode(sections.map { s in
            Section(kind: s.kind, entry: EntryID(collection: collection, id: s.id), from: s.from.map { EntryID(collection: collection, id: $0) },
                    oldPosition: s.oldPosition, newPosition: s.newPosition, title: s.title)
        }, forKey: .sections)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        collection = try container.decode(String.self, forKey: .collection)
        sections = try container.decode([Section].self, forKey: .sections).map { s in
            SectionChange(kind: s.kind, id: s.entry.id, from: s.from?.id, oldPosition: s.oldPosition, newPosition: s.newPosition, title: s.title)
        }
    }
}

/// Compares the order of document sections.
public enum DocumentOrder {
    /// Compares `old` and `new` sections (any order; sorted here by `order`, then id). `renames` maps old ids to new
    /// ones, so that a renamed section is the same section. `unchanged`: list the sections that stayed in place
    /// too (a changelog keeps only the others: of the strategy's hundreds of sections, a version moves a few).
    public static func compare(collection: String, old: [DocumentSection], new: [DocumentSection],
                               renames: [String: String] = [:], unchanged: Bool = true) -> DocumentOrderDiff {
        let precedes = DocumentSection.precedes
        // Lists come sorted from the differ: checked in one pass, and only copied to be sorted when they are not.
        // The check is `precedes` of each neighbouring pair, reading their orders in place and ids only where the
        // orders are equal (a copy of each section retained its id and title: a large strategy's 7,800 sections
        // twice per version).
        func sorted(_ s: [DocumentSection]) -> [DocumentSection] {
            for k in s.indices.dropFirst() {
                let x = s[k - 1].order ?? .infinity, y = s[k].order ?? .infinity
                if x < y { continue }
                if x != y || !(s[k - 1].id < s[k].id) { return s.sorted(by: precedes) }
            }
            return s
        }
        let a = sorted(old), b = sorted(new)
        let renamedBack = Dictionary(renames.map { ($0.value, $0.key) }, uniquingKeysWith: { x, _ in x })
        // Ids are unique on each side, so the common head and tail (most of a document, from one version to the
        // next) stay in place; only the middle is hashed and compared (as Myers would trim it anyway).
        // Most versions rename nothing: then no id is hashed to look it up.
        func key(_ k: Int) -> String { renames.isEmpty ? a[k].id : renames[a[k].id] ?? a[k].id }
        var head = 0
        // Ids compared where they are (`key` makes a String for each, retained and released: a large strategy's 7,800
        // sections per version).
        func sameKey(_ k: Int, _ j: Int) -> Bool { renames.isEmpty ? a[k].id == b[j].id : key(k) == b[j].id }
        while head < a.count, head < b.count, sameKey(head, head) { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, sameKey(a.count - 1 - tail, b.count - 1 - tail) { tail += 1 }
        let middleA = head..<(a.count - tail), middleB = head..<(b.count - tail)
        var ids: [String: Int] = [:]
        ids.reserveCapacity(middleA.count + middleB.count)
        func id(_ s: String) -> Int {
            if let v = ids[s] { return v }
            ids[s] = ids.count
            return ids.count - 1
        }
        let idsA = middleA.map { id(key($0)) }, idsB = middleB.map { id(b[$0].id) }
        let (_, changedB) = Myers.changes(idsA, idsB, costLimit: Int.max)
        var oldPosition: [Int: Int] = [:]
        for (k, v) in idsA.enumerated() { oldPosition[v] = head + k + 1 }
        let newSet = Set(idsB)
        var sections: [SectionChange] = []
        sections.reserveCapacity(unchanged ? b.count : middleB.count + middleA.count)
        for k in 0..<head where unchanged {
            sections.append(SectionChange(kind: .unchanged, id: b[k].id, from: renamedBack[b[k].id], oldPosition: k + 1,
                                          newPosition: k + 1, title: b[k].title))
        }
        for (m, k) in middleB.enumerated() {
            let section = b[k], v = idsB[m]
            let from = renamedBack[section.id]
            if let p = oldPosition[v] {
                guard unchanged || changedB[m] else { continue }
                sections.append(SectionChange(kind: changedB[m] ? .moved : .unchanged, id: section.id, from: from,
                                              oldPosition: p, newPosition: k + 1, title: section.title))
            } else {
                sections.append(SectionChange(kind: .added, id: section.id, from: nil, oldPosition: nil, newPosition: k + 1, title: section.title))
            }
        }
        for t in 0..<tail where unchanged {
            let k = b.count - tail + t
            sections.append(SectionChange(kind: .unchanged, id: b[k].id, from: renamedBack[b[k].id], oldPosition: a.count - tail + t + 1,
                                          newPosition: k + 1, title: b[k].title))
        }
        for (m, k) in middleA.enumerated() where !newSet.contains(idsA[m]) {
            sections.append(SectionChange(kind: .removed, id: a[k].id, from: nil, oldPosition: k + 1, newPosition: nil, title: a[k].title))
        }
        return DocumentOrderDiff(collection: collection, sections: sections)
    }
}

import ChronikStore
import Testing
@testable import ChronikDiff

/// `DocumentOrder.compare` as it was before it trimmed the common head and tail: Myers over every section. The
/// oracle the trimmed version must agree with.
private func referenceCompare(collection: String, old: [DocumentSection], new: [DocumentSection],
                              renames: [String: String]) -> DocumentOrderDiff {
    func sorted(_ s: [DocumentSection]) -> [DocumentSection] {
        s.sorted { ($0.order ?? .infinity, $0.id) < ($1.order ?? .infinity, $1.id) }
    }
    let a = sorted(old), b = sorted(new)
    let renamedBack = Dictionary(renames.map { ($0.value, $0.key) }, uniquingKeysWith: { x, _ in x })
    var ids: [String: Int] = [:]
    func id(_ s: String) -> Int {
        if let v = ids[s] { return v }
        ids[s] = ids.count
        return ids.count - 1
    }
    let idsA = a.map { id(renames[$0.id] ?? $0.id) }, idsB = b.map { id($0.id) }
    let (_, changedB) = Myers.changes(idsA, idsB, costLimit: Int.max)
    var oldPosition: [Int: Int] = [:]
    for (k, v) in idsA.enumerated() { oldPosition[v] = k + 1 }
    let newSet = Set(idsB)
    var sections: [SectionChange] = []
    for (k, section) in b.enumerated() {
        let v = idsB[k]
        let from = renamedBack[section.id]
        if let p = oldPosition[v] {
            sections.append(SectionChange(kind: changedB[k] ? .moved : .unchanged, id: section.id, from: from,
                                          oldPosition: p, newPosition: k + 1, title: section.title))
        } else {
            sections.append(SectionChange(kind: .added, id: section.id, from: nil, oldPosition: nil, newPosition: k + 1, title: section.title))
        }
    }
    for (k, section) in a.enumerated() where !newSet.contains(idsA[k]) {
        sections.append(SectionChange(kind: .removed, id: section.id, from: nil, oldPosition: k + 1, newPosition: nil, title: section.title))
    }
    return DocumentOrderDiff(collection: collection, sections: sections)
}

@Suite struct DocumentOrderTests {
    @Test func agreesWithComparingEverySection() {
        var random = SplitMix64(seed: 810)
        for round in 0..<3_000 {
            // An old document of up to 30 sections, some without order, some sharing one.
            let count = Int(random.next() % 31)
            var old: [DocumentSection] = (0..<count).map { k in
                let order: Double? = random.next() % 8 == 0 ? nil : Double(random.next() % 40)
                return DocumentSection(id: "s\(k)", order: order, title: "T\(k)")
            }
            old.shuffle(using: &random)
            // The new one: a few moved, removed, added and renamed.
            var new = old
            var renames: [String: String] = [:]
            for _ in 0..<Int(random.next() % 5) where !new.isEmpty {
                let k = Int(random.next() % UInt64(new.count))
                switch random.next() % 4 {
                case 0: new[k].order = Double(random.next() % 40)
                case 1: new.remove(at: k)
                case 2: new.append(DocumentSection(id: "n\(random.next() % 1_000)", order: Double(random.next() % 40), title: nil))
                default:
                    let renamed = "r\(new[k].id)"
                    if renames[new[k].id] == nil, !new.contains(where: { $0.id == renamed }) {
                        renames[new[k].id] = renamed
                        new[k].id = renamed
                    }
                }
            }
            // Added ids are unique too.
            var seen = Set<String>()
            new = new.filter { seen.insert($0.id).inserted }
            let expected = referenceCompare(collection: "strategy", old: old, new: new, renames: renames)
            let actual = DocumentOrder.compare(collection: "strategy", old: old, new: new, renames: renames)
            #expect(actual == expected, "seed 810, round \(round)")
            // Without the sections that stayed in place: the same changes, in the same order.
            var changes = expected
            changes.sections = expected.sections.filter { $0.kind != .unchanged }
            #expect(DocumentOrder.compare(collection: "strategy", old: old, new: new, renames: renames, unchanged: false) == changes,
                    "seed 810, round \(round), changes only")
            // Lists in document order already (as the differ gives them) are used as they are.
            func inOrder(_ s: [DocumentSection]) -> [DocumentSection] { s.sorted { ($0.order ?? .infinity, $0.id) < ($1.order ?? .infinity, $1.id) } }
            #expect(DocumentOrder.compare(collection: "strategy", old: inOrder(old), new: inOrder(new), renames: renames) == expected,
                    "seed 810, round \(round), sorted")
        }
    }
}

/// `DocumentSection.precedes` (eng19) against the tuple comparison it replaced, on seeded sections: no order, equal
/// orders, signed zeros, infinities, ids that differ only in case, accents or length.
@Suite struct DocumentSectionPrecedesTests {
    @Test func agreesWithTheTupleComparison() {
        var random = SplitMix64(seed: 1_905)
        let orders: [Double?] = [nil, 0, -0.0, 1, 1.5, -2, 10, .infinity, -.infinity, 1e300, 0.1 + 0.2, 0.3]
        let ids = ["a", "b", "A", "aa", "ab", "ä", "a\u{308}", "z", "", "10", "9", "straße", "strasse"]
        var sections: [DocumentSection] = []
        for order in orders {
            for id in ids { sections.append(DocumentSection(id: id, order: order, title: nil)) }
        }
        for x in sections {
            for y in sections {
                #expect(DocumentSection.precedes(x, y) == ((x.order ?? .infinity, x.id) < (y.order ?? .infinity, y.id)), "\(x) \(y)")
            }
        }
        // `insert` against sorting everything: a sorted list of unique ids (with orders shared, missing, infinite),
        // the changed sections put in, as the differ patches a version's list.
        var inserted = 0
        for round in 0..<400 {
            func section(_ id: String) -> DocumentSection {
                DocumentSection(id: id, order: orders[Int.random(in: 0..<orders.count, using: &random)], title: "t\(Int.random(in: 0...9, using: &random))")
            }
            var pool = Array(Set((0..<Int.random(in: 0...120, using: &random)).map { _ in
                ids[Int.random(in: 0..<ids.count, using: &random)] + String(Int.random(in: 0...999, using: &random))
            })).sorted()
            pool.shuffle(using: &random)
            let split = Int.random(in: 0...pool.count, using: &random)
            let base = pool[..<split].map(section).sorted(by: DocumentSection.precedes)
            let more = pool[split...].map(section)
            var list = base
            let done = DocumentSection.insert(more, into: &list, insertedAtMost: 40)
            #expect(done == (more.count <= 40), "seed 1905, insert round \(round)")
            if done {
                inserted += 1
                #expect(list == (base + more).sorted(by: DocumentSection.precedes), "seed 1905, insert round \(round)")
                #expect(list == (base + more).sorted { ($0.order ?? .infinity, $0.id) < ($1.order ?? .infinity, $1.id) }, "seed 1905, insert round \(round)")
            } else {
                #expect(list == base)
            }
        }
        #expect(inserted > 200)
        // An order that is NaN: left to the sort.
        var withNaN = [DocumentSection(id: "a", order: 1, title: nil)]
        #expect(!DocumentSection.insert([DocumentSection(id: "b", order: .nan, title: nil)], into: &withNaN))
        #expect(withNaN == [DocumentSection(id: "a", order: 1, title: nil)])
        var nanInList = [DocumentSection(id: "a", order: .nan, title: nil)]
        #expect(!DocumentSection.insert([DocumentSection(id: "b", order: 1, title: nil)], into: &nanInList))

        for round in 0..<200 {
            let list = (0..<Int.random(in: 0...60, using: &random)).map { _ in
                DocumentSection(id: ids[Int.random(in: 0..<ids.count, using: &random)] + String(Int.random(in: 0...99, using: &random)),
                                order: orders[Int.random(in: 0..<orders.count, using: &random)], title: nil)
            }
            let reference = list.sorted { ($0.order ?? .infinity, $0.id) < ($1.order ?? .infinity, $1.id) }
            #expect(list.sorted(by: DocumentSection.precedes).map { "\($0.order.map(String.init(describing:)) ?? "-") \($0.id)" }
                        == reference.map { "\($0.order.map(String.init(describing:)) ?? "-") \($0.id)" }, "seed 1905, round \(round)")
        }
    }
}

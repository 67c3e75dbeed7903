import Foundation
import Testing
@testable import ChronikStore

/// The log cache's records are read from `JSONParser`'s values (issue 19: `log -n1` start-up, warm `log`), held to
/// `JSONDecoder` (the reference, which also reads what the fast reader leaves to it) on seeded random change sets and
/// on hand-written records of the unusual kinds.
@Suite struct LogCacheRecordTests {
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    private static let words = ["faq", "events", "a/b", "Straße", "quote\"d", "back\\slash", "tab\there", "line\nbreak", "🙂",
                                "e\u{301}", "\u{1}", "", "x", "über-uns", "slash/"]
    private static let kinds: [ChangeKind] = [.added, .modified, .removed, .renamed]

    private static func entry(_ random: inout Random) -> EntryID {
        EntryID(collection: random.pick(words), id: random.pick(words) + String(random.below(100)))
    }

    private static func changeSet(_ random: inout Random) -> ChangeSet {
        var set = ChangeSet()
        for _ in 0..<random.below(6) {
            var attachments: [AttachmentChange]?
            if random.below(3) == 0 {
                attachments = (0..<random.below(3)).map { _ in
                    AttachmentChange(kind: random.pick(kinds), name: random.pick(words),
                                     oldSize: random.below(2) == 0 ? nil : random.below(1 << 40),
                                     newSize: random.below(2) == 0 ? nil : random.below(100))
                }
            }
            set.entries.append(EntryChange(kind: random.pick(kinds), entry: entry(&random),
                                           from: random.below(3) == 0 ? entry(&random) : nil, attachments: attachments))
        }
        for _ in 0..<random.below(4) { set.files.append(FileChange(kind: random.pick(kinds), path: random.pick(words))) }
        for _ in 0..<random.below(3) {
            set.problems.append(StoreProblem(file: random.pick(words), line: random.below(2) == 0 ? nil : random.below(500),
                                             column: random.below(2) == 0 ? nil : -random.below(5),
                                             field: random.below(2) == 0 ? nil : "/" + random.pick(words),
                                             keyword: random.below(2) == 0 ? nil : random.pick(words), message: random.pick(words)))
        }
        return set
    }

    @Test func readsWhatTheCacheWritesAsJSONDecoderDoes() throws {
        var random = Random(state: 1919)
        for round in 0..<2_000 {
            let set = Self.changeSet(&random)
            let record = try #require(LogCache.encodeRecord(set))
            let reference = LogCache.decodeReference(record)
            #expect(reference == set, "round \(round)")
            #expect(LogCache.decodeRecord(record) == reference, "round \(round): \(String(decoding: record, as: UTF8.self))")
        }
    }

    @Test func readsUnusualRecordsAsJSONDecoderDoes() {
        let records = [
            #"{"entries":[],"files":[],"problems":[]}"#,
            #"{"problems":[],"files":[{"path":"chronik.yml","kind":"modified","extra":[1,{"a":null}]}],"entries":[],"more":true}"#,
            #"{"entries":[{"kind":"renamed","entry":{"collection":"faq","id":"b","path":"x"},"from":null,"attachments":null}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq","id":"b"},"attachments":[{"kind":"added","name":"a.pdf","newSize":12}]}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq","id":"b"},"attachments":[{"kind":"added","name":"a.pdf","newSize":12.0}]}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq","id":"b"},"attachments":[{"kind":"added","name":"a.pdf","newSize":1e2}]}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq","id":"b"},"attachments":[{"kind":"added","name":"a.pdf","newSize":99999999999999999999}]}],"files":[],"problems":[]}"#,
            #"{"entries":[],"files":[],"problems":[{"file":"a.md","line":-0,"message":"m","field":null}]}"#,
            #"{"entries":[],"files":[],"problems":[{"file":"a.md","line":"3","message":"m"}]}"#,
            #"{"entries":[{"kind":"moved","entry":{"collection":"faq","id":"b"}}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq"}}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq","id":"a\ud83d\ude42\u00e9\/"}}],"files":[],"problems":[]}"#,
            #"{"entries":[{"kind":"added","entry":{"collection":"faq","id":"\ud83d"}}],"files":[],"problems":[]}"#,
            #"{"entries":[],"files":[],"files":[],"problems":[]}"#,
            #"{"entries":[],"files":[]}"#,
            #"{"entries":{},"files":[],"problems":[]}"#,
            #"[]"#, "", "{", #"{"entries":[],"files":[],"problems":[]} x"#,
        ]
        for record in records {
            let data = Data(record.utf8)
            #expect(LogCache.decodeRecord(data) == LogCache.decodeReference(data), "\(record)")
        }
    }
}

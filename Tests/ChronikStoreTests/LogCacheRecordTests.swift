import Foundation
import Testing
@testable import ChronikStore

/// The log cache's records are read from `JSONParser`'s values (issue 19: `log -n1` start-up, warm `log`), held to
/// `JSONDecoder` (the reference, which also reads what the fast reader leaves to it) on seeded random change sets and
/// on hand-written records of the unusual kinds.
@Suite struct LogCacheRecordTests {
    private static let words = ["faq", "events", "a/b", "Straße", "quote\"d", "back\\slash", "tab\there", "line\nbreak", "🙂",
                                "e\u{301}", "\u{1}", "", "x", "über-uns", "slash/"]
    private static let kinds: [ChangeKind] = [.added, .modified, .removed, .renamed]

    private static func entry(_ random: inout SplitMix64) -> EntryID {
        EntryID(collection: random.pick(words), id: random.pick(words) + String(random.index(100)))
    }

    private static func changeSet(_ random: inout SplitMix64) -> ChangeSet {
        var set = ChangeSet()
        for _ in 0..<random.index(6) {
            var attachments: [AttachmentChange]?
            if random.index(3) == 0 {
                attachments = (0..<random.index(3)).map { _ in
                    AttachmentChange(kind: random.pick(kinds), name: random.pick(words),
                                     oldSize: random.index(2) == 0 ? nil : random.index(1 << 40),
                                     newSize: random.index(2) == 0 ? nil : random.index(100))
                }
            }
            set.entries.append(EntryChange(kind: random.pick(kinds), entry: entry(&random),
                                           from: random.index(3) == 0 ? entry(&random) : nil, attachments: attachments))
        }
        for _ in 0..<random.index(4) { set.files.append(FileChange(kind: random.pick(kinds), path: random.pick(words))) }
        for _ in 0..<random.index(3) {
            set.problems.append(StoreProblem(file: random.pick(words), line: random.index(2) == 0 ? nil : random.index(500),
                                             column: random.index(2) == 0 ? nil : -random.index(5),
                                             field: random.index(2) == 0 ? nil : "/" + random.pick(words),
                                             keyword: random.index(2) == 0 ? nil : random.pick(words), message: random.pick(words)))
        }
        return set
    }

    @Test func readsWhatTheCacheWritesAsJSONDecoderDoes() throws {
        var random = SplitMix64(seed: 1919)
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

import ChronikStore
import Foundation
import Testing

@Suite("attachment names, paths and links (issue 17)")
struct AttachmentRulesTests {
    @Test func names() {
        for ok in ["karte.pdf", "Plan (2022).pdf", "übersicht.png", "a", "notes.md.txt", String(repeating: "a", count: 251) + ".pdf"] {
            #expect(PathRules.problem(withAttachmentName: ok) == nil, "\(ok)")
        }
        let refused: [(String, String)] = [
            ("", "empty"), (".geheim", "hidden"), ("a\u{7}b", "U+0007"), ("a\u{200B}b", "U+200B"), ("a\nb", "U+000A"),
            ("karte:1.pdf", "Windows"), ("a?.pdf", "Windows"), ("plan.pdf ", "end in a space"), ("plan.", "end in a space or a dot"),
            ("con.pdf", "device"), ("AUX", "device"), ("notiz.md", ".md"), ("NOTIZ.MD", ".md"),
            (String(repeating: "ä", count: 128), "255 bytes"), (String(repeating: "a", count: 252) + ".pdf", "255 bytes"),
        ]
        for (name, reason) in refused {
            let problem = PathRules.problem(withAttachmentName: name)
            #expect(problem?.contains(reason) == true, "\(PathRules.printable(name)): \(problem ?? "allowed")")
        }
    }

    @Test func classify() {
        let collections: Set<String> = ["glossary"]
        #expect(PathRules.classify("glossary/kiez/karte.pdf", collections: collections)
                == .success(.attachment(EntryID(collection: "glossary", id: "kiez"), name: "karte.pdf")))
        #expect(PathRules.classify("glossary/kiez/unter/karte.pdf", collections: collections) == .failure(.attachmentTooDeep))
        #expect(PathRules.classify("glossary/kiez/notiz.md", collections: collections) == .failure(.nestedTooDeep))
        guard case .failure(.invalidID) = PathRules.classify("glossary/Kiez/karte.pdf", collections: collections) else {
            Issue.record("an attachment folder must be a valid id")
            return
        }
        guard case .failure(.invalidAttachmentName) = PathRules.classify("glossary/kiez/.x", collections: collections) else {
            Issue.record("a hidden attachment must be refused")
            return
        }
        #expect(PathRules.classify("other/kiez/karte.pdf", collections: collections) == .failure(.unknownCollection("other")))
        #expect(PathRules.classify("schemas/a/b.json", collections: collections) == .failure(.unexpectedFile))
    }

    @Test func links() {
        let body = """
        Text [Karte](kiez/karte.pdf) und ![Bild](<kiez/mein bild.png> "Titel") und [Plan](./kiez/Plan%20(2022).pdf#seite=2).
        [Fremd](other/x.pdf) [Weg](https://example.org/kiez/x.pdf) [Tief](kiez/a/b.pdf) `[Code](kiez/code.pdf)`

        ```
        [Zaun](kiez/zaun.pdf)
        ```
        [ref]: kiez/referenz.csv
        [Karte wieder](kiez/karte.pdf)
        """
        #expect(AttachmentLinks.names(linkedFrom: body, id: "kiez") == ["karte.pdf", "mein bild.png", "Plan (2022).pdf", "referenz.csv"])
        #expect(AttachmentLinks.encode("Plan (2022) #1.pdf") == "Plan%20%282022%29%20%231.pdf")
        #expect(AttachmentLinks.attachmentName(AttachmentLinks.encode("Plan (2022) #1.pdf"), id: "x") == nil)
        #expect(AttachmentLinks.attachmentName("x/" + AttachmentLinks.encode("Plan (2022) #1.pdf"), id: "x") == "Plan (2022) #1.pdf")
    }

    @Test func limitsInChronikYml() throws {
        let base = "title: T\ncollections:\n  glossary: {}\n"
        #expect(try StoreConfig.parse(Data(base.utf8)).attachments == AttachmentLimits())
        let set = try StoreConfig.parse(Data((base + "attachments:\n  max_file_bytes: 1000\n  max_total_bytes: 5000\n").utf8))
        #expect(set.attachments == AttachmentLimits(maxFileBytes: 1000, maxTotalBytes: 5000))
        // Written back as read.
        #expect(try StoreConfig.parse(Data(set.yaml().utf8)).attachments == set.attachments)
        for bad in ["attachments: 5\n", "attachments:\n  max_file_bytes: 0\n", "attachments:\n  max_file_bytes: 1.5\n",
                    "attachments:\n  max_file_bytes: \"20 MiB\"\n", "attachments:\n  max_files: 3\n"] {
            #expect(throws: StoreConfigError.self, "\(bad)") { try StoreConfig.parse(Data((base + bad).utf8)) }
        }
    }
}

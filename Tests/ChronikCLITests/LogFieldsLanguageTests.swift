import Foundation
import Testing

// `log ENTRY --fields` speaks one language (issue 16: a German store's timeline said "Begriff: … / text: 25 words
// added"): the field labels, the changes of values, the text's summary and the lines of renames, additions and
// removals all in the language of the labels (`--lang`, else the store's). Golden files in both languages.

@Suite struct LogFieldsLanguageTests {
    private func sampleStore(_ sandbox: Sandbox) throws -> URL {
        let dir = sandbox.url("berlin")
        let result = try sandbox.chronik(["init", "--sample", "berlin", dir.path])
        try #require(result.status == 0, "init --sample failed: \(result)")
        return dir
    }

    /// A renamed glossary entry: added, changed, renamed; the text's summary after its fields.
    @Test func germanStoreSpeaksGermanAndLangEnEnglish() throws {
        let box = try Sandbox()
        let store = try sampleStore(box)
        let german = try box.chronik(["log", "glossary/betriebsmodell", "--fields"], in: store)
        #expect(german.status == 0 && german.stderr.isEmpty, "\(german)")
        try assertSnapshot(german.stdout, named: "log-fields-betriebsmodell.de.txt")
        for english in ["added as", "renamed from", "text:", " words", " removed"] {
            #expect(!german.stdout.contains(english), "\(english) in the German timeline: \(german.stdout)")
        }

        let english = try box.chronik(["log", "glossary/betriebsmodell", "--fields", "--lang", "en"], in: store)
        #expect(english.status == 0 && english.stderr.isEmpty, "\(english)")
        try assertSnapshot(english.stdout, named: "log-fields-betriebsmodell.en.txt")
        for german in ["angelegt als", "umbenannt von", "Text:", "Wörter", " entfernt"] {
            #expect(!english.stdout.contains(german), "\(german) in the English timeline: \(english.stdout)")
        }
        try box.expectFsckClean(store)
    }

    /// An entry whose versions change its text: the body line in both languages.
    @Test func textLineInBothLanguages() throws {
        let box = try Sandbox()
        let store = try sampleStore(box)
        let german = try box.chronik(["log", "events/kommentierung-ambitionen", "--fields"], in: store)
        #expect(german.status == 0, "\(german)")
        try assertSnapshot(german.stdout, named: "log-fields-kommentierung-ambitionen.de.txt")
        let english = try box.chronik(["log", "events/kommentierung-ambitionen", "--fields", "--lang", "en"], in: store)
        #expect(english.status == 0, "\(english)")
        try assertSnapshot(english.stdout, named: "log-fields-kommentierung-ambitionen.en.txt")
    }
}

import ChronikStore
import Testing
@testable import GitKit

/// `ConfigFiles.parse` reads ASCII lines byte by byte (issue 19: start-up) and other lines by `Character`s; held to
/// the reader of every line by `Character`s (`parseReference`) on seeded random files of the usual and unusual kinds.
@Suite struct ConfigFilesTests {
    private static let blanks = ["", " ", "\t", "  ", " \t"]
    private static let names = ["core", "Core", "user", "color", "remote", "include", "includeIf", "a-b", "x1", "", "bad_name", "ä", "pager"]
    private static let keys = ["bare", "Bare", "name", "email", "ui", "pager", "worktree", "a-1", "1a", "bad key", "", "é", "url"]
    private static let values = ["true", "false", "Jörg Müller", "less -R", "x # comment", "x ; c", "\"quoted\"", "", "  padded  ",
                                 "a=b", "naïve", "e\u{301}", "#", "🙂", "[", "]"]

    private static func line(_ random: inout SplitMix64) -> String {
        let blank = random.pick(blanks), tail = random.pick(["", " ", "\t", " # c", " ;c", "x", "\u{301}"])
        switch random.index(9) {
        case 0: return blank
        case 1: return blank + random.pick(["#", ";"]) + random.pick(values)
        case 2: return blank + "[" + random.pick(names) + "]" + tail
        case 3: return blank + "[" + random.pick(names) + " \"" + random.pick(["origin", "", "a b", "x\"y", "ü", "\u{301}"]) + "\"]" + tail
        case 4: return blank + "[" + random.pick(names) + " " + random.pick(["origin", "\"", "\"\"", "\"o", "o\""]) + "]" + tail
        case 5: return blank + random.pick(keys) + random.pick(blanks) + "=" + random.pick(blanks) + random.pick(values)
        case 6: return blank + random.pick(keys)
        case 7: return random.pick(["\u{301}", " \u{301}", "#\u{301} = x", "[core]\u{301}", "\u{301}[core]", "x\u{301} = y"])
        default: return blank + random.pick(keys) + " = " + random.pick(values) + tail
        }
    }

    @Test func readsEveryLineAsTheCharacterReaderDoes() {
        var random = SplitMix64(seed: 19)
        var readable = 0
        for round in 0..<4_000 {
            var lines: [String] = []
            if random.index(3) > 0 { lines.append("[" + random.pick(["core", "user", "color"]) + "]") }
            for _ in 0..<(1 + random.index(6)) { lines.append(Self.line(&random)) }
            let text = Array(lines.joined(separator: "\n").utf8) + (random.index(2) == 0 ? [0x0A] : [])
            var fast = ConfigFiles(), reference = ConfigFiles()
            let fastRead = fast.parse(text), referenceRead = reference.parseReference(text)
            #expect(fastRead == referenceRead, "round \(round): \(String(decoding: text, as: UTF8.self).debugDescription)")
            if fastRead, referenceRead {
                readable += 1
                #expect(fast.allValues == reference.allValues, "round \(round): \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
        // Both kinds of outcome occur often enough to mean something.
        #expect(readable > 400 && readable < 3_600, "\(readable)")
    }

    @Test func readsTheUsualFiles() {
        let text = """
            [core]
            \trepositoryformatversion = 0
            \tbare = false ; a comment
            [user]
            \tname = Jörg Müller
            \temail = j@example.org
            [remote "origin"]
            \turl = https://example.org/x.git
            # the end
            """
        var files = ConfigFiles()
        let read = files.parse(Array(text.utf8))
        #expect(read)
        #expect(files.string("core.bare") == "false")
        #expect(files.string("user.name") == "Jörg Müller")
        #expect(files.string("remote.origin.url") == "https://example.org/x.git")
        var reference = ConfigFiles()
        let referenceRead = reference.parseReference(Array(text.utf8))
        #expect(referenceRead)
        #expect(files.allValues == reference.allValues)
        for bad in ["[include]\npath = x", "[core]\nbare", "[core]\r\nbare = true", "[core]\nname = \"q\"", "x = 1"] {
            var one = ConfigFiles(), two = ConfigFiles()
            let oneRead = one.parse(Array(bad.utf8)), twoRead = two.parseReference(Array(bad.utf8))
            #expect(!oneRead && !twoRead, "\(bad.debugDescription)")
        }
    }
}

import ChronikStore
import Foundation
import Testing

/// The catalogs of Sources/ChronikStore/Messages: which language is chosen, and that every message is used and exists
/// in both languages without a default that would hide a missing one.
@Suite("Messages: one catalog per language, chosen by flag, environment, store")
struct MessageCatalogTests {
    @Test func languageOrder() {
        let none: [String: String] = [:]
        #expect(Messages.language(flag: nil, environment: none, store: nil) == .en)
        #expect(Messages.language(flag: nil, environment: none, store: .de) == .de)
        #expect(Messages.language(flag: "en", environment: ["CHRONIK_LANG": "de"], store: .de) == .en)
        #expect(Messages.language(flag: nil, environment: ["CHRONIK_LANG": "de", "LANG": "en_US.UTF-8"], store: .en) == .de)
        #expect(Messages.language(flag: nil, environment: ["LANG": "de_DE.UTF-8"], store: .en) == .de)
        #expect(Messages.language(flag: nil, environment: ["LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"], store: .de) == .en)
        // LC_MESSAGES before LANG; an empty variable is not set.
        #expect(Messages.language(flag: nil, environment: ["LC_ALL": "", "LC_MESSAGES": "de_AT", "LANG": "en_US"], store: nil) == .de)
        // A locale that is neither German nor English leaves the store's language in charge.
        #expect(Messages.language(flag: nil, environment: ["LANG": "C.UTF-8"], store: .de) == .de)
        #expect(Messages.language(flag: nil, environment: ["LC_ALL": "fr_FR.UTF-8", "LANG": "en_US"], store: .de) == .de)
        // A flag that names neither language is passed over too (the command refuses it before this is asked).
        #expect(Messages.language(flag: "xx", environment: none, store: .de) == .de)
        #expect(Messages.parse("DE") == .de)
        #expect(Messages.parse("en-GB") == .en)
        #expect(Messages.parse("POSIX") == nil)
    }

    @Test func catalogsSpeakTheirLanguage() {
        #expect(Messages.catalog(.de).language == .de)
        #expect(Messages.catalog(.en).language == .en)
    }

    /// Every requirement of `MessageCatalog` is used by code outside the catalog folder, and no extension gives a
    /// requirement a default.
    @Test func everyMessageIsUsedAndNoneHasADefault() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let folder = sources.appendingPathComponent("ChronikStore/Messages")
        let protocolText = try String(contentsOf: folder.appendingPathComponent("Messages.swift"), encoding: .utf8)
        let requirements = Self.requirementNames(protocolText)
        #expect(requirements.contains("language"))

        var corpus = ""
        var catalogs = ""
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            if url.path.hasPrefix(folder.path + "/") { catalogs += text } else { corpus += text }
        }
        for name in requirements where name != "language" {
            #expect(corpus.contains(".\(name)(") || corpus.contains(".\(name)\n") || corpus.contains(".\(name) ")
                        || corpus.contains(".\(name))") || corpus.contains(".\(name),"),
                    "message \(name) is used nowhere outside Sources/ChronikStore/Messages")
        }
        #expect(!catalogs.contains("extension MessageCatalog"), "a default implementation would hide a missing message")
    }

    /// Help (issue 16): every command's help exists in both languages with the same arguments, none empty, and every
    /// argument's help is used by the command that declares it (`Help.text(.command, "key")` in Sources/chronik).
    @Test func helpExistsInBothLanguagesAndIsUsed() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/chronik")
        var corpus = ""
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if url.pathExtension == "swift" { corpus += try String(contentsOf: url, encoding: .utf8) }
        }
        let (en, de) = (Messages.catalog(.en), Messages.catalog(.de))
        for command in HelpedCommand.allCases {
            let (english, german) = (en.helpCommand(command), de.helpCommand(command))
            #expect(!english.abstract.isEmpty && !german.abstract.isEmpty && english.abstract != german.abstract, "\(command)")
            #expect(english.discussion.isEmpty == german.discussion.isEmpty, "\(command)")
            #expect(english.discussion.contains("Examples:") && german.discussion.contains("Beispiele:"), "\(command): examples")
            #expect(Set(english.arguments.keys) == Set(german.arguments.keys), "\(command)")
            for (key, text) in english.arguments {
                #expect(!text.isEmpty && german.argument(key) != "" && german.argument(key) != text, "\(command) \(key)")
                let name = command == .`init` || command == .`import` ? "`\(command.rawValue)`" : "\(command)"
                #expect(corpus.contains("Help.text(.\(name), \"\(key)\")"), "help of \(command) \(key) is used nowhere")
            }
            #expect(corpus.contains("Help.configuration(\"\(command.rawValue.split(separator: " ").last ?? "")\", .\(command == .`init` || command == .`import` ? "`\(command.rawValue)`" : "\(command)")"),
                    "\(command)'s configuration does not take its help")
        }
        #expect(Set(en.helpSharedOptions().keys) == Set(de.helpSharedOptions().keys))
        for key in en.helpSharedOptions().keys {
            #expect(corpus.contains("Help.shared(\"\(key)\")"), "shared help \(key) is used nowhere")
        }
        #expect(!en.helpChronik().abstract.isEmpty && de.helpChronik().abstract != en.helpChronik().abstract)
    }

    /// The names of `func name(` and `var name:` inside `protocol MessageCatalog { … }`.
    static func requirementNames(_ text: String) -> [String] {
        guard let start = text.range(of: "public protocol MessageCatalog") else { return [] }
        var names: [String] = []
        var depth = 0
        for line in text[start.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if depth == 1, trimmed.hasPrefix("func ") || trimmed.hasPrefix("var ") {
                let rest = trimmed.drop { $0 != " " }.dropFirst()
                names.append(String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
            }
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
            if depth == 0, line.contains("}") { break }
        }
        return names
    }
}

import ArgumentParser
@testable import ChronikCLI
import ChronikChangelog
import ChronikDiff
import ChronikPublish
import ChronikSchema
import ChronikStore
import Foundation
import GitKit
import Testing

/// The one error path (issues 16 and 18): one example of every case of every library error type, mapped by
/// `ErrorMapping` to an exit code, a message and a hint in both languages, held by golden files
/// (Snapshots/errors/en.txt, de.txt). The mapping switches over each type without `default`, so a new case does not
/// compile until it is mapped; this table makes its wording and exit code visible.
@Suite("Errors: every case of every layer, both languages")
struct ErrorMappingTests {
    /// A libgit2 error as the library reports one: opening a repository where there is none.
    static func gitError() -> GitError {
        do {
            _ = try Repository(at: URL(fileURLWithPath: "/nonexistent/chronik-error-table"))
        } catch let error as GitError {
            return error
        } catch {}
        preconditionFailure("opening /nonexistent must fail with a GitError")
    }

    /// A `version.yml` with a mistyped key.
    static func metadataError() -> SnapshotMetadataError {
        do {
            _ = try SnapshotMetadata.parse(Data("date: 2022-03-01T09:00:00+01:00\nautor: Anna\n".utf8))
        } catch {
            return error
        }
        preconditionFailure("an unknown key in version.yml must be refused")
    }

    static let objectID = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")!
    static let otherID = ObjectID(hex: "89abcdef0123456789abcdef0123456789abcdef")!

    /// Every case of every error type that reaches the command line, named.
    static func examples() -> [(String, any Error)] {
        let git = gitError()
        let unreadable = UnreadableObjectError(id: objectID, path: "events/forum.md", version: otherID, underlying: git)
        let problem = StoreProblem(file: "events/forum.md", line: 4, field: "", message: "this required field is missing",
                                   detail: .requiredMissing(field: "end"))
        let yaml = FrontMatterError.malformedYAML(line: 3, column: 12, message: "mapping values are not allowed in this context")
        let entry = EntryID(collection: "glossary", id: "reallabor")
        var list: [(String, any Error)] = [
            // GitKit
            ("GitError", git),
            ("UnreadableObjectError", unreadable),
            // ChronikStore: StoreError
            ("StoreError.notAStore", StoreError.notAStore(path: "/home/anna/notizen")),
            ("StoreError.missingConfig", StoreError.missingConfig(path: "/home/anna/repo")),
            ("StoreError.invalidConfig", StoreError.invalidConfig(StoreProblem(config: StoreConfigError(line: 3, field: nil, message: yaml.reason, yaml: yaml)))),
            ("StoreError.invalidConfig (setting)", StoreError.invalidConfig(StoreProblem(config: StoreConfigError(line: 2, field: "/language", message: "\"language\" must be de or en", problem: .languageValue)))),
            ("StoreError.directoryNotEmpty", StoreError.directoryNotEmpty(path: "/home/anna/voll")),
            ("StoreError.invalidContent", StoreError.invalidContent([problem, .mergeConflict(file: "events/forum.md", line: 9)])),
            ("StoreError.invalidContent (schema rules)", StoreError.invalidContent(Self.ruleProblems())),
            ("StoreError.locked", StoreError.locked(lockFile: ".git/index.lock", waited: 5)),
            ("StoreError.raceLost", StoreError.raceLost(attempts: 5)),
            ("StoreError.detachedHead", StoreError.detachedHead),
            ("StoreError.bareRepository", StoreError.bareRepository(path: "/srv/git/strategie.git")),
            ("StoreError.badRevision (not found)", StoreError.badRevision(spec: "ambitionn", reason: StoreError.revisionNotFoundReason)),
            ("StoreError.badRevision (other)", StoreError.badRevision(spec: "HEAD~~x", reason: "failed to parse revision specifier")),
            ("StoreError.entryNotFound", StoreError.entryNotFound(spec: "glossary/reallabor", revision: nil)),
            ("StoreError.entryNotFound (at)", StoreError.entryNotFound(spec: "glossary/reallabor", revision: "abc1234")),
            ("StoreError.entryNotFound (collection)", StoreError.entryNotFound(spec: "glosary/reallabor", revision: nil, reason: "\"glosary\" is not a collection")),
            ("StoreError.ambiguousEntry", StoreError.ambiguousEntry(spec: "kiez", candidates: [EntryID(collection: "actors", id: "kiez"), EntryID(collection: "glossary", id: "kiez")])),
            ("StoreError.noAuthor", StoreError.noAuthor),
            ("StoreError.git", StoreError.git(git)),
            ("StoreError.io", StoreError.io(path: "events/forum.md", message: "changed while chronik was working; nothing was changed, try again")),
            ("StoreError.io (strerror)", StoreError.io(path: ".git/chronik.lock", message: String(cString: strerror(EACCES)))),
            ("StoreError.hookFailed", StoreError.hookFailed(hook: "commit-msg", reason: "left the message empty")),
            ("StoreError.signingFailed", StoreError.signingFailed(program: "gpg", reason: "no secret key")),
            ("StoreError.writeFailed", StoreError.writeFailed(path: ".git/objects/01/23", reason: .noSpace)),
            ("StoreError.unreadableObject", StoreError.unreadableObject(unreadable)),
            // ChronikStore: the other types
            ("StoreConfigError", StoreConfigError(line: 5, field: "/collections/events/schema", message: "\"schema\" must name a .json file in schemas/, e.g. schemas/events.schema.json", problem: .schemaPath(collection: "events"))),
            ("StoreConfigError (unknown)", StoreConfigError(line: 1, field: "/titel", message: "unknown setting", problem: .unknownSetting(key: "titel", section: nil, known: ["title", "language"]))),
            ("JSONParseError", JSONParseError(line: 2, column: 7, message: "expected ',' or '}'")),
            ("SnapshotMetadataError", Self.metadataError()),
            ("ImportError.missingFolder", ImportError.missingFolder(path: "staende")),
            ("ImportError.notAFolder", ImportError.notAFolder(path: "staende.zip")),
            ("ImportError.unreadable", ImportError.unreadable(path: "staende", message: "Permission denied")),
            ("ImportError.noSnapshots", ImportError.noSnapshots(path: "staende")),
            ("ImportError.invalidSnapshots", ImportError.invalidSnapshots(root: "staende", problems: [problem])),
            ("ImportError.uncommittedChanges", ImportError.uncommittedChanges(path: "/home/anna/bestand")),
            ("ImportError.store", ImportError.store(.detachedHead)),
        ]
        let pathProblems: [(String, PathProblem)] = [
            ("invalidID", .invalidID(id: "Übersicht", reason: "uppercase letters are not allowed (use lowercase)")),
            ("unknownCollection", .unknownCollection("event")), ("notMarkdown", .notMarkdown), ("nestedTooDeep", .nestedTooDeep),
            ("unexpectedFile", .unexpectedFile), ("symlink", .symlink), ("executable", .executable), ("submodule", .submodule),
            ("notAFile", .notAFile),
        ]
        list += pathProblems.map { ("PathProblem.\($0.0)", $0.1) }
        let fileErrors: [(String, WorkingTreeFileError)] = [
            ("missing", .missing), ("symbolicLink", .symbolicLink(folder: nil)), ("symbolicLink (folder)", .symbolicLink(folder: "events")),
            ("notRegularFile (folder)", .notRegularFile(.folder)), ("notRegularFile (FIFO)", .notRegularFile(.namedPipe)),
            ("notRegularFile (device)", .notRegularFile(.device)), ("notRegularFile (socket)", .notRegularFile(.socket)),
            ("notRegularFile (unknown)", .notRegularFile(.unknown)), ("tooLarge", .tooLarge(bytes: 2_000_000, limit: 1_048_576)),
            ("unreadable", .unreadable("Permission denied")),
        ]
        list += fileErrors.map { ("WorkingTreeFileError.\($0.0)", $0.1) }
        let frontMatter: [(String, FrontMatterError)] = [
            ("fileTooLarge", .fileTooLarge(bytes: 2_000_000, limit: 1_048_576)),
            ("frontMatterTooLarge", .frontMatterTooLarge(bytes: 70_000, limit: 65_536)), ("invalidUTF8", .invalidUTF8(line: 2)),
            ("nulByte", .nulByte(line: 3)), ("byteOrderMark", .byteOrderMark), ("missingFrontMatter", .missingFrontMatter),
            ("unterminated", .unterminated(line: 1)), ("malformedYAML (colon)", yaml),
            ("malformedYAML (reserved)", .malformedYAML(line: 2, column: 1, message: "found character that cannot start any token")),
            ("malformedYAML (other)", .malformedYAML(line: 2, column: 1, message: "unknown escape character")),
            ("notAMapping", .notAMapping(line: 2, found: "a list")), ("tooManyNodes", .tooManyNodes(line: 2, limit: 10_000)),
            ("tooManyKeys", .tooManyKeys(line: 2, limit: 1_000)), ("tooDeep", .tooDeep(line: 2, limit: 64)),
            ("nonScalarKey", .nonScalarKey(line: 2, column: 1)), ("mergeKey", .mergeKey(line: 2, column: 1)),
            ("unsupportedTag", .unsupportedTag(tag: "!!binary", line: 2, column: 7)),
            ("invalidTaggedValue", .invalidTaggedValue(tag: "!!int", value: "zwölf", line: 2, column: 7)),
            ("duplicateKey", .duplicateKey(key: "title", line: 5, column: 1)),
        ]
        list += frontMatter.map { ("FrontMatterError.\($0.0)", $0.1) }
        list += [
            // ChronikSchema
            ("SchemaError.unknownMetaSchema", SchemaError.unknownMetaSchema("http://json-schema.org/draft-07/schema#")),
            ("SchemaError.unresolvedReference", SchemaError.unresolvedReference("https://example.org/person.json", schemaPointer: "/properties/contact")),
            ("SchemaError.invalidKeyword", SchemaError.invalidKeyword("minLength", schemaPointer: "/properties/title", message: "must be a non-negative integer")),
            ("SchemaError.invalidPattern", SchemaError.invalidPattern("^(a+)+$", schemaPointer: "/properties/id", message: "nested quantifiers could backtrack catastrophically")),
            ("SchemaError.tooDeep", SchemaError.tooDeep(schemaPointer: "", limit: 64)),
            ("SchemaError.unsupportedVocabulary", SchemaError.unsupportedVocabulary("https://example.org/vocab/custom")),
            ("MoveError.sourceMissing", MoveError.sourceMissing(entry)),
            ("MoveError.targetExists", MoveError.targetExists(EntryID(collection: "glossary", id: "labor"))),
            ("MoveError.sameEntry", MoveError.sameEntry(entry)),
            ("MoveError.referencesCannotFollow", MoveError.referencesCannotFollow(entry, to: EntryID(collection: "actors", id: "reallabor"), referrers: ["events/forum", "events/werkstatt"])),
            ("MoveError.invalidContent", MoveError.invalidContent([problem])),
            ("MoveError.store", MoveError.store(.noAuthor)),
            // ChronikDiff
            ("SnapshotDiffError.git", SnapshotDiffError.git(git)),
            ("SnapshotDiffError.unreadableObject", SnapshotDiffError.unreadableObject(unreadable)),
            ("SnapshotDiffError.io", SnapshotDiffError.io(path: "events/forum.md", message: String(cString: strerror(EIO)))),
            ("SnapshotDiffError.noWorkingTree", SnapshotDiffError.noWorkingTree),
            ("ProseDiffError.mismatch", ProseDiffError.mismatch(offset: 12)),
            // ChronikChangelog
            ("ChangelogError.git", ChangelogError.git(git)),
            ("ChangelogError.diff", ChangelogError.diff(.noWorkingTree)),
            ("ChangelogError.noVersions", ChangelogError.noVersions),
            ("ChangelogError.notAnAncestor", ChangelogError.notAnAncestor(from: objectID, to: otherID)),
            // ChronikPublish
            ("SiteModelError.store", SiteModelError.store(.noAuthor)),
            ("SiteModelError.changelog", SiteModelError.changelog(.noVersions)),
            ("SiteModelError.invalidEntry", SiteModelError.invalidEntry(path: "events/forum.md", line: 3, message: "The front matter is not valid YAML: mapping values are not allowed in this context. (at abc1234)")),
            ("SiteModelError.introductionNotFound", SiteModelError.introductionNotFound("einfuehrung")),
            ("SiteThemeError.missing", SiteThemeError.missing("entry")),
            ("SiteThemeError.template", SiteThemeError.template(file: "entry.mustache", line: 3, column: 5, message: "unclosed section")),
            ("SiteThemeError.notAFolder", SiteThemeError.notAFolder("theme.css")),
            ("SiteThemeError.unreadable", SiteThemeError.unreadable("theme/head.mustache", "Permission denied")),
            ("SiteThemeError.unknownFile", SiteThemeError.unknownFile("theme/kopf.mustache")),
            ("SiteWriterError.targetNotAFolder", SiteWriterError.targetNotAFolder(path: "site")),
            ("SiteWriterError.notASite", SiteWriterError.notASite(path: "Dokumente")),
            ("SiteWriterError.writeFailed", SiteWriterError.writeFailed(path: "site/index.html", reason: String(cString: strerror(ENOSPC)))),
            ("SiteWriterError.writeFailed (WriteFailure)", SiteWriterError.writeFailed(path: "site/index.html", reason: WriteFailure.readOnly.description)),
            ("SiteWriterError.temporaryFileUnreadable", SiteWriterError.temporaryFileUnreadable(reason: String(cString: strerror(EIO)))),
            // chronik itself, ArgumentParser, Foundation, and anything else
            ("RevisionError", RevisionError("unknown revision \"x\"")),
            ("ValidationError", ValidationError("--limit must be at least 1")),
            ("CocoaError", CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: "/tmp/out.html"])),
            ("POSIXError", POSIXError(.EROFS)),
            ("other", Unexpected()),
        ]
        return list
    }

    /// One problem for each rule of a schema the validator words as data (`SchemaRule`), and each rule of the store's
    /// own (`x-chronik-…`) and each problem of a schema file.
    static func ruleProblems() -> [StoreProblem] {
        let rules: [SchemaRule] = [
            .noValueAllowed, .type(expected: ["integer", "null"], found: .text("zwölf")), .type(expected: ["array"], found: .mapping),
            .type(expected: ["string"], found: .null), .type(expected: ["boolean"], found: .number("3")), .type(expected: ["object"], found: .list),
            .type(expected: ["number"], found: .bool(true)),
            .const(expected: "geplant", found: "erledigt"), .multipleOf(divisor: "5", found: "12"),
            .minimum(limit: "1900", found: "1850", exclusive: false), .minimum(limit: "0", found: "0", exclusive: true),
            .maximum(limit: "2100", found: "2200", exclusive: false), .maximum(limit: "100", found: "100", exclusive: true),
            .minLength(limit: 3, found: 1), .maxLength(limit: 1, found: 2),
            .patternInputTooLong(pattern: "^[a-z]+$", length: 20_000, limit: 10_000), .pattern(pattern: "^[0-9]{5}$", found: "1011"),
            .format(format: "email", found: "anna(at)example.org"), .format(format: "uri", found: "www.example.org"),
            .minItems(limit: 1, found: 0), .maxItems(limit: 3, found: 4), .uniqueItems(first: 1, second: 3, value: "kiez"),
            .minProperties(limit: 1, found: 0), .maxProperties(limit: 2, found: 3), .dependentRequired(field: "end", present: "start"),
            .not(found: "entwurf"),
        ]
        let details: [ProblemDetail] = rules.map { .schemaRule($0) } + [
            .notBefore(field: "start", earlier: "2024-05-02", later: "2024-05-01"), .referenceToItself(target: "glossary/kiez"),
            .referenceMissing(id: "ok", path: "results/ok.md"), .notUnique(collection: "actors", others: ["actors/b.md"], value: "x"),
            .notUnique(collection: "actors", others: ["actors/b.md", "actors/c.md"], value: "x"),
            .schemaFileMissing(path: "schemas/events.schema.json"), .schemaNotJSON(reason: "unexpected end of input"),
            .schemaNotObject, .schemaNotValid(reason: "/type: must be text or a list"),
        ]
        return details.enumerated().map { index, detail in
            StoreProblem(file: "events/forum.md", line: index + 2, field: "/field", message: "(English)", detail: detail)
        }
    }

    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "an unexpected state" }
    }

    /// The table in one language: name, exit code, message (indented), hint.
    static func table(_ language: StoreLanguage) -> String {
        let mapping = ErrorMapping(catalog: Messages.catalog(language))
        var out = ""
        for (name, error) in examples() {
            let mapped = mapping.map(error)
            out += "\(name): exit \(mapped.kind.exitCode)\n"
            out += mapped.message.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
            if let hint = mapped.hint { out += "  hint: \(hint)\n" }
        }
        return out
    }

    @Test(arguments: [StoreLanguage.en, .de])
    func everyErrorInBothLanguages(language: StoreLanguage) throws {
        try assertSnapshot(Self.table(language), named: "errors/\(language.rawValue).txt")
    }

    /// The exit codes issue 18 asks for: 1 input or content, 2 usage, 3 store or internal.
    @Test func exitCodesByKind() {
        let mapping = ErrorMapping(catalog: Messages.catalog(.en))
        #expect(mapping.map(StoreError.invalidContent([])).kind.exitCode == 1)
        #expect(mapping.map(ValidationError("x")).kind.exitCode == 2)
        #expect(mapping.map(StoreError.locked(lockFile: "x", waited: 1)).kind.exitCode == 3)
        #expect(mapping.map(Unexpected()).kind.exitCode == 3)
        #expect(mapping.map(Self.gitError()).kind.exitCode == 3)
        #expect(mapping.map(ChangelogError.noVersions).kind.exitCode == 1)
    }

    /// No message of the German table is the English one (a message left untranslated would be equal), apart from
    /// those whose words come from elsewhere: the commands' own (`RevisionError`, `ValidationError`), and the English
    /// reasons the library gives as free text (`version.yml`'s keys, a site's entry, a file operation's own words),
    /// which are not yet data a catalog could word.
    @Test func germanDiffersFromEnglish() {
        let english = ErrorMapping(catalog: Messages.catalog(.en))
        let german = ErrorMapping(catalog: Messages.catalog(.de))
        let borrowed: Set<String> = ["RevisionError", "ValidationError", "SnapshotMetadataError", "SiteModelError.invalidEntry",
                                     "StoreError.io"]
        for (name, error) in Self.examples() where !borrowed.contains(name) {
            #expect(english.map(error).message != german.map(error).message, "\(name) is the same in both languages")
        }
    }

    /// The argument parser's usual messages in the catalog's words.
    @Test func usageMessages() {
        let de = Messages.catalog(.de)
        #expect(UsageMessage.translate("Unknown option '--formt'. Did you mean '--format'?", catalog: de)
                    == ("unbekannte Option --formt", "meinten Sie „--format“?"))
        #expect(UsageMessage.translate("Unknown option '--x'", catalog: de).message == "unbekannte Option --x")
        #expect(UsageMessage.translate("Unexpected argument 'c'", catalog: de).message == "unerwartetes Argument „c“")
        #expect(UsageMessage.translate("2 unexpected arguments: 'c', 'd'", catalog: de).message == "unerwartete Argumente „c“, „d“")
        #expect(UsageMessage.translate("Missing expected argument '<collection>'", catalog: de).message == "es fehlt das Argument <collection>")
        #expect(UsageMessage.translate("Missing value for '--format <format>'", catalog: de).message == "--format braucht einen Wert")
        #expect(UsageMessage.translate("The value 'yaml' is invalid for '--format <format>'. Please provide one of 'text' and 'json'.", catalog: de).message
                    == "„yaml“ ist kein gültiger Wert für --format; erlaubt: text, json")
        #expect(UsageMessage.translate("The value 'x' is invalid for '--color <color>'. Please provide one of 'auto', 'always' or 'never'.", catalog: de).message
                    == "„x“ ist kein gültiger Wert für --color; erlaubt: auto, always, never")
        // Anything else as the parser says it.
        #expect(UsageMessage.translate("--limit must be at least 1", catalog: de).message == "--limit must be at least 1")
    }
}

import ChronikStore
import Foundation
import Testing

/// Issue 14, "What was seen" 1 and 7: every read command works on a plain Git repository of Markdown files (no
/// chronik.yml), names entries as `chronik diff` does, and labels in the content's language; `chronik init` adopts
/// such a repository.
@Suite("plain repositories, end to end")
struct PlainRepositoryTests {
    /// An English repository made with the git CLI (the sandbox's fixed identity and dates): a root README without
    /// front matter, entries with and without front matter, a nested folder, a LICENSE; three versions, the first
    /// two tagged (annotated `v1`, lightweight `v2`).
    private func englishRepository(_ box: Sandbox) throws -> URL {
        let repo = try box.plainRepository("handbook")
        try box.write("# Handbook\n\nThis is the handbook of the project. It describes how the members work together and what they can expect from each other.\n", to: "README.md", in: repo)
        try box.write("---\ntitle: Foreword\nstatus: draft\n---\nThe handbook is for all of the members and it is open to everyone who wants to take part.\n", to: "docs/foreword.md", in: repo)
        try box.write("Run the tool with the defaults first, and then change the settings that you need.\n", to: "docs/guide/setup.md", in: repo)
        try box.write("---\ntitle: Privacy\nstatus: draft\n---\nWe keep the data of our members safe and we do not share it with others.\n", to: "policies/privacy.md", in: repo)
        try box.write("MIT License\n", to: "LICENSE", in: repo)
        try box.commitAll(repo, "Start the handbook")
        try #require(try box.git(["tag", "-a", "v1", "-m", "First release"], in: repo).status == 0)
        try box.write("---\ntitle: Foreword\nstatus: final\n---\nThe handbook is for all of the members and it is open to everyone who wants to join.\n", to: "docs/foreword.md", in: repo)
        try box.commitAll(repo, "Finish the foreword")
        try #require(try box.git(["tag", "v2"], in: repo).status == 0)
        try box.write("---\ntitle: Privacy\nstatus: final\n---\nWe keep the data of our members safe and we never share it with others.\n", to: "policies/privacy.md", in: repo)
        try box.commitAll(repo, "Tighten the privacy policy")
        return repo
    }

    /// The same shape in German.
    private func germanRepository(_ box: Sandbox) throws -> URL {
        let repo = try box.plainRepository("leitfaden")
        try box.write("---\ntitel: Vorwort\n---\nDer Leitfaden ist für alle da und er wird von der Gemeinschaft gepflegt.\n", to: "texte/vorwort.md", in: repo)
        try box.commitAll(repo, "Anfang")
        try #require(try box.git(["tag", "-a", "v1", "-m", "Erste Fassung"], in: repo).status == 0)
        try box.write("---\ntitel: Vorwort\n---\nDer Leitfaden ist für alle da und er wird von der ganzen Gemeinschaft gepflegt.\n", to: "texte/vorwort.md", in: repo)
        try box.write("Eine neue Seite, die auch für die Mitglieder ist.\n", to: "texte/neu.md", in: repo)
        try box.commitAll(repo, "Vorwort ergänzt")
        return repo
    }

    @Test func logListsVersionsAndNamesEntriesAsDiffDoes() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let log = try box.chronik(["log"], in: repo)
        #expect(log.status == 0, "\(log)")
        #expect(log.stderr.isEmpty)
        let summaries = log.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("    ") && !$0.contains(" added") && !$0.contains(" changed") && !$0.contains("modified") }
        #expect(summaries == ["    Tighten the privacy policy", "    Finish the foreword", "    Start the handbook"], "\(log)")
        #expect(log.stdout.contains("    4 added, 1 other file"), "README, foreword, setup, privacy; LICENSE: \(log)")

        // One entry, named as diff names it: folder/name, the path, or a unique name.
        let byName = try box.chronik(["log", "docs/foreword"], in: repo)
        #expect(byName.status == 0, "\(byName)")
        #expect(byName.stdout.contains("Finish the foreword") && byName.stdout.contains("added as docs/foreword"), "\(byName)")
        #expect(!byName.stdout.contains("privacy"))
        for spec in ["foreword", "docs/foreword.md"] {
            let other = try box.chronik(["log", spec], in: repo)
            #expect(other.status == 0 && other.stdout == byName.stdout, "\(spec): \(other)")
        }
        let root = try box.chronik(["log", "README"], in: repo)
        #expect(root.status == 0 && root.stdout.contains("added as README"), "\(root)")
        let nested = try box.chronik(["log", "setup"], in: repo)
        #expect(nested.status == 0 && nested.stdout.contains("added as docs/guide/setup"), "\(nested)")

        // --collection is a folder of the repository.
        let policies = try box.chronik(["log", "--collection", "policies", "--format", "json"], in: repo)
        #expect(policies.status == 0, "\(policies)")
        let versions = (try JSONSerialization.jsonObject(with: Data(policies.stdout.utf8)) as? [String: Any])?["versions"] as? [[String: Any]]
        #expect(versions?.count == 2, "\(policies)")
        let unknown = try box.chronik(["log", "--collection", "nowhere"], in: repo)
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("chronik: error: \"nowhere\" is not a collection of this repository (collections: \"\" (the root), docs, docs/guide, policies)"), "\(unknown)")
        let missing = try box.chronik(["log", "nothing"], in: repo)
        #expect(missing.status == 1 && missing.stderr == "chronik: error: no entry \"nothing\"\n", "\(missing)")
        try box.expectFsckClean(repo)
    }

    @Test func logFieldsUsesEnglishLabelsOnEnglishContent() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let fields = try box.chronik(["log", "foreword", "--fields"], in: repo)
        #expect(fields.status == 0, "\(fields)")
        #expect(fields.stdout.contains("    status: draft → final"), "\(fields)")
        #expect(fields.stdout.contains("    text: 1 word added, 2 removed"), "\(fields)")
        let german = try box.chronik(["log", "foreword", "--fields", "--lang", "de"], in: repo)
        #expect(german.status == 0 && german.stdout.contains("    Text: 1 Wort hinzugefügt, 2 entfernt"), "\(german)")
        let json = try box.chronik(["log", "docs/foreword", "--fields", "--format", "json"], in: repo)
        #expect(json.status == 0 && json.stdout.contains("\"pointer\": \"/status\""), "\(json)")
        // Without --fields, --lang chooses the language of the messages (issue 16).
        let germanLog = try box.chronik(["log", "foreword", "--lang", "de"], in: repo)
        #expect(germanLog.status == 0 && germanLog.stdout.contains("    angelegt als docs/foreword"), "\(germanLog)")
        let bad = try box.chronik(["log", "foreword", "--lang", "fr"], in: repo)
        #expect(bad.status == 2 && bad.stderr.contains("--lang must be de or en"), "\(bad)")
    }

    @Test func showAtRevisionAndDate() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let atV1 = try box.chronik(["show", "docs/foreword", "--at", "v1"], in: repo)
        let gitV1 = try box.git(["show", "v1:docs/foreword.md"], in: repo)
        #expect(atV1.status == 0 && atV1.stdout == gitV1.stdout, "\(atV1)")
        let now = try box.chronik(["show", "foreword.md"], in: repo)
        #expect(now.status == 0 && now.stdout.contains("status: final"), "\(now)")
        let byDate = try box.chronik(["show", "foreword", "--at", "2022-01-01"], in: repo)
        #expect(byDate.status == 0 && byDate.stdout.contains("status: final"), "all versions are of 2022-01-01: \(byDate)")
        // Markdown without front matter: no fields, all of it the body.
        let readme = try box.chronik(["show", "README", "--format", "json"], in: repo)
        #expect(readme.status == 0, "\(readme)")
        let shown = try JSONSerialization.jsonObject(with: Data(readme.stdout.utf8)) as? [String: Any]
        #expect(shown?["entry"] as? [String: String] == ["collection": "", "id": "README", "path": "README.md"], "\(readme)")
        #expect((shown?["fields"] as? [String: Any])?.isEmpty == true)
        #expect((shown?["body"] as? String)?.hasPrefix("# Handbook\n") == true, "\(readme)")
        let none = try box.chronik(["show", "policies/nothing"], in: repo)
        #expect(none.status == 1 && none.stderr.hasPrefix("chronik: error: no entry \"policies/nothing\""), "\(none)")
    }

    @Test func releasesDiffAndChangelogInEnglish() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let releases = try box.chronik(["releases"], in: repo)
        #expect(releases.status == 0 && releases.stdout.contains("v1  2022-01-01") && releases.stdout.contains("First release"), "\(releases)")

        let diff = try box.chronik(["diff", "v1", "HEAD"], in: repo)
        #expect(diff.status == 0, "\(diff)")
        #expect(diff.stdout.contains("modified docs/foreword: Foreword") && diff.stdout.contains("modified policies/privacy: Privacy"), "\(diff)")
        let one = try box.chronik(["diff", "v1", "HEAD", "foreword"], in: repo)
        #expect(one.status == 0 && one.stdout.contains("docs/foreword") && !one.stdout.contains("privacy"), "\(one)")

        for format in ["markdown", "html", "json", "atom"] {
            let changelog = try box.chronik(["changelog", "--format", format], in: repo)
            #expect(changelog.status == 0, "\(format): \(changelog)")
            for german in ["Neu", "Unveröffentlicht", "Geändert", "Änderungsprotokoll"] {
                #expect(!changelog.stdout.contains(german), "\(format) shows \"\(german)\": \(changelog.stdout)")
            }
        }
        let markdown = try box.chronik(["changelog", "--format", "markdown"], in: repo)
        #expect(markdown.stdout.contains("Unreleased") && markdown.stdout.contains("Added"), "\(markdown)")
        let html = try box.chronik(["diff", "v1", "HEAD", "--format", "html"], in: repo)
        #expect(html.status == 0 && !html.stdout.contains("lang=\"de\""), "\(html)")
        let german = try box.chronik(["changelog", "--format", "markdown", "--lang", "de"], in: repo)
        #expect(german.status == 0 && german.stdout.contains("Unveröffentlicht"), "\(german)")
    }

    /// File names with emoji and CJK characters (a plain repository names its files freely): `diff --stat` and
    /// `releases` line up by terminal columns and never cut a name (Foundation's padding counted UTF-16 units and
    /// cut "docs/😀 Notizen" to "docs/😀 Notize").
    @Test func wideCharactersInNamesLineUpAndAreNeverCut() throws {
        let box = try Sandbox()
        let repo = try box.plainRepository("breit")
        try box.write("# A\n\nText eins.\n", to: "docs/😀 Notizen.md", in: repo)
        try box.write("# B\n\nText.\n", to: "docs/北京.md", in: repo)
        try box.write("# C\n\nText.\n", to: "docs/c.md", in: repo)
        try box.commitAll(repo, "eins")
        try #require(try box.git(["tag", "v1"], in: repo).status == 0)
        try box.write("# A\n\nText zwei.\n", to: "docs/😀 Notizen.md", in: repo)
        try box.write("# B\n\nMehr Text.\n", to: "docs/北京.md", in: repo)
        try box.write("# C\n\nNoch mehr Text.\n", to: "docs/c.md", in: repo)
        try box.commitAll(repo, "zwei")
        try #require(try box.git(["tag", "v2-北京"], in: repo).status == 0)
        let stat = try box.chronik(["diff", "v1", "v2-北京", "--stat"], in: repo)
        #expect(stat.status == 0, "\(stat)")
        let rows = stat.stdout.split(separator: "\n").filter { $0.contains(" | ") }
        #expect(rows.count == 3 && rows.contains { $0.hasPrefix(" docs/😀 Notizen | ") }, "\(stat.stdout)")
        let columns = Set(rows.map { DisplayWidth.of(String($0[..<$0.range(of: " | ")!.lowerBound])) })
        #expect(columns.count == 1, "the bars line up: \(stat.stdout)")
        let releases = try box.chronik(["releases"], in: repo)
        let dates = releases.stdout.split(separator: "\n").map { DisplayWidth.of(String($0[..<$0.range(of: "2022")!.lowerBound])) }
        #expect(releases.status == 0 && dates.count == 2 && Set(dates).count == 1, "\(releases.stdout)")
    }

    @Test func germanContentGetsGermanLabelsAndLangOverrides() throws {
        let box = try Sandbox()
        let repo = try germanRepository(box)
        let changelog = try box.chronik(["changelog", "--format", "markdown"], in: repo)
        #expect(changelog.status == 0 && changelog.stdout.contains("Unveröffentlicht") && changelog.stdout.contains("Neu"), "\(changelog)")
        let english = try box.chronik(["changelog", "--format", "markdown", "--lang", "en"], in: repo)
        #expect(english.status == 0 && english.stdout.contains("Unreleased") && !english.stdout.contains("Unveröffentlicht"), "\(english)")
        let json = try box.chronik(["changelog", "--format", "json"], in: repo)
        #expect(json.stdout.contains("\"language\": \"de\""), "\(json)")
        let fields = try box.chronik(["log", "vorwort", "--fields"], in: repo)
        #expect(fields.status == 0 && fields.stdout.contains("Text: 1 Wort hinzugefügt"), "\(fields)")
    }

    @Test func statusNamesWorkingTreeChangesAsEntries() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let clean = try box.chronik(["status"], in: repo)
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout == """
            On branch main
            No chronik.yml: a plain repository, every .md file an entry (chronik init adopts it).
            No changes, working tree clean.

            """, "\(clean)")
        try box.write("Notes of the meeting.\n", to: "notes/meeting.md", in: repo)
        try box.write("# Handbook\n\nChanged.\n", to: "README.md", in: repo)
        try FileManager.default.removeItem(at: repo.appendingPathComponent("docs/guide/setup.md"))
        let changed = try box.chronik(["status"], in: repo)
        #expect(changed.status == 0, "\(changed)")
        #expect(changed.stdout == """
            On branch main
            No chronik.yml: a plain repository, every .md file an entry (chronik init adopts it).
            Changes not yet committed:
              changed:  README
              removed:  docs/guide/setup
              added:    notes/meeting

            """, "\(changed)")
        let json = try box.chronik(["status", "--format", "json"], in: repo)
        #expect(json.status == 0 && json.stdout.contains("\"collection\": \"notes\"") && !json.stdout.contains("chronik.yml"), "\(json)")
    }

    @Test func aStoreWithItsChronikYmlDeletedIsNoPlainRepository() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try FileManager.default.removeItem(at: store.appendingPathComponent("chronik.yml"))
        let status = try box.chronik(["status"], in: store)
        #expect(status.status == 0, "\(status)")
        #expect(!status.stdout.contains("plain repository"), "\(status)")
        #expect(status.stdout.contains("removed:  chronik.yml") && status.stdout.contains("Refused (fix these before committing):\n  chronik.yml: chronik.yml is missing"), "\(status)")
        let commit = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: store)
        #expect(commit.status == 1 && commit.stderr.contains("has no chronik.yml"), "\(commit)")
    }

    @Test func validateChecksWhatNeedsNoSchema() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let ok = try box.chronik(["validate"], in: repo)
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout == "no chronik.yml: plain repository, no schemas checked\n4 entries valid\n", "\(ok)")
        let atV1 = try box.chronik(["validate", "--at", "v1", "--format", "json"], in: repo)
        #expect(atV1.status == 0 && atV1.stdout.contains("\"plain\": true") && atV1.stdout.contains("\"schemas\": 0"), "\(atV1)")

        try box.write("---\ntitle: [unclosed\n---\nText.\n", to: "policies/broken.md", in: repo)
        try box.write("Before.\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n", to: "docs/conflict.md", in: repo)
        try box.write(Data([0x54, 0x65, 0x78, 0x74, 0x0A, 0xC3, 0x28, 0x0A]), to: "docs/latin.md", in: repo)
        try box.write("Title\n=======\n\nA heading underline is no conflict.\n", to: "docs/heading.md", in: repo)
        let before = try box.state(of: repo)
        let bad = try box.chronik(["validate"], in: repo)
        #expect(bad.status == 1, "\(bad)")
        let lines = bad.stdout.components(separatedBy: "\n")
        #expect(lines.first == "no chronik.yml: plain repository, no schemas checked")
        #expect(lines.contains { $0.hasPrefix("docs/conflict.md:2: has an unresolved merge conflict") }, "\(bad)")
        #expect(lines.contains { $0.hasPrefix("docs/latin.md:2:") }, "\(bad)")
        #expect(lines.contains { $0.hasPrefix("policies/broken.md:3:1: a list `[…]` or section `{…}` is opened but never closed") }, "\(bad)")
        #expect(!bad.stdout.contains("heading.md"))
        #expect(bad.stderr == "chronik: error: 3 problems in 3 files (8 entries checked; no chronik.yml: plain repository, no schemas checked)\n", "\(bad)")
        let one = try box.chronik(["validate", "heading"], in: repo)
        #expect(one.status == 0 && one.stdout.hasSuffix("1 entry valid\n"), "\(one)")
        #expect(try box.state(of: repo) == before)
    }

    @Test func writeCommandsRefuseAndSayHowToAdopt() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        try box.write("Notes.\n", to: "notes/n.md", in: repo)
        let before = try box.state(of: repo)
        for arguments in [["commit", "-m", "x", "--author", Fixture.author], ["mv", "notes/n", "notes/m"],
                          ["release", "v3", "--author", Fixture.author]] {
            let result = try box.chronik(arguments, in: repo)
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr == "chronik: error: \(repo.path) is a Git repository but not a chronik store: it has no chronik.yml (run `chronik init` there to make it one)\n", "\(arguments): \(result)")
        }
        #expect(try box.state(of: repo) == before)
    }

    @Test func bareRepositoryAndNoRepositoryKeepTheirErrors() throws {
        let box = try Sandbox()
        let bare = box.url("bare.git")
        try #require(try box.git(["init", "-q", "--bare", bare.path], in: box.root).status == 0)
        for command in [["log"], ["status"], ["validate"], ["show", "x"]] {
            let result = try box.chronik(command + ["--store", bare.path], in: box.root)
            #expect(result.status == 1 && result.stderr == "chronik: error: \(bare.path) is a bare repository; chronik needs a working tree\n", "\(command): \(result)")
        }
        let folder = box.url("nothing")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try box.chronik(["log"], in: folder)
        #expect(result.status == 1 && result.stderr.hasPrefix("chronik: error: not a chronik store (or any of the parent directories)"), "\(result)")
    }

    // MARK: - chronik init adopts

    @Test func initAdoptsWithoutCommittingThenValidateAndCommitWork() throws {
        let box = try Sandbox()
        let repo = try englishRepository(box)
        let head = try box.git(["rev-parse", "HEAD"], in: repo).stdout
        let result = try box.chronik(["init", "--infer-schemas"], in: repo)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            Adopted \(repo.path) as a chronik store: collections docs (1 entry), policies (1 entry); labels in en
            Wrote chronik.yml, schemas/docs.schema.json, schemas/policies.schema.json; nothing was committed or moved.
            Review them, then run `chronik validate` and `chronik commit -m MESSAGE`.

            """, "\(result)")
        // The LICENSE is one of the files a store keeps (`PathRules.isRepositoryFile`).
        #expect(result.stderr == """
            chronik: warning: docs/guide/setup.md: entries live directly in their collection folder (<collection>/<id>.md), not in subfolders

            """, "\(result)")
        // Nothing committed; the new files are there for review.
        #expect(try box.git(["rev-parse", "HEAD"], in: repo).stdout == head)
        #expect(try box.git(["status", "--porcelain"], in: repo).stdout == "?? chronik.yml\n?? schemas/\n")
        let config = try String(contentsOf: repo.appendingPathComponent("chronik.yml"), encoding: .utf8)
        #expect(config == """
            title: handbook
            language: en
            collections:
              docs:
                schema: schemas/docs.schema.json
              policies:
                schema: schemas/policies.schema.json

            """, "\(config)")
        let schema = try String(contentsOf: repo.appendingPathComponent("schemas/policies.schema.json"), encoding: .utf8)
        #expect(schema.contains("\"required\": [\n    \"title\",\n    \"status\"\n  ]"), "\(schema)")

        // The user removes what does not fit; then the store's own validator accepts the inferred schemas.
        try FileManager.default.removeItem(at: repo.appendingPathComponent("docs/guide"))
        let validate = try box.chronik(["validate"], in: repo)
        #expect(validate.status == 0 && validate.stdout == "2 entries valid\n", "\(validate)")
        let commit = try box.chronik(["commit", "-m", "Adopt", "--author", Fixture.author, "--date", Fixture.date], in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(try box.git(["ls-files", "chronik.yml", "schemas"], in: repo).stdout == "chronik.yml\nschemas/docs.schema.json\nschemas/policies.schema.json\n")
        // Now a store: init has nothing to do, and refuses to overwrite with --infer-schemas.
        let again = try box.chronik(["init"], in: repo)
        #expect(again.status == 0 && again.stdout == "\(repo.path) is already a chronik store; nothing to do\n", "\(again)")
        let before = try box.state(of: repo)
        let overwrite = try box.chronik(["init", "--infer-schemas"], in: repo)
        #expect(overwrite.status == 1, "\(overwrite)")
        #expect(overwrite.stderr == "chronik: error: \(repo.path) already has a chronik.yml; chronik init never overwrites it\nhint: edit chronik.yml and schemas/ by hand, then run chronik validate\n", "\(overwrite)")
        #expect(try box.state(of: repo) == before)
        try box.expectFsckClean(repo)
    }

    @Test func initCommitsOnlyWhenAskedAndOnlyWhatFits() throws {
        let box = try Sandbox()
        let repo = try germanRepository(box)
        let count = try box.git(["rev-list", "--count", "HEAD"], in: repo).stdout
        try box.write("Ohne Kopf.\n", to: "texte/ohne.md", in: repo)
        try box.commitAll(repo, "Ohne Kopf")
        // A misfit (no front matter) keeps --commit from writing anything.
        var before = try box.state(of: repo)
        let refused = try box.chronik(["init", "--commit", "--author", Fixture.author, "--date", Fixture.date], in: repo)
        #expect(refused.status == 1, "\(refused)")
        // Named as validate and commit name it, in the user's language (issue 16).
        #expect(refused.stderr.contains("chronik: warning: texte/ohne.md: The file has no front matter"), "\(refused)")
        #expect(refused.stderr.contains("chronik: error: cannot commit the adoption: 2 files do not fit the store's rules (named above); nothing was written"), "\(refused)")
        #expect(try box.state(of: repo) == before)

        try #require(try box.git(["rm", "-q", "texte/ohne.md", "texte/neu.md"], in: repo).status == 0)
        try box.commitAll(repo, "Aufgeräumt")
        // Uncommitted changes are not swept into the adoption.
        try box.write("Notiz.\n", to: "notiz.txt", in: repo)
        before = try box.state(of: repo)
        let dirty = try box.chronik(["init", "--commit", "--author", Fixture.author], in: repo)
        #expect(dirty.status == 1 && dirty.stderr.contains("the working tree has uncommitted changes"), "\(dirty)")
        #expect(try box.state(of: repo) == before)
        try FileManager.default.removeItem(at: repo.appendingPathComponent("notiz.txt"))

        let adopted = try box.chronik(["init", "--commit", "--infer-schemas", "--title", "Leitfaden", "--author", Fixture.author, "--date", Fixture.date], in: repo)
        #expect(adopted.status == 0 && adopted.stderr.isEmpty, "\(adopted)")
        #expect(adopted.stdout.hasPrefix("Adopted \(repo.path) as a chronik store: collections texte (1 entry); labels in de (version "), "\(adopted)")
        let versions = try #require(Int(count.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: repo).stdout == "\(versions + 3)\n")
        #expect(try box.git(["show", "--name-status", "--format=%s", "HEAD"], in: repo).stdout
                == "Adopted as a chronik store\n\nA\tchronik.yml\nA\tschemas/texte.schema.json\n")
        #expect(try box.git(["status", "--porcelain"], in: repo).stdout.isEmpty)
        #expect(try box.chronik(["validate"], in: repo).status == 0)
        try box.expectFsckClean(repo)
    }

    @Test func initAdoptsAFolderWithFilesAndRefusesAChronikYmlOutsideARepository() throws {
        let box = try Sandbox()
        let folder = box.url("folder")
        try box.write("# Notes\n\nThese are the notes of the team and they are for all of the members.\n", to: "README.md", in: folder)
        try box.write("MIT License\n", to: "LICENSE", in: folder)
        let result = try box.chronik(["init", folder.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Adopted \(folder.path) as a chronik store: no folder holds Markdown files, so the default collections"), "\(result)")
        #expect(result.stdout.contains("labels in en") && result.stdout.contains("Created a Git repository there (branch main)."), "\(result)")
        // README and LICENSE are what a new repository starts with: kept, named, no warning (issue 16).
        #expect(result.stdout.contains("Kept the repository's own files: LICENSE, README.md\n") && result.stderr.isEmpty, "\(result)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path))
        #expect(try box.git(["rev-list", "--all", "--count"], in: folder).stdout == "0\n", "nothing committed")

        let other = box.url("other")
        try box.write("title: x\n", to: "chronik.yml", in: other)
        try box.write("Text.\n", to: "a/b.md", in: other)
        let before = try box.state(of: other)
        let refused = try box.chronik(["init", other.path, "--infer-schemas"])
        #expect(refused.status == 1 && refused.stderr.contains("already has a chronik.yml") && refused.stderr.contains("never overwrites it"), "\(refused)")
        #expect(try box.state(of: other) == before)

        // A folder inside another repository is adopted at the repository's root, not on its own.
        let repo = try englishRepository(box)
        let beforeRepo = try box.state(of: repo)
        let inside = try box.chronik(["init", repo.appendingPathComponent("docs").path])
        #expect(inside.status == 1 && inside.stderr.contains("is inside the Git repository at"), "\(inside)")
        #expect(try box.state(of: repo) == beforeRepo)
    }
}

import ChronikStore
import Foundation
import Testing

@Suite("chronik commands, end to end")
struct CommandTests {
    @Test func initCreatesAStoreWithOneCommitOnMain() throws {
        let box = try Sandbox()
        let dir = box.url("neu")
        // In English (the new store's language is German, which the message would follow otherwise; issue 16).
        let result = try box.chronik(["init", dir.path, "--title", "Test-Speicher", "--author", Fixture.author, "--date", Fixture.date],
                                     extraEnvironment: ["CHRONIK_LANG": "en"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Created a chronik store in \(dir.path) (version "))
        #expect(result.stderr.isEmpty)
        let branch = try box.git(["symbolic-ref", "HEAD"], in: dir)
        #expect(branch.stdout == "refs/heads/main\n")
        let log = try box.git(["log", "--format=%an <%ae>|%aI|%s"], in: dir)
        #expect(log.stdout == "Test Author <test@example.org>|2022-03-01T10:00:00+01:00|Wissensspeicher angelegt / Store created\n")
        let files = try box.git(["ls-files"], in: dir).stdout.split(separator: "\n")
        #expect(files.contains("chronik.yml"))
        #expect(files.contains("schemas/actors.schema.json"))
        #expect(files.contains("schemas/strategy.schema.json"))
        let config = try String(contentsOf: dir.appendingPathComponent("chronik.yml"), encoding: .utf8)
        #expect(config.hasPrefix("title: Test-Speicher\nlanguage: de\ncollections:\n  actors:\n    schema: schemas/actors.schema.json\n    title_field: name\n    label: {de: Prozessakteure, en: Process actors}\n"))
        #expect(try box.git(["status", "--porcelain"], in: dir).stdout.isEmpty)
        try box.expectFsckClean(dir)
    }

    @Test func initTwiceSaysSoAndChangesNothing() throws {
        let box = try Sandbox()
        let dir = try box.makeStore()
        let before = try box.state(of: dir)
        let again = try box.chronik(["init", dir.path, "--author", Fixture.author])
        #expect(again.status == 0)
        #expect(again.stdout == "\(dir.path) is already a chronik store; nothing to do\n")
        #expect(try box.state(of: dir) == before)
    }

    /// Issue 14: a folder with files is adopted (not refused): chronik.yml is written beside the files, which are
    /// neither moved nor committed; what does not fit is named. Issue 16: without a folder of Markdown entries to
    /// adopt, only the files a repository starts with may be there (README, LICENSE, …); other files are refused,
    /// since the new store could not commit them.
    @Test func initAdoptsANonEmptyDirectory() throws {
        let box = try Sandbox()
        let dir = box.url("voll")
        try box.write("private notes\n", to: "notes.txt", in: dir)
        let refused = try box.chronik(["init", dir.path, "--author", Fixture.author])
        #expect(refused.status == 1 && refused.stderr.contains("notes.txt; nothing was written"), "\(refused)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
        try box.write("---\ntitle: Notizen\n---\nText.\n", to: "notes/erste.md", in: dir)
        let result = try box.chronik(["init", dir.path, "--author", Fixture.author])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.hasPrefix("chronik: warning: notes.txt: not part of a chronik store"), "\(result)")
        // Issue 16: and an empty folder for each collection (Git records none of them).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".git", "chronik.yml", "notes", "notes.txt"])
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "private notes\n")
        #expect(try box.git(["rev-list", "--all", "--count"], in: dir).stdout == "0\n")
    }

    @Test func initRejectsAnUnknownLanguage() throws {
        let box = try Sandbox()
        let result = try box.chronik(["init", box.url("x").path, "--language", "fr", "--author", Fixture.author])
        #expect(result.status == 2)
        #expect(result.stderr == "chronik: error: --language must be de or en, not \"fr\"\n")
        #expect(!FileManager.default.fileExists(atPath: box.url("x").path))
    }

    @Test func statusListsChangesByEntry() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Betreibermodell"), to: "glossary/betreibermodell.md", in: store)
        try box.write(entryText("term: Open Data"), to: "glossary/open-data.md", in: store)
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        try box.commit(store, "Glossar begonnen")
        // A rename with the same content, a change, a removal and an addition.
        try FileManager.default.moveItem(at: store.appendingPathComponent("glossary/betreibermodell.md"), to: store.appendingPathComponent("glossary/betriebsmodell.md"))
        try box.write(entryText("term: Offene Daten"), to: "glossary/open-data.md", in: store)
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/kiez.md"))
        try box.write(entryText("term: Resilienz"), to: "glossary/resilienz.md", in: store)
        try box.write("hello\n", to: "notes.txt", in: store)

        let result = try box.chronik(["status"], in: store)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            On branch main
            Changes not yet recorded (chronik commit -m MESSAGE):
              renamed:  glossary/betreibermodell -> glossary/betriebsmodell
              removed:  glossary/kiez
              changed:  glossary/open-data
              added:    glossary/resilienz
            Refused (fix these before committing):
              notes.txt: not part of a chronik store (allowed at the root: chronik.yml, schemas/, one folder per collection, and the repository's own files such as README, LICENSE, CONTRIBUTING, .gitignore and .github/)

            """)

        let json = try box.chronik(["status", "--format", "json"], in: store)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["branch"] as? String == "main")
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.count == 4)
        let renamed = try #require(entries.first)
        #expect(renamed["kind"] as? String == "renamed")
        #expect((renamed["from"] as? [String: String])?["id"] == "betreibermodell")
    }

    @Test func statusOfACleanStore() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let result = try box.chronik(["status"], in: store)
        #expect(result.stdout == "On branch main\nNothing to commit, working tree clean.\n")
        #expect(result.status == 0)
    }

    @Test func commitRecordsEverythingAndLeavesGitStatusClean() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Kiez", body: "Ein Stadtviertel mit eigenem Charakter.\n"), to: "glossary/kiez.md", in: store)
        try box.write(entryText("name: CityLAB Berlin\nkind: Organisation\nrole: Koordination"), to: "actors/citylab-berlin.md", in: store)
        let result = try box.commit(store, "Erste Einträge", date: "2022-03-02T09:30:00+01:00")
        #expect(result.stdout.hasPrefix("Recorded version "))
        #expect(result.stdout.hasSuffix(": Erste Einträge (2 added)\n"))
        #expect(result.stderr.isEmpty)
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout.isEmpty)
        let log = try box.git(["log", "-1", "--format=%an|%aI|%cI|%s", "--name-status"], in: store)
        #expect(log.stdout == "Test Author|2022-03-02T09:30:00+01:00|2022-03-02T09:30:00+01:00|Erste Einträge\n\nA\tactors/citylab-berlin.md\nA\tglossary/kiez.md\n")
        try box.expectFsckClean(store)
    }

    @Test func commitRefreshesStaleStatDataInTheIndex() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        for i in 0..<5 { try box.write(entryText("term: Begriff \(i)"), to: "glossary/begriff-\(i).md", in: store) }
        try box.commit(store, "fünf Begriffe")
        // A copy, a restore or `touch` leaves the index's stat data stale: git then sees every file as possibly changed.
        try box.git(["ls-files", "-z"], in: store).stdout.split(separator: "\0").forEach { path in
            _ = try? FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                                       ofItemAtPath: store.appendingPathComponent(String(path)).path)
        }
        #expect(!(try box.git(["diff-files", "--name-only"], in: store).stdout.isEmpty))
        try box.write(entryText("term: Begriff 0", body: "Neu.\n"), to: "glossary/begriff-0.md", in: store)
        try box.commit(store, "ein Begriff geändert")
        // The commit refreshed the stat data, as `git add` does: plumbing that trusts it sees nothing changed.
        #expect(try box.git(["diff-files", "--name-only"], in: store).stdout.isEmpty)
        try box.expectFsckClean(store)
    }

    @Test func commitWithNothingToCommitSaysSo() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "nichts", "--author", Fixture.author], in: store)
        #expect(result.status == 0)
        #expect(result.stdout == "Nothing to commit: the working tree matches the last version.\n")
        #expect(try box.state(of: store) == before)
    }

    @Test func commitTakesTheAuthorFromGitConfig() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.git(["config", "user.name", "Redaktion Smart City"], in: store)
        try box.git(["config", "user.email", "redaktion@example.org"], in: store)
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        let result = try box.chronik(["commit", "-m", "Kiez"], in: store)
        #expect(result.status == 0, "\(result)")
        #expect(try box.git(["log", "-1", "--format=%an <%ae>|%cn"], in: store).stdout == "Redaktion Smart City <redaktion@example.org>|Redaktion Smart City\n")
    }

    @Test func commitWithoutAnyAuthorIsAClearError() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "Kiez"], in: store)
        #expect(result.status == 1)
        #expect(result.stderr == "chronik: error: no author: pass --author \"Name <email>\" or set `git config user.name` and `git config user.email`\n")
        #expect(try box.state(of: store) == before)
    }

    @Test func badAuthorAndDateAreUsageErrors() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        let author = try box.chronik(["commit", "-m", "x", "--author", "nobody"], in: store)
        #expect(author.status == 2)
        #expect(author.stderr == "chronik: error: --author must look like \"Name <email>\", not \"nobody\"\n")
        let date = try box.chronik(["commit", "-m", "x", "--author", Fixture.author, "--date", "2022-02-30"], in: store)
        #expect(date.status == 2)
        #expect(date.stderr.contains("--date \"2022-02-30\" is not an ISO 8601 date"))
        let missing = try box.chronik(["commit"], in: store)
        #expect(missing.status == 2)
        #expect(missing.stderr == "chronik: error: missing argument --message <message>\nhint: `chronik commit --help` shows how to call it\n", "\(missing)")
    }

    @Test func logCacheKeepsOutputAndGrowsByTheNewVersionsOnly() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Betreibermodell", body: "Wer betreibt was?\n"), to: "glossary/betreibermodell.md", in: store)
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        try box.commit(store, "Glossar", date: "2022-03-02T10:00:00+01:00")
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/betreibermodell.md"))
        try box.write(entryText("term: Betriebsmodell", body: "Wer betreibt was?\n"), to: "glossary/betriebsmodell.md", in: store)
        try box.commit(store, "Umbenannt", date: "2022-06-16T10:00:00+02:00")

        let folder = store.appendingPathComponent(".git/chronik/log-cache/v\(LogCache.formatVersion)")
        func segments() -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == SegmentCache.segmentExtension }
        }
        func lines() -> Int {
            // Records, not the segment's header line.
            segments().reduce(0) { $0 + ((try? String(contentsOf: $1, encoding: .utf8)) ?? "").split(separator: "\n").count - 1 }
        }
        let uncached = try box.chronik(["log", "--no-cache", "--format", "json"], in: store)
        #expect(uncached.status == 0, "\(uncached)")
        #expect(segments().isEmpty, "--no-cache writes no cache")

        let cold = try box.chronik(["log", "--format", "json"], in: store)
        #expect(cold.status == 0 && cold.stdout == uncached.stdout)
        #expect(segments().count == 1 && lines() == 3, "one segment with the change sets of the three versions")
        let warm = try box.chronik(["log", "--format", "json"], in: store)
        #expect(warm.stdout == uncached.stdout)
        #expect(segments().count == 1, "a run that computed nothing writes nothing")
        #expect(try box.chronik(["log"], in: store).stdout == (try box.chronik(["log", "--no-cache"], in: store)).stdout)

        // A torn or foreign line is a miss: recomputed, and the output stays the same.
        let segment = try #require(segments().first)
        let ids = try box.git(["log", "--format=%H"], in: store).stdout.split(separator: "\n").map(String.init)
        try Data("\(ids[0])\t{\"entries\": 7}\n\(ids[1])\tnot json\n\(ids[2])\t{\"entr".utf8).write(to: segment)
        #expect(try box.chronik(["log", "--format", "json"], in: store).stdout == uncached.stdout)
        #expect(try box.chronik(["log", "--format", "json"], in: store).stdout == uncached.stdout)

        // One new version: one more change set, in a new segment.
        try box.write(entryText("term: Kiez", body: "Ein Stadtviertel.\n"), to: "glossary/kiez.md", in: store)
        try box.commit(store, "Kiez erklärt", date: "2022-07-01T10:00:00+02:00")
        let before = lines()
        let after = try box.chronik(["log", "--format", "json"], in: store)
        #expect(after.stdout == (try box.chronik(["log", "--no-cache", "--format", "json"], in: store)).stdout)
        #expect(lines() == before + 1)
        #expect(try box.git(["status", "--porcelain"], in: store).stdout.isEmpty, "the cache is never part of the working tree")
        try box.expectFsckClean(store)
    }

    @Test func logListsVersionsWithCountsAndFollowsRenames() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let definition = "Wer betreibt die digitale Infrastruktur der Stadt, und wer trägt die Verantwortung dafür?\n"
        try box.write(entryText("term: Betreibermodell", body: definition), to: "glossary/betreibermodell.md", in: store)
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        try box.commit(store, "Glossar", date: "2022-03-02T10:00:00+01:00")
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/betreibermodell.md"))
        try box.write(entryText("term: Betriebsmodell", body: definition), to: "glossary/betriebsmodell.md", in: store)
        try box.commit(store, "Betreibermodell heißt jetzt Betriebsmodell", date: "2022-06-16T10:00:00+02:00")
        try box.write(entryText("term: Betriebsmodell", body: "Wer betreibt was?\n"), to: "glossary/betriebsmodell.md", in: store)
        try box.write(entryText("name: CityLAB Berlin\nkind: Organisation\nrole: Koordination"), to: "actors/citylab-berlin.md", in: store)
        try box.commit(store, "Definition ergänzt", date: "2022-07-01T10:00:00+02:00")

        let ids = try box.git(["log", "--format=%h"], in: store).stdout.split(separator: "\n").map(String.init)
        let log = try box.chronik(["log"], in: store)
        #expect(log.status == 0, "\(log)")
        #expect(log.stdout == """
            \(ids[0])  2022-07-01  Test Author
                Definition ergänzt
                1 added, 1 changed

            \(ids[1])  2022-06-16  Test Author
                Betreibermodell heißt jetzt Betriebsmodell
                1 renamed

            \(ids[2])  2022-03-02  Test Author
                Glossar
                2 added

            \(ids[3])  2022-03-01  Test Author
                Wissensspeicher angelegt / Store created
                no entry changes, 8 other files

            """)

        let entry = try box.chronik(["log", "betriebsmodell"], in: store)
        #expect(entry.status == 0, "\(entry)")
        #expect(entry.stdout == """
            \(ids[0])  2022-07-01  Test Author
                Definition ergänzt
                changed

            \(ids[1])  2022-06-16  Test Author
                Betreibermodell heißt jetzt Betriebsmodell
                renamed from glossary/betreibermodell

            \(ids[2])  2022-03-02  Test Author
                Glossar
                added as glossary/betreibermodell

            """)

        let limited = try box.chronik(["log", "--limit", "1", "--collection", "actors", "--format", "json"], in: store)
        #expect(limited.status == 0)
        let versions = try #require((try JSONSerialization.jsonObject(with: Data(limited.stdout.utf8)) as? [String: Any])?["versions"] as? [[String: Any]])
        #expect(versions.count == 1)
        #expect(versions[0]["message"] as? String == "Definition ergänzt\n")
        #expect(try box.git(["log", "-1", "--format=%B"], in: store).stdout == "Definition ergänzt\n\n")
        #expect(versions[0]["date"] as? String == "2022-07-01T10:00:00+02:00")
        #expect((versions[0]["author"] as? [String: String]) == ["name": "Test Author"])
        #expect(!limited.stdout.contains("test@example.org"))
        try box.expectFsckClean(store)
    }

    @Test func showPrintsAnEntryAtARevision() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let first = entryText("title: Ambitionen\nformat: Online-Beteiligung\nstart: 2022-03-01\nend: 2022-03-16\nstatus: geplant")
        try box.write(first, to: "events/ambitionen.md", in: store)
        try box.commit(store, "geplant")
        try box.git(["tag", "-a", "entwurf-1", "-m", "Erster Entwurf"], in: store)
        try box.write(first.replacingOccurrences(of: "geplant", with: "laufend"), to: "events/ambitionen.md", in: store)
        try box.commit(store, "laufend")

        let now = try box.chronik(["show", "ambitionen"], in: store)
        #expect(now.status == 0)
        #expect(now.stdout.contains("status: laufend\n"))
        for revision in ["HEAD~1", "entwurf-1", String(try box.git(["rev-parse", "HEAD~1"], in: store).stdout.prefix(8))] {
            let old = try box.chronik(["show", "events/ambitionen", "--at", revision], in: store)
            #expect(old.status == 0, "\(revision): \(old)")
            #expect(old.stdout == first, "\(revision)")
        }
        let json = try box.chronik(["show", "events/ambitionen.md", "--format", "json"], in: store)
        #expect(json.status == 0)
        #expect(json.stdout.hasPrefix("{\n  \"chronik\": 1,\n  \"entry\": {\n    \"collection\": \"events\",\n    \"id\": \"ambitionen\",\n    \"path\": \"events/ambitionen.md\"\n  },\n  \"commit\": \""))
        #expect(json.stdout.contains("\"fields\": {\n    \"title\": \"Ambitionen\",\n    \"format\": \"Online-Beteiligung\",\n    \"start\": \"2022-03-01\""))

        // Messages in English (the store's language is German; issue 16): no close release or branch name, no hint.
        let unknown = try box.chronik(["show", "ambitionen", "--at", "no-such-tag"], in: store, extraEnvironment: ["CHRONIK_LANG": "en"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "chronik: error: unknown revision \"no-such-tag\": no release, branch or version of that name, and no date\n")
        let missing = try box.chronik(["show", "events/nirgends"], in: store, extraEnvironment: ["CHRONIK_LANG": "en"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("chronik: error: no entry \"events/nirgends\" at the last version ("))
        let before = try box.chronik(["show", "ambitionen", "--at", "HEAD~2"], in: store)
        #expect(before.status == 1)
    }

    @Test func showOfAnIdInTwoCollectionsAsksForTheCollection() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Beteiligung"), to: "glossary/beteiligung.md", in: store)
        try box.write(entryText("question: Was ist Beteiligung?\ncategory: Beteiligung"), to: "faq/beteiligung.md", in: store)
        try box.commit(store, "zwei")
        let result = try box.chronik(["show", "beteiligung"], in: store)
        #expect(result.status == 1)
        #expect(result.stderr == "chronik: error: \"beteiligung\" names several entries: glossary/beteiligung, faq/beteiligung; write collection/id\n")
    }

    @Test func storeIsFoundFromASubfolderOrWithStoreOption() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        let sub = try box.chronik(["status"], in: store.appendingPathComponent("glossary"))
        #expect(sub.stdout.contains("added:    glossary/kiez"))
        let option = try box.chronik(["status", "--store", store.path], in: box.root)
        #expect(option.stdout == sub.stdout)
    }

    @Test func readsMergeCommitsAndTagsMadeByGit() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.git(["checkout", "-q", "-b", "seite"], in: store)
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        try box.git(["add", "-A"], in: store)
        try box.git(["commit", "-q", "-m", "Kiez auf einem Zweig"], in: store)
        try box.git(["checkout", "-q", "main"], in: store)
        try box.write(entryText("term: Resilienz"), to: "glossary/resilienz.md", in: store)
        try box.git(["add", "-A"], in: store)
        try box.git(["commit", "-q", "-m", "Resilienz"], in: store)
        try box.git(["merge", "-q", "--no-ff", "-m", "Zweig zusammengeführt", "seite"], in: store)
        try box.git(["tag", "v1"], in: store)

        let log = try box.chronik(["log", "--at", "v1"], in: store)
        #expect(log.status == 0, "\(log)")
        #expect(log.stdout.contains("Git CLI  (merge)\n    Zweig zusammengeführt\n    1 added"))
        let entry = try box.chronik(["log", "glossary/kiez"], in: store)
        #expect(entry.stdout.contains("Kiez auf einem Zweig"))
        let show = try box.chronik(["show", "kiez", "--at", "v1"], in: store)
        #expect(show.stdout == entryText("term: Kiez"))
        // chronik commits on top of a merge made by git.
        try box.write(entryText("term: Kiez", body: "Stadtviertel.\n"), to: "glossary/kiez.md", in: store)
        try box.commit(store, "nach dem Merge")
        #expect(try box.git(["rev-parse", "HEAD~1"], in: store).stdout == (try box.git(["rev-parse", "v1"], in: store).stdout))
        try box.expectFsckClean(store)
    }

    @Test func helpAndVersionExitZero() throws {
        let box = try Sandbox()
        let help = try box.chronik(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("SUBCOMMANDS:"))
        let unknown = try box.chronik(["frobnicate"])
        #expect(unknown.status == 2)
        // Issue 16: said before ArgumentParser's "Unexpected argument", with the list of commands as the hint.
        #expect(unknown.stderr == "chronik: error: \"frobnicate\" is not a chronik command\nhint: `chronik --help` lists the commands\n")
    }
}

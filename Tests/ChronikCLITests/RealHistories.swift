import ChronikStore
import Foundation
import Testing

/// Issue 14: histories shaped like the public "living document" repositories chronik was tried on, built by code
/// with the git CLI (fixed names, dates stepping one hour per git call), so every run makes the same commit ids.
/// Each builder returns the repository and its release tags in the order they were made (oldest first).
struct RealHistory: Sendable {
    /// The repository's folder (its branch `main` is checked out at the end).
    var repository: URL
    /// Every tag of the repository, oldest first; two tags may name one commit.
    var tags: [String]
    /// Whether the repository has a `chronik.yml` (a store) or is a plain repository of Markdown files.
    var configured: Bool
}

/// The histories of issue 14's "Tested as a user would", one case per fixture (and layout where both are tried).
enum RealHistoryCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case gitFlowStore, gitFlowPlain
    case mixedTags
    case commentOnlyStore, commentOnlyPlain
    case renamesStore, renamesPlain
    case restructuredProse
    case englishDocs

    var testDescription: String { rawValue }

    func build(in box: Sandbox) throws -> RealHistory {
        switch self {
        case .gitFlowStore: return try RealHistories.gitFlow(in: box, configured: true)
        case .gitFlowPlain: return try RealHistories.gitFlow(in: box, configured: false)
        case .mixedTags: return try RealHistories.mixedTags(in: box)
        case .commentOnlyStore: return try RealHistories.commentOnlyEdits(in: box, configured: true)
        case .commentOnlyPlain: return try RealHistories.commentOnlyEdits(in: box, configured: false)
        case .renamesStore: return try RealHistories.renamesAcrossFolders(in: box, configured: true)
        case .renamesPlain: return try RealHistories.renamesAcrossFolders(in: box, configured: false)
        case .restructuredProse: return try RealHistories.restructuredProse(in: box)
        case .englishDocs: return try RealHistories.englishDocs(in: box)
        }
    }
}

/// Writes a repository with the git CLI: every git call runs at the next fixed date (one hour later), as author
/// and committer `Policy Team` / `Release Bot`, so the commit and tag ids never change between runs.
final class HistoryBuilder {
    let box: Sandbox
    let repository: URL
    private var step = 0
    private var random: SplitMix64

    /// 2023-01-02T09:00:00Z.
    private static let firstDate = 1_672_650_000

    init(_ box: Sandbox, name: String, seed: UInt64) throws {
        self.box = box
        repository = box.url(name)
        random = SplitMix64(seed: seed)
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"])
        try git(["config", "core.autocrlf", "false"])
    }

    /// Runs git at the next date; a failure stops the test with git's output.
    @discardableResult
    func git(_ arguments: [String]) throws -> RunResult {
        step += 1
        let date = "\(Self.firstDate + step * 3600) +0000"
        let environment = box.environment.merging([
            "GIT_AUTHOR_NAME": "Policy Team", "GIT_AUTHOR_EMAIL": "policy@example.org",
            "GIT_COMMITTER_NAME": "Release Bot", "GIT_COMMITTER_EMAIL": "bot@example.org",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        ]) { $1 }
        let result = try run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: repository, environment: environment)
        try #require(result.status == 0, "git \(arguments.joined(separator: " ")) failed: \(result)")
        return result
    }

    // MARK: Files

    func write(_ text: String, to path: String) throws {
        try box.write(text, to: path, in: repository)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    func remove(_ path: String) throws {
        try git(["rm", "-q", path])
    }

    func move(_ from: String, to: String) throws {
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(to).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try git(["mv", from, to])
    }

    /// Changes a file's text through `change`; the file must change.
    func edit(_ path: String, _ change: (String) -> String) throws {
        let old = try read(path)
        let new = change(old)
        try #require(new != old, "the edit of \(path) changed nothing")
        try write(new, to: path)
    }

    // MARK: Versions, branches, tags

    func commit(_ message: String) throws {
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", message])
    }

    func checkout(_ branch: String, create: Bool = false) throws {
        try git(create ? ["checkout", "-q", "-b", branch] : ["checkout", "-q", branch])
    }

    func mergeNoFF(_ branch: String, _ message: String) throws {
        try git(["merge", "-q", "--no-ff", "-m", message, branch])
    }

    func lightweightTag(_ name: String) throws {
        try git(["tag", name])
    }

    func annotatedTag(_ name: String, _ message: String) throws {
        try git(["tag", "-a", name, "-m", message])
    }

    // MARK: Prose

    func sentence(words: Int = 12) -> String {
        var out: [String] = []
        for index in 0..<words {
            var word = Words.english[Int(random.next() % UInt64(Words.english.count))]
            if index == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
            out.append(word)
        }
        return out.joined(separator: " ") + "."
    }

    func paragraph(sentences: Int = 4) -> String {
        (0..<sentences).map { _ in sentence(words: 8 + Int(random.next() % 9)) }.joined(separator: " ")
    }

    func word() -> String {
        Words.english[Int(random.next() % UInt64(Words.english.count))]
    }

    /// An entry: optional front matter lines, a heading, paragraphs.
    func document(frontMatter: [String]?, title: String, paragraphs: Int) -> String {
        var text = ""
        if let frontMatter { text += "---\n" + frontMatter.map { $0 + "\n" }.joined() + "---\n\n" }
        text += "# \(title)\n"
        for _ in 0..<paragraphs { text += "\n" + paragraph(sentences: 3 + Int(random.next() % 3)) + "\n" }
        return text
    }

    /// Replaces a few words of the body's `index`-th paragraph (counted from the end when negative) and appends a
    /// sentence to it: an ordinary editorial change.
    func reword(_ path: String, paragraph index: Int = 0) throws {
        try edit(path) { text in
            var lines = text.components(separatedBy: "\n")
            let paragraphs = Self.paragraphLines(lines)
            guard !paragraphs.isEmpty else { return text }
            let line = paragraphs[(index % paragraphs.count + paragraphs.count) % paragraphs.count]
            var words = lines[line].components(separatedBy: " ")
            for _ in 0..<3 {
                let at = 1 + Int(self.random.next() % UInt64(max(1, words.count - 2)))
                if at < words.count - 1 { words[at] = self.word() }
            }
            lines[line] = words.joined(separator: " ") + " " + self.sentence(words: 9)
            return lines.joined(separator: "\n")
        }
    }

    /// Sets `key: value` in the front matter (replacing the line of that key, or adding one before the end).
    func setField(_ path: String, _ key: String, _ value: String) throws {
        try edit(path) { text in
            var lines = text.components(separatedBy: "\n")
            guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return text }
            if let at = lines[1..<end].firstIndex(where: { $0.hasPrefix(key + ":") }) {
                lines[at] = "\(key): \(value)"
            } else {
                lines.insert("\(key): \(value)", at: end)
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Appends a paragraph to the body.
    func appendParagraph(_ path: String) throws {
        try edit(path) { $0 + "\n" + self.paragraph() + "\n" }
    }

    /// The line numbers of body lines that are prose paragraphs (not front matter, headings, lists or blank).
    static func paragraphLines(_ lines: [String]) -> [Int] {
        var start = 0
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") { start = end + 1 }
        return (start..<lines.count).filter { index in
            let line = lines[index]
            return !line.isEmpty && !line.hasPrefix("#") && !line.hasPrefix("- ") && !line.hasPrefix("  ")
        }
    }
}


enum Words {
    static let english = """
        the city council public data open policy residents participation digital services access privacy \
        records archive review draft process community feedback platform standard shared infrastructure \
        transparent decision budget mobility climate energy housing neighbourhood library school health \
        report annual measure target goal principle responsible office department partner network support \
        accessible language license publish retain delete request consent security audit change version
        """.split(separator: " ").map(String.init)
}

/// `chronik.yml` and schemas for the fixture stores: two or three collections with one permissive schema each,
/// labels in English.
enum FixtureStore {
    static func write(_ builder: HistoryBuilder, collections: [String]) throws {
        var config = "title: Example City Policies\nlanguage: en\ncollections:\n"
        for name in collections {
            config += "  \(name):\n    schema: schemas/\(name).schema.json\n    title_field: title\n"
            config += "    label: {de: \(name.capitalized), en: \(name.capitalized)}\n"
            try builder.write("""
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "title": "\(name)",
                  "type": "object",
                  "properties": {
                    "title": { "type": "string", "x-chronik-label": { "de": "Titel", "en": "Title" } },
                    "status": { "type": "string", "x-chronik-label": { "de": "Status", "en": "Status" } },
                    "owner": { "type": "string" },
                    "reviewed": { "type": "string" },
                    "tags": { "type": "array", "items": { "type": "string" } }
                  }
                }

                """, to: "schemas/\(name).schema.json")
        }
        try builder.write(config, to: "chronik.yml")
    }
}

enum RealHistories {
    /// (a) GitFlow: `main` and `develop`; features merged into develop; release branches `release/1.x` cut from
    /// develop, a fix on each, a LIGHTWEIGHT tag on the release branch, merged `--no-ff` into main and back into
    /// develop; a hotfix branched from main, tagged there and merged into both. Tags: v1.0, v1.1, v1.2, v1.2.1,
    /// v1.3, v1.4. Policy texts with front matter, in a store (`configured`) or a plain repository.
    static func gitFlow(in box: Sandbox, configured: Bool) throws -> RealHistory {
        let b = try HistoryBuilder(box, name: configured ? "gitflow-store" : "gitflow-plain", seed: 14)
        if configured { try FixtureStore.write(b, collections: ["policy", "glossary"]) }
        let policies = ["open-data", "privacy", "participation", "accessibility", "procurement", "records"]
        for (index, name) in policies.enumerated() {
            try b.write(b.document(frontMatter: ["title: \(name.capitalized) policy", "status: draft", "owner: Office \(index + 1)"],
                                   title: "\(name.capitalized) policy", paragraphs: 4), to: "policy/\(name).md")
        }
        for term in ["dataset", "consent", "open-license"] {
            try b.write(b.document(frontMatter: ["title: \(term)"], title: term, paragraphs: 1), to: "glossary/\(term).md")
        }
        try b.write("# Example City policies\n\nThe policies of the city, as drafted in public.\n", to: "README.md")
        try b.commit("Initial policy drafts")
        try b.checkout("develop", create: true)

        var tags: [String] = []
        func release(_ version: String, features: () throws -> Void, fix: () throws -> Void) throws {
            try features()
            try b.checkout("release/\(version)", create: true)
            try fix()
            try b.lightweightTag("v\(version)")
            tags.append("v\(version)")
            try b.checkout("main")
            try b.mergeNoFF("release/\(version)", "Merge branch 'release/\(version)'")
            try b.checkout("develop")
            try b.mergeNoFF("release/\(version)", "Merge branch 'release/\(version)' into develop")
        }

        try release("1.0", features: {
            try b.reword("policy/open-data.md")
            try b.commit("Open data: name the portal")
            try b.checkout("feature/consent", create: true)
            try b.reword("policy/privacy.md", paragraph: 1)
            try b.commit("Privacy: consent wording")
            try b.setField("glossary/consent.md", "status", "reviewed")
            try b.commit("Glossary: consent reviewed")
            try b.checkout("develop")
            try b.mergeNoFF("feature/consent", "Merge branch 'feature/consent' into develop")
        }, fix: {
            try b.setField("policy/open-data.md", "status", "adopted")
            try b.commit("Release 1.0: open data adopted")
        })
        try release("1.1", features: {
            try b.write(b.document(frontMatter: ["title: Mobility data policy", "status: draft"], title: "Mobility data policy",
                                   paragraphs: 3), to: "policy/mobility-data.md")
            try b.commit("New policy: mobility data")
            try b.appendParagraph("policy/participation.md")
            try b.commit("Participation: online rounds")
        }, fix: {
            try b.reword("policy/mobility-data.md", paragraph: -1)
            try b.commit("Mobility data: fix a sentence")
        })
        try release("1.2", features: {
            try b.move("glossary/open-license.md", to: "glossary/open-licence.md")
            try b.commit("Glossary: British spelling")
            try b.checkout("feature/records", create: true)
            try b.reword("policy/records.md")
            try b.commit("Records: retention periods")
            try b.reword("policy/records.md", paragraph: 2)
            try b.setField("policy/records.md", "status", "consultation")
            try b.commit("Records: into consultation")
            try b.checkout("develop")
            try b.mergeNoFF("feature/records", "Merge branch 'feature/records' into develop")
        }, fix: {
            try b.setField("policy/privacy.md", "status", "adopted")
            try b.commit("Release 1.2: privacy adopted")
        })
        // A hotfix on main, tagged on its branch, merged into main and develop.
        try b.checkout("main")
        try b.checkout("hotfix/1.2.1", create: true)
        try b.reword("policy/privacy.md", paragraph: 2)
        try b.commit("Privacy: correct the retention period")
        try b.lightweightTag("v1.2.1")
        tags.append("v1.2.1")
        try b.checkout("main")
        try b.mergeNoFF("hotfix/1.2.1", "Merge branch 'hotfix/1.2.1'")
        try b.checkout("develop")
        try b.mergeNoFF("hotfix/1.2.1", "Merge branch 'hotfix/1.2.1' into develop")

        try release("1.3", features: {
            try b.remove("glossary/dataset.md")
            try b.commit("Glossary: dataset is explained in the open data policy")
            try b.move("policy/accessibility.md", to: "glossary/accessibility.md")
            try b.commit("Accessibility is a glossary term now")
            try b.reword("policy/procurement.md", paragraph: 1)
            try b.commit("Procurement: open standards")
        }, fix: {
            try b.reword("policy/procurement.md", paragraph: 3)
            try b.commit("Procurement: typo")
        })
        try release("1.4", features: {
            for name in ["open-data", "participation", "procurement"] {
                try b.setField("policy/\(name).md", "owner", "Digital Office")
            }
            try b.commit("New owner for three policies")
            try b.write("# Example City policies\n\nThe policies of the city, as drafted in public. Comments welcome.\n", to: "README.md")
            try b.commit("README: comments welcome")
        }, fix: {
            try b.setField("policy/participation.md", "status", "adopted")
            try b.commit("Release 1.4: participation adopted")
        })
        try b.checkout("main")
        return RealHistory(repository: b.repository, tags: tags, configured: configured)
    }

    /// (b) Annotated and lightweight tags mixed on one line of history with a merged topic branch: `v0.9`
    /// (annotated), `v1.0` (lightweight), `v1.1` (annotated) and `website-2023` (lightweight) on the same commit,
    /// the pre-release `v2.0-rc1` (lightweight), `v2.0` (annotated, on a merge).
    static func mixedTags(in box: Sandbox) throws -> RealHistory {
        let b = try HistoryBuilder(box, name: "mixed-tags", seed: 2)
        try FixtureStore.write(b, collections: ["policy", "glossary"])
        for name in ["housing", "energy", "budget", "library"] {
            try b.write(b.document(frontMatter: ["title: \(name.capitalized)", "status: draft"], title: name.capitalized, paragraphs: 3),
                        to: "policy/\(name).md")
        }
        try b.write(b.document(frontMatter: ["title: Budget"], title: "Budget", paragraphs: 1), to: "glossary/budget.md")
        try b.commit("First drafts")
        try b.annotatedTag("v0.9", "Preview\n\nThe first public preview of the drafts.")
        try b.reword("policy/housing.md")
        try b.commit("Housing: targets")
        try b.setField("policy/energy.md", "status", "consultation")
        try b.commit("Energy into consultation")
        try b.lightweightTag("v1.0")
        try b.appendParagraph("policy/budget.md")
        try b.commit("Budget: participatory share")
        try b.annotatedTag("v1.1", "Version 1.1\n\nParticipatory budget added.")
        try b.lightweightTag("website-2023")
        try b.reword("policy/library.md", paragraph: 1)
        try b.commit("Library: opening hours")
        try b.write(b.document(frontMatter: ["title: Climate"], title: "Climate", paragraphs: 2), to: "policy/climate.md")
        try b.commit("New policy: climate")
        try b.lightweightTag("v2.0-rc1")
        try b.checkout("topic/energy", create: true)
        try b.reword("policy/energy.md", paragraph: 2)
        try b.commit("Energy: wording after consultation")
        try b.checkout("main")
        try b.setField("policy/housing.md", "status", "adopted")
        try b.commit("Housing adopted")
        try b.mergeNoFF("topic/energy", "Merge branch 'topic/energy'")
        try b.annotatedTag("v2.0", "Version 2.0\n\nAll policies after consultation.")
        return RealHistory(repository: b.repository, tags: ["v0.9", "v1.0", "v1.1", "website-2023", "v2.0-rc1", "v2.0"], configured: true)
    }

    /// (c) Comment-only front-matter edits: 40 entries with an SPDX header in their front matter; release `v2`
    /// changes 33 files, 20 of them only by the SPDX year in a YAML comment (2023 → 2024); `v3` changes one file's
    /// comment, another's key order and quoting, and one field.
    static func commentOnlyEdits(in box: Sandbox, configured: Bool) throws -> RealHistory {
        let b = try HistoryBuilder(box, name: configured ? "spdx-store" : "spdx-plain", seed: 33)
        if configured { try FixtureStore.write(b, collections: ["policy", "glossary"]) }
        var paths: [String] = []
        for index in 1...40 {
            let path = index <= 25 ? "policy/rule-\(index).md" : "glossary/term-\(index).md"
            paths.append(path)
            try b.write(b.document(frontMatter: ["# SPDX-FileCopyrightText: 2023 Example City", "# SPDX-License-Identifier: CC-BY-4.0",
                                                 "title: Rule \(index)", "status: draft"],
                                   title: "Rule \(index)", paragraphs: 2), to: path)
        }
        try b.commit("Policies and glossary, 2023")
        try b.annotatedTag("v1", "Version 1")
        for path in paths.prefix(33) {
            try b.edit(path) { $0.replacingOccurrences(of: "FileCopyrightText: 2023", with: "FileCopyrightText: 2024") }
        }
        try b.commit("Copyright year 2024")
        for (index, path) in paths.prefix(33).enumerated().dropFirst(20) {
            if index % 2 == 0 { try b.reword(path) } else { try b.setField(path, "status", "adopted") }
        }
        try b.commit("Thirteen rules revised")
        try b.lightweightTag("v2")
        try b.edit(paths[35]) { $0.replacingOccurrences(of: "FileCopyrightText: 2023", with: "FileCopyrightText: 2024") }
        try b.edit(paths[36]) { text in
            // The same fields, in another order and quoting.
            text.replacingOccurrences(of: "title: Rule 37\nstatus: draft\n", with: "status: \"draft\"\ntitle:   'Rule 37'\n")
        }
        try b.setField(paths[37], "status", "adopted")
        try b.commit("One more year, reordered keys, one rule adopted")
        try b.lightweightTag("v3")
        return RealHistory(repository: b.repository, tags: ["v1", "v2", "v3"], configured: configured)
    }

    /// (d) Renames across folders: the same file name in another folder (git R100, and R09x with a small edit),
    /// another file name in another folder (R0xx ≥ 60), within a folder, plus small edits.
    static func renamesAcrossFolders(in box: Sandbox, configured: Bool) throws -> RealHistory {
        let b = try HistoryBuilder(box, name: configured ? "renames-store" : "renames-plain", seed: 5)
        if configured { try FixtureStore.write(b, collections: ["guides", "policy", "archive"]) }
        for name in ["intro", "setup", "usage", "foreword"] {
            try b.write(b.document(frontMatter: ["title: \(name.capitalized)"], title: name.capitalized, paragraphs: 6), to: "guides/\(name).md")
        }
        for name in ["privacy", "retention"] {
            try b.write(b.document(frontMatter: ["title: \(name.capitalized)"], title: name.capitalized, paragraphs: 6), to: "policy/\(name).md")
        }
        try b.write(b.document(frontMatter: ["title: Old notes"], title: "Old notes", paragraphs: 2), to: "archive/old-notes.md")
        try b.commit("Guides and policies")
        try b.lightweightTag("v1")
        // Same name, other folder, unchanged (R100); same name, other folder, a small edit (R09x).
        try b.move("guides/setup.md", to: "archive/setup.md")
        try b.move("guides/foreword.md", to: "policy/foreword.md")
        try b.reword("policy/foreword.md", paragraph: 2)
        // Another name in another folder, with an edit of about a fifth of the text (R0xx ≥ 60).
        try b.move("policy/retention.md", to: "archive/data-retention.md")
        try b.reword("archive/data-retention.md", paragraph: 0)
        try b.reword("archive/data-retention.md", paragraph: 3)
        try b.setField("archive/data-retention.md", "title", "Data retention (archived)")
        try b.reword("guides/intro.md")
        try b.commit("Archive setup and retention; foreword into the policies")
        try b.lightweightTag("v2")
        // Within a folder with another name; back across folders with the same name.
        try b.move("guides/usage.md", to: "guides/using-the-portal.md")
        try b.reword("guides/using-the-portal.md", paragraph: 1)
        try b.move("archive/setup.md", to: "guides/setup.md")
        try b.commit("Usage guide renamed; setup back in the guides")
        try b.lightweightTag("v3")
        return RealHistory(repository: b.repository, tags: ["v1", "v2", "v3"], configured: configured)
    }

    /// (e) Prose restructured: a paragraph rewrapped (hard line breaks), a paragraph turned into a list, a
    /// punctuation-only edit; then a renamed file whose wrapped paragraph is unwrapped again. A plain repository
    /// with front matter.
    static func restructuredProse(in box: Sandbox) throws -> RealHistory {
        let b = try HistoryBuilder(box, name: "prose", seed: 6)
        for name in ["charter", "principles", "glossary-notes", "faq"] {
            try b.write(b.document(frontMatter: ["title: \(name.capitalized)"], title: name.capitalized, paragraphs: 5), to: "texts/\(name).md")
        }
        try b.commit("Texts")
        try b.lightweightTag("v1")
        // Rewrap the second paragraph of the charter at 60 columns.
        try b.edit("texts/charter.md") { text in
            var lines = text.components(separatedBy: "\n")
            let at = HistoryBuilder.paragraphLines(lines)[1]
            lines[at] = wrap(lines[at], width: 60)
            return lines.joined(separator: "\n")
        }
        // Turn the first paragraph of the principles into a list, one sentence per item.
        try b.edit("texts/principles.md") { text in
            var lines = text.components(separatedBy: "\n")
            let at = HistoryBuilder.paragraphLines(lines)[0]
            lines[at] = lines[at].components(separatedBy: ". ").map { "- " + $0 + ($0.hasSuffix(".") ? "" : ".") }.joined(separator: "\n")
            return lines.joined(separator: "\n")
        }
        // Punctuation only.
        try b.edit("texts/faq.md") { text in
            var lines = text.components(separatedBy: "\n")
            let at = HistoryBuilder.paragraphLines(lines)[2]
            lines[at] = lines[at].replacingOccurrences(of: ". ", with: "; ")
            return lines.joined(separator: "\n")
        }
        try b.commit("Rewrap the charter, principles as a list, semicolons in the FAQ")
        try b.lightweightTag("v2")
        try b.move("texts/charter.md", to: "texts/city-charter.md")
        try b.edit("texts/city-charter.md") { text in
            // Unwrap the paragraph that was wrapped (blocks of the body are separated by blank lines), and change
            // the heading.
            var blocks = text.components(separatedBy: "\n\n")
            for index in blocks.indices.dropFirst() where !blocks[index].hasPrefix("#") {
                blocks[index] = blocks[index].replacingOccurrences(of: "\n(?=.)", with: " ", options: .regularExpression)
            }
            return blocks.joined(separator: "\n\n").replacingOccurrences(of: "# Charter", with: "# City charter")
        }
        try b.appendParagraph("texts/glossary-notes.md")
        try b.commit("City charter; glossary notes")
        try b.lightweightTag("v3")
        return RealHistory(repository: b.repository, tags: ["v1", "v2", "v3"], configured: false)
    }

    /// (f) An English repository of README-style documents in folders: no front matter anywhere, no chronik.yml,
    /// names with capitals and spaces, files that are not Markdown.
    static func englishDocs(in box: Sandbox) throws -> RealHistory {
        let b = try HistoryBuilder(box, name: "english-docs", seed: 7)
        try b.write(b.document(frontMatter: nil, title: "Open City Standard", paragraphs: 3), to: "README.md")
        try b.write(b.document(frontMatter: nil, title: "Getting started", paragraphs: 4), to: "docs/Getting Started.md")
        try b.write(b.document(frontMatter: nil, title: "Install", paragraphs: 3), to: "docs/guides/install.md")
        try b.write(b.document(frontMatter: nil, title: "Command line", paragraphs: 5), to: "docs/reference/cli.md")
        try b.write(b.document(frontMatter: nil, title: "Contributing", paragraphs: 2), to: "CONTRIBUTING.md")
        try b.write("Creative Commons Attribution 4.0\n", to: "LICENSE")
        try b.commit("Initial standard")
        try b.lightweightTag("1.0.0")
        try b.reword("docs/Getting Started.md", paragraph: 1)
        try b.write(b.document(frontMatter: nil, title: "Upgrade", paragraphs: 2), to: "docs/guides/upgrade.md")
        try b.commit("Upgrade guide")
        try b.reword("README.md")
        try b.write("Creative Commons Attribution 4.0 International\n", to: "LICENSE")
        try b.commit("README and licence")
        try b.lightweightTag("1.1.0")
        try b.move("docs/reference/cli.md", to: "docs/reference/command-line.md")
        try b.reword("docs/reference/command-line.md", paragraph: 4)
        try b.remove("CONTRIBUTING.md")
        try b.appendParagraph("docs/guides/install.md")
        try b.commit("Rename the CLI reference; contributing moved to the website")
        try b.lightweightTag("2.0.0")
        return RealHistory(repository: b.repository, tags: ["1.0.0", "1.1.0", "2.0.0"], configured: false)
    }

    /// Breaks a paragraph into lines of at most `width` characters, at spaces.
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}

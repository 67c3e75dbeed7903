import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikPublish
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

struct DemoCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("demo", .demo) }

    @Argument(help: ArgumentHelp(Help.text(.demo, "directory"), valueName: "dir"))
    var directory: String?

    @OptionGroup var language: LanguageOptions

    func run() throws {
        // The sample is German; the demo speaks the user's language (--lang, the environment), else English.
        let messages = messageCatalog(lang: language.lang)
        let target = try directory.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? Self.newTemporaryFolder(messages: messages)
        if Store.isStore(at: target) {
            // Running the demo again in its folder is fine; building the sample on top of another store is not.
            let last = SampleBerlin.snapshots.last?.name ?? ""
            let tip = try? Store(at: target).tip()
            guard let tip, SnapshotImporter.snapshotNames(in: tip.message).contains(last) else {
                throw CLIError(.user, messages.demoNotTheSample(target.path))
            }
        }
        let report = try importing {
            try SnapshotImporter.run(SampleBerlin.snapshots, into: target, root: SampleBerlin.displayName, options: .validated)
        }
        let store = try cli { try Store(at: report.store) }
        let (versions, tags, config, paths) = try cli {
            guard let tip = try store.tip() else { throw CLIError(.internal, "the sample store has no versions") }
            return (try store.log(from: tip), try store.repository.tags(), try store.config(at: tip), try store.allPaths(inTree: tip.treeID))
        }
        let path = report.store.path
        let entries = paths.filter { path in config.collections.contains { path.hasPrefix($0.name + "/") } }.count

        var out: [String] = []
        out.append(messages.demoTitle(drafts: versions.count))
        out.append("")
        out.append(messages.demoStoreHeading())
        out.append("  \(path)")
        out.append("  " + messages.demoStoreSize(title: Terminal.sanitize(config.title), entries: entries, collections: config.collections.count))
        out.append("")
        out.append(messages.demoVersionsHeading())
        for version in versions {
            out.append("  \(version.id.short())  \(version.date.day)  \(Terminal.sanitize(version.summary))  (\(describe(version.counts, files: version.files.count, messages: messages)))")
        }
        out.append("")
        out.append(messages.demoReleasesHeading())
        let dated = tags.map { tag in (tag, versions.first { $0.id == tag.targetID }?.date) }
            .sorted { ($0.1?.date ?? .distantPast, $0.0.name) < ($1.1?.date ?? .distantPast, $1.0.name) }
        let width = tags.map { DisplayWidth.of(Terminal.sanitize($0.name)) }.max() ?? 0
        for (tag, date) in dated {
            let name = DisplayWidth.padded(Terminal.sanitize(tag.name), to: width)
            out.append("  \(name)  \(date?.day ?? "")  \(tag.targetID.short())  \(Terminal.sanitize(firstLine(tag.message ?? "")))")
        }
        if dated.count >= 2 {
            let (old, new) = (dated[dated.count - 2].0, dated[dated.count - 1].0)
            let diff = try cli {
                try SnapshotDiffer(repository: store.repository).diff(from: .commit(old.targetID), to: .commit(new.targetID))
            }
            out.append("")
            out.append(messages.demoLastTwo(old: Terminal.sanitize(old.name), new: Terminal.sanitize(new.name)))
            out.append("  " + DiffTextRenderer.summary(diff, language: messages.language))
            // A few field changes of entries that stayed, as the full diff shows them.
            let changes = diff.entries.filter { $0.kind == .modified }.flatMap { entry in
                entry.fields.filter { $0.kind == .changed && $0.pointer != "/order" }.map { (entry, $0) }
            }
            for (entry, field) in changes.prefix(4) {
                out.append("  \(Terminal.sanitize(entry.entry.description))  \(DiffTextRenderer.fieldChange(field, language: messages.language))")
            }
        }
        // The public changelog in every format, beside the history in .git (never part of the store's files).
        let changelogFolder = report.store.appendingPathComponent(".git/chronik/changelog", isDirectory: true)
        let written: [String] = try cli {
            var options = ChangelogOptions()
            options.cacheDirectory = ChangelogOptions.defaultCacheDirectory(of: store.repository)
            let changelog = try ChangelogBuilder(repository: store.repository).build(options)
            try FileManager.default.createDirectory(at: changelogFolder, withIntermediateDirectories: true)
            return try [(ChangelogFormat.markdown, "CHANGELOG.md"), (.html, "changelog.html"), (.json, "changelog.json"), (.atom, "changelog.atom")].map { format, name in
                try Data(ChangelogRenderer.render(changelog, format: format).utf8).write(to: changelogFolder.appendingPathComponent(name), options: .atomic)
                return name
            }
        }
        out.append("")
        out.append(messages.demoChangelogHeading(changelogFolder.path))
        out.append("  " + written.joined(separator: "  "))
        // The public website (chronik publish), beside the changelog: open it from disk, or preview it with serve.
        let siteFolder = report.store.appendingPathComponent(".git/chronik/site", isDirectory: true)
        let site = try cli { try store.tip() }.map { tip throws(CLIError) in
            try PreviewSite.write(try PreviewSite.files(store: store, commit: tip, language: nil, theme: .makeDefault()), to: siteFolder)
        }
        if site != nil {
            out.append("")
            out.append(messages.demoSiteHeading(siteFolder.path))
            out.append("  open \(siteFolder.appendingPathComponent("index.html").absoluteString)")
            out.append("  chronik serve --store \(path)   # " + messages.demoServeComment())
        }
        out.append("")
        out.append(messages.demoTryHeading())
        out.append("  cd \(path)")
        let commands = ["chronik log strategy/vision", "chronik log glossary/betriebsmodell", "chronik show strategy/vision --at ambitionen",
                        "chronik diff strategieentwurf gemeinsam-digital", "chronik changelog --detail", "git log --oneline --decorate"]
        for (command, comment) in zip(commands, messages.demoTryComments()) {
            out.append("  " + command.padding(toLength: 47, withPad: " ", startingAt: 0) + "  # " + comment)
        }
        try StandardOutput.print(out.joined(separator: "\n"))
        for warning in report.warnings { Terminal.warning(messages.recordWarning(warning)) }
    }

    /// A new, empty folder under the system's temporary folder (`TMPDIR`).
    static func newTemporaryFolder(messages: any MessageCatalog) throws(CLIError) -> URL {
        let base = FileManager.default.temporaryDirectory
        for _ in 0..<100 {
            let suffix = String(UUID().uuidString.prefix(8)).lowercased()
            let url = base.appendingPathComponent("chronik-demo-\(suffix)").standardizedFileURL
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
                return url
            } catch {
                continue
            }
        }
        throw CLIError(.store, messages.cannotCreateTemporaryFolder(base.path, reason: nil))
    }
}

private func firstLine(_ text: String) -> String {
    String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
}

import ArgumentParser
import Foundation
import GitKit

/// The operations the runner times; each issue that adds a chronik feature adds its row here.
enum Row: String, ExpressibleByArgument, CaseIterable {
    case commit
    case logEntry = "log-entry"
    /// The whole history without the log cache (every version's trees compared), next to git log --name-status -M.
    case log
    /// The same with the log cache the run before left.
    case logWarm = "log-warm"
    /// chronik diff between the first and the last release tag, next to git's word diff of the same pair.
    case diff
    /// chronik diff --stat of that pair, next to git diff --stat -M.
    case diffStat = "diff-stat"
    /// The whole changelog, one group per version, with its cache deleted before each run, next to git's word
    /// diff of every commit.
    case changelogCold = "changelog-cold"
    /// The same with the cache left from the run before, next to git log --name-status -M.
    case changelogWarm = "changelog-warm"
    /// Issue 14, on a generated plain repository (no chronik.yml; release branches merged --no-ff, lightweight tags
    /// on them): the whole history without the log cache, next to git log --name-status -M.
    case plainLog = "plain-log"
    /// The same with the log cache the run before left.
    case plainLogWarm = "plain-log-warm"
    /// The changelog by release, its cache deleted before each run, next to git's word diff of every commit.
    case plainChangelogCold = "plain-changelog-cold"
    /// The same with the cache left from the run before, next to the same git command.
    case plainChangelogWarm = "plain-changelog-warm"
    /// Issue 19, on the plain repository: chronik diff between the first and the last release tag, next to git's
    /// word diff of the same pair.
    case plainDiff = "plain-diff"
    /// Issue 19: chronik diff of every pair of neighbouring releases, one after another, next to git's word diff
    /// of each pair (on a repository of a few hundred files and 20 releases, `--entries 300 --versions 2000`,
    /// start-up and reading the history weigh most).
    case plainDiffReleases = "plain-diff-releases"

    /// Whether the row runs on the plain repository rather than the store.
    var isPlain: Bool { rawValue.hasPrefix("plain-") }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Time chronik against git on a generated store and print a Markdown report on stdout.",
        discussion: """
            The store is generated once per size and seed into --work and reused afterwards (then packed with \
            `git repack -adq`, as `git gc` leaves a repository). Each row runs chronik (A) and its git peer (B) \
            once as a warm-up, then --runs times interleaved A B A B, with stdout discarded. Peak memory is the \
            child's ru_maxrss from wait4.
            """)

    @OptionGroup var shape: ShapeOptions

    @Option(help: "Timed runs per command after the warm-up.")
    var runs = 5

    @Option(help: "The chronik binary (default: the chronik next to this program).")
    var chronik: String?

    @Option(help: "Where stores are generated and cached, and where scratch copies live (default: $TMPDIR/chronik-bench).")
    var work: String?

    @Option(name: .customLong("only"), parsing: .upToNextOption, help: "Only these rows: commit, log-entry, log, log-warm, diff, diff-stat, changelog-cold, changelog-warm, plain-log, plain-log-warm, plain-changelog-cold, plain-changelog-warm, plain-diff, plain-diff-releases.")
    var only: [Row] = []

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let fm = FileManager.default
        let chronikPath = chronik.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("chronik").path
            ?? "chronik"
        guard fm.isExecutableFile(atPath: chronikPath) else {
            throw BenchError.missingTool("no chronik binary at \(chronikPath): build it (swift build -c release --scratch-path .build-bench) or pass --chronik PATH")
        }
        let git = Spawn.which("git")
        let workURL = URL(fileURLWithPath: work ?? fm.temporaryDirectory.appendingPathComponent("chronik-bench").path).standardizedFileURL
        let scratch = workURL.appendingPathComponent("scratch")
        try? fm.removeItem(at: scratch)
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        let home = workURL.appendingPathComponent("home")
        try fm.createDirectory(at: home, withIntermediateDirectories: true)

        // A hermetic environment: no user or system git config, fixed identity and date, so both tools do the same work.
        let environment: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "LANG": "C.UTF-8",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
            "GIT_AUTHOR_DATE": RunCommand.commitDate, "GIT_COMMITTER_DATE": RunCommand.commitDate,
        ]

        let options = shape.generatorOptions
        let rows = only.isEmpty ? Row.allCases : Row.allCases.filter(only.contains)
        // Each repository is prepared only when one of its rows runs: the store, and the plain repository of the same
        // size and seed.
        let prepared = rows.contains { !$0.isPlain }
            ? try prepareStore(options, workURL: workURL, git: git, environment: environment, scratch: scratch) : nil
        var plainOptions = options
        plainOptions.plain = true
        let plain = rows.contains(where: \.isPlain)
            ? try prepareStore(plainOptions, workURL: workURL, git: git, environment: environment, scratch: scratch) : nil

        var results: [RowResult] = []
        for row in rows {
            Progress.note("timing \(row.rawValue) (\(runs) runs + warm-up) ...")
            guard let (rowStore, rowManifest, _) = row.isPlain ? plain : prepared else { continue }
            results.append(try measure(row, store: rowStore, manifest: rowManifest, chronik: chronikPath, git: git,
                                       environment: environment, scratch: scratch))
        }
        let report = Report(
            label: shape.label, options: options, store: prepared.map { ($0.1, $0.2) },
            plain: plain.map { ($0.1, $0.2) }, runs: runs, machine: Machine.current(git: git), rows: results)
        print(report.markdown())
    }

    static let commitDate = "2030-01-01T10:00:00+01:00"

    /// Generates the store unless a matching one is cached, then packs it once.
    private func prepareStore(
        _ options: GeneratorOptions, workURL: URL, git: String?, environment: [String: String], scratch: URL
    ) throws -> (URL, GeneratorManifest, Generation) {
        let fm = FileManager.default
        let store = workURL.appendingPathComponent("stores/e\(options.entries)-v\(options.versions)-s\(options.seed)"
            + (options.isPlain ? "-plain" : ""))
        let packedMarker = store.appendingPathComponent(".git/chronik-bench-packed")
        if let manifest = GeneratorManifest.read(from: store), manifest.format == GeneratorManifest.currentFormat,
           manifest.options == options, fm.fileExists(atPath: packedMarker.path) {
            return (store, manifest, Generation(seconds: manifest.seconds, packSeconds: nil, cached: true))
        }
        try? fm.removeItem(at: store)
        try fm.createDirectory(at: store.deletingLastPathComponent(), withIntermediateDirectories: true)
        Progress.note("generating \(options.entries) entries, \(options.versions) versions into \(store.path) ...")
        let manifest = try StoreGenerator(options: options, root: store).run(progress: Progress.report)
        var packSeconds: Double?
        if let git {
            let start = Spawn.monotonicSeconds()
            try Spawn.check(git, ["-C", store.path, "repack", "-adq"], environment: environment, scratch: scratch)
            packSeconds = Spawn.monotonicSeconds() - start
        }
        _ = fm.createFile(atPath: packedMarker.path, contents: Data())
        return (store, manifest, Generation(seconds: manifest.seconds, packSeconds: packSeconds, cached: false))
    }

    private func measure(
        _ row: Row, store: URL, manifest: GeneratorManifest, chronik: String, git: String?,
        environment: [String: String], scratch: URL
    ) throws -> RowResult {
        let author = "Bench <bench@example.org>"
        let a: (Int) throws -> [CommandLineSpec]
        var b: ((Int) throws -> [CommandLineSpec])?
        let title: String
        let peerTitle: String
        let displayA: [CommandLineSpec]
        var displayB: [CommandLineSpec] = []
        switch row {
        case .commit:
            title = "commit one changed entry"
            peerTitle = "git add -A && git commit"
            // Each tool commits its own change in its own copy of the store, so neither sees the other's commits.
            let copyA = scratch.appendingPathComponent("commit-chronik")
            let copyB = scratch.appendingPathComponent("commit-git")
            let cp = Spawn.which("cp") ?? "/bin/cp"
            for copy in [copyA, copyB] {
                try Spawn.check(cp, ["-a", store.path, copy.path], environment: environment, scratch: scratch)
                // A copy has new inodes and ctimes, so every index entry's stat data is stale: refresh it as a fresh
                // clone or checkout would have it; otherwise each commit re-hashes every file of the store.
                if let git {
                    try Spawn.check(git, ["-C", copy.path, "update-index", "-q", "--refresh"], environment: environment, scratch: scratch)
                }
            }
            let targets = try editTargets(in: store)
            let chronikCommit = { (i: Int) in
                [CommandLineSpec(executable: chronik, arguments: [
                    "commit", "--store", copyA.path, "-m", "Bench-Änderung \(i)", "--author", author, "--date", Self.commitDate])]
            }
            a = { i in
                try Self.edit(copyA, targets[i % targets.count], run: i)
                return chronikCommit(i)
            }
            displayA = chronikCommit(1)
            if let git {
                let gitCommit = { (i: Int) in
                    [CommandLineSpec(executable: git, arguments: ["-C", copyB.path, "add", "-A"]),
                     CommandLineSpec(executable: git, arguments: ["-C", copyB.path, "commit", "-q", "-m", "Bench-Änderung \(i)"])]
                }
                b = { i in
                    try Self.edit(copyB, targets[i % targets.count], run: i)
                    return gitCommit(i)
                }
                displayB = gitCommit(1)
            }
        case .logEntry:
            title = "history of one entry"
            peerTitle = "git log --follow -- FILE"
            let entry = manifest.probeEntry
            let command = CommandLineSpec(executable: chronik, arguments: ["log", "--store", store.path, entry])
            a = { _ in [command] }
            displayA = [command]
            if let git {
                let peer = CommandLineSpec(executable: git, arguments: ["-C", store.path, "log", "--follow", "--", entry + ".md"])
                b = { _ in [peer] }
                displayB = [peer]
            }
        case .log, .logWarm, .plainLog, .plainLogWarm:
            let cold = row == .log || row == .plainLog
            title = (row.isPlain ? "plain repository: " : "") + (cold ? "whole history (no cache)" : "whole history, warm (cache)")
            peerTitle = "git log --name-status -M"
            let command = CommandLineSpec(executable: chronik, arguments: ["log", "--store", store.path] + (cold ? ["--no-cache"] : []))
            a = { _ in [command] }
            displayA = [command]
            if let git {
                let peer = CommandLineSpec(executable: git, arguments: ["-C", store.path, "log", "--name-status", "-M"])
                b = { _ in [peer] }
                displayB = [peer]
            }
        case .plainDiffReleases:
            let tags = try Self.releaseTags(store)
            guard tags.count >= 2 else { throw BenchError.usage("the repository needs at least two tags for \(row.rawValue)") }
            let pairs = zip(tags, tags.dropFirst()).map { ($0, $1) }
            title = "plain repository: diff of each of the \(pairs.count) pairs of neighbouring releases"
            peerTitle = "git diff --word-diff A B, each pair"
            let commands = pairs.map { CommandLineSpec(executable: chronik, arguments: ["diff", "--store", store.path, $0.0, $0.1]) }
            a = { _ in commands }
            displayA = [commands[0]]
            if let git {
                let peers = pairs.map { CommandLineSpec(executable: git, arguments: ["-C", store.path, "diff", "--word-diff", $0.0, $0.1]) }
                b = { _ in peers }
                displayB = [peers[0]]
            }
        case .diff, .diffStat, .plainDiff:
            let (first, last) = try Self.firstAndLastTag(store)
            let stat = row == .diffStat
            title = (row.isPlain ? "plain repository: " : "") + (stat ? "diff --stat, first..last tag" : "diff, first..last tag (word by word)")
            peerTitle = stat ? "git diff --stat -M A B" : "git diff --word-diff A B"
            let command = CommandLineSpec(executable: chronik, arguments: ["diff", "--store", store.path, first, last] + (stat ? ["--stat"] : []))
            a = { _ in [command] }
            displayA = [command]
            if let git {
                let peer = CommandLineSpec(executable: git, arguments: ["-C", store.path, "diff"] + (stat ? ["--stat", "-M"] : ["--word-diff"]) + [first, last])
                b = { _ in [peer] }
                displayB = [peer]
            }
        case .changelogCold, .changelogWarm:
            let cold = row == .changelogCold
            title = cold ? "changelog, every version, cold (no cache)" : "changelog, every version, warm (cache)"
            peerTitle = cold ? "git log -p --word-diff=porcelain" : "git log --name-status -M"
            let command = CommandLineSpec(executable: chronik, arguments: [
                "changelog", "--store", store.path, "--by", "commit", "--format", "json"])
            let cache = store.appendingPathComponent(".git/chronik/changelog-cache")
            a = { _ in
                if cold { try? FileManager.default.removeItem(at: cache) }
                return [command]
            }
            displayA = [command]
            if let git {
                let peer = CommandLineSpec(executable: git, arguments: ["-C", store.path, "log"]
                    + (cold ? ["-p", "--word-diff=porcelain"] : ["--name-status", "-M"]))
                b = { _ in [peer] }
                displayB = [peer]
            }
        case .plainChangelogCold, .plainChangelogWarm:
            // Issue 14's goals: cold no slower than git's word-diff log, warm at most a tenth of cold; so both are
            // set against the same git command.
            let cold = row == .plainChangelogCold
            title = "plain repository: changelog by release, " + (cold ? "cold (no cache)" : "warm (cache)")
            peerTitle = "git log -p --word-diff=porcelain"
            let command = CommandLineSpec(executable: chronik, arguments: [
                "changelog", "--store", store.path, "--by", "release", "--format", "json"])
            let cache = store.appendingPathComponent(".git/chronik/changelog-cache")
            a = { _ in
                if cold { try? FileManager.default.removeItem(at: cache) }
                return [command]
            }
            displayA = [command]
            if let git {
                let peer = CommandLineSpec(executable: git, arguments: ["-C", store.path, "log", "-p", "--word-diff=porcelain"])
                b = { _ in [peer] }
                displayB = [peer]
            }
        }

        var timesA: [Measurement] = []
        var timesB: [Measurement] = []
        let stderrA = scratch.appendingPathComponent("\(row.rawValue)-chronik.stderr").path
        let stderrB = scratch.appendingPathComponent("\(row.rawValue)-peer.stderr").path
        // A plain-repository row whose chronik command fails (a chronik that still refuses plain repositories) is
        // reported as failing, and git is still timed; any other failure stops the run.
        var chronikFailure: String?
        for i in 0...runs {
            var mA: Measurement?
            if chronikFailure == nil {
                let m = Spawn.run(try a(i), environment: environment, stderrPath: stderrA)
                if let failure = m.failure {
                    guard row.isPlain else { throw BenchError.helperFailed("\(title), chronik: \(failure)") }
                    chronikFailure = failure
                } else {
                    mA = m
                }
            }
            var mB: Measurement?
            if let b {
                let m = Spawn.run(try b(i), environment: environment, stderrPath: stderrB)
                if let failure = m.failure { throw BenchError.helperFailed("\(title), git: \(failure)") }
                mB = m
            }
            if i == 0 { continue } // warm-up
            if let mA { timesA.append(mA) }
            if let mB { timesB.append(mB) }
        }
        return RowResult(
            title: title, peerTitle: peerTitle, chronik: Stats(timesA), peer: git == nil ? nil : Stats(timesB),
            chronikCommands: displayA.map(\.display), peerCommands: displayB.map(\.display), missingPeer: git == nil ? "git" : nil,
            chronikFailure: chronikFailure)
    }

    /// The oldest and the newest release tag (by tag date, then name).
    private static func firstAndLastTag(_ store: URL) throws -> (String, String) {
        let tags = try releaseTags(store)
        guard let first = tags.first, let last = tags.last, first != last else {
            throw BenchError.usage("the store needs at least two tags for the diff rows")
        }
        return (first, last)
    }

    /// The tags, oldest first (by tagger date, then name: the generator's lightweight tags have no date and are
    /// numbered in order).
    private static func releaseTags(_ store: URL) throws -> [String] {
        try Repository(at: store).tags().sorted {
            ($0.tagger?.date ?? .distantPast, $0.name) < ($1.tagger?.date ?? .distantPast, $1.name)
        }.map(\.name)
    }

    /// Entries whose bodies the commit row edits, one per run: files of the faq collection in name order.
    private func editTargets(in store: URL) throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("faq").path)
            .filter { $0.hasSuffix(".md") }.sorted()
        guard !files.isEmpty else { throw BenchError.usage("the store has no faq entries to edit") }
        return files.map { "faq/" + $0 }
    }

    /// Appends one sentence to an entry's body (an untimed step before each commit).
    private static func edit(_ copy: URL, _ path: String, run: Int) throws {
        let url = copy.appendingPathComponent(path)
        var data = try Data(contentsOf: url)
        data.append(Data("\nNachtrag \(run + 1) der Benchmark-Fassung.\n".utf8))
        try data.write(to: url)
    }
}

struct Generation {
    var seconds: Double
    var packSeconds: Double?
    var cached: Bool
}

extension Progress {
    /// A line on stderr, only when it is a terminal.
    static func note(_ text: String) {
        guard isatty(2) == 1 else { return }
        FileHandle.standardError.write(Data("chronik-bench: \(text)\n".utf8))
    }
}

import ArgumentParser
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Build a chronik store with a seeded history in DIR (which must be missing or empty).")

    @OptionGroup var shape: ShapeOptions

    @Flag(help: "Afterwards pack the objects (`git repack -adq`), as `git gc` would; timed separately.")
    var pack = false

    @Flag(help: "Afterwards check the store (as `chronik-bench verify` does).")
    var verify = false

    @Flag(help: "A plain repository instead of a store: no chronik.yml or schemas; each release a branch release/NNN with a fix and a lightweight tag, merged --no-ff into main.")
    var plain = false

    @Argument(help: "The directory of the new store.")
    var directory: String

    func run() throws {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        var options = shape.generatorOptions
        if plain { options.plain = true }
        let manifest = try StoreGenerator(options: options, root: url).run(progress: Progress.report)
        print("Generated \(url.path): \(options.entries) entries, \(options.versions) versions (seed \(options.seed)) in "
            + String(format: "%.1f s", manifest.seconds)
            + String(format: " (model and git fast-import %.1f s, checkout %.1f s)", manifest.importSeconds ?? 0, manifest.checkoutSeconds ?? 0)
            + "; \(manifest.finalEntries) entries at HEAD \(manifest.head.prefix(12)), \(manifest.tags) release tags"
            + (plain ? " (lightweight, on merged release branches)" : ""))
        if pack {
            guard let git = Spawn.which("git") else { throw BenchError.missingTool("git is not on PATH") }
            let start = Spawn.monotonicSeconds()
            try Spawn.check(git, ["-C", url.path, "repack", "-adq"], environment: ProcessInfo.processInfo.environment,
                            scratch: FileManager.default.temporaryDirectory)
            print(String(format: "Packed in %.1f s", Spawn.monotonicSeconds() - start))
        }
        if verify {
            let problems = try StoreVerifier(root: url).verify(plain: plain)
            guard problems.isEmpty else { throw BenchError.verification(problems) }
            print(plain ? "Verified: git fsck --full, git status clean, no chronik.yml"
                : "Verified: git fsck --full, git status clean, every entry valid, every reference resolves")
        }
    }
}

/// Progress on stderr, only when it is a terminal.
enum Progress {
    static func report(_ done: Int, _ total: Int) {
        guard isatty(2) == 1 else { return }
        FileHandle.standardError.write(Data("\r  \(done)/\(total) versions".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

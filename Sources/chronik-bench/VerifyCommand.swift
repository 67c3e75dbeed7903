import ArgumentParser
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a generated store (fsck, clean status, entries valid against their schemas, references resolve); "
            + "with --determinism, also check that the same seed gives the same commits.")

    @Flag(help: "Generate two small stores with the same seed in a temporary folder and compare their HEAD commits.")
    var determinism = false

    @Argument(help: "A store made by `chronik-bench generate`.")
    var directory: String?

    func validate() throws {
        if directory == nil && !determinism { throw ValidationError("name a store to verify, or pass --determinism") }
    }

    func run() throws {
        if let directory {
            let url = URL(fileURLWithPath: directory).standardizedFileURL
            let problems = try StoreVerifier(root: url).verify()
            guard problems.isEmpty else { throw BenchError.verification(problems) }
            print("\(url.path): git fsck --full passes, git status is clean, every entry is valid and every reference resolves")
        }
        if determinism {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-bench-determinism-\(getpid())")
            defer { try? FileManager.default.removeItem(at: base) }
            let options = GeneratorOptions(entries: 70, versions: 120, seed: 42, releaseEvery: 50)
            let first = try StoreGenerator(options: options, root: base.appendingPathComponent("a")).run()
            let second = try StoreGenerator(options: options, root: base.appendingPathComponent("b")).run()
            let other = try StoreGenerator(options: GeneratorOptions(entries: 70, versions: 120, seed: 43, releaseEvery: 50),
                                           root: base.appendingPathComponent("c")).run()
            var problems = try StoreVerifier(root: base.appendingPathComponent("a")).verify()
            if first.head != second.head { problems.append("seed 42 gave two different HEADs: \(first.head) and \(second.head)") }
            if first.head == other.head { problems.append("seeds 42 and 43 gave the same HEAD \(first.head)") }
            if first.tags != 2 { problems.append("expected 2 release tags for 120 versions every 50, got \(first.tags)") }
            guard problems.isEmpty else { throw BenchError.verification(problems) }
            print("Deterministic: seed 42 twice gives HEAD \(first.head.prefix(12)); seed 43 differs; the store verifies")
        }
    }
}

import ArgumentParser
import ChronikStore
import Foundation

/// Times reading the fields of every entry of a store with the byte reader for the common subset (what chronik uses,
/// `FrontMatterFastReader`), with libyaml's events and with the reference reader (`Yams.compose` and its node tree), in
/// one process, rounds alternating, so that a loaded machine slows all alike (issue 19). The files are read into
/// memory first: only parsing is timed, on one thread.
struct FrontMatterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontmatter",
        abstract: "Time the front matter readers (bytes, libyaml events, the Yams node tree) on every entry of a store.")

    @Option(help: "Rounds of each reader, alternating.")
    var rounds = 5

    @Argument(help: "A store, e.g. one made by `chronik-bench generate`.")
    var directory: String

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var files: [[UInt8]] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent == ".git" { enumerator?.skipDescendants(); continue }
            if url.pathExtension == "md" { files.append([UInt8](try Data(contentsOf: url))) }
        }
        var fast: [Double] = []
        var events: [Double] = []
        var reference: [Double] = []
        var mismatches = 0
        for _ in 0..<rounds {
            fast.append(cpuSeconds { for bytes in files { _ = try? EntryDocument.parseFields(bytes) } })
            events.append(cpuSeconds { for bytes in files { _ = try? EntryDocument.parseFieldsWithEventReader(bytes) } })
            reference.append(cpuSeconds { for bytes in files { _ = try? EntryDocument.parseFieldsWithReferenceReader(bytes) } })
        }
        for bytes in files {
            let b = Result { () throws(FrontMatterError) in try EntryDocument.parseFieldsWithReferenceReader(bytes) }
            for a in [Result { () throws(FrontMatterError) in try EntryDocument.parseFields(bytes) },
                      Result { () throws(FrontMatterError) in try EntryDocument.parseFieldsWithEventReader(bytes) }] {
                switch (a, b) {
                case let (.success(x), .success(y)) where x.fields == y.fields && x.locations == y.locations: break
                case let (.failure(x), .failure(y)) where x == y: break
                default: mismatches += 1
                }
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let f = median(fast), e = median(events), r = median(reference)
        print("\(files.count) files, \(rounds) rounds each, CPU time of one thread, median (min–max):")
        print(String(format: "  bytes (subset): %.1f ms (%.1f–%.1f), %.1f µs a file", f * 1000, fast.min()! * 1000, fast.max()! * 1000, f * 1e6 / Double(max(files.count, 1))))
        print(String(format: "  libyaml events: %.1f ms (%.1f–%.1f), %.1f µs a file", e * 1000, events.min()! * 1000, events.max()! * 1000, e * 1e6 / Double(max(files.count, 1))))
        print(String(format: "  Yams node tree: %.1f ms (%.1f–%.1f), %.1f µs a file", r * 1000, reference.min()! * 1000, reference.max()! * 1000, r * 1e6 / Double(max(files.count, 1))))
        print(String(format: "  bytes / events: %.2f, events / node tree: %.2f; files read differently: %d", f / e, e / r, mismatches))
        if mismatches > 0 { throw ExitCode.failure }
    }

    /// The CPU time of the calling thread spent in `body`.
    private func cpuSeconds(_ body: () -> Void) -> Double {
        func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        let start = now()
        body()
        return now() - start
    }
}

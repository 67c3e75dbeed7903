import Foundation
import Testing

/// Start-up (issue 19): on Linux chronik does not link libgit2 but opens it on first use (CLibGit2Loader), and GitKit
/// opens a plain repository and reads references, commits, trees and configuration itself, so `--version` and
/// `log -n1` do not load libgit2 (or its fifteen libraries) at all, nor do `status` and `validate` of a clean working
/// tree or the commit of a changed entry (`PlainCommit`), while a commit of a new entry does, and works.
/// Which libraries a run loads is glibc's own report (`LD_DEBUG=files`, on standard error).
@Suite struct StartUpTests {
    #if os(Linux)
    private func loadsLibGit2(_ box: Sandbox, _ arguments: [String], in directory: URL? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let result = try box.chronik(arguments, in: directory, extraEnvironment: ["LD_DEBUG": "files"])
        #expect(result.status == 0, "\(arguments) \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("file=libc.so.6"), "LD_DEBUG reports nothing", sourceLocation: sourceLocation)
        return result.stderr.contains("file=libgit2.so")
    }

    @Test func readOnlyRunsDoNotLoadLibGit2AndAWriteDoes() throws {
        let box = try Sandbox()
        let store = try box.sample()
        #expect(try !loadsLibGit2(box, ["--version"]))
        #expect(try !loadsLibGit2(box, ["log", "--limit", "1"], in: store))
        #expect(try !loadsLibGit2(box, ["log", "--limit", "1", "--format", "json"], in: store.appendingPathComponent("faq")))
        #expect(try !loadsLibGit2(box, ["log", "--store", store.path, "--limit", "2"]))
        let log = try box.chronik(["log", "--limit", "3", "--format", "json"], in: store)
        // A status and a validate of a clean working tree compare it with the tip through GitKit's own index reader
        // (`PlainCommit`); an untracked file (which the ignore rules decide on) is libgit2's.
        #expect(try !loadsLibGit2(box, ["status"], in: store))
        #expect(try !loadsLibGit2(box, ["validate"], in: store))
        try Data("x\n".utf8).write(to: store.appendingPathComponent("notiz.txt"))
        #expect(try loadsLibGit2(box, ["status"], in: store))
        try FileManager.default.removeItem(at: store.appendingPathComponent("notiz.txt"))
        let faq = try #require(try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("faq").path)
            .filter { $0.hasSuffix(".md") }.sorted().first)
        let handle = try FileHandle(forWritingTo: store.appendingPathComponent("faq/" + faq))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nNoch ein Satz.\n".utf8))
        try handle.close()
        // A changed entry is committed by GitKit itself (`PlainCommit`); a new one (an untracked file, which the
        // ignore rules decide on) by libgit2.
        #expect(try !loadsLibGit2(box, ["commit", "-m", "Neu", "--author", "A <a@example.org>", "--date", "2024-01-01T10:00:00Z"], in: store))
        try FileManager.default.copyItem(at: store.appendingPathComponent("faq/" + faq), to: store.appendingPathComponent("faq/noch-eine-frage.md"))
        #expect(try loadsLibGit2(box, ["commit", "-m", "Neu 2", "--author", "A <a@example.org>", "--date", "2024-01-01T10:00:00Z"], in: store))
        let after = try box.chronik(["log", "--limit", "5", "--format", "json"], in: store)
        #expect(after.status == 0 && after.stdout.contains("\"Neu"), "\(after)")
        #expect(log.status == 0 && !log.stdout.isEmpty)
        let git = try box.git(["log", "-5", "--format=%H"], in: store)
        for id in git.stdout.split(separator: "\n") { #expect(after.stdout.contains(String(id)), "\(id)") }
    }

    /// mimalloc is the allocator of chronik's run (Package.swift): the dynamic linker's own report of its symbol
    /// bindings (`LD_DEBUG=bindings`) binds every reference to malloc and its kin (chronik's, the Swift runtime's in a
    /// build with shared Swift libraries, libc's own, libcmark-gfm's) to libmimalloc, none to libc; a publish, which
    /// loads libgit2 and runs threads, works so.
    @Test func mimallocIsTheAllocator() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let names = ["malloc", "free", "calloc", "realloc", "posix_memalign", "aligned_alloc", "malloc_usable_size"]
        for arguments in [["--version"], ["publish", "-o", box.url("site").path]] {
            // Every symbol bound when its library is loaded (LD_BIND_NOW), not lazily on first call by whichever
            // thread calls it: the linker writes a report in pieces, and two threads' reports interleave.
            let result = try box.chronik(arguments, in: store, extraEnvironment: ["LD_DEBUG": "bindings", "LD_BIND_NOW": "1"])
            #expect(result.status == 0, "\(arguments) \(result.stdout)")
            let reports = result.stderr.split(separator: "\n").flatMap { line in
                line.split(separator: "binding file ", omittingEmptySubsequences: true).dropFirst(line.hasPrefix("binding file ") ? 0 : 1)
            }
            let bindings = reports.filter { report in names.contains { report.contains("normal symbol `\($0)'") } }
            // "<from> [0] to <to> [0]: normal symbol `malloc' [GLIBC_2.2.5]" (after "binding file ")
            func target(_ report: Substring) -> Substring? {
                guard let to = report.range(of: "] to "), let end = report.range(of: " [", range: to.upperBound..<report.endIndex) else { return nil }
                return report[to.upperBound..<end.lowerBound]
            }
            let elsewhere = bindings.filter { !(target($0)?.hasSuffix("/libmimalloc.so.2") ?? false) }
            #expect(bindings.contains { $0.contains("symbol `malloc'") }, "\(arguments): no binding of malloc")
            #expect(bindings.count >= 4 && elsewhere.isEmpty, "\(arguments): \(bindings.count) bindings, elsewhere: \(elsewhere.prefix(5))")
        }
        #expect(FileManager.default.fileExists(atPath: box.url("site/index.html").path))
    }
    #endif

    /// `chronik log -n1`, as the issue and git write it: `-n N` and `-nN` are `--limit N`.
    @Test func logTakesGitsCountOption() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let limit = try box.chronik(["log", "--limit", "2"], in: store)
        #expect(limit.status == 0 && !limit.stdout.isEmpty)
        for arguments in [["log", "-n2"], ["log", "-n", "2"], ["-P", "log", "-n2"]] {
            let run = try box.chronik(arguments, in: store)
            #expect(run.status == 0 && run.stdout == limit.stdout && run.stderr.isEmpty, "\(arguments) \(run)")
        }
        // After `--`, or elsewhere than `log`, it stays what it was.
        #expect(try box.chronik(["log", "--", "-n2"], in: store).status != 0)
        #expect(try box.chronik(["status", "-n2"], in: store).status == 2)
    }
}

import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// A fresh temporary folder (not created: the writer's target lives in it).
private func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-writer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Every file below `root` (hidden ones too), path -> bytes.
func readTree(_ root: URL) throws -> [String: [UInt8]] {
    var out: [String: [UInt8]] = [:]
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
    for case let url as URL in walker {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        let path = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        out[path] = Array(try Data(contentsOf: url))
    }
    return out
}

private func site(_ pairs: [(String, String)]) -> SiteFiles {
    var files = SiteFiles()
    for (path, text) in pairs { files.add(path, text: text) }
    return files
}

private func inode(_ path: String) -> UInt64 {
    var info = stat()
    return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
}

@Suite struct SiteWriterTests {
    let first = site([("index.html", "home"), ("a/index.html", "a"), ("a/b/index.html", "b"), ("assets/chronik.css", "css"),
                      ("gone.html", "gone")])
    let second = site([("index.html", "home 2"), ("a/index.html", "a"), ("a/b/index.html", "b"), ("assets/chronik.css", "css"),
                       ("new/index.html", "new")])

    @Test func writesANewSiteWithItsManifest() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        let result = try SiteWriter(target: target).write(first)
        #expect(result == SiteWriteResult(written: 5, unchanged: 0, removed: 0, total: 5))
        let tree = try readTree(target)
        #expect(Set(tree.keys) == Set(first.files.keys).union([SiteWriter.manifestName]))
        #expect(tree["a/b/index.html"] == Array("b".utf8))
        let manifest = String(decoding: tree[SiteWriter.manifestName] ?? [], as: UTF8.self)
        #expect(manifest.contains("\"generator\": \"chronik\"") && manifest.contains("{\"path\": \"a/b/index.html\", \"checksum\": \""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"], "no temporary folder left")
    }

    /// A second write rewrites only what changed (unchanged files keep their inode) and gives the same bytes as a
    /// full write into a new folder.
    @Test func incrementalWriteIsByteIdenticalToAFullOne() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try SiteWriter(target: target).write(first)
        let before = inode(target.path + "/a/b/index.html")
        let result = try SiteWriter(target: target).write(second)
        #expect(result == SiteWriteResult(written: 2, unchanged: 3, removed: 1, total: 5))
        #expect(inode(target.path + "/a/b/index.html") == before, "an unchanged file is not rewritten")
        let full = dir.appendingPathComponent("full")
        _ = try SiteWriter(target: full).write(second)
        #expect(try readTree(target) == readTree(full))
        #expect(!FileManager.default.fileExists(atPath: target.path + "/gone.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["full", "site"])
    }

    /// A file whose fingerprint is the last publish's but whose published bytes were altered is rendered again; what
    /// its rendering reads on demand (`SitePlan.Item.prepare`: a release page's changes, inc15c) is read first, on the
    /// writing thread, so that a failure there is the write's error and the old site stays — never a trap in a renderer.
    @Test func aFileToRenderAgainIsPreparedFirstAndItsFailureIsAnError() throws {
        final class Flag: @unchecked Sendable { var prepared = false }
        struct Unreadable: Error {}
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        func plan(prepare: @escaping () throws -> Void, render: @escaping () -> String) -> SitePlan {
            var plan = SitePlan()
            plan.add("index.html", input: SiteFingerprint { $0.add("home") }, text: render)
            plan.add("a/index.html", input: SiteFingerprint { $0.add("a") }, text: { "a" })
            plan.setPrepare("index.html", prepare)
            return plan
        }
        let (_, records) = try SiteWriter(target: target).write(plan(prepare: {}, render: { "home" }), previous: nil)
        var previous = SitePublishCache()
        previous.table = records
        try Data("edited".utf8).write(to: target.appendingPathComponent("index.html"))
        let altered = try readTree(target)

        #expect(throws: Unreadable.self) {
            _ = try SiteWriter(target: target).write(plan(prepare: { throw Unreadable() }, render: {
                Issue.record("rendered without being prepared")
                return "home"
            }), previous: previous)
        }
        #expect(try readTree(target) == altered, "the old site stays as it was")

        let flag = Flag()
        let (result, _) = try SiteWriter(target: target).write(plan(prepare: { flag.prepared = true }, render: {
            #expect(flag.prepared, "prepared before it is rendered")
            return "home"
        }), previous: previous)
        #expect(flag.prepared && result.written == 1 && result.kept == 1)
        #expect(try readTree(target)["index.html"] == Array("home".utf8))
    }

    /// A file's `prepare` runs until it succeeds once (the publisher and then the writer ask it): a failure is asked
    /// again, a success is not run again, by the plan or by the writer.
    @Test func aPrepareRunsUntilItSucceedsOnce() throws {
        final class Count: @unchecked Sendable {
            var runs = 0
            var fails = true
        }
        struct Unreadable: Error {}
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = Count()
        var plan = SitePlan()
        for k in 0..<100 { plan.add("\(k)/index.html", input: nil, text: { "\(k)" }) }
        plan.setPrepare("7/index.html") {
            count.runs += 1
            if count.fails { throw Unreadable() }
        }
        plan.setPrepare("missing.html") { Issue.record("a path the plan does not have") }
        #expect(throws: Unreadable.self) { try plan.prepare(keeping: nil) }
        #expect(throws: Unreadable.self) { _ = try SiteWriter(target: dir.appendingPathComponent("site")).write(plan, previous: nil) }
        #expect(count.runs == 2)
        count.fails = false
        try plan.prepare(keeping: nil)
        #expect(count.runs == 3)
        let (result, _) = try SiteWriter(target: dir.appendingPathComponent("site")).write(plan, previous: nil)
        try plan.prepare(keeping: nil)
        #expect(count.runs == 3 && result.written == 100)
    }

    /// A spill file that does not give back what was written to it (a failing disk; here /dev/null put in its place):
    /// the page read from it gets zeros, not a trap, and the writer's check before the swap fails the publish with an
    /// error; the old site stays byte for byte and no temporary folder is left.
    @Test func aSpillFileThatCannotBeReadBackFailsThePublishAndKeepsTheOldSite() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try SiteWriter(target: target).write(first)
        let before = try readTree(target)

        let spill = try #require(SiteHistorySpill())
        // More than the spill's buffer, so the first bytes are in the file and read from it.
        let body = SiteText(String(repeating: "Wort ", count: 300_000), spill: spill)
        #expect(body.isSpilled && body.spill === spill)
        #expect(body.text.hasPrefix("Wort Wort"))
        try spill.checkReads()

        let null = open("/dev/null", O_RDONLY)
        try #require(null >= 0)
        #expect(dup2(null, spill.descriptor) == spill.descriptor)
        close(null)
        #expect(body.text.utf8.allSatisfy { $0 == 0 }, "zeros, never the words of another offset")
        #expect(throws: SiteWriterError.temporaryFileUnreadable(reason: String(cString: strerror(EIO)))) { try spill.checkReads() }

        var plan = SitePlan()
        plan.add("index.html", input: nil, text: { body.text })
        plan.addCheck { try spill.checkReads() }
        #expect(throws: SiteWriterError.temporaryFileUnreadable(reason: String(cString: strerror(EIO)))) {
            _ = try SiteWriter(target: target).write(plan, previous: nil)
        }
        #expect(try readTree(target) == before, "the old site stays as it was")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("chronik-new") }
        #expect(left.isEmpty, "no temporary folder left: \(left)")

        // A model's spill files are found for the check, each once.
        var model = SiteFixture.model()
        try #require(model.collections[0].entries.count >= 2)
        model.collections[0].entries[0].bodyText = body
        model.collections[0].entries[1].bodyText = body
        #expect(model.spills.count == 1 && model.spills[0] === spill)
        var checked = SitePlan()
        checked.addSpillChecks(of: model)
        #expect(checked.checks.count == 1)
        var merged = SitePlan()
        merged.merge(checked, prefix: "releases/r1/")
        #expect(merged.checks.count == 1)
    }

    /// A file edited in the published folder is written again, even though the manifest says it is unchanged.
    @Test func anEditedFileIsRewritten() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try SiteWriter(target: target).write(first)
        try Data("edited".utf8).write(to: target.appendingPathComponent("a/index.html"))
        let result = try SiteWriter(target: target).write(first)
        #expect(result.written == 1 && result.unchanged == 4)
        #expect(try readTree(target)["a/index.html"] == Array("a".utf8))
    }

    @Test func refusesWhatIsNotASiteAndWritesNothing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file")
        try Data("mine".utf8).write(to: file)
        #expect(throws: SiteWriterError.targetNotAFolder(path: file.path)) { try SiteWriter(target: file).write(first) }
        #expect(try Data(contentsOf: file) == Data("mine".utf8))

        let folder = dir.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link"), withDestinationURL: folder)
        #expect(throws: SiteWriterError.targetNotAFolder(path: dir.appendingPathComponent("link").path)) {
            try SiteWriter(target: dir.appendingPathComponent("link")).write(first)
        }

        let foreign = dir.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("thesis".utf8).write(to: foreign.appendingPathComponent("thesis.tex"))
        #expect(throws: SiteWriterError.notASite(path: foreign.path)) { try SiteWriter(target: foreign).write(first) }
        #expect(try readTree(foreign) == ["thesis.tex": Array("thesis".utf8)])

        #expect(throws: SiteWriterError.targetNotAFolder(path: "/dev/null")) { try SiteWriter(target: URL(fileURLWithPath: "/dev/null")).write(first) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["file", "folder", "foreign", "link"],
                "no temporary folder left")

        // An empty folder is fine.
        _ = try SiteWriter(target: folder).write(first)
        #expect(try readTree(folder).count == 6)
    }

    /// The temporary folder of a publish that was killed is removed by the next one; one of a running process is not.
    @Test func abandonedTemporaryFoldersAreRemoved() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Process ids above the kernel's limit (4194304) never run.
        let abandoned = dir.appendingPathComponent(".site.chronik-new-99999999-42")
        let running = dir.appendingPathComponent(".site.chronik-new-\(getpid())-42")
        let other = dir.appendingPathComponent(".other.chronik-new-99999999-42")
        for folder in [abandoned, running, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        _ = try SiteWriter(target: dir.appendingPathComponent("site")).write(first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [running.lastPathComponent, other.lastPathComponent, "site"].sorted())
    }

    /// A full disk part-way: a clear error, the old site as it was, no temporary folder.
    @Test func aFullDiskLeavesTheOldSite() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try SiteWriter(target: target).write(first)
        let before = try readTree(target)
        let counter = Counter()
        let failing = SiteWriter(target: target) { descriptor, bytes in
            counter.next() >= 1 ? ENOSPC : Descriptor.writeAll(descriptor, bytes)
        }
        do {
            _ = try failing.write(second)
            Issue.record("the write did not fail")
        } catch let error as SiteWriterError {
            #expect(error.isNoSpace, "\(error)")
            #expect(error.description.contains("No space left on device") && error.description.contains("previous site is unchanged"))
        }
        #expect(try readTree(target) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
    }
}

/// The spare (`SiteWriter.keepsSpare`): the site replaced last, kept beside the target, from which the next write
/// makes its site by replacing only what differs. Each write is held to a write of the same files into a new folder.
@Suite struct SiteWriterSpareTests {
    let first = site([("index.html", "home"), ("a/index.html", "a"), ("a/b/index.html", "b"), ("assets/chronik.css", "css"),
                      ("gone.html", "gone"), ("old/x/index.html", "x")])
    let second = site([("index.html", "home 2"), ("a/index.html", "a"), ("a/b/index.html", "b"), ("assets/chronik.css", "css"),
                       ("new/index.html", "new")])
    let third = site([("index.html", "home 3"), ("a/index.html", "a 3"), ("a/b/index.html", "b"), ("assets/chronik.css", "css"),
                      ("new/index.html", "new"), ("old", "a file where a folder was")])

    private func writer(_ target: URL) -> SiteWriter { SiteWriter(target: target, keepsSpare: true) { Descriptor.writeAll($0, $1) } }

    private func expectSameAsFull(_ files: SiteFiles, at target: URL, in dir: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let full = dir.appendingPathComponent("full")
        _ = try SiteWriter(target: full).write(files)
        #expect(try readTree(target) == readTree(full), sourceLocation: sourceLocation)
        try FileManager.default.removeItem(at: full)
    }

    @Test func theReplacedSiteBecomesTheNextOnesStart() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site"), spare = dir.appendingPathComponent(SiteWriter.spareName("site"))
        _ = try writer(target).write(first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"], "no site replaced, no spare")
        let firstTree = try readTree(target)
        let result = try writer(target).write(second)
        #expect(result == SiteWriteResult(written: 2, unchanged: 3, removed: 2, total: 5))
        #expect(try readTree(spare) == firstTree, "the spare is the replaced site, manifest and all")
        try expectSameAsFull(second, at: target, in: dir)

        // The third site is made from the spare (the first): its unchanged file is the spare's, not a new one.
        let spareInode = inode(spare.path + "/a/b/index.html")
        let secondTree = try readTree(target)
        let third = try writer(target).write(self.third)
        #expect(third == SiteWriteResult(written: 3, unchanged: 3, removed: 0, total: 6))
        #expect(inode(target.path + "/a/b/index.html") == spareInode)
        try expectSameAsFull(self.third, at: target, in: dir)
        #expect(try readTree(spare) == secondTree)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [spare.lastPathComponent, "site"])

        // Back to the first site, from the second.
        let thirdTree = try readTree(target)
        _ = try writer(target).write(first)
        try expectSameAsFull(first, at: target, in: dir)
        #expect(try readTree(spare) == thirdTree)
    }

    /// A spare changed behind chronik's back: a file of another size is replaced; a folder where a file goes, or a
    /// spare without its manifest, is dropped and the site built anew. Each time the site is what a full write gives.
    @Test func aSpareThatIsNotWhatItsManifestSaysIsNotTrusted() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site"), spare = dir.appendingPathComponent(SiteWriter.spareName("site"))
        _ = try writer(target).write(first)
        _ = try writer(target).write(second)
        try Data("edited".utf8).write(to: spare.appendingPathComponent("a/b/index.html"))
        _ = try writer(target).write(third)
        try expectSameAsFull(third, at: target, in: dir)

        try FileManager.default.removeItem(at: spare.appendingPathComponent("index.html"))
        try FileManager.default.createDirectory(at: spare.appendingPathComponent("index.html/in-the-way"), withIntermediateDirectories: true)
        _ = try writer(target).write(second)
        try expectSameAsFull(second, at: target, in: dir)

        try FileManager.default.removeItem(at: spare.appendingPathComponent(SiteWriter.manifestName))
        _ = try writer(target).write(first)
        try expectSameAsFull(first, at: target, in: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [spare.lastPathComponent, "site"])
    }

    /// A spare's file rewritten behind chronik's back with bytes of the same size (in place, or replaced by a new
    /// file), or the old site's: its manifest and size still say it is the kept file, so only its change time tells
    /// (`SiteWriter.keptSince`): it is not kept, and the site is what a full write gives. Sites whose files keep the
    /// first site's bytes (`first`, `second` and `third` share `a/b/index.html` and the stylesheet).
    @Test(arguments: [false, true])
    func aFileRewrittenAtTheSameSizeIsNotKept(inPlace: Bool) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site"), spare = dir.appendingPathComponent(SiteWriter.spareName("site"))
        func rewrite(_ file: URL, _ text: String) throws {
            if inPlace {
                let handle = try FileHandle(forWritingTo: file)
                try handle.write(contentsOf: Data(text.utf8))
                try handle.close()
            } else {
                try FileManager.default.removeItem(at: file)
                try Data(text.utf8).write(to: file)
            }
        }
        func keyed(_ files: SiteFiles) -> SitePlan {
            var plan = SitePlan()
            for (path, bytes) in files.files { plan.add(path, input: SiteFingerprint { $0.add(bytes) }) { bytes } }
            return plan
        }
        var previous = SitePublishCache()
        for (round, files) in [first, second, third, second, first, third].enumerated() {
            // Each time one kept file of the spare and one of the old site, the same size, other bytes.
            if round >= 2 {
                // Later than the last write's end by more than a clock tick (the test is not about the tick).
                Thread.sleep(forTimeInterval: 0.02)
                try rewrite(spare.appendingPathComponent("a/b/index.html"), "B")
                try rewrite(target.appendingPathComponent("assets/chronik.css"), "CSS")
            }
            let written = try writer(target).write(keyed(files), previous: round == 0 ? nil : previous)
            previous.table = written.records
            try expectSameAsFull(files, at: target, in: dir)
        }
    }

    /// A full disk part-way through a write from the spare: the old site as it was, the spare gone (it was half
    /// changed), no temporary folder; the next write builds anew.
    @Test func aFullDiskLeavesTheOldSite() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try writer(target).write(first)
        _ = try writer(target).write(second)
        let before = try readTree(target)
        let counter = Counter()
        let failing = SiteWriter(target: target, keepsSpare: true) { descriptor, bytes in
            counter.next() >= 1 ? ENOSPC : Descriptor.writeAll(descriptor, bytes)
        }
        #expect(throws: SiteWriterError.self) { try failing.write(third) }
        #expect(try readTree(target) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
        _ = try writer(target).write(third)
        try expectSameAsFull(third, at: target, in: dir)
    }

    /// Without `keepsSpare` a spare left beside the target is removed.
    @Test func aSpareIsRemovedWhenNotKept() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try writer(target).write(first)
        _ = try writer(target).write(second)
        _ = try SiteWriter(target: target).write(third)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
        try expectSameAsFull(third, at: target, in: dir)
    }

    /// A spare whose site was removed since (a CI job that empties the folder before publishing): the new site is
    /// made from it all the same, its unchanged files kept in place (not removed and written anew), and the spare is
    /// taken (there is no replaced site to keep). A spare that is no site is removed and the site written anew.
    @Test func aSpareWhoseSiteIsGoneIsTheNextSitesStart() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site"), spare = dir.appendingPathComponent(SiteWriter.spareName("site"))
        _ = try writer(target).write(first)
        _ = try writer(target).write(second)
        let spareInode = inode(spare.path + "/a/b/index.html")
        #expect(spareInode != 0)
        try FileManager.default.removeItem(at: target)
        let result = try writer(target).write(third)
        #expect(result == SiteWriteResult(written: 6, unchanged: 0, removed: 0, total: 6))
        #expect(inode(target.path + "/a/b/index.html") == spareInode, "the spare's unchanged file, not a new one")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(SiteWriter.manifestName).path))
        try expectSameAsFull(third, at: target, in: dir)

        // The same with the spare changed behind chronik's back: a file of another size, a folder where a file goes,
        // and no manifest.
        _ = try writer(target).write(first)
        try Data("edited".utf8).write(to: spare.appendingPathComponent("a/b/index.html"))
        try FileManager.default.removeItem(at: target)
        _ = try writer(target).write(second)
        try expectSameAsFull(second, at: target, in: dir)
        _ = try writer(target).write(first)
        try FileManager.default.removeItem(at: spare.appendingPathComponent("index.html"))
        try FileManager.default.createDirectory(at: spare.appendingPathComponent("index.html/in-the-way"), withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: target)
        _ = try writer(target).write(third)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
        try expectSameAsFull(third, at: target, in: dir)
        _ = try writer(target).write(first)
        try FileManager.default.removeItem(at: spare.appendingPathComponent(SiteWriter.manifestName))
        try FileManager.default.removeItem(at: target)
        _ = try writer(target).write(third)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
        try expectSameAsFull(third, at: target, in: dir)
    }

    /// Seeded sites written one after another into one target with the spare: files added, removed and changed in
    /// folders up to three deep that come and go, a folder's path taken by a file and back (the writer makes the
    /// folders of the files it writes, each once, and removes the spare's folders that held only stale files). Each
    /// site is a full write's, and no emptied folder is left.
    @Test(arguments: [3, 1915, 2026] as [UInt64])
    func seededSitesFromTheSpareAreFullWrites(seed: UInt64) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        var random = SplitMix64(seed: seed)
        let names = ["a", "b", "c"]
        for round in 0..<12 {
            var files: [(String, String)] = [("index.html", "home \(round % 3)")]
            var taken = Set<String>()
            for _ in 0..<(5 + Int(random.next() % 25)) {
                let depth = 1 + Int(random.next() % 3)
                let folders = (0..<depth).map { _ in names[Int(random.next() % 3)] }
                var path = folders.joined(separator: "/")
                // A folder's path a file some rounds (`a/b` a file, or the folder of `a/b/index.html`).
                if random.next() % 4 != 0 { path += "/index.html" }
                let prefixes = (1..<max(path.split(separator: "/").count, 1)).map { path.split(separator: "/").prefix($0).joined(separator: "/") }
                guard !taken.contains(path), !prefixes.contains(where: { taken.contains($0) }),
                      !taken.contains(where: { $0.hasPrefix(path + "/") }) else { continue }
                taken.insert(path)
                files.append((path, "\(path) \(random.next() % 3)"))
            }
            let site = site(files)
            _ = try writer(target).write(site)
            try expectSameAsFull(site, at: target, in: dir)
            // No folder without a file left behind in the site.
            let enumerator = FileManager.default.enumerator(atPath: target.path)
            while let path = enumerator?.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: target.path + "/" + path, isDirectory: &isFolder), isFolder.boolValue {
                    #expect(try !FileManager.default.contentsOfDirectory(atPath: target.path + "/" + path).isEmpty, "seed \(seed), round \(round): \(path) empty")
                }
            }
        }
    }
}

/// Counts calls across the writer's `@Sendable` closure.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count - 1
    }
}

/// The manifest read line by line (`SiteWriter.writtenManifestFiles`) against `JSONSerialization`, on manifests as
/// `SiteWriter.manifest` writes them for seeded random paths (quotes, backslashes, control characters, braces,
/// commas, umlauts), and on manifests in another layout (only the JSON reader takes those); the manifest made on
/// bytes against the one made as a `String` (`referenceManifest`).
@Suite struct ManifestTests {
    @Test(arguments: [5, 77, 2026] as [UInt64])
    func lineByLineIsTheJSONReading(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let pieces = ["a", "index.html", "/", "ä", "ß", "\"", "\\", "\u{1}", "\t", "{", "}", ",", " ", ":", "é", "-", "x.json",
                      "\u{1F}", "\u{7F}", "😀", "\n"]
        for round in 0..<100 {
            let files = (0..<Int(random.next() % 12)).map { k -> (String, String) in
                let path = (0..<(1 + Int(random.next() % 5))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
                return (path + "\(k)", String(format: "%016llx", random.next()))
            }
            let data = Data(SiteWriter.manifest(files))
            #expect(Array(data) == Self.referenceManifest(files), "seed \(seed), round \(round)")
            let parsed = try #require(SiteWriter.parsedManifestFiles(data), "seed \(seed), round \(round)")
            #expect(SiteWriter.manifestFiles(data) == parsed, "seed \(seed), round \(round)")
            if let read = SiteWriter.writtenManifestFiles(data) { #expect(read == parsed, "seed \(seed), round \(round)") }
            let plain = !files.contains { $0.0.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 } }
            #expect(plain == (SiteWriter.writtenManifestFiles(data) != nil), "seed \(seed), round \(round): plain paths are read line by line")
        }
        let other = Data("{\"files\": [{\"path\": \"a\", \"checksum\": \"0123456789abcdef\"}], \"generator\": \"chronik\"}".utf8)
        #expect(SiteWriter.writtenManifestFiles(other) == nil)
        #expect(SiteWriter.manifestFiles(other)?.dictionary == ["a": "0123456789abcdef"])
        #expect(SiteWriter.manifestFiles(Data("{\"generator\": \"jekyll\", \"files\": []}".utf8)) == nil)
        #expect(SiteWriter.writtenManifestFiles(Data(SiteWriter.manifest([])))?.dictionary == [:])
        #expect(SiteWriter.manifest([]) == Self.referenceManifest([]))
    }

    /// Lines made whole (a plain path and a checksum of 16 bytes) and piece by piece (a path to escape, a checksum of
    /// another length) mixed in one manifest: the bytes of the reference.
    @Test func linesMadeWholeAndByPiecesAsTheReference() {
        var random = SplitMix64(seed: 17)
        let paths = ["index.html", "a/b/index.html", "q\"uote.html", "ä/ß/😀.json", "", "x\u{1}y"]
        let sums = ["0123456789abcdef", "", "0123456789abcdef0", "ä123456789abcde", "\"23456789abcdef!"]
        for round in 0..<200 {
            let files = (0..<Int(random.next() % 9)).map { _ in
                (paths[Int(random.next() % UInt64(paths.count))], sums[Int(random.next() % UInt64(sums.count))])
            }
            #expect(SiteWriter.manifest(files) == Self.referenceManifest(files), "round \(round)")
        }
    }

    /// The manifest as `SiteWriter.manifest` wrote it before its bytes were made a byte at a time (`ManifestWriter`):
    /// the text appended scalar by scalar.
    static func referenceManifest(_ files: [(String, String)]) -> [UInt8] {
        func jsonString(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if scalar.value < 0x20 {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        var out = "{\n  \"generator\": \"chronik\",\n  \"files\": [\n"
        for (k, (path, checksum)) in files.enumerated() {
            out += "    {\"path\": \(jsonString(path)), \"checksum\": \"\(checksum)\"}" + (k + 1 < files.count ? ",\n" : "\n")
        }
        out += "  ]\n}\n"
        return Array(out.utf8)
    }
}

/// Files made in pieces (`SitePlan.add(_:input:stream:)`, peak15c: the search index's `index.json` and the
/// collections' JSON files are written as they are made): every write of a streamed plan gives the same site and the
/// same counts as the same files given whole, with and without the spare, over a sequence of writes that changes,
/// keeps, adds and removes files; and a full disk in the middle of a streamed file leaves the old site.
@Suite struct SiteWriterStreamTests {
    let sites = [
        [("index.html", "home"), ("a/index.html", "a"), ("a/b/index.html", "b"), ("data.json", String(repeating: "x", count: 1000)),
         ("gone.html", "gone")],
        [("index.html", "home 2"), ("a/index.html", "a"), ("a/b/index.html", "b"), ("data.json", String(repeating: "x", count: 1000)),
         ("new/index.html", "")],
        [("index.html", "home 3"), ("a/index.html", "a 3"), ("a/b/index.html", "b"), ("data.json", String(repeating: "y", count: 1001)),
         ("new/index.html", "")],
    ]

    /// The files given whole, and the same files each made in pieces of `piece` bytes.
    private func plans(_ pairs: [(String, String)], piece: Int) -> (whole: SitePlan, streamed: SitePlan) {
        var whole = SitePlan(), streamed = SitePlan()
        for (path, text) in pairs {
            let bytes = Array(text.utf8)
            whole.add(path, input: nil) { bytes }
            streamed.add(path, input: nil, stream: { emit in
                for start in stride(from: 0, to: bytes.count, by: piece) {
                    bytes[start..<min(bytes.count, start + piece)].withUnsafeBytes(emit)
                }
            })
        }
        return (whole, streamed)
    }

    @Test(arguments: [(false, 1), (false, 7), (true, 3), (true, 4096)])
    func aStreamedFileIsWrittenAsTheWholeOne(spare: Bool, piece: Int) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wholeTarget = dir.appendingPathComponent("whole"), streamedTarget = dir.appendingPathComponent("streamed")
        func writer(_ target: URL) -> SiteWriter { SiteWriter(target: target, keepsSpare: spare) { Descriptor.writeAll($0, $1) } }
        for (k, pairs) in (sites + sites.reversed()).enumerated() {
            let (whole, streamed) = plans(pairs, piece: piece)
            #expect(streamed.rendered().files == whole.rendered().files)
            let expected = try writer(wholeTarget).write(whole, previous: nil).result
            let result = try writer(streamedTarget).write(streamed, previous: nil).result
            #expect(result == expected, "write \(k)")
            #expect(try readTree(streamedTarget) == readTree(wholeTarget), "write \(k)")
            #expect(!FileManager.default.fileExists(atPath: streamedTarget.path + "/" + SiteWriter.manifestName + ".part"))
        }
        if spare {
            #expect(try readTree(dir.appendingPathComponent(SiteWriter.spareName("streamed")))
                == readTree(dir.appendingPathComponent(SiteWriter.spareName("whole"))))
        }
    }

    @Test func aFullDiskInAStreamedFileLeavesTheOldSite() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("site")
        _ = try SiteWriter(target: target).write(plans(sites[0], piece: 10).streamed, previous: nil)
        let before = try readTree(target)
        let counter = Counter()
        // `data.json` in pieces of 10 bytes: the disk is full at its fifth.
        let failing = SiteWriter(target: target) { descriptor, bytes in
            counter.next() >= 7 ? ENOSPC : Descriptor.writeAll(descriptor, bytes)
        }
        do {
            _ = try failing.write(plans(sites[2], piece: 10).streamed, previous: nil)
            Issue.record("the write did not fail")
        } catch let error as SiteWriterError {
            #expect(error.isNoSpace, "\(error)")
        }
        #expect(try readTree(target) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site"])
    }
}

/// A site into a new folder is written by the render threads themselves (`SiteWriter.writeFresh`): held to the writing
/// on the calling thread (`parallelWrites` off) on seeded plans of a few hundred files in nested folders, given whole
/// or in pieces, with and without fingerprints: the same files, manifest, result and cache records; and a full disk
/// part-way leaves no site and no temporary folder.
@Suite struct SiteWriterFreshTests {
    /// `count` files at seeded paths (up to three folders deep, a folder's name never a file's), some streamed.
    private func plan(seed: UInt64, count: Int) -> SitePlan {
        var random = SplitMix64(seed: seed)
        var plan = SitePlan()
        let folders = ["a", "b", "c/d", "e/f/g", "entries/x", "ä ö", "search/terms"]
        for k in 0..<count {
            let folder = Int.random(in: 0...folders.count, using: &random)
            let path = (folder == folders.count ? "" : folders[folder] + "/") + "file-\(k).html"
            let size = [0, 1, 7, 100, 5_000, 70_000][Int.random(in: 0..<6, using: &random)]
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
            let input = Bool.random(using: &random) ? SiteFingerprint { $0.add(path) } : nil
            if Bool.random(using: &random) {
                let piece = Int.random(in: 1...4096, using: &random)
                plan.add(path, input: input, stream: { emit in
                    for start in stride(from: 0, to: bytes.count, by: piece) { bytes[start..<min(bytes.count, start + piece)].withUnsafeBytes(emit) }
                })
            } else {
                plan.add(path, input: input) { bytes }
            }
        }
        return plan
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theThreadsWriteWhatThisThreadWrites(seed: UInt64) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = plan(seed: seed, count: 300)
        var reference = SiteWriter(target: dir.appendingPathComponent("reference"))
        reference.parallelWrites = false
        let expected = try reference.write(plan, previous: nil)
        let fresh = try SiteWriter(target: dir.appendingPathComponent("fresh")).write(plan, previous: nil)
        #expect(fresh.result == expected.result, "seed \(seed)")
        #expect(fresh.records == expected.records, "seed \(seed)")
        #expect(expected.result.written == 300)
        let tree = try readTree(dir.appendingPathComponent("fresh"))
        #expect(tree == (try readTree(dir.appendingPathComponent("reference"))), "seed \(seed)")
        #expect(tree.count == 301)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["fresh", "reference"])
    }

    /// The render threads create each file below its top folder's descriptor (`SiteFolders`), or below the site's
    /// folder when they hold `openTopFolders` of them already: the same tree as this thread's writing by full paths,
    /// with none, some and all of the top folders held open, and deeper folders made by both threads at once.
    @Test(arguments: [(UInt64(5), 0), (6, 2), (7, 256)])
    func filesBelowTheTopFoldersAreWhatThisThreadWrites(seed: UInt64, open: Int) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SplitMix64(seed: seed)
        var plan = SitePlan()
        for k in 0..<600 {
            let depth = Int.random(in: 0...4, using: &random)
            let folders = (0..<depth).map { level in "\(["t", "ü", "x y"][level % 3])\(Int.random(in: 0..<(level == 0 ? 6 : 40), using: &random))" }
            let path = (folders + ["f-\(k).html"]).joined(separator: "/")
            let bytes = Array("\(path) \(Int.random(in: 0...1_000_000, using: &random))".utf8)
            plan.add(path, input: SiteFingerprint { $0.add(path) }) { bytes }
        }
        var reference = SiteWriter(target: dir.appendingPathComponent("reference"))
        reference.parallelWrites = false
        let expected = try reference.write(plan, previous: nil)
        var fresh = SiteWriter(target: dir.appendingPathComponent("fresh"))
        fresh.openTopFolders = open
        let written = try fresh.write(plan, previous: nil)
        #expect(written.result == expected.result, "seed \(seed)")
        #expect(written.records == expected.records, "seed \(seed)")
        let tree = try readTree(dir.appendingPathComponent("fresh"))
        #expect(tree == (try readTree(dir.appendingPathComponent("reference"))), "seed \(seed)")
        #expect(tree.count == 601)
    }

    /// A file where the site needs a folder: the publish fails naming the folder, as this thread's writing does, and
    /// leaves nothing.
    @Test func aFileWhereAFolderGoesIsAnError() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var plan = SitePlan()
        for k in 0..<200 { plan.add("a/\(k).html", input: nil) { Array("\(k)".utf8) } }
        plan.add("a/b", input: nil) { Array("file".utf8) }
        plan.add("a/b/c.html", input: nil) { Array("below".utf8) }
        var failures: [String] = []
        for parallel in [false, true] {
            var writer = SiteWriter(target: dir.appendingPathComponent("site"))
            writer.parallelWrites = parallel
            do {
                _ = try writer.write(plan, previous: nil)
                Issue.record("the write did not fail")
            } catch let error as SiteWriterError {
                failures.append(error.description.replacingOccurrences(of: dir.path, with: ""))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
        }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0.contains("/a/b: ") && $0.contains(String(cString: strerror(EEXIST))) }, "\(failures)")
    }

    @Test(arguments: [1, 40, 250])
    func aFullDiskLeavesNoSite(after writes: Int) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let counter = Counter()
        let failing = SiteWriter(target: dir.appendingPathComponent("site")) { descriptor, bytes in
            counter.next() >= writes ? ENOSPC : Descriptor.writeAll(descriptor, bytes)
        }
        do {
            _ = try failing.write(plan(seed: 4, count: 300), previous: nil)
            Issue.record("the write did not fail")
        } catch let error as SiteWriterError {
            #expect(error.isNoSpace, "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }
}

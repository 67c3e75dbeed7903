import ChronikStore
import Foundation
import Testing
@testable import GitKit

/// The deferred writer and the batch of loose objects, held to libgit2 writing the same objects itself.
@Suite struct LooseObjectTests {
    /// The loose object files below `.git/objects` (`xx/yyyy…`), as ids.
    private func looseObjects(_ temp: TemporaryRepository) -> Set<String> {
        let objects = temp.repository.gitDirectory.appendingPathComponent("objects")
        var found = Set<String>()
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: objects.path)) ?? [] where folder.count == 2 {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: objects.appendingPathComponent(folder).path)) ?? [] {
                found.insert(folder + file)
            }
        }
        return found
    }

    /// Files at random nested paths, some executable.
    private func randomFiles(_ random: inout SplitMix64, count: Int) -> [String: (Data, FileMode)] {
        var files: [String: (Data, FileMode)] = [:]
        let folders = ["", "glossary/", "faq/", "strategy/ziele/", "strategy/ziele/tief/", "schemas/"]
        for _ in 0..<count {
            let folder = folders[Int(random.next() % UInt64(folders.count))]
            let name = folder + "f\(random.next() % 10_000).md"
            var bytes = [UInt8]()
            for _ in 0..<Int(random.next() % 300) { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            files[name] = (Data(bytes), random.next() % 7 == 0 ? .executable : .blob)
        }
        return files
    }

    /// Stages `files` on top of `base` in `index` and writes the tree and a commit through `repository`.
    private func commit(_ files: [String: (Data, FileMode)], removing removed: [String], on base: ObjectID?, index: Index,
                        repository: Repository, hours: Double) throws -> ObjectID {
        if let base { try index.readTree(try repository.treeID(ofCommit: base)) }
        for (path, (data, mode)) in files.sorted(by: { $0.key < $1.key }) { try index.add(path: path, data: data, mode: mode) }
        for path in removed where index.entry(path: path) != nil { try index.remove(path: path) }
        let tree = try index.writeTree()
        let signature = Fixture.signature(hours: hours)
        return try repository.createCommit(tree: tree, parents: base.map { [$0] } ?? [], author: signature, committer: signature, message: "v\(hours)\n")
    }

    /// Seeded histories written twice, by libgit2 itself and through the deferred writer: the same commit ids, the
    /// deferred objects invisible on disk until stored, then exactly the loose objects libgit2 wrote, which git reads
    /// and `git fsck --full` accepts (checked by `withTemporaryRepository`).
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func storesWhatLibGit2Writes(seed: UInt64) throws {
        try withTemporaryRepository { reference in
            try withTemporaryRepository { deferred in
                var random = SplitMix64(seed: seed)
                var referenceTip: ObjectID?
                var deferredTip: ObjectID?
                var paths: [String] = []
                for version in 0..<4 {
                    let files = randomFiles(&random, count: version == 0 ? 40 : 6)
                    let removed = paths.isEmpty ? [] : [paths[Int(random.next() % UInt64(paths.count))]]
                    paths = Array(Set(paths).union(files.keys).subtracting(removed)).sorted()

                    let referenceBefore = looseObjects(reference)
                    let index = try reference.repository.index()
                    let referenceCommit = try commit(files, removing: removed, on: referenceTip, index: index, repository: reference.repository, hours: Double(version))
                    let referenceNew = looseObjects(reference).subtracting(referenceBefore)
                    try reference.repository.updateReference("refs/heads/main", to: referenceCommit, expecting: referenceTip, logMessage: "commit")
                    referenceTip = referenceCommit

                    let before = looseObjects(deferred)
                    let writer = try deferred.repository.deferredObjectWriter()
                    let deferredIndex = try writer.repository.index()
                    let tip = try commit(files, removing: removed, on: deferredTip, index: deferredIndex, repository: writer.repository, hours: Double(version))
                    #expect(tip == referenceCommit, "seed \(seed)")
                    // Nothing on disk yet, and the repository's own handle does not see the objects.
                    #expect(looseObjects(deferred) == before, "seed \(seed)")
                    #expect(try !deferred.repository.contains(tip), "seed \(seed)")

                    let stored = try writer.storeLoose(reachableFrom: tip)
                    #expect(Set(stored.map(\.hex)) == referenceNew, "seed \(seed)")
                    #expect(looseObjects(deferred).subtracting(before) == referenceNew, "seed \(seed)")
                    #expect(try deferred.repository.contains(tip), "seed \(seed)")
                    try writer.repository.updateReference("refs/heads/main", to: tip, expecting: deferredTip, logMessage: "commit")
                    deferredTip = tip
                }
                let listing = try deferred.git("ls-tree", "-r", "main")
                let referenceListing = try reference.git("ls-tree", "-r", "main")
                #expect(listing.status == 0 && listing.stdout == referenceListing.stdout)
                // Nothing left behind in `objects/` but the fan-out folders, the pack folders and the info folder.
                let top = try FileManager.default.contentsOfDirectory(atPath: deferred.repository.gitDirectory.appendingPathComponent("objects").path)
                #expect(top.allSatisfy { $0.count == 2 || $0 == "pack" || $0 == "info" }, "\(top)")
            }
        }
    }

    /// An object already stored is kept as it is (git never replaces an object file); a fan-out folder that `git gc`
    /// removed is made again; a write that cannot happen says which file and why, and leaves no temporary file.
    @Test func existingObjectsRemovedFoldersAndFailures() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let objects = repo.gitDirectory.appendingPathComponent("objects").path
            let content = Array("kept\n".utf8)
            let id = try Repository.blobID(of: Data(content))
            let stored = try repo.writeBlob(Data(content))
            #expect(stored == id)
            let file = objects + "/" + String(id.hex.prefix(2)) + "/" + String(id.hex.dropFirst(2))
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            try LooseObjectFiles.write([LooseObject(id: id, type: "blob", content: content)], objectsPath: objects)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)

            let other = Array("new\n".utf8)
            let otherID = try Repository.blobID(of: Data(other))
            let folder = objects + "/" + String(otherID.hex.prefix(2))
            rmdir(folder) // only when empty: another object may share its first two digits
            try LooseObjectFiles.write([LooseObject(id: otherID, type: "blob", content: other)], objectsPath: objects)
            #expect(try repo.blob(otherID) == Data(other))
            #expect(try temp.git("cat-file", "-p", otherID.hex).stdout == "new\n")

            let missing = objects + "/no-such-folder"
            let error = #expect(throws: GitError.self) {
                try LooseObjectFiles.write([LooseObject(id: otherID, type: "blob", content: other)], objectsPath: missing)
            }
            #expect(error?.systemError == ENOENT)
            #expect(error?.path?.hasPrefix(missing) == true, "\(String(describing: error))")
            let top = try FileManager.default.contentsOfDirectory(atPath: objects)
            #expect(!top.contains { $0.hasPrefix("tmp_obj_") }, "\(top)")
        }
    }

    /// The fsyncs made at the same time (`DurableWrites.syncAll`): every descriptor is synced (a descriptor that is
    /// not open fails, whichever thread took it), the error names the first failing file in the given order, with
    /// its system error; a folder's fsync, open files and a lone file pass; seeded positions of the bad descriptors.
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func syncsAtTheSameTimeAndNamesTheFirstFailure(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-syncall-\(getpid())-\(seed)").path
        mkdir(folder, 0o777)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let count = 1 + Int(random.next() % 12)
        var syncs: [DurableWrites.Sync] = []
        for k in 0..<count {
            let path = folder + "/f\(k)"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            #expect(fd >= 0)
            try DurableWrites.writeAll(fd, Array("file \(k)\n".utf8), path: path, what: "failed to write")
            syncs.append(DurableWrites.Sync(fd: fd, path: path))
        }
        defer { for sync in syncs where sync.fd >= 0 { close(sync.fd) } }
        try DurableWrites.syncAll(syncs)
        try DurableWrites.syncFolders([folder, folder])
        try DurableWrites.syncAll(Array(syncs.prefix(1)))
        try DurableWrites.syncAll([])
        // Descriptors that are not open (a closed one's number above every open one) at seeded positions.
        var bad = syncs
        let positions = Set((0..<(1 + Int(random.next() % 3))).map { _ in Int(random.next() % UInt64(count)) })
        for position in positions { bad[position] = DurableWrites.Sync(fd: 100_000 + Int32(position), path: folder + "/bad\(position)") }
        let error = #expect(throws: GitError.self) { try DurableWrites.syncAll(bad) }
        #expect(error?.message.hasSuffix(": " + String(cString: strerror(EBADF))) == true, "seed \(seed)")
        #expect(error?.path == folder + "/bad\(positions.min()!)", "seed \(seed): \(String(describing: error))")
        #expect(error?.message.hasPrefix("failed to fsync") == true, "seed \(seed)")
        // A folder that cannot be opened is named too.
        let missing = #expect(throws: GitError.self) { try DurableWrites.syncFolders([folder, folder + "/none"]) }
        #expect(missing?.systemError == ENOENT && missing?.path == folder + "/none")
    }
}

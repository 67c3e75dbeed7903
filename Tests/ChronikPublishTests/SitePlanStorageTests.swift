import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// `SitePlan` keeps its files in arrays with a dictionary of positions (inc15l; an `OrderedDictionary` before): on
/// seeded sequences of `add` (whole or streamed), `replaceRender`, `setPatch`, `setPrepare` and `merge` (with and
/// without a prefix, into empty and filled plans, paths given again), the plan's order, look-ups and items are those of
/// the reference below — a list of (path, item) where a path added again keeps its place, as `SiteFiles` does.
@Suite struct SitePlanStorageTests {
    /// What the reference records of an item: the fingerprint's seed, what `render` gives, whether it streams, has a
    /// patch or a prepare.
    private struct Shape: Equatable {
        var input: Int?
        var render: [UInt8]
        var stream: [UInt8]?
        var patch = false
        var prepare = false
    }

    private struct Reference {
        var files: [(path: String, shape: Shape)] = []

        mutating func set(_ path: String, _ shape: Shape) {
            if let k = files.firstIndex(where: { $0.path == path }) { files[k].shape = shape } else { files.append((path, shape)) }
        }

        func position(_ path: String) -> Int? { files.firstIndex { $0.path == path } }

        mutating func change(_ path: String, _ change: (inout Shape) -> Void) {
            if let k = files.firstIndex(where: { $0.path == path }) { change(&files[k].shape) }
        }
    }

    private static func input(_ seed: Int?) -> SiteFingerprint? { seed.map { s in SiteFingerprint { $0.add("file \(s)") } } }

    /// Applies `count` seeded operations to `plan` and `reference` alike.
    private static func operate(_ plan: inout SitePlan, _ reference: inout Reference, count: Int, depth: Int, prefixes: [String],
                                using generator: inout SplitMix64) {
        for _ in 0..<count {
            let path = "c/\(Int.random(in: 0..<40, using: &generator))/index.html"
            let tag = Array("r\(Int.random(in: 0..<1_000_000, using: &generator))".utf8)
            switch Int.random(in: 0..<(depth > 0 ? 8 : 7), using: &generator) {
            case 0, 1:
                let seed: Int? = Bool.random(using: &generator) ? Int.random(in: 0..<50, using: &generator) : nil
                let k = plan.add(path, input: input(seed)) { tag }
                reference.set(path, Shape(input: seed, render: tag))
                #expect(k == reference.position(path), "the position `add` gives is the path's")
            case 2:
                let seed = Int.random(in: 0..<50, using: &generator)
                let pieces = [tag, Array("-piece".utf8)]
                plan.add(path, input: input(seed), stream: { piece in for p in pieces { p.withUnsafeBytes(piece) } })
                reference.set(path, Shape(input: seed, render: pieces.flatMap { $0 }, stream: pieces.flatMap { $0 }))
            case 3:
                // By path, or by the position the path has (inc15n).
                if Bool.random(using: &generator), let k = reference.position(path) {
                    plan.replaceRender(at: k) { tag }
                } else {
                    plan.replaceRender(path) { tag }
                }
                reference.change(path) { $0.render = tag; $0.stream = nil; $0.patch = false }
            case 4:
                plan.setPatch(path) { _ in nil }
                reference.change(path) { $0.patch = true }
            case 5:
                if Bool.random(using: &generator), let k = reference.position(path) {
                    plan.setPrepare(at: k) {}
                } else {
                    plan.setPrepare(path) {}
                }
                reference.change(path) { $0.prepare = true }
            case 6:
                let k = plan.add(path, input: nil, text: { String(decoding: tag, as: UTF8.self) })
                reference.set(path, Shape(input: nil, render: tag))
                #expect(k == reference.position(path))
            default:
                var other = SitePlan(), otherReference = Reference()
                operate(&other, &otherReference, count: Int.random(in: 0...30, using: &generator), depth: depth - 1, prefixes: prefixes,
                        using: &generator)
                let prefix = prefixes[Int.random(in: 0..<prefixes.count, using: &generator)]
                plan.merge(other, prefix: prefix)
                for (path, shape) in otherReference.files { reference.set(prefix + path, shape) }
            }
        }
    }

    private static func shape(_ item: SitePlan.Item) -> Shape {
        let seeds = (0..<50).map { input($0) }
        return Shape(input: item.input.flatMap { input in seeds.firstIndex { $0 == input } }, render: item.render(),
                     stream: item.stream.map { SitePlan.joined($0) }, patch: item.patch != nil, prepare: item.prepare != nil)
    }

    @Test func thePlanIsTheReferenceListAfterSeededOperations() throws {
        var generator = SplitMix64(seed: 0x51_7E_91_A4)
        for round in 0..<300 {
            var plan = SitePlan(), reference = Reference()
            // Some rounds begin with a merge into the empty plan (taken whole), some with the prefix of a release site.
            let prefixes = round % 3 == 0 ? [""] : ["", "v/entwurf-1/"]
            Self.operate(&plan, &reference, count: Int.random(in: 0...120, using: &generator), depth: 2, prefixes: prefixes, using: &generator)
            #expect(plan.count == reference.files.count, "round \(round)")
            #expect(plan.paths == reference.files.map(\.path), "round \(round)")
            #expect(plan.items.count == reference.files.count)
            #expect(Array(plan.items.map(\.key)) == reference.files.map(\.path))
            for (k, (path, expected)) in reference.files.enumerated() {
                #expect(plan.contains(path))
                let byPath = try #require(plan.items[path], "round \(round) \(path)")
                #expect(Self.shape(byPath) == expected, "round \(round) \(path)")
                #expect(Self.shape(plan.entries[k]) == expected, "round \(round) \(path)")
            }
            for missing in ["c/41/index.html", "v/entwurf-2/c/1/index.html", "index.html"] {
                #expect(!plan.contains(missing))
                #expect(plan.items[missing] == nil)
            }
            #expect(plan.rendered().files.count == reference.files.count)
        }
    }

    @Test func aMergeWrapsPatchesToAskByPrefixedPaths() throws {
        var release = SitePlan()
        var asked: [String] = []
        release.add("c/index.json", input: nil) { [] }
        release.setPatch("c/index.json") { source in
            _ = source.previousInput("c/1/index.json")
            return nil
        }
        var plan = SitePlan()
        plan.add("index.html", input: nil) { [] }
        plan.merge(release, prefix: "v/r/")
        let patch = try #require(plan.items["v/r/c/index.json"]?.patch)
        _ = patch(SitePatchSource(old: [], previousInput: { asked.append($0); return nil }))
        #expect(asked == ["v/r/c/1/index.json"])
    }
}

/// `SiteCacheFile.bytes(atPath:)`: a regular file's bytes as `FileManager` reads them; nil for no file or a folder.
@Suite struct SiteCacheFileBytesTests {
    @Test func aFilesBytesAsFileManagerReadsThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-bytes-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 0xB17E5)
        for size in [0, 1, 4095, 4096, 65_537, 1 << 20, 3_553_470] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let file = folder.appendingPathComponent("f\(size)")
            try Data(bytes).write(to: file)
            #expect(SiteCacheFile.bytes(atPath: file.path) == bytes, "size \(size)")
            #expect(SiteCacheFile.bytes(atPath: file.path).map { Data($0) } == FileManager.default.contents(atPath: file.path))
        }
        #expect(SiteCacheFile.bytes(atPath: folder.appendingPathComponent("missing").path) == nil)
        #expect(SiteCacheFile.bytes(atPath: folder.path) == nil)
    }
}

/// `SiteCacheFile.append(_:at:size:with:)` (inc15s): the bytes written over the file's end from the offset on, when it
/// is the regular file of that size that was read; nothing written (false) for a file of another size, one linked
/// elsewhere, a symbolic link or none.
@Suite struct SiteCacheFileAppendTests {
    @Test func writtenOverTheEndOfTheFileReadAndNothingElse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-append-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 0xA99E)
        let file = folder.appendingPathComponent("f")
        for round in 0..<60 {
            let old = (0..<Int(generator.next() % 5_000)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let offset = Int(generator.next() % UInt64(old.count + 1))
            let new = (0..<Int(generator.next() % 300)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try Data(old).write(to: file)
            #expect(SiteCacheFile.append(file, at: offset, size: old.count, with: new), "round \(round)")
            #expect(SiteCacheFile.bytes(atPath: file.path) == Array(old[..<offset]) + new, "round \(round): \(offset) of \(old.count) + \(new.count)")
            // Another size than the one read: left as it is.
            let now = try #require(SiteCacheFile.bytes(atPath: file.path))
            #expect(!SiteCacheFile.append(file, at: 0, size: now.count + 1, with: [1, 2, 3]))
            #expect(SiteCacheFile.bytes(atPath: file.path) == now)
        }
        // A file linked under another name too (a copy of the store made with hard links) is not written in place.
        let linked = folder.appendingPathComponent("linked")
        try FileManager.default.linkItem(at: file, to: linked)
        let before = try #require(SiteCacheFile.bytes(atPath: file.path))
        #expect(!SiteCacheFile.append(file, at: 0, size: before.count, with: [9]))
        #expect(SiteCacheFile.bytes(atPath: linked.path) == before)
        // A symbolic link, a folder, no file.
        let link = folder.appendingPathComponent("symlink")
        try FileManager.default.removeItem(at: linked)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(!SiteCacheFile.append(link, at: 0, size: before.count, with: [9]))
        #expect(SiteCacheFile.bytes(atPath: file.path) == before)
        #expect(!SiteCacheFile.append(folder, at: 0, size: 0, with: [9]))
        #expect(!SiteCacheFile.append(folder.appendingPathComponent("missing"), at: 0, size: 0, with: [9]))
    }
}

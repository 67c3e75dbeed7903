import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

/// The Berlin sample in a fresh temporary folder, plus `extra` one-entry versions (fixed author and dates).
private func sample(extra: Int = 0) throws -> (Store, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-renderings-\(UUID().uuidString)")
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    let store = try Store(at: report.store)
    for k in 0..<extra { try addVersion(store, k) }
    return (store, dir)
}

private func addVersion(_ store: Store, _ k: Int) throws {
    let author = Signature(name: "Test Author", email: "test@example.org",
                           date: Date(timeIntervalSince1970: 1_700_000_000 + Double(k) * 3600), timeZoneOffsetMinutes: 60)
    try store.writeFile("glossary/neu-\(k).md", Data("---\nterm: Neu \(k)\n---\nEin neuer Begriff.\n".utf8))
    _ = try store.commit(message: "Neuer Begriff \(k)", author: author, committer: author)
}

/// `ChangelogBuilder.render` into one string.
private func rendered(_ builder: ChangelogBuilder, _ options: ChangelogOptions, _ format: ChangelogFormat,
                      _ render: ChangelogRenderOptions) throws -> String {
    var out: [UInt8] = []
    try builder.render(options, format: format, renderOptions: render) { out += $0 }
    return String(decoding: out, as: UTF8.self)
}

@Suite struct RenderingCacheTests {
    @Test func escapingRoundTripsAndKeepsValuesOnOneLine() {
        var random = SplitMix64(seed: 92)
        for round in 0..<2_000 {
            // Bytes drawn mostly from backslashes, newlines, `n` and a few others, to hit every escape.
            let alphabet: [UInt8] = [0x5C, 0x0A, 0x6E, 0x41, 0x00, 0xC3, 0xA4, 0x5C]
            let bytes = (0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let escaped = RenderingCache.escape(bytes)
            #expect(!escaped.contains(0x0A), "seed 92, round \(round)")
            #expect(RenderingCache.unescape(escaped) == bytes, "seed 92, round \(round): \(bytes)")
        }
        // What `escape` cannot have made is refused, not guessed.
        for bad in ["a\\", "\\x", "a\nb", "\\\\\\"] {
            #expect(RenderingCache.unescape(Data(bad.utf8)) == nil, "\(bad)")
        }
    }

    /// mem19h: a rendering is unescaped where it was read; the in-place unescaping against a byte-by-byte reference,
    /// on long texts with runs of every length between escapes, and on texts `escape` cannot have made.
    @Test func unescapingInPlaceIsTheReference() {
        func reference(_ bytes: [UInt8]) -> [UInt8]? {
            var out: [UInt8] = []
            var k = 0
            while k < bytes.count {
                if bytes[k] == 0x0A { return nil }
                if bytes[k] != 0x5C {
                    out.append(bytes[k])
                    k += 1
                    continue
                }
                guard k + 1 < bytes.count else { return nil }
                switch bytes[k + 1] {
                case 0x5C: out.append(0x5C)
                case 0x6E: out.append(0x0A)
                default: return nil
                }
                k += 2
            }
            return out
        }
        var random = SplitMix64(seed: 1908)
        for round in 0..<3_000 {
            let length = Int(random.next() % (round % 10 == 0 ? 5_000 : 60))
            let rare = 2 + random.next() % 200
            let bytes = (0..<length).map { _ -> UInt8 in
                let r = random.next()
                if r % rare != 0 {
                    let c = UInt8(0x20 + (r >> 8) % 90)
                    return c == 0x5C ? 0x41 : c
                }
                return [0x5C, 0x5C, 0x6E, 0x0A, 0x41][Int((r >> 16) % 5)]
            }
            var inPlace = bytes
            let ok = RenderingCache.unescape(&inPlace)
            let expected = reference(bytes)
            #expect(ok == (expected != nil), "seed 1908, round \(round)")
            if let expected { #expect(inPlace == expected, "seed 1908, round \(round)") }
            // And what `escape` made comes back.
            var escaped = RenderingCache.escape(bytes)
            #expect(RenderingCache.unescape(&escaped) && escaped == bytes, "seed 1908, round \(round)")
        }
    }

    /// mem19h: a large rendering is escaped in pieces as the segment takes it; it reads back as it was, and the
    /// escaping in pieces is the escaping of the whole.
    @Test func aLargeRenderingIsStoredInPiecesAndReadsBack() throws {
        var random = SplitMix64(seed: 1921)
        for round in 0..<4 {
            let length = RenderingCache.streamedEscape * (round + 1) + Int(random.next() % 5000)
            let rendering = (0..<length).map { _ -> UInt8 in
                let r = random.next()
                return r % 40 == 0 ? [0x5C, 0x0A][Int((r >> 8) % 2)] : UInt8(0x20 + (r >> 16) % 60)
            }
            var pieces: [UInt8] = []
            RenderingCache.escape(rendering, piece: 1000 + Int(random.next() % 70_000)) { pieces += $0 }
            #expect(pieces == RenderingCache.escape(rendering), "seed 1921, round \(round)")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-renderings-large-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let cache = try #require(RenderingCache(directory: dir, format: .json, options: ChangelogRenderOptions(detail: false), language: "de", head: nil))
            cache.add(rendering, forKey: "big")
            cache.add([0x61, 0x0A, 0x5C], forKey: "small")
            #expect(cache.rendering(forKey: "big") == rendering, "seed 1921, round \(round)")
            cache.flush()
            let again = try #require(RenderingCache(directory: dir, format: .json, options: ChangelogRenderOptions(detail: false), language: "de", head: nil))
            #expect(again.rendering(forKey: "big") == rendering, "seed 1921, round \(round)")
            #expect(again.rendering(forKey: "small") == [0x61, 0x0A, 0x5C])
        }
    }

    @Test func renderingsAreReusedAndEqualAFreshRenderingInEveryFormat() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let builder = ChangelogBuilder(repository: store.repository)
        try forEveryRenderingCase { options, format, render, cache, label in
            let changelog = try builder.build(options)
            let whole = ChangelogRenderer.render(changelog, format: format, options: render)
            let groups = changelog.groups.count
            options.cacheDirectory = cache
            for threads in [1, 2] {
                options.threads = threads
                #expect(try rendered(builder, options, format, render) == whole, "\(label) cold, threads \(threads)")
                // JSON renders in its first pass what it computes there, and the second pass writes that.
                if threads == 1 {
                    #expect(builder.statistics.computed == groups && builder.statistics.cached == 0, "\(label)")
                    #expect(builder.statistics.renderings == (format == .json ? groups : 0), "\(label)")
                }
                #expect(try rendered(builder, options, format, render) == whole, "\(label) warm, threads \(threads)")
                // The second run read every rendering and no record.
                #expect(builder.statistics.renderings == groups && builder.statistics.cached == 0
                        && builder.statistics.computed == 0, "\(label), threads \(threads): \(builder.statistics)")
            }
            // Another language is another rendering.
            options.language = "en"
            let english = ChangelogRenderer.render(try builder.build(options), format: format, options: render)
            #expect(try rendered(builder, options, format, render) == english, "\(label) en")
            #expect(builder.statistics.renderings == 0, "\(label) en")
        }
    }

    @Test func aNewVersionRendersTwoGroupsInEveryFormat() throws {
        let (store, dir) = try sample(extra: 3)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-renderings-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let builder = ChangelogBuilder(repository: store.repository)
        var options = ChangelogOptions()
        options.grouping = .commit
        options.cacheDirectory = cache
        let render = ChangelogRenderOptions()
        var before: [ChangelogFormat: Int] = [:]
        for format in ChangelogFormat.allCases {
            options.recordCollectionsInHead = format == .json
            _ = try rendered(builder, options, format, render)
            before[format] = builder.statistics.computed + builder.statistics.cached
        }
        try addVersion(store, 3)
        for format in ChangelogFormat.allCases {
            options.recordCollectionsInHead = format == .json
            var fresh = options
            fresh.cacheDirectory = nil
            let expected = ChangelogRenderer.render(try builder.build(fresh), format: format, options: render)
            #expect(try rendered(builder, options, format, render) == expected, "\(format)")
            let groups = try #require(before[format]) + 1
            // The new group, and the one it pushed from the top, are rendered; the others are read. (HTML too: its
            // anchors are stable, no longer numbered by position.)
            #expect(builder.statistics.renderings == groups - 2, "\(format): \(builder.statistics)")
            // The new version's record was computed by the first format, and read by the others.
            #expect(builder.statistics.computed == (format == ChangelogFormat.allCases.first ? 1 : 0), "\(format)")
        }
    }

    /// mem19h: with `renderingStreamedRead` at 1 every cached rendering is checked and written from the cache in
    /// pieces: the same output as read whole and as rendered fresh, in every format, grouping and thread count.
    @Test func renderingsWrittenFromTheCacheEqualAFreshRendering() throws {
        let (store, dir) = try sample(extra: 3)
        defer { try? FileManager.default.removeItem(at: dir) }
        let builder = ChangelogBuilder(repository: store.repository)
        try forEveryRenderingCase { options, format, render, cache, label in
            let whole = ChangelogRenderer.render(try builder.build(options), format: format, options: render)
            options.cacheDirectory = cache
            for (threads, limit) in [(1, 1), (2, 1), (2, 200), (1, 0)] {
                options.threads = threads
                options.renderingStreamedRead = limit
                #expect(try rendered(builder, options, format, render) == whole, "\(label) threads \(threads), limit \(limit)")
                #expect(try rendered(builder, options, format, render) == whole, "\(label) warm, threads \(threads), limit \(limit)")
                #expect(builder.statistics.computed == 0, "\(label)")
            }
        }
    }

    /// A damaged rendering is not written from the cache in pieces either: it is rendered again.
    @Test func aDamagedRenderingIsNotWrittenFromTheCache() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-renderings-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let builder = ChangelogBuilder(repository: store.repository)
        var options = ChangelogOptions()
        options.cacheDirectory = cache
        options.renderingStreamedRead = 1
        let render = ChangelogRenderOptions(detail: true)
        for format in [ChangelogFormat.json, .markdown] {
            options.recordCollectionsInHead = format == .json
            let expected = try rendered(builder, options, format, render)
            // One byte changed in the middle of every value (a letter for another: escapes stay valid).
            let folder = cache.appendingPathComponent("renderings-r\(RenderingCache.revision)")
            var damaged = 0
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".records") {
                let file = folder.appendingPathComponent(name)
                var bytes = [UInt8](try Data(contentsOf: file))
                var lineStart = 0
                for k in bytes.indices where bytes[k] == 0x0A {
                    let middle = lineStart + (k - lineStart) * 3 / 4
                    if lineStart > 0, bytes[middle] >= 0x61, bytes[middle] < 0x7A {
                        bytes[middle] += 1
                        damaged += 1
                    }
                    lineStart = k + 1
                }
                try Data(bytes).write(to: file)
            }
            #expect(damaged > 0, "\(format)")
            #expect(try rendered(builder, options, format, render) == expected, "\(format)")
        }
    }

    /// Unescaping a value in pieces cut anywhere (an escape split between two) is unescaping it whole.
    @Test func unescapingInPiecesIsUnescapingWhole() {
        var random = SplitMix64(seed: 1922)
        for round in 0..<2_000 {
            let bytes = (0..<Int(random.next() % 300)).map { _ in [0x5C, 0x6E, 0x41, 0x0A, 0x5C, 0x42][Int(random.next() % 6)] as UInt8 }
            let escaped = round % 3 == 0 ? bytes : RenderingCache.escape(bytes)
            let expected = RenderingCache.unescape(escaped)
            var out: [UInt8] = []
            var pending = false, ok = true
            var start = 0
            while start < escaped.count {
                let end = min(escaped.count, start + 1 + Int(random.next() % 7))
                guard let piece = escaped[start..<end].withUnsafeBytes({ RenderingCache.unescape(piece: $0, pending: &pending) }) else {
                    ok = false
                    break
                }
                out += piece
                start = end
            }
            if pending { ok = false }
            #expect((ok ? out : nil) == expected, "seed 1922, round \(round)")
        }
    }

    @Test func aDamagedRenderingIsRenderedAgain() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-renderings-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let builder = ChangelogBuilder(repository: store.repository)
        var options = ChangelogOptions()
        options.cacheDirectory = cache
        options.recordCollectionsInHead = false
        let render = ChangelogRenderOptions(detail: true)
        let expected = try rendered(builder, options, .markdown, render)
        // Every stored rendering's escapes broken (a lone backslash at the end of each value).
        let folder = cache.appendingPathComponent("renderings-r\(RenderingCache.revision)")
        var damaged = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".records") {
            let file = folder.appendingPathComponent(name)
            var bytes = [UInt8](try Data(contentsOf: file))
            for k in bytes.indices.reversed() where bytes[k] == 0x0A {
                bytes.insert(0x5C, at: k)
                damaged += 1
            }
            try Data(bytes).write(to: file)
        }
        #expect(damaged > 0)
        #expect(try rendered(builder, options, .markdown, render) == expected)
        #expect(builder.statistics.renderings == 0 && builder.statistics.cached > 0)
    }

    /// Renderings cached by one renderer must never be read by another: whenever any format's output changes, the
    /// revision goes up. The golden files of the sample's changelog stand for that output.
    @Test func theRevisionChangesWithTheRenderersOutput() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ChronikCLITests/Snapshots")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("changelog-") }.sorted()
        #expect(names.count >= 4)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in names {
            for byte in Array(name.utf8) + [0] + [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        // One line per revision: the checksum of the golden files it renders.
        let checksums: [Int: UInt64] = [1: 0x2f41_74b8_1fbe_a319, 2: 0x7857_315c_378e_367a, 3: 0x3e9c_05da_0ab5_fc2f,
                                        4: 0x63dc_1b59_1a95_8b68, 5: 0x3b7f_14d2_c358_63dc, 6: 0x8762_93a7_e848_5813,
                                        7: 0x2a53_e7ed_834e_dd7a, 8: 0x0ee7_a185_5b68_1abf]
        #expect(checksums[RenderingCache.revision] == hash, """
            the changelog's golden files changed (checksum \(String(hash, radix: 16))): bump RenderingCache.revision \
            and add a line for it here
            """)
    }
}

/// Calls `body` for every grouping, detail and format with the changelog options for it (no cache folder set yet), the
/// render options, a new cache folder (removed afterwards) and a label for messages.
private func forEveryRenderingCase(_ body: (_ options: inout ChangelogOptions, _ format: ChangelogFormat, _ render: ChangelogRenderOptions,
                                            _ cache: URL, _ label: String) throws -> Void) throws {
    for grouping in ChangelogGrouping.allCases {
        for detail in [false, true] {
            for format in ChangelogFormat.allCases {
                let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-renderings-cache-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: cache) }
                var options = ChangelogOptions()
                options.grouping = grouping
                options.blocks = detail
                options.recordCollectionsInHead = format == .json
                try body(&options, format, ChangelogRenderOptions(detail: detail), cache, "\(grouping) detail \(detail) \(format)")
            }
        }
    }
}

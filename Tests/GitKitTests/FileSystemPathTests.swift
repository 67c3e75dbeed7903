import ChronikStore
import Foundation
import Testing
@testable import GitKit

/// `URL.fileSystemPath` returns a path that is already standard as it is (issue 19: start-up) and standardizes the
/// others with Foundation; held to `standardizedFileURL.path` on seeded random paths of the usual and unusual kinds.
@Suite struct FileSystemPathTests {
    private static let components = ["a", "b", "store", ".", "..", "", "...", ".git", "ä ö", "%41", "x y", "a.md", "..a", "a..", "~"]

    @Test func givesFoundationsStandardPath() {
        var random = SplitMix64(seed: 21)
        var fast = 0
        for _ in 0..<4_000 {
            let count = Int(random.next() % 6)
            var parts: [String] = []
            for _ in 0..<count { parts.append(Self.components[Int(random.next() % UInt64(Self.components.count))]) }
            var path = (random.next() % 5 == 0 ? "" : "/") + parts.joined(separator: "/")
            if random.next() % 6 == 0 { path += "/" }
            if path.isEmpty { path = "/" }
            let directory = random.next() % 2 == 0
            let url = URL(fileURLWithPath: path, isDirectory: directory)
            #expect(url.fileSystemPath == url.standardizedFileURL.path, "\(path)")
            if URL.isStandardAbsolutePath(url.path) { fast += 1 }
        }
        // Both kinds were drawn.
        #expect(fast > 500 && fast < 3_500, "\(fast)")
    }

    @Test func standardAbsolutePaths() {
        for path in ["/", "/a", "/a/b.md", "/a/...", "/a/..b", "/ä ö/x"] { #expect(URL.isStandardAbsolutePath(path), "\(path)") }
        for path in ["", "a", "a/b", "//", "/a/", "/a//b", "/.", "/..", "/a/./b", "/a/../b", "/a/.", "/a/.."] {
            #expect(!URL.isStandardAbsolutePath(path), "\(path)")
        }
    }
}

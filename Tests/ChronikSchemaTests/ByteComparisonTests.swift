@testable import ChronikSchema
@testable import ChronikStore
import Foundation
import Testing

/// Byte comparisons over Strings' own buffers that replaced generic comparisons of UTF-8 views on `validate`'s
/// serial end: each held to the comparison it replaced, on seeded strings of the characters that matter (the
/// separator, its neighbours, non-ASCII, empty parts).
@Suite("Byte comparisons of paths and pointers")
struct ByteComparisonTests {
    static let pieces = ["a", "b", "/", ".", "0", "-", "ä", "€", "𝔘", "~0", "~1", "md", "glossary", "actors"]

    static func text(_ random: inout SplitMix64, upTo length: Int = 6) -> String {
        (0..<Int.random(in: 0...length, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
    }

    /// `EntrySummary`'s test of a reference use's pointer against a rule's field, as it was written before.
    static func referenceIsWithin(_ pointer: String, _ prefix: [UInt8]) -> Bool {
        let bytes = pointer.utf8
        return bytes.starts(with: prefix) && (bytes.count == prefix.count || bytes.dropFirst(prefix.count).first == UInt8(ascii: "/"))
    }

    @Test func pointerWithinAField() {
        let seed: UInt64 = 0x5EED_0000_0019_0C01
        var random = SplitMix64(seed: seed)
        for index in 0..<20_000 {
            let field = Self.text(&random, upTo: 3)
            let prefix = Array(("/" + JSONPointer.escapedToken(field)).utf8)
            // Often the field itself, or an item or member of it, so that both answers occur.
            var pointer: String
            switch Int.random(in: 0...3, using: &random) {
            case 0: pointer = "/" + JSONPointer.escapedToken(field)
            case 1: pointer = "/" + JSONPointer.escapedToken(field) + "/" + Self.text(&random, upTo: 2)
            case 2: pointer = "/" + JSONPointer.escapedToken(field) + Self.text(&random, upTo: 2)
            default: pointer = Self.text(&random)
            }
            #expect(EntrySummary.pointer(pointer, isWithin: prefix) == Self.referenceIsWithin(pointer, prefix),
                    "seed \(seed), case \(index): \(pointer) in \(field)")
        }
    }

    @Test func pathsAndFolders() {
        let seed: UInt64 = 0x5EED_0000_0019_0C02
        var random = SplitMix64(seed: seed)
        for index in 0..<20_000 {
            let path = Self.text(&random)
            let folder = Self.text(&random, upTo: 2)
            let utf8 = Array(path.utf8)
            let slash = utf8.firstIndex(of: UInt8(ascii: "/"))
            #expect(Store.firstSlash(path) == slash, "seed \(seed), case \(index): \(path)")
            guard let slash else { continue }
            #expect(Store.utf8(path, slash) == Array(utf8[..<slash]))
            // As `cleanFolders` compared before: the path's part before its first slash is the folder.
            let inFolder = !folder.isEmpty && path.utf8[..<path.utf8.index(path.utf8.startIndex, offsetBy: slash)].elementsEqual(folder.utf8)
            #expect((!folder.isEmpty && Store.hasFolder(path, folder, slash: slash)) == inFolder, "seed \(seed), case \(index): \(path) in \(folder)")
            // A name after the folder and its slash.
            let name = Self.text(&random, upTo: 2)
            let prefix = slash + 1
            #expect(Store.hasName(path, after: prefix, name) == utf8.dropFirst(prefix).elementsEqual(name.utf8),
                    "seed \(seed), case \(index): \(path) after \(prefix) is \(name)")
            let joined = String(decoding: utf8[..<prefix], as: UTF8.self) + name
            #expect(Store.hasName(joined, after: prefix, name))
        }
    }
}

import Foundation
import Testing
@testable import ChronikStore

/// The reader validates each byte of an entry once (`EncodingCheck.singlePass`: the front matter by `UTF8Validation`,
/// the body by making its String) instead of the whole file first and the body again (`wholeFileFirst`, the reference):
/// both must give the same documents, layouts and errors, whatever is broken where.
@Suite("Front matter: the encoding checked once")
struct FrontMatterEncodingCheckTests {
    typealias Outcome = Result<(EntryDocument, FrontMatterLayout), FrontMatterError>

    func read(_ bytes: [UInt8], body: Bool, _ check: FrontMatterReader.EncodingCheck, limits: FrontMatterLimits) -> Outcome {
        Result { () throws(FrontMatterError) in
            try FrontMatterReader.read(bytes: bytes, limits: limits, body: body, encodingCheck: check)
        }
    }

    /// Whether `bytes` were read (else an error was), both ways alike.
    @discardableResult
    func expectSame(_ bytes: [UInt8], limits: FrontMatterLimits = FrontMatterLimits(), _ context: @autoclosure () -> String) -> Bool {
        var wasRead = false
        for body in [true, false] {
            let fast = read(bytes, body: body, .singlePass, limits: limits)
            let reference = read(bytes, body: body, .wholeFileFirst, limits: limits)
            // Without the layout (`parseFields`): the same document and errors.
            let withoutLayout = Result { () throws(FrontMatterError) in
                try FrontMatterReader.read(bytes: bytes, limits: limits, body: body, layout: false)
            }
            switch (fast, withoutLayout) {
            case let (.success(a), .success(b)):
                #expect(a.0 == b.0 && a.0.locations == b.0.locations, "\(context()) body \(body), without layout")
            case let (.failure(a), .failure(b)):
                #expect(a == b, "\(context()) body \(body), without layout")
            default:
                Issue.record("\(context()) body \(body): with layout \(fast), without \(withoutLayout)")
            }
            switch (fast, reference) {
            case let (.success(a), .success(b)):
                wasRead = true
                #expect(a.0 == b.0 && a.0.locations == b.0.locations, "\(context()) body \(body)")
                func keyLines(_ layout: FrontMatterLayout) -> [String]? { layout.keyLines.map { $0.map { "\($0.key)@\($0.line)" } } }
                let sameLines: Bool = a.1.lines == b.1.lines
                let sameFences: Bool = a.1.openingFence == b.1.openingFence && a.1.closingFence == b.1.closingFence
                #expect(a.1.lineEnding == b.1.lineEnding && sameLines && sameFences && keyLines(a.1) == keyLines(b.1),
                        "\(context()) body \(body)")
            case let (.failure(a), .failure(b)):
                #expect(a == b, "\(context()) body \(body)")
            default:
                Issue.record("\(context()) body \(body): single pass \(fast), reference \(reference)")
            }
        }
        return wasRead
    }

    @Test func handPickedBreakages() {
        let cases: [[UInt8]] = [
            Array("---\ntitle: Straße\n---\nText ä.\n".utf8),
            Array("---\r\ntitle: x\r\n---\r\nText.\r\n".utf8),
            Array("---\ntitle: x\n---".utf8),
            Array("---\ntitle: x\n---\n".utf8),
            Array("---\ntitle: x\n".utf8) + [0xFF] + Array("\n---\nText.\n".utf8), // invalid in the front matter
            Array("---\ntitle: x\n---\nText ".utf8) + [0xC3] + Array(".\n".utf8), // invalid in the body
            Array("---\ntitle: x\n---\nText ".utf8) + [0xE2, 0x82], // cut short at the end
            Array("---\ntitle: x\n---\nA\n".utf8) + [0] + Array("B\n".utf8), // NUL in the body
            Array("---\ntitle: ".utf8) + [0] + Array("\n---\nA\n".utf8), // NUL in the front matter
            Array("---\ntitle: x\n---\n".utf8) + [0, 0xFF], // NUL before an invalid byte: invalid wins
            Array("---\ntitle: x\nno closing fence\n".utf8) + [0xFF],
            Array("no front matter\n".utf8) + [0xFF],
            Array("---".utf8) + [0xFF],
            Array("---\n---\n".utf8) + [0xED, 0xA0, 0x80], // a surrogate
            Array("---\n---\n".utf8) + [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
            Array("---\n---\n".utf8) + [0xC0, 0xAF], // overlong
            [0xEF, 0xBB, 0xBF] + Array("---\n---\n".utf8),
            [],
        ]
        for (k, bytes) in cases.enumerated() { expectSame(bytes, "case \(k): \(bytes)") }
        // Over the front matter's own limit, with an invalid body after it: the encoding is wrong first.
        var small = FrontMatterLimits()
        small.maxFrontMatterBytes = 8
        expectSame(Array("---\ntitle: a long one\n---\n".utf8) + [0xFF], limits: small, "front matter too large, invalid body")
        expectSame(Array("---\ntitle: a long one\n---\nfine\n".utf8), limits: small, "front matter too large")
    }

    @Test func randomFilesWithDamage() {
        let seed: UInt64 = 0x5EED_0000_0000_0019
        var rng = SplitMix64(seed: seed)
        let head = ["title: Straße\n", "x: 1\n", "list:\n  - a\n  - ä\n", "note: \"€ 𝔘\"\n", "a: b\r\n", "\r", "---\n", "---\r\n",
                    "k: |\n  text\n", "bad: [\n", "\u{0}", "\u{FEFF}"]
        let body = ["Text ", "Straße ", "ä", "€", "👩‍👩‍👧", "\n", "\r\n", "---\n", "# Heading\n", "- item\n", "\u{0}", "\u{10FFFF}",
                    "\u{D7FF}", "\u{E000}", String(repeating: "word ", count: 12)]
        let invalid: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80]]
        var readCount = 0, brokenCount = 0
        for index in 0..<4_000 {
            func pick(_ items: [String]) -> [UInt8] { Array(items[Int.random(in: 0..<items.count, using: &rng)].utf8) }
            var bytes: [UInt8] = []
            switch Int.random(in: 0...9, using: &rng) {
            case 0: break // no opening fence
            case 1: bytes += Array("---\r\n".utf8)
            default: bytes += Array("---\n".utf8)
            }
            for _ in 0..<Int.random(in: 0...6, using: &rng) { bytes += pick(head) }
            let fenceAt = bytes.count
            if Int.random(in: 0...9, using: &rng) > 0 { bytes += Array((Bool.random(using: &rng) ? "---\n" : "---\r\n").utf8) }
            for _ in 0..<Int.random(in: 0...30, using: &rng) { bytes += pick(body) }
            // Damage: an invalid sequence in the front matter or the body, or a random byte changed.
            switch Int.random(in: 0...5, using: &rng) {
            case 0:
                let at = Int.random(in: 0...fenceAt, using: &rng)
                bytes.insert(contentsOf: invalid[Int.random(in: 0..<invalid.count, using: &rng)], at: at)
            case 1:
                let at = Int.random(in: fenceAt...bytes.count, using: &rng)
                bytes.insert(contentsOf: invalid[Int.random(in: 0..<invalid.count, using: &rng)], at: at)
            case 2 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            default: break
            }
            if expectSame(bytes, "seed \(seed), case \(index): \(bytes)") { readCount += 1 }
            if String(validating: bytes, as: UTF8.self) == nil { brokenCount += 1 }
        }
        // Both outcomes, and broken encodings among the failures, in fair numbers.
        #expect(readCount > 400 && brokenCount > 400 && readCount + brokenCount < 3_900, "read \(readCount), broken \(brokenCount)")
    }

    /// The YAML text of the front matter's lines copied as one where there is no CR, held to the line-by-line
    /// normalisation on seeded lines of LF, CR LF, lone CRs and text, at any offset of a file.
    @Test func yamlTextAsLineByLine() {
        var rng = SplitMix64(seed: 0x5EED_0000_0019_0C04)
        let pieces = ["a: b", "x", "ä", " ", "\r", "\r\n", "\n", "\r\r\n", "- c"]
        for index in 0..<5_000 {
            var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: Int.random(in: 0...4, using: &rng))
            var lines: [Range<Int>] = []
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                let start = bytes.count
                for _ in 0..<Int.random(in: 0...4, using: &rng) { bytes += Array(pieces[Int.random(in: 0..<pieces.count, using: &rng)].utf8) }
                if Bool.random(using: &rng) { bytes.append(UInt8(ascii: "\n")) }
                lines.append(start..<bytes.count)
            }
            bytes += Array("---\n".utf8)
            let fast = FrontMatterReader.yamlText(bytes, lines: lines)
            let reference = FrontMatterReader.yamlTextLineByLine(bytes, lines: lines)
            #expect(fast.yaml == reference.yaml && fast.loneCarriageReturns == reference.loneCarriageReturns, "case \(index): \(bytes)")
        }
    }
}

import ChronikStore
import Foundation

/// Random German-like prose, Unicode oddities and Markdown structure.
struct TextGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let words = [
        "Berlin", "Stadt", "Klimawandel", "Klimakrise", "Bürger:innen", "Bürger*innen", "Smart-City-Strategie",
        "Teilhabe", "Gemeinwohl", "Daten", "Verwaltung", "Straße", "Größe", "Maßnahmen", "öffentlich", "über",
        "die", "der", "das", "und", "mit", "für", "2022-03-01", "1.000,50", "42", "mein.berlin.de",
        "https://example.org/a_(b)", "Résumé", "naïve", "Ǆemal", "ﬁnal", "👩🏽‍💻", "e\u{301}", "日本語", "שלום",
        "\u{200B}", "Start-ups", "geht's", "z.B.", "CO₂", "Ämter", "Œuvre",
    ]
    static let punctuation = [".", ",", ";", ":", "!", "?", " – ", "\"", "„", "“", "(", ")", "*", "_", "`"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func sentence() -> String {
        var parts: [String] = []
        for _ in 0..<int(1...12) {
            parts.append(pick(Self.words))
            if chance(0.15) { parts.append(pick(Self.punctuation)) }
            parts.append(chance(0.9) ? " " : pick(["  ", "\t", "\u{A0}"]))
        }
        return parts.joined() + pick([".", "!", "?", ""])
    }

    mutating func block() -> String {
        switch int(0...9) {
        case 0: return String(repeating: "#", count: int(1...3)) + " " + sentence()
        case 1: return (0..<int(1...3)).map { _ in "- " + sentence() }.joined(separator: "\n")
        case 2: return "| a | b |\n| --- | --- |\n| \(pick(Self.words)) | \(pick(Self.words)) |"
        case 3: return "```\n" + sentence() + "\n```"
        case 4: return "> " + sentence()
        case 5: return "---"
        default: return (0..<int(1...3)).map { _ in sentence() }.joined(separator: " ")
        }
    }

    mutating func document() -> String {
        var blocks: [String] = []
        for _ in 0..<int(0...8) { blocks.append(block()) }
        let sep = chance(0.1) ? "\r\n\r\n" : pick(["\n\n", "\n\n\n", "\n\n"])
        return blocks.joined(separator: sep) + (chance(0.7) ? "\n" : "")
    }

    /// A random edit of `text`: word substitutions, block moves, insertions and deletions.
    mutating func mutate(_ text: String) -> String {
        var blocks = text.components(separatedBy: "\n\n")
        for _ in 0..<int(0...4) {
            switch int(0...5) {
            case 0 where !blocks.isEmpty:
                blocks.remove(at: int(0...(blocks.count - 1)))
            case 1:
                blocks.insert(block(), at: int(0...blocks.count))
            case 2 where blocks.count > 1:
                let b = blocks.remove(at: int(0...(blocks.count - 1)))
                blocks.insert(b, at: int(0...blocks.count))
            case 3 where !blocks.isEmpty:
                let i = int(0...(blocks.count - 1))
                var words = blocks[i].components(separatedBy: " ")
                let j = int(0...(words.count - 1))
                words[j] = pick(Self.words)
                if chance(0.3) { words.insert(pick(Self.words), at: int(0...words.count)) }
                blocks[i] = words.joined(separator: " ")
            case 4:
                blocks = blocks.map { $0.replacingOccurrences(of: "Klimawandel", with: "Klimakrise") }
            default:
                if !blocks.isEmpty { blocks[blocks.count - 1] += pick(["", "\n", " ", "!"]) }
            }
        }
        return blocks.joined(separator: "\n\n")
    }
}

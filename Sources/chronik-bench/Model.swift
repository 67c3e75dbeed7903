import ChronikStore

/// The in-memory model of a generated store: entries with typed fields and a prose body, the reverse reference
/// index that lets removals and renames keep every reference resolvable, and the strategy's section order.

/// A front-matter value as the generator writes it.
enum FieldValue: Equatable {
    case text(String)
    /// `YYYY-MM-DD`, written plain (chronik reads it as a string).
    case date(String)
    case int(Int)
    /// Plain strings, e.g. library authors or glossary synonyms.
    case texts([String])
    /// Ids of entries in collection `target` (an index into `Collections.all`).
    case refs(target: Int, ids: [String])
}

/// One entry: its fields in writing order and its body as paragraphs of sentences.
struct EntryState {
    var fields: [(key: String, value: FieldValue)]
    var body: [[String]]

    subscript(key: String) -> FieldValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// The entry file: front matter between `---` lines, then the Markdown body.
    func text() -> String {
        var out = "---\n"
        for (key, value) in fields {
            switch value {
            case .text(let s): out += key + ": " + YAMLScalar.quoteIfNeeded(s) + "\n"
            case .date(let d): out += key + ": " + d + "\n"
            case .int(let n): out += key + ": " + String(n) + "\n"
            case .texts(let items):
                out += key + ":\n"
                for item in items { out += "  - " + YAMLScalar.quoteIfNeeded(item) + "\n" }
            case .refs(_, let ids):
                out += key + ":\n"
                for id in ids { out += "  - " + id + "\n" }
            }
        }
        out += "---\n"
        var first = true
        for paragraph in body {
            if !first { out += "\n" }
            first = false
            out += paragraph.joined(separator: " ") + "\n"
        }
        return out
    }
}

/// Writes text scalars plain where YAML reads them back as the same string, else double-quoted.
enum YAMLScalar {
    static func quoteIfNeeded(_ s: String) -> String {
        needsQuotes(s) ? quoted(s) : s
    }

    static func needsQuotes(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        guard first.properties.isAlphabetic, last != " " else { return true }
        var previous: Unicode.Scalar = " "
        for c in s.unicodeScalars {
            switch c {
            case "a"..."z", "A"..."Z", "0"..."9", " ", "-", ".", "?", "(", ")", "/", "@", "_", "+", "=":
                break
            case ":":
                // "a: b" or a trailing colon would start a mapping; "https://x" is fine.
                if c == s.unicodeScalars.last { return true }
            default:
                if !c.properties.isAlphabetic { return true }
            }
            if c == " " && previous == ":" { return true }
            previous = c
        }
        // Plain words YAML 1.1/1.2 would read as booleans or null.
        let lower = s.lowercased()
        return ["yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"].contains(lower)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}

/// A set of ids with O(1) insert, remove and random choice.
struct IDPool {
    private(set) var items: [String] = []
    private var position: [String: Int] = [:]

    var count: Int { items.count }

    func contains(_ id: String) -> Bool { position[id] != nil }

    mutating func insert(_ id: String) {
        guard position[id] == nil else { return }
        position[id] = items.count
        items.append(id)
    }

    mutating func remove(_ id: String) {
        guard let i = position.removeValue(forKey: id) else { return }
        let last = items.removeLast()
        if i < items.count {
            items[i] = last
            position[last] = i
        }
    }

    func random(_ rng: inout SplitMix64) -> String? {
        items.isEmpty ? nil : items[rng.index(items.count)]
    }
}

/// Calendar days without Foundation: days since 1970-01-01 to `YYYY-MM-DD` (`Timestamp.civil(days:)`).
enum Day {
    static func string(_ days: Int) -> String {
        let (y, m, d) = Timestamp.civil(days: days)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }
}

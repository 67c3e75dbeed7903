import ChronikStore
import Foundation

/// What the checks across entries need from a stored entry: its references and unique values under its
/// collection's rules. Derived from the blob alone, so it can be cached by blob id.
struct EntrySummary: Sendable, Hashable {
    /// Per reference rule (in rule order): the ids the field names.
    var references: [[String]]
    /// Per unique rule (in rule order): the comparable key, nil when the field is absent.
    var unique: [String?]

    init(references: [[String]], unique: [String?]) {
        self.references = references
        self.unique = unique
    }

    init(_ checked: CheckedEntry, rules: CollectionRules) {
        references = rules.references.map { rule in
            let prefix = "/" + JSONPointer.escape(rule.field)
            return checked.references.filter { $0.pointer == prefix || $0.pointer.hasPrefix(prefix + "/") }.map(\.target.id)
        }
        unique = rules.unique.map { field in checked.uniqueValues.first { $0.field == field }?.key }
    }
}

/// A cache of entry summaries keyed by blob id and the collection's rules, in `.git/chronik/validation-cache`.
///
/// It only ever describes committed blobs, which never change, so it cannot go stale; a changed rule changes the
/// key. It is safe to delete (it is rebuilt on the next commit that needs it) and never committed. The format is
/// one line per blob: `<blob>\t<rules fingerprint>\t<column>…`, a reference column being space-separated ids
/// (only valid ids: nothing else can name an entry) and a unique column `=` + key, or empty when absent.
struct ReferenceCache {
    static let header = "chronik-validation-cache 1"
    let file: URL
    private(set) var records: [String: EntrySummary] = [:]
    private(set) var changed = false

    init(file: URL) {
        self.file = file
        guard let data = try? Data(contentsOf: file) else { return }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.first == Substring(Self.header) else { return }
        lines = lines.dropFirst()
        for line in lines {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else { continue }
            var refs: [[String]] = []
            var unique: [String?] = []
            for column in columns.dropFirst(2) {
                if column.hasPrefix("=") {
                    unique.append(unescape(column.dropFirst()))
                } else if column.hasPrefix("r") {
                    refs.append(column.dropFirst().split(separator: " ").map(String.init))
                } else {
                    unique.append(nil)
                }
            }
            records[columns[0] + "\t" + columns[1]] = EntrySummary(references: refs, unique: unique)
        }
    }

    func summary(blob: String, rules: CollectionRules) -> EntrySummary? {
        guard let s = records[blob + "\t" + rules.fingerprint],
              s.references.count == rules.references.count, s.unique.count == rules.unique.count else { return nil }
        return s
    }

    mutating func store(_ summary: EntrySummary, blob: String, rules: CollectionRules) {
        var clean = summary
        clean.references = summary.references.map { $0.filter { PathRules.problem(withID: $0) == nil } }
        records[blob + "\t" + rules.fingerprint] = clean
        changed = true
    }

    /// Drops the records of blobs not in `keep` (blobs no longer in the store), then writes the file atomically
    /// when something changed. Failure to write is not an error: the cache is an optimisation.
    mutating func save(keeping keep: Set<String>) {
        let before = records.count
        records = records.filter { keep.contains(String($0.key.prefix { $0 != "\t" })) }
        guard changed || records.count != before else { return }
        var text = Self.header + "\n"
        for (key, summary) in records.sorted(by: { $0.key < $1.key }) {
            text += key
            for ids in summary.references { text += "\tr" + ids.joined(separator: " ") }
            for key in summary.unique { text += "\t" + (key.map { "=" + escape($0) } ?? "") }
            text += "\n"
        }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: file, options: .atomic)
        changed = false
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    private func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                switch c {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}

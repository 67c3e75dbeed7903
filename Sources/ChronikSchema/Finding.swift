import ChronikStore

/// One reason an instance does not satisfy a schema.
///
/// `instancePointer` is the JSON Pointer of the offending value (e.g. `/status`), `schemaPointer` the path of the
/// keyword through the schema as evaluated (JSON Schema's "keyword location", `$ref` included, e.g.
/// `/properties/status/enum`), and `message` is written for editors rather than programmers.
public struct Finding: Sendable, Codable, Hashable, CustomStringConvertible {
    public var instancePointer: String
    public var keyword: String
    public var schemaPointer: String
    public var message: String
    /// What `message` says in English, as data a message catalog words in either language (issue 16); nil for the
    /// findings only `message` says (alternatives, `contains`, unevaluated items, limits of the validator). Not part
    /// of the JSON, nor of equality (the message says the same).
    public var rule: SchemaRule?

    private enum CodingKeys: String, CodingKey {
        case instancePointer, keyword, schemaPointer, message
    }

    public init(instancePointer: String, keyword: String, schemaPointer: String, message: String, rule: SchemaRule? = nil) {
        self.instancePointer = instancePointer
        self.keyword = keyword
        self.schemaPointer = schemaPointer
        self.message = message
        self.rule = rule
    }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.instancePointer == b.instancePointer && a.keyword == b.keyword && a.schemaPointer == b.schemaPointer && a.message == b.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(instancePointer)
        hasher.combine(keyword)
        hasher.combine(schemaPointer)
        hasher.combine(message)
    }

    public var description: String {
        "\(instancePointer.isEmpty ? "(root)" : instancePointer): \(message) [\(schemaPointer.isEmpty ? "(root)" : schemaPointer)]"
    }
}

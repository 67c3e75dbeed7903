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

    public init(instancePointer: String, keyword: String, schemaPointer: String, message: String) {
        self.instancePointer = instancePointer
        self.keyword = keyword
        self.schemaPointer = schemaPointer
        self.message = message
    }

    public var description: String {
        "\(instancePointer.isEmpty ? "(root)" : instancePointer): \(message) [\(schemaPointer.isEmpty ? "(root)" : schemaPointer)]"
    }
}

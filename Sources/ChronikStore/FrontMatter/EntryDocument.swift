import Foundation
import OrderedCollections

/// An entry file: YAML front matter (a mapping of fields) and a Markdown body.
///
/// Read with `parse(_:limits:)` (rules at the top of FrontMatterParser.swift), write with
/// `serialized(preservingFormatOf:)` (rules at the top of FrontMatterWriter.swift).
public struct EntryDocument: Sendable, Equatable {
    /// The front matter mapping, in the order of the file.
    public var fields: OrderedDictionary<String, JSONValue>
    /// The Markdown after the closing `---` line, exactly as written.
    public var body: String
    /// JSON Pointer ("" for the front matter itself, "/status", "/authors/0") → where that node starts in the file.
    /// Filled by `parse`; empty for documents built in code. Not part of equality.
    public var locations: [String: SourceLocation]
    /// The line ending detected on reading and used on writing.
    public var lineEnding: LineEnding

    public init(fields: OrderedDictionary<String, JSONValue>, body: String, lineEnding: LineEnding = .lf) {
        self.fields = fields
        self.body = body
        self.locations = [:]
        self.lineEnding = lineEnding
    }

    /// Reads an entry file; throws a `FrontMatterError` that says what is wrong and where.
    public static func parse(_ data: Data, limits: FrontMatterLimits = .init()) throws(FrontMatterError) -> EntryDocument {
        try FrontMatterReader.read(data, limits: limits).0
    }

    /// The fields of an entry file and where each starts, read by the same rules as `parse(_:limits:)` (the same
    /// fields, locations and errors) but without making a String of the body: for checks of the fields alone.
    public static func parseFields(_ bytes: [UInt8], limits: FrontMatterLimits = .init()) throws(FrontMatterError)
        -> (fields: OrderedDictionary<String, JSONValue>, locations: [String: SourceLocation]) {
        let document = try FrontMatterReader.read(bytes: bytes, limits: limits, body: false, layout: false).0
        return (document.fields, document.locations)
    }

    /// `parseFields` with the locations as `FieldLocations`: the same fields, locations and errors, without a table
    /// of the locations made for every entry (`chronik validate` looks up a few, for references, unique values and
    /// findings).
    public static func parseFieldsLocated(_ bytes: [UInt8], limits: FrontMatterLimits = .init()) throws(FrontMatterError)
        -> (fields: OrderedDictionary<String, JSONValue>, locations: FieldLocations) {
        try FrontMatterReader.readFieldsLocated(bytes: bytes, limits: limits)
    }

    /// `parseFields` through libyaml's events (with the reference as their fallback) instead of the byte reader
    /// for the common subset: the same fields, locations and errors. For `chronik-bench frontmatter`.
    package static func parseFieldsWithEventReader(_ bytes: [UInt8], limits: FrontMatterLimits = .init()) throws(FrontMatterError)
        -> (fields: OrderedDictionary<String, JSONValue>, locations: [String: SourceLocation]) {
        let document = try FrontMatterReader.read(bytes: bytes, limits: limits, body: false, reader: .events).0
        return (document.fields, document.locations)
    }

    /// `parseFields` through the reference YAML reader alone (`Yams.compose` and a walk of its node tree) instead of
    /// libyaml's events: the same fields, locations and errors, slower. For `chronik-bench frontmatter`, which times
    /// the two side by side.
    package static func parseFieldsWithReferenceReader(_ bytes: [UInt8], limits: FrontMatterLimits = .init()) throws(FrontMatterError)
        -> (fields: OrderedDictionary<String, JSONValue>, locations: [String: SourceLocation]) {
        let document = try FrontMatterReader.read(bytes: bytes, limits: limits, body: false, reader: .reference).0
        return (document.fields, document.locations)
    }

    /// Serialises the document. When `original` is the text this document was parsed from, untouched top-level fields
    /// keep their exact original text (formatting, quoting, comments attached to them); changed fields are re-emitted,
    /// removed ones dropped, new ones written where they stand in `fields`. `parse(serialized(x)) == x` always holds
    /// for documents within the limits.
    public func serialized(preservingFormatOf original: Data? = nil) -> Data {
        if let original, let preserved = FrontMatterWriter.preserving(self, original: original) {
            return preserved
        }
        return FrontMatterWriter.fresh(self)
    }

    /// Documents are equal when their fields (top-level order included), body and line ending are; `locations`
    /// only describe where the text was and are ignored.
    public static func == (a: EntryDocument, b: EntryDocument) -> Bool {
        a.fields == b.fields && a.body == b.body && a.lineEnding == b.lineEnding
    }
}

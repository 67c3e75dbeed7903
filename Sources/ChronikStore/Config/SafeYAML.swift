import Foundation
import OrderedCollections

/// A YAML file (such as `chronik.yml`) read as a mapping.
package struct YAMLDocument {
    package var value: OrderedDictionary<String, JSONValue>
    /// JSON Pointer -> where the node starts, in the file's own lines.
    package var locations: [String: SourceLocation]
}

/// Reads a whole YAML file with the entry reader's rules, caps and budgets (see FrontMatterParser.swift), so that
/// every YAML chronik reads goes through one safe path.
package enum SafeYAML {
    package static func parseMapping(_ data: Data, limits: FrontMatterLimits = FrontMatterLimits()) throws(FrontMatterError) -> YAMLDocument {
        var bytes = [UInt8](data)
        var lineShift = 1 // the fence we add below is line 1
        // A leading document marker is allowed; the reader's own fence takes its place.
        if bytes.starts(with: Array("---\n".utf8)) {
            bytes.removeFirst(4)
            lineShift = 0
        } else if bytes.starts(with: Array("---\r\n".utf8)) {
            bytes.removeFirst(5)
            lineShift = 0
        }
        // A further line `---` would start a second document: one document per file.
        var lineNumber = 1 - lineShift + 1
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let text = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            if text.elementsEqual("---".utf8) || text.elementsEqual("...".utf8) {
                throw .malformedYAML(line: lineNumber, column: 1, message: "only one YAML document is allowed")
            }
            lineNumber += 1
        }
        var framed = Array("---\n".utf8)
        framed += bytes
        if let last = bytes.last, last != UInt8(ascii: "\n") { framed.append(UInt8(ascii: "\n")) }
        framed += Array("---\n".utf8)
        do {
            let document = try EntryDocument.parse(Data(framed), limits: limits)
            var locations: [String: SourceLocation] = [:]
            for (pointer, location) in document.locations {
                locations[pointer] = SourceLocation(line: location.line - lineShift, column: location.column)
            }
            return YAMLDocument(value: document.fields, locations: locations)
        } catch {
            throw error.shiftingLines(by: -lineShift)
        }
    }
}

extension FrontMatterError {
    /// The same error with its line numbers moved by `delta` (for YAML read inside a frame of our own).
    func shiftingLines(by delta: Int) -> FrontMatterError {
        switch self {
        case .fileTooLarge, .frontMatterTooLarge, .byteOrderMark, .missingFrontMatter: return self
        case let .invalidUTF8(line): return .invalidUTF8(line: line + delta)
        case let .nulByte(line): return .nulByte(line: line + delta)
        case let .unterminated(line): return .unterminated(line: line + delta)
        case let .malformedYAML(line, column, message): return .malformedYAML(line: line + delta, column: column, message: message)
        case let .notAMapping(line, found): return .notAMapping(line: line + delta, found: found)
        case let .tooManyNodes(line, limit): return .tooManyNodes(line: line + delta, limit: limit)
        case let .tooManyKeys(line, limit): return .tooManyKeys(line: line + delta, limit: limit)
        case let .tooDeep(line, limit): return .tooDeep(line: line + delta, limit: limit)
        case let .nonScalarKey(line, column): return .nonScalarKey(line: line + delta, column: column)
        case let .mergeKey(line, column): return .mergeKey(line: line + delta, column: column)
        case let .unsupportedTag(tag, line, column): return .unsupportedTag(tag: tag, line: line + delta, column: column)
        case let .invalidTaggedValue(tag, value, line, column):
            return .invalidTaggedValue(tag: tag, value: value, line: line + delta, column: column)
        case let .duplicateKey(key, line, column): return .duplicateKey(key: key, line: line + delta, column: column)
        }
    }
}

/// Writes YAML scalars for the files chronik generates (`chronik.yml`).
enum YAMLText {
    /// A scalar that reads back as exactly `text`: plain when that is safe, else double-quoted with escapes.
    static func scalar(_ text: String, flow: Bool = false) -> String {
        if isSafePlain(text, flow: flow) { return text }
        return JSONWriter.quote(text)
    }

    private static func isSafePlain(_ text: String, flow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if flow && text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) { return false }
        // YAML 1.1 readers (PyYAML among them) take these for booleans: quote them for everyone else's sake.
        if ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) { return false }
        // It must read back as this string, not as a number, boolean, null or date.
        return NodeWalker.plainValue(text) == .string(text)
            && !text.unicodeScalars.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || "-:.TZ+ ".unicodeScalars.contains($0) })
    }
}

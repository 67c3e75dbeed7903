import ChronikStore
import Foundation
import OrderedCollections

/// What one property value becomes under a field's mapping.
enum NotionFieldValue: Equatable {
    /// A value for the field's key.
    case value(JSONValue)
    /// A date range kept as two fields: the start (for `key`) and the end (for `endKey`).
    case split(start: JSONValue, end: JSONValue)
    /// A relation's links, to be resolved to entry ids by the builder.
    case links([NotionLink])

    /// `value` converted by `field`'s type and format, or nil when it does not fit them (a mapping that says
    /// `integer` for `twelve`). Total: never a guess, the caller reports a nil.
    static func convert(_ value: NotionValue, field: NotionMapping.Field, zone: TimeZone) -> NotionFieldValue? {
        if field.ref != nil {
            switch value {
            case .pages(let links): return .links(links)
            case .text(let text):
                // A relation whose export lost its links (a view of a related database, a formula): titles only.
                return .links(NotionText.list(text).map { NotionLink(pageID: nil, title: $0) })
            default: return nil
            }
        }
        let text = value.displayText
        switch (field.type, field.format) {
        case ("string", nil):
            if case .options(let options) = value, options.count > 1 { return nil }
            if let values = field.enumValues, !values.contains(text) { return nil }
            return .value(.string(text))
        case ("string", "date"?), ("string", "date-time"?):
            let withTime = field.format == "date-time"
            func render(_ date: NotionDate) -> JSONValue? {
                if withTime { return .string(date.isoDateTime(in: zone)) }
                return date.hasTime ? nil : .string(date.isoDay)
            }
            if let date = NotionText.date(text) { return render(date).map { field.endKey == nil ? .value($0) : .split(start: $0, end: $0) } }
            if let (start, end) = NotionText.range(text), field.endKey != nil, let a = render(start), let b = render(end) {
                return .split(start: a, end: b)
            }
            return nil
        case ("string", "uri"?):
            return NotionText.isURL(text) ? .value(.string(text)) : nil
        case ("string", "email"?):
            let address = text.hasPrefix("mailto:") ? String(text.dropFirst(7)) : text
            return NotionText.isEmail(address) ? .value(.string(address)) : nil
        case ("boolean", nil):
            if case .checkbox(let on) = value { return .value(.bool(on)) }
            return NotionText.bool(text).map { .value(.bool($0)) }
        case ("integer", nil), ("number", nil):
            guard let number = NotionText.number(text), number.unit == field.unit || number.unit == nil else { return nil }
            if field.type == "integer" && !number.value.isInteger { return nil }
            return .value(.number(number.value))
        case ("array", nil):
            let items: [String]
            switch value {
            case .options(let options): items = options
            case .pages(let links): items = links.map(\.title)
            default: items = NotionText.list(text)
            }
            if let values = field.enumValues, items.contains(where: { !values.contains($0) }) { return nil }
            return .value(.array(items.map { .string($0) }))
        case ("object", "date-range"?), ("object", "date-time-range"?):
            let withTime = field.format == "date-time-range"
            func render(_ date: NotionDate) -> JSONValue? {
                if withTime { return .string(date.isoDateTime(in: zone)) }
                return date.hasTime ? nil : .string(date.isoDay)
            }
            if let date = NotionText.date(text), let start = render(date) { return .value(.object(["start": start])) }
            if let (start, end) = NotionText.range(text), let a = render(start), let b = render(end) {
                return .value(.object(["start": a, "end": b]))
            }
            return nil
        default:
            return nil
        }
    }
}

extension NotionValue {
    /// The value as the export shows it, as one line of text.
    public var displayText: String {
        switch self {
        case .text(let text), .date(let text): return text
        case .options(let options): return options.joined(separator: ", ")
        case .checkbox(let on): return on ? "Yes" : "No"
        case .pages(let links): return links.map(\.title).joined(separator: ", ")
        }
    }

    /// Whether the value shows nothing (an empty text or list).
    var isEmpty: Bool {
        switch self {
        case .text(let text), .date(let text): return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .options(let options): return options.isEmpty
        case .checkbox: return false
        case .pages(let links): return links.isEmpty
        }
    }
}

extension NotionMapping.Field {
    /// The field's JSON Schema (with chronik's keywords): what the validator checks the imported entries against.
    func schema(refPattern: String) -> JSONValue {
        var schema: OrderedDictionary<String, JSONValue> = [:]
        func label() -> JSONValue { .string(self.label) }
        switch (type, ref) {
        case ("array", let ref?):
            schema["type"] = .string("array")
            schema["items"] = .object(["type": .string("string"), "pattern": .string(refPattern)])
            schema["uniqueItems"] = .bool(true)
            schema["x-chronik-ref"] = .string(ref)
        case ("string", let ref?):
            schema["type"] = .string("string")
            schema["pattern"] = .string(refPattern)
            schema["x-chronik-ref"] = .string(ref)
        case ("array", nil):
            schema["type"] = .string("array")
            var items: OrderedDictionary<String, JSONValue> = ["type": .string("string")]
            if let values = enumValues { items["enum"] = .array(values.map { .string($0) }) }
            schema["items"] = .object(items)
        case ("object", _):
            let part: JSONValue = .object(["type": .string("string"), "format": .string(format == "date-time-range" ? "date-time" : "date")])
            schema["type"] = .string("object")
            schema["properties"] = .object(["start": part, "end": part])
            schema["required"] = .array([.string("start")])
            schema["additionalProperties"] = .bool(false)
        default:
            schema["type"] = .string(type)
            if let format { schema["format"] = .string(format) }
            if let values = enumValues { schema["enum"] = .array(values.map { .string($0) }) }
        }
        if let unit { schema["description"] = .string("Unit: \(unit)") }
        schema["x-chronik-label"] = label()
        if isPrivate { schema["x-chronik-private"] = .bool(true) }
        return .object(schema)
    }
}

import ChronikStore

/// A fast path for the check of a schema against the draft 2020-12 meta-schema (`Schema.checkAgainstMetaSchema`):
/// whether `schema` is surely valid against it, decided by a walk over the value that knows what the meta-schema asks
/// of each keyword (`MetaSchemas.documents`: core, applicator, unevaluated, validation, meta-data, format-annotation,
/// content, and the deprecated keywords of the top document). It answers only "valid"; for anything it does not model
/// exactly (a number it would have to compare, a string past 1,000 bytes, nesting past 32 levels) it answers false,
/// and the caller asks the compiled meta-schema, which words the findings. So it never decides that a schema is
/// invalid, and its "valid" is the meta-schema's (`MetaSchemaCheckTests` holds it to the meta-schema on seeded schemas).
///
/// Issue 19: a cold `chronik validate` of the sample spent an eighth of its CPU compiling the meta-schema (its 400
/// lines of JSON, each keyword's node, the first use of many generic types, and ICU's start for the `$id` pattern
/// `^[^#]*#?$`), all of it before the first entry could be checked; the store's own schemas are valid as a rule.
/// Formats are annotations in the meta-schema check (`SchemaOptions()`), so `format` (`uri`, `uri-reference`, `regex`)
/// asks nothing of a value here either.
enum MetaSchemaCheck {
    /// Whether `schema` is valid against the draft 2020-12 meta-schema for sure (false: not known, ask it).
    static func isSurelyValid(_ schema: JSONValue) -> Bool {
        isSchema(schema, depth: 0)
    }

    /// Deeper nesting is left to the meta-schema (its evaluation has its own depth limit).
    private static let maxDepth = 32
    /// Longer strings are left to the meta-schema (its pattern checks have an input limit).
    private static let maxStringBytes = 1_000

    /// `{"$dynamicRef": "#meta"}`: an object or a boolean whose keywords each satisfy their vocabulary's subschema.
    private static func isSchema(_ value: JSONValue, depth: Int) -> Bool {
        switch value {
        case .bool: return true
        case .object(let object):
            guard depth < maxDepth else { return false }
            for (key, member) in object {
                guard keyword(key, member, depth: depth + 1) else { return false }
            }
            return true
        default: return false
        }
    }

    /// What the meta-schema asks of `value` under keyword `key`; any keyword it does not name is allowed.
    private static func keyword(_ key: String, _ value: JSONValue, depth: Int) -> Bool {
        switch key {
        // Core.
        case "$id":
            guard case .string(let s) = value, s.utf8.count <= maxStringBytes else { return false }
            // `^[^#]*#?$`: no `#` but, perhaps, the last character.
            guard let hash = s.utf8.firstIndex(of: UInt8(ascii: "#")) else { return true }
            return s.utf8.index(after: hash) == s.utf8.endIndex
        case "$schema", "$ref", "$dynamicRef", "$comment", "$recursiveRef":
            return isString(value)
        case "$anchor", "$dynamicAnchor", "$recursiveAnchor":
            return isAnchor(value)
        case "$vocabulary":
            guard case .object(let object) = value else { return false }
            return object.values.allSatisfy { if case .bool = $0 { true } else { false } }
        case "$defs", "definitions", "properties", "patternProperties", "dependentSchemas":
            return isSchemaMap(value, depth: depth)
        // Applicator and unevaluated.
        case "prefixItems", "allOf", "anyOf", "oneOf":
            guard case .array(let items) = value, !items.isEmpty else { return false }
            return items.allSatisfy { isSchema($0, depth: depth) }
        case "items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not",
             "unevaluatedItems", "unevaluatedProperties", "contentSchema":
            return isSchema(value, depth: depth)
        // Validation.
        case "type":
            if case .string(let name) = value { return simpleTypes.contains(name) }
            guard case .array(let items) = value, !items.isEmpty else { return false }
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item, simpleTypes.contains(name), !names.contains(name) else { return false }
                names.append(name)
            }
            return true
        case "const", "default":
            return true
        case "enum", "examples":
            if case .array = value { return true }
            return false
        case "multipleOf":
            return isPositive(value)
        case "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum":
            if case .number = value { return true }
            return false
        case "maxLength", "minLength", "maxItems", "minItems", "maxContains", "minContains", "maxProperties", "minProperties":
            return isNonNegativeInteger(value)
        case "pattern", "title", "description", "format", "contentEncoding", "contentMediaType":
            return isString(value)
        case "uniqueItems", "deprecated", "readOnly", "writeOnly":
            if case .bool = value { return true }
            return false
        case "required":
            return isStringArray(value)
        case "dependentRequired":
            guard case .object(let object) = value else { return false }
            return object.values.allSatisfy(isStringArray)
        case "dependencies":
            // `anyOf`: a schema or a string array.
            guard case .object(let object) = value else { return false }
            return object.values.allSatisfy { isSchema($0, depth: depth) || isStringArray($0) }
        default:
            return true
        }
    }

    private static let simpleTypes: Set<String> = ["array", "boolean", "integer", "null", "number", "object", "string"]

    private static func isString(_ value: JSONValue) -> Bool {
        if case .string = value { return true }
        return false
    }

    /// `anchorString`: `^[A-Za-z_][-A-Za-z0-9._]*$`.
    private static func isAnchor(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value, let first = s.utf8.first, s.utf8.count <= maxStringBytes else { return false }
        func letter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        return letter(first) && s.utf8.dropFirst().allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
    }

    /// An object whose every member is a schema.
    private static func isSchemaMap(_ value: JSONValue, depth: Int) -> Bool {
        guard case .object(let object) = value else { return false }
        return object.values.allSatisfy { isSchema($0, depth: depth) }
    }

    /// `stringArray`: an array of strings, no two the same. (Strings Swift finds equal are taken as the same even
    /// where their bytes differ: such an array is left to the meta-schema, whichever equality it applies.)
    private static func isStringArray(_ value: JSONValue) -> Bool {
        guard case .array(let items) = value else { return false }
        var seen = Set<String>()
        for item in items {
            guard case .string(let s) = item, seen.insert(s).inserted else { return false }
        }
        return true
    }

    /// `nonNegativeInteger`, for a number written with digits only (at most 15 of them); any other is left to the
    /// meta-schema (`1.0`, `1e2` and `-0` are integers ≥ 0 too).
    private static func isNonNegativeInteger(_ value: JSONValue) -> Bool {
        guard case .number(let number) = value else { return false }
        let digits = number.literal.utf8
        return !digits.isEmpty && digits.count <= 15 && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `multipleOf`: a number above 0, for one written `digits` or `digits.digits` with a digit other than 0 in
    /// its first 15 characters; any other is left to the meta-schema.
    private static func isPositive(_ value: JSONValue) -> Bool {
        guard case .number(let number) = value else { return false }
        let text = number.literal.utf8
        guard !text.isEmpty, text.count <= 15, text.first != 0x2E, text.last != 0x2E else { return false }
        var dots = 0, nonZero = false
        for b in text {
            if b == 0x2E {
                dots += 1
            } else if b >= 0x31 && b <= 0x39 {
                nonZero = true
            } else if b != 0x30 {
                return false
            }
        }
        return dots <= 1 && nonZero
    }
}

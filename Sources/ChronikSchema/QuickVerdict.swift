import ChronikStore
import OrderedCollections

/// Whether an instance is valid, decided without the evaluator for schemas of the shape entry schemas have: an
/// object of `properties` with `required` and `additionalProperties`, whose fields are checked by `type`, `enum`,
/// `const`, lengths, simple patterns, `format`, number bounds and lists of such values (`items`, `minItems`,
/// `maxItems`, `uniqueItems`). The default schemas and those of generated stores are all of this shape.
///
/// `Schema.findings` asks it first (issue 19): checking a valid entry through `Evaluator` was mostly its set-up (a
/// `PatternMeter` and a scope array per entry), its walk through the keyword enum (each payload copied out, so
/// retained and released, on objects both checking threads share) and hashing of field names (`properties`,
/// `required` and `additionalProperties` each looked every name up). Here the nodes are flattened into `Check`s
/// once, field names are matched to properties by comparing bytes (ASCII names; any other name by `==`, Swift's
/// canonical equivalence, as the evaluator's dictionaries do), and a field's properties, requiredness and
/// additionalness come from one pass over the instance's members.
///
/// A verdict of `true` must be exactly the evaluator's: the instance is valid and no pattern check was left
/// undecided. `false` (or nil, when a pattern check would need the time budgets) sends the instance to the evaluator,
/// which words every finding; `QuickVerdictTests` and the conformance suite hold the verdict to `Schema.validate`.
/// `QuickVerdict(_:)` is nil for any schema using a keyword outside this subset (references above all), so such a
/// schema is evaluated as before.
struct QuickVerdict: Sendable {
    /// The keywords of one schema node, as the verdict needs them. Immutable once built.
    final class Check: @unchecked Sendable {
        /// A boolean schema (`true`, `false`).
        var constant: Bool?
        var types: TypeMask?
        var enumValues: [JSONValue]?
        var constants: [JSONValue] = []
        var multipleOf: [JSONNumber] = []
        var minimum: [JSONNumber] = []
        var exclusiveMinimum: [JSONNumber] = []
        var maximum: [JSONNumber] = []
        var exclusiveMaximum: [JSONNumber] = []
        var minLength = 0
        var maxLength = Int.max
        var patterns: [SimplePattern] = []
        var formats: [String] = []
        var minItems = 0
        var maxItems = Int.max
        var uniqueItems = false
        var items: Check?
        var minProperties = 0
        var maxProperties = Int.max
        var properties: [Property] = []
        /// The required names that are `properties` (bits of `properties`' indices), and any other required names.
        var requiredMask: UInt64 = 0
        var requiredOthers: [String] = []
        /// `additionalProperties`: the names it leaves alone and the check of every other member.
        var additional: (known: [Property], check: Check)?
        /// Whether any string check is made (so a non-string instance skips them all).
        var checksStrings = false
        var checksNumbers = false
        var checksArrays = false
        var checksObjects = false
    }

    /// A property name and the check of its value (`check` is nil for a name `additionalProperties` merely knows).
    struct Property {
        let name: String
        let ascii: Bool
        let check: Check?

        init(_ name: String, _ check: Check?) {
            self.name = name
            ascii = name.utf8.allSatisfy { $0 < 0x80 }
            self.check = check
        }

        /// Whether a member's key is this name, as `String ==` decides (canonical equivalence): the bytes decide
        /// between ASCII names, which nothing else is equivalent to but equal bytes.
        @inline(__always) func named(_ key: String, ascii keyASCII: Bool) -> Bool {
            if keyASCII, ascii { return key.utf8.count == name.utf8.count && key.utf8.elementsEqual(name.utf8) }
            return key == name
        }
    }

    let root: Check
    let options: SchemaOptions

    /// The verdict plan of a compiled schema; nil when it uses anything outside the subset.
    init?(root node: Node, tracking: Bool, options: SchemaOptions) {
        // (Three levels at most are met: the entry, a field, a list's items; far below any evaluation depth limit.)
        guard !tracking, options.maxEvaluationDepth >= 8, let root = QuickVerdict.check(node, depth: 0) else { return nil }
        self.root = root
        self.options = options
    }

    private static func check(_ node: Node, depth: Int) -> Check? {
        guard depth < 8, !node.readsAnnotations else { return nil }
        let check = Check()
        if let constant = node.constant {
            check.constant = constant
            return check
        }
        for keyword in node.keywords {
            switch keyword {
            case .type(let mask, _):
                guard check.types == nil else { return nil }
                check.types = mask
            case .enumeration(let values, _):
                guard check.enumValues == nil else { return nil }
                check.enumValues = values
            case .constant(let value): check.constants.append(value)
            case .multipleOf(let n): check.multipleOf.append(n); check.checksNumbers = true
            case .minimum(let n): check.minimum.append(n); check.checksNumbers = true
            case .exclusiveMinimum(let n): check.exclusiveMinimum.append(n); check.checksNumbers = true
            case .maximum(let n): check.maximum.append(n); check.checksNumbers = true
            case .exclusiveMaximum(let n): check.exclusiveMaximum.append(n); check.checksNumbers = true
            case .minLength(let n): check.minLength = max(check.minLength, n); check.checksStrings = true
            case .maxLength(let n): check.maxLength = min(check.maxLength, n); check.checksStrings = true
            case .pattern(let pattern):
                guard let simple = pattern.simple else { return nil }
                check.patterns.append(simple)
                check.checksStrings = true
            case .format(let format): check.formats.append(format); check.checksStrings = true
            case .minItems(let n): check.minItems = max(check.minItems, n); check.checksArrays = true
            case .maxItems(let n): check.maxItems = min(check.maxItems, n); check.checksArrays = true
            case .uniqueItems: check.uniqueItems = true; check.checksArrays = true
            case .items(let child, let from):
                guard from == 0, check.items == nil, let items = QuickVerdict.check(child, depth: depth + 1) else { return nil }
                check.items = items
                check.checksArrays = true
            case .minProperties(let n): check.minProperties = max(check.minProperties, n); check.checksObjects = true
            case .maxProperties(let n): check.maxProperties = min(check.maxProperties, n); check.checksObjects = true
            case .required(let names):
                check.requiredOthers += names
                check.checksObjects = true
            case .properties(let byName, let order):
                guard check.properties.isEmpty, order.count <= 64 else { return nil }
                for name in order {
                    guard let child = byName[name], let sub = QuickVerdict.check(child, depth: depth + 1) else { return nil }
                    check.properties.append(Property(name, sub))
                }
                check.checksObjects = true
            case .additionalProperties(let child, let known, let patterns):
                guard patterns.isEmpty, check.additional == nil, let sub = QuickVerdict.check(child, depth: depth + 1) else { return nil }
                check.additional = (known.map { Property($0, nil) }, sub)
                check.checksObjects = true
            default:
                return nil
            }
        }
        // Required names that are properties become bits, matched in the same pass as the properties.
        var others: [String] = []
        for name in check.requiredOthers {
            if let index = check.properties.firstIndex(where: { $0.name == name }) {
                check.requiredMask |= 1 << UInt64(index)
            } else {
                others.append(name)
            }
        }
        check.requiredOthers = others
        return check
    }

    /// Whether the pattern checks can be decided by `SimplePattern` (the evaluator's `PatternMeter` matches a simple
    /// pattern untimed while some time is left of every budget): nil until a pattern is met.
    private struct Context {
        let options: SchemaOptions
        let budget: PatternBudget?
        var patternsDecidable: Bool?

        mutating func mayMatchPatterns() -> Bool {
            if let known = patternsDecidable { return known }
            let decidable = options.patternTimeLimit > 0 && options.patternTimePerInstance > 0 && (budget?.hasTimeLeft ?? true)
            patternsDecidable = decidable
            return decidable
        }
    }

    /// Whether `instance` is valid; false also when the evaluator must decide (it then makes the findings).
    func isValid(_ instance: JSONValue, budget: PatternBudget?) -> Bool {
        var context = Context(options: options, budget: budget)
        return QuickVerdict.valid(instance, root, &context)
    }

    private static func valid(_ instance: JSONValue, _ check: Check, _ context: inout Context) -> Bool {
        if let constant = check.constant { return constant }
        if let types = check.types, !Evaluator.matches(types, instance) { return false }
        if let values = check.enumValues, !values.contains(where: { Equality.strict($0, instance) }) { return false }
        for value in check.constants where !Equality.strict(instance, value) { return false }
        switch instance {
        case .string(let s):
            guard check.checksStrings else { return true }
            return validString(s, check, &context)
        case .number(let n):
            guard check.checksNumbers else { return true }
            for divisor in check.multipleOf where !Numbers.isMultiple(n, of: divisor) { return false }
            for limit in check.minimum where Numbers.compare(n, limit) < 0 { return false }
            for limit in check.exclusiveMinimum where Numbers.compare(n, limit) <= 0 { return false }
            for limit in check.maximum where Numbers.compare(n, limit) > 0 { return false }
            for limit in check.exclusiveMaximum where Numbers.compare(n, limit) >= 0 { return false }
            return true
        case .array(let items):
            guard check.checksArrays else { return true }
            if items.count < check.minItems || items.count > check.maxItems { return false }
            if check.uniqueItems, Evaluator.firstDuplicate(items) != nil { return false }
            if let itemCheck = check.items {
                for item in items where !valid(item, itemCheck, &context) { return false }
            }
            return true
        case .object(let members):
            guard check.checksObjects else { return true }
            return validObject(members, check, &context)
        case .null, .bool:
            return true
        }
    }

    private static func validString(_ s: String, _ check: Check, _ context: inout Context) -> Bool {
        if check.minLength > 0 || check.maxLength < Int.max {
            let length = Evaluator.scalarCount(s)
            if length < check.minLength || length > check.maxLength { return false }
        }
        if !check.patterns.isEmpty {
            // Too long to be checked, or a budget used up: the evaluator decides (and words it).
            guard context.mayMatchPatterns(), s.utf16.count <= context.options.maxPatternInputLength else { return false }
            for pattern in check.patterns where !pattern.matches(s) { return false }
        }
        for format in check.formats where Formats.check(format, s) == false { return false }
        return true
    }

    private static func validObject(_ members: OrderedDictionary<String, JSONValue>, _ check: Check, _ context: inout Context) -> Bool {
        if members.count < check.minProperties || members.count > check.maxProperties { return false }
        var seen: UInt64 = 0
        let properties = check.properties
        for (key, value) in members {
            let ascii = key.utf8.allSatisfy { $0 < 0x80 }
            var matched = false
            for index in properties.indices where properties[index].named(key, ascii: ascii) {
                seen |= 1 << UInt64(index)
                // (`check` is set for every property of `properties`.)
                if let sub = properties[index].check, !valid(value, sub, &context) { return false }
                matched = true
                break
            }
            if let (known, sub) = check.additional {
                let isKnown = matched || known.contains { $0.named(key, ascii: ascii) }
                if !isKnown, !valid(value, sub, &context) { return false }
            }
        }
        if seen & check.requiredMask != check.requiredMask { return false }
        for name in check.requiredOthers where members[name] == nil { return false }
        return true
    }
}

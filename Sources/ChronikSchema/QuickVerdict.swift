import ChronikStore
import Foundation
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
    /// The keywords of one schema node, as the verdict needs them (immutable: `let`s, which the walk reads without
    /// the exclusivity checks and copies a class's `var`s would cost).
    final class Check: Sendable {
        /// A boolean schema (`true`, `false`).
        let constant: Bool?
        let types: TypeMask?
        let enumValues: [JSONValue]?
        let constants: [JSONValue]
        let multipleOf: [JSONNumber]
        let minimum: [JSONNumber]
        let exclusiveMinimum: [JSONNumber]
        let maximum: [JSONNumber]
        let exclusiveMaximum: [JSONNumber]
        let minLength: Int
        let maxLength: Int
        let patterns: [SimplePattern]
        let formats: [String]
        let minItems: Int
        let maxItems: Int
        let uniqueItems: Bool
        let items: Check?
        let minProperties: Int
        let maxProperties: Int
        /// `properties`' names and the checks of their values, in the schema's order.
        let names: Names
        let propertyChecks: [Check]
        /// The required names that are `properties` (bits of their indices), and any other required names.
        let requiredMask: UInt64
        let requiredOthers: [String]
        /// `additionalProperties`: the names it leaves alone (`properties`' own) and the check of every other member.
        let additional: Check?
        /// `propertyChecks`, `items` and `additional` without retaining them, for the walk (`_withUnsafeGuaranteedRef`:
        /// this check holds them). Each check object is shared by every checking thread: taken out of its parent
        /// retained and released for every entry, its reference count's cache line went back and forth between the
        /// cores, a good part of a cold `chronik validate`'s entry check.
        let propertyRefs: [Unmanaged<Check>]
        let itemsRef: Unmanaged<Check>?
        let additionalRef: Unmanaged<Check>?
        /// Whether any check is made of a value of the type (so a value of another type skips them all).
        let checksStrings: Bool
        let checksNumbers: Bool
        let checksArrays: Bool
        let checksObjects: Bool

        init(_ b: Builder) {
            constant = b.constant
            types = b.types
            enumValues = b.enumValues
            constants = b.constants
            multipleOf = b.multipleOf
            minimum = b.minimum
            exclusiveMinimum = b.exclusiveMinimum
            maximum = b.maximum
            exclusiveMaximum = b.exclusiveMaximum
            minLength = b.minLength
            maxLength = b.maxLength
            patterns = b.patterns
            formats = b.formats
            minItems = b.minItems
            maxItems = b.maxItems
            uniqueItems = b.uniqueItems
            items = b.items
            minProperties = b.minProperties
            maxProperties = b.maxProperties
            names = Names(b.properties.map(\.name))
            propertyChecks = b.properties.map(\.check)
            requiredMask = b.requiredMask
            requiredOthers = b.requiredOthers
            additional = b.additional
            propertyRefs = propertyChecks.map { Unmanaged.passUnretained($0) }
            itemsRef = b.items.map { Unmanaged.passUnretained($0) }
            additionalRef = b.additional.map { Unmanaged.passUnretained($0) }
            checksStrings = b.minLength > 0 || b.maxLength < Int.max || !b.patterns.isEmpty || !b.formats.isEmpty
            checksNumbers = !(b.multipleOf.isEmpty && b.minimum.isEmpty && b.exclusiveMinimum.isEmpty && b.maximum.isEmpty
                && b.exclusiveMaximum.isEmpty)
            checksArrays = b.minItems > 0 || b.maxItems < Int.max || b.uniqueItems || b.items != nil
            checksObjects = b.minProperties > 0 || b.maxProperties < Int.max || !b.properties.isEmpty || b.requiredMask != 0
                || !b.requiredOthers.isEmpty || b.additional != nil
        }
    }

    /// A node's keywords as they are collected.
    struct Builder {
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
        var properties: [(name: String, check: Check)] = []
        var requiredMask: UInt64 = 0
        var requiredOthers: [String] = []
        var additional: Check?
    }

    /// Property names, matched against a member's key as `String ==` decides (canonical equivalence, what the
    /// evaluator's dictionaries use): by their bytes when the key and every name are ASCII (nothing but equal bytes
    /// is equivalent to an ASCII text), else by `==`. The names' bytes are kept one after another.
    struct Names: Sendable {
        let names: [String]
        let bytes: [UInt8]
        /// Where each name's bytes end in `bytes` (each starts where the one before ends).
        let ends: [Int]
        let allASCII: Bool

        init(_ names: [String]) {
            self.names = names
            var bytes: [UInt8] = []
            var ends: [Int] = []
            for name in names {
                bytes += Array(name.utf8)
                ends.append(bytes.count)
            }
            self.bytes = bytes
            self.ends = ends
            allASCII = bytes.allSatisfy { $0 < 0x80 }
        }

        /// The index of the name `key` is, or nil.
        func index(of key: String) -> Int? {
            if allASCII, let found = key.utf8.withContiguousStorageIfAvailable({ key -> Int?? in
                for byte in key where byte >= 0x80 { return nil } // undecided: `==` decides
                return .some(bytes.withUnsafeBufferPointer { names -> Int? in
                    var start = 0
                    for (index, end) in ends.enumerated() {
                        if end - start == key.count, key.isEmpty || memcmp(key.baseAddress!, names.baseAddress! + start, key.count) == 0 {
                            return index
                        }
                        start = end
                    }
                    return nil
                })
            }), let decided = found {
                return decided
            }
            return names.firstIndex { $0 == key }
        }
    }

    let root: Check
    let options: SchemaOptions

    /// `root` without retaining it (see `Check.propertyRefs`), for `isValid(_:root:options:budget:)`; valid while
    /// `root` is held.
    var rootRef: Unmanaged<Check> { Unmanaged.passUnretained(root) }

    /// The verdict plan of a compiled schema; nil when it uses anything outside the subset.
    init?(root node: Node, tracking: Bool, options: SchemaOptions) {
        // (Three levels at most are met: the entry, a field, a list's items; far below any evaluation depth limit.)
        guard !tracking, options.maxEvaluationDepth >= 8, let root = QuickVerdict.check(node, depth: 0) else { return nil }
        self.root = root
        self.options = options
    }

    private static func check(_ node: Node, depth: Int) -> Check? {
        guard depth < 8, !node.readsAnnotations else { return nil }
        var check = Builder()
        if let constant = node.constant {
            check.constant = constant
            return Check(check)
        }
        var known: Set<String>?
        for keyword in node.keywords {
            switch keyword {
            case .type(let mask, _):
                guard check.types == nil else { return nil }
                check.types = mask
            case .enumeration(let values, _):
                guard check.enumValues == nil else { return nil }
                check.enumValues = values
            case .constant(let value): check.constants.append(value)
            case .multipleOf(let n): check.multipleOf.append(n)
            case .minimum(let n): check.minimum.append(n)
            case .exclusiveMinimum(let n): check.exclusiveMinimum.append(n)
            case .maximum(let n): check.maximum.append(n)
            case .exclusiveMaximum(let n): check.exclusiveMaximum.append(n)
            case .minLength(let n): check.minLength = max(check.minLength, n)
            case .maxLength(let n): check.maxLength = min(check.maxLength, n)
            case .pattern(let pattern):
                guard let simple = pattern.simple else { return nil }
                check.patterns.append(simple)
            case .format(let format): check.formats.append(format)
            case .minItems(let n): check.minItems = max(check.minItems, n)
            case .maxItems(let n): check.maxItems = min(check.maxItems, n)
            case .uniqueItems: check.uniqueItems = true
            case .items(let child, let from):
                guard from == 0, check.items == nil, let items = QuickVerdict.check(child, depth: depth + 1) else { return nil }
                check.items = items
            case .minProperties(let n): check.minProperties = max(check.minProperties, n)
            case .maxProperties(let n): check.maxProperties = min(check.maxProperties, n)
            case .required(let names):
                check.requiredOthers += names
            case .properties(let byName, let order):
                guard check.properties.isEmpty, order.count <= 64 else { return nil }
                for name in order {
                    guard let child = byName[name], let sub = QuickVerdict.check(child, depth: depth + 1) else { return nil }
                    check.properties.append((name, sub))
                }
            case .additionalProperties(let child, let names, let patterns):
                guard patterns.isEmpty, check.additional == nil, let sub = QuickVerdict.check(child, depth: depth + 1) else { return nil }
                check.additional = sub
                known = names
            default:
                return nil
            }
        }
        // `additionalProperties` leaves alone the names of the node's `properties` (the compiler's `known`): a member
        // is additional exactly when it is none of them.
        if let known, known != Set(check.properties.map(\.name)) { return nil }
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
        return Check(check)
    }

    /// Whether the pattern checks can be decided by `SimplePattern` (the evaluator's `PatternMeter` matches a simple
    /// pattern untimed while some time is left of every budget): nil until a pattern is met.
    private struct Context {
        let options: SchemaOptions
        /// The run's budget, unretained (it is shared by the checking threads; the caller holds it).
        let budget: Unmanaged<PatternBudget>?
        var patternsDecidable: Bool?

        mutating func mayMatchPatterns() -> Bool {
            if let known = patternsDecidable { return known }
            let decidable = options.patternTimeLimit > 0 && options.patternTimePerInstance > 0
                && (budget?._withUnsafeGuaranteedRef { $0.hasTimeLeft } ?? true)
            patternsDecidable = decidable
            return decidable
        }
    }

    /// Whether `instance` is valid; false also when the evaluator must decide (it then makes the findings).
    func isValid(_ instance: JSONValue, budget: PatternBudget?) -> Bool {
        withExtendedLifetime((self, budget)) {
            QuickVerdict.isValid(instance, root: rootRef, options: options, budget: budget.map { Unmanaged.passUnretained($0) })
        }
    }

    /// `isValid` of a verdict given by its parts, none retained: the root check (held by the caller's schema, as
    /// `rootRef` gives it), its options, and the run's budget (held by the caller). `EntryCheck` asks this for
    /// every entry, without copying the schema and the verdict out of its collection (each copy retained their
    /// objects, which every checking thread shares).
    static func isValid(_ instance: JSONValue, root: Unmanaged<Check>, options: SchemaOptions, budget: Unmanaged<PatternBudget>?) -> Bool {
        var context = Context(options: options, budget: budget)
        return root._withUnsafeGuaranteedRef { valid(instance, $0, &context) }
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
            if let itemCheck = check.itemsRef {
                for item in items where !itemCheck._withUnsafeGuaranteedRef({ valid(item, $0, &context) }) { return false }
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
            // A scalar is one to four UTF-8 bytes, so the byte count (at hand in a native String) bounds the length
            // from both sides: counted only when the bounds leave the verdict open. (Entry schemas ask `minLength: 1`
            // of titles of a hundred bytes and more, each counted byte by byte for every entry: 3 profile samples of
            // a cold `validate`'s ~1,100.)
            let bytes = s.utf8.count
            if (bytes + 3) / 4 < check.minLength || bytes > check.maxLength {
                let length = Evaluator.scalarCount(s)
                if length < check.minLength || length > check.maxLength { return false }
            }
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
        let keys = members.keys.elements
        let values = members.values.elements
        for index in keys.indices {
            if let property = check.names.index(of: keys[index]) {
                seen |= 1 << UInt64(property)
                if !check.propertyRefs[property]._withUnsafeGuaranteedRef({ valid(values[index], $0, &context) }) { return false }
            } else if let additional = check.additionalRef, !additional._withUnsafeGuaranteedRef({ valid(values[index], $0, &context) }) {
                return false
            }
        }
        if seen & check.requiredMask != check.requiredMask { return false }
        for name in check.requiredOthers where members[name] == nil { return false }
        return true
    }
}

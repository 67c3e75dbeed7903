import ChronikStore
import Foundation

/// What in-place applicators learned about one instance location: which properties and items some subschema
/// evaluated (JSON Schema 2020-12 §7.7.1 annotations, as `unevaluatedProperties`/`unevaluatedItems` need them).
struct Annotations {
    var properties: Set<String> = []
    var allProperties = false
    /// Items `0..<items` were evaluated (by `prefixItems`).
    var items = 0
    var allItems = false
    /// Items matched by `contains`.
    var itemIndexes: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        if other.allProperties { allProperties = true } else if !allProperties { properties.formUnion(other.properties) }
        if other.allItems { allItems = true }
        items = max(items, other.items)
        if !allItems { itemIndexes.formUnion(other.itemIndexes) }
    }
}

private struct ActiveReference: Hashable {
    var node: ObjectIdentifier
    var instanceDepth: Int
}

/// One evaluation of an instance against a compiled schema.
///
/// In collecting mode every failing keyword becomes a `Finding`; otherwise evaluation stops at the first failure.
/// Annotations are tracked only when the schema uses `unevaluated*`.
///
/// The instance and keyword paths, which findings are made of, are kept only when findings are made (`paths`): an
/// evaluation that gives a verdict alone (`Schema.isValid`; the first pass of `Schema.findings`, which collects
/// without making findings, so that it goes exactly where `validate` goes) has nothing to make of them, and pushing
/// two paths for every member and item, with an array for the keyword tokens of each, was a good part of checking a
/// valid entry (issue 19).
struct Evaluator {
    let options: SchemaOptions
    let resources: [ResourceInfo]
    let tracking: Bool
    /// Whether evaluation goes on after a failure (and, with `paths`, makes a finding of it).
    var collect: Bool
    /// Whether findings are made, and `instancePath` and `keywordPath` kept for them.
    let paths: Bool
    var findings: [Finding] = []
    var instancePath: [String] = []
    var keywordPath: [String] = []
    /// How deep in the instance the evaluation is (`instancePath.count` when the paths are kept).
    private var instanceDepth = 0
    var scope: [Int] = []
    private var active: Set<ActiveReference> = []
    private var depth = 0
    /// The time budgets of the pattern checks and the first check that could not be decided.
    let patterns: PatternMeter

    init(options: SchemaOptions, resources: [ResourceInfo], tracking: Bool, collect: Bool, budget: PatternBudget? = nil,
         makesFindings: Bool = true) {
        self.options = options
        self.resources = resources
        self.tracking = tracking
        self.collect = collect
        paths = collect && makesFindings
        patterns = PatternMeter(options: options, run: budget)
    }

    /// Pushes keyword tokens when the paths are kept; the count to pop.
    @inline(__always)
    private mutating func pushKeywords(_ first: String, _ second: () -> String?) -> Int {
        guard paths else { return 0 }
        keywordPath.append(first)
        guard let second = second() else { return 1 }
        keywordPath.append(second)
        return 2
    }

    /// The length `minLength` and `maxLength` count (Unicode scalars, §6.3.1), from the UTF-8 bytes: every byte that
    /// is not a continuation byte (`10xxxxxx`) starts a scalar. (`unicodeScalars.count` decodes each one: 0.5 % of a
    /// cold `chronik validate`.) `EvaluatorLengthTests` hold it to `unicodeScalars.count`.
    static func scalarCount(_ s: String) -> Int {
        s.utf8.withContiguousStorageIfAvailable { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        } ?? s.unicodeScalars.count
    }

    // MARK: Reporting

    static func pointer(_ tokens: [String]) -> String {
        var s = ""
        for t in tokens { s += "/" + JSONPointer.escape(t) }
        return s
    }

    mutating func fail(_ keyword: String, _ message: @autoclosure () -> String, rule: @autoclosure () -> SchemaRule? = nil) {
        guard collect, paths else { return }
        findings.append(Finding(instancePointer: Evaluator.pointer(instancePath), keyword: keyword,
                                schemaPointer: Evaluator.pointer(keywordPath + [keyword]), message: message(), rule: rule()))
    }

    /// Reports at the child instance `token` (a property or item) rather than at the container.
    mutating func fail(_ keyword: String, at token: String, schemaTokens: [String], _ message: @autoclosure () -> String,
                       rule: @autoclosure () -> SchemaRule? = nil) {
        guard collect, paths else { return }
        findings.append(Finding(instancePointer: Evaluator.pointer(instancePath + [token]), keyword: keyword,
                                schemaPointer: Evaluator.pointer(keywordPath + schemaTokens), message: message(), rule: rule()))
    }

    // MARK: Nodes

    mutating func evaluate(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        if let constant = node.constant {
            if !constant { fail("false", "no value is allowed here", rule: .noValueAllowed) }
            return constant
        }
        depth += 1
        defer { depth -= 1 }
        if depth > options.maxEvaluationDepth {
            let limit = options.maxEvaluationDepth
            fail("$ref", "the schema is nested too deeply to evaluate (more than \(limit) levels)", rule: .schemaTooDeep(limit: limit))
            return false
        }
        let pushed = scope.last != node.resource
        if pushed { scope.append(node.resource) }
        defer { if pushed { scope.removeLast() } }
        var valid = true
        for keyword in node.keywords where !evaluate(keyword, instance, &annotations) {
            valid = false
            if !collect { return false }
        }
        return valid
    }

    /// Evaluates `node` against a member or item of the current instance.
    private mutating func evaluateChild(_ node: Node, _ value: JSONValue, token: @autoclosure () -> String,
                                        schema first: String, _ second: @autoclosure () -> String? = nil) -> Bool {
        if let constant = node.constant, constant { return true }
        let pushed = pushKeywords(first, second)
        if paths { instancePath.append(token()) }
        instanceDepth += 1
        var scratch = Annotations()
        let valid = evaluate(node, value, &scratch)
        instanceDepth -= 1
        if paths { instancePath.removeLast() }
        keywordPath.removeLast(pushed)
        return valid
    }

    /// Evaluates `node` against the current instance, merging its annotations when it passes.
    private mutating func evaluateInPlace(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations,
                                          schema first: String, _ second: @autoclosure () -> String? = nil) -> Bool {
        let pushed = pushKeywords(first, second)
        defer { keywordPath.removeLast(pushed) }
        if !tracking {
            var scratch = Annotations()
            return evaluate(node, instance, &scratch)
        }
        var sub = Annotations()
        let valid = evaluate(node, instance, &sub)
        if valid { annotations.merge(sub) }
        return valid
    }

    /// Evaluates `node` silently (no findings); `messages` receives the first findings it would have reported.
    private mutating func probe(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations,
                                schema first: String, _ second: @autoclosure () -> String?, messages: inout [String],
                                rules: inout [[SchemaRule]?]) -> Bool {
        let mark = findings.count
        let pushed = pushKeywords(first, second)
        defer { keywordPath.removeLast(pushed) }
        var sub = Annotations()
        let valid = evaluate(node, instance, &sub)
        if valid {
            if tracking { annotations.merge(sub) }
        } else if collect, findings.count > mark {
            let first = findings[mark..<findings.count].prefix(2)
            messages.append(first.map(\.message).joined(separator: " and "))
            let firstRules = first.compactMap(\.rule)
            rules.append(firstRules.count == first.count ? firstRules : nil)
        }
        findings.removeSubrange(mark...)
        return valid
    }

    private mutating func reference(_ target: Node, _ instance: JSONValue, _ annotations: inout Annotations,
                                    keyword: String) -> Bool {
        let key = ActiveReference(node: ObjectIdentifier(target), instanceDepth: instanceDepth)
        if active.contains(key) {
            fail(keyword, "the schema refers to itself in a loop without checking any part of the value", rule: .schemaLoop)
            return false
        }
        active.insert(key)
        defer { active.remove(key) }
        return evaluateInPlace(target, instance, &annotations, schema: keyword)
    }

    // MARK: Keywords

    private mutating func evaluate(_ keyword: Keyword, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        switch keyword {
        case .type(let mask, let names):
            if Evaluator.matches(mask, instance) { return true }
            fail("type", "must be \(Messages.typeList(names)); found \(Messages.found(instance))",
                 rule: .type(expected: names, found: Messages.rule(instance)))
            return false

        case .enumeration(let values, let strings):
            let ok: Bool
            if let strings {
                if case .string(let s) = instance { ok = strings.contains(ExactString(s)) } else { ok = false }
            } else {
                ok = values.contains { Equality.strict($0, instance) }
            }
            if !ok {
                fail("enum", values.count == 1
                    ? "must be \(Messages.show(values[0])); found \(Messages.show(instance))"
                    : "must be one of \(values.map(Messages.show).joined(separator: ", ")); found \(Messages.show(instance))")
            }
            return ok

        case .constant(let value):
            if Equality.strict(instance, value) { return true }
            fail("const", "must be \(Messages.show(value)); found \(Messages.show(instance))",
                 rule: .const(expected: Messages.show(value), found: Messages.show(instance)))
            return false

        case .multipleOf(let divisor):
            guard case .number(let n) = instance else { return true }
            if Numbers.isMultiple(n, of: divisor) { return true }
            fail("multipleOf", "must be a multiple of \(divisor.literal); found \(n.literal)",
                 rule: .multipleOf(divisor: divisor.literal, found: n.literal))
            return false

        case .minimum(let limit):
            guard case .number(let n) = instance else { return true }
            if Numbers.compare(n, limit) >= 0 { return true }
            fail("minimum", "must be at least \(limit.literal); found \(n.literal)",
                 rule: .minimum(limit: limit.literal, found: n.literal, exclusive: false))
            return false

        case .exclusiveMinimum(let limit):
            guard case .number(let n) = instance else { return true }
            if Numbers.compare(n, limit) > 0 { return true }
            fail("exclusiveMinimum", "must be greater than \(limit.literal); found \(n.literal)",
                 rule: .minimum(limit: limit.literal, found: n.literal, exclusive: true))
            return false

        case .maximum(let limit):
            guard case .number(let n) = instance else { return true }
            if Numbers.compare(n, limit) <= 0 { return true }
            fail("maximum", "must be at most \(limit.literal); found \(n.literal)",
                 rule: .maximum(limit: limit.literal, found: n.literal, exclusive: false))
            return false

        case .exclusiveMaximum(let limit):
            guard case .number(let n) = instance else { return true }
            if Numbers.compare(n, limit) < 0 { return true }
            fail("exclusiveMaximum", "must be less than \(limit.literal); found \(n.literal)",
                 rule: .maximum(limit: limit.literal, found: n.literal, exclusive: true))
            return false

        case .minLength(let limit):
            guard case .string(let s) = instance else { return true }
            let length = Evaluator.scalarCount(s)
            if length >= limit { return true }
            fail("minLength", "must have at least \(Messages.count(limit, "character")); found \(length)",
                 rule: .minLength(limit: limit, found: length))
            return false

        case .maxLength(let limit):
            guard case .string(let s) = instance else { return true }
            let length = Evaluator.scalarCount(s)
            if length <= limit { return true }
            fail("maxLength", "must have at most \(Messages.count(limit, "character")); found \(length)",
                 rule: .maxLength(limit: limit, found: length))
            return false

        case .pattern(let pattern):
            guard case .string(let s) = instance else { return true }
            let limit = options.maxPatternInputLength
            if s.utf16.count > limit {
                fail("pattern", "is too long to check against the pattern \(pattern.source) (\(s.utf16.count) characters, limit \(limit))",
                     rule: .patternInputTooLong(pattern: pattern.source, length: s.utf16.count, limit: limit))
                return false
            }
            switch patterns.check(pattern, s) {
            case .match:
                return true
            case .noMatch:
                fail("pattern", "must match the pattern \(pattern.source); found \(Messages.show(instance))",
                     rule: .pattern(pattern: pattern.source, found: Messages.show(instance)))
            case .undecided(let why):
                undecided("pattern", at: nil, schemaTokens: ["pattern"], why)
            case .skipped:
                break // a budget was used up: its finding was made for the first check not made
            }
            return false

        case .format(let format):
            guard case .string(let s) = instance, let ok = Formats.check(format, s) else { return true }
            if ok { return true }
            fail("format", "must be a valid \(Formats.describe(format)); found \(Messages.show(instance))",
                 rule: .format(format: format, found: Messages.show(instance)))
            return false

        case .minItems(let limit):
            guard case .array(let items) = instance else { return true }
            if items.count >= limit { return true }
            fail("minItems", "must have at least \(Messages.count(limit, "item")); found \(items.count)",
                 rule: .minItems(limit: limit, found: items.count))
            return false

        case .maxItems(let limit):
            guard case .array(let items) = instance else { return true }
            if items.count <= limit { return true }
            fail("maxItems", "must have at most \(Messages.count(limit, "item")); found \(items.count)",
                 rule: .maxItems(limit: limit, found: items.count))
            return false

        case .uniqueItems:
            guard case .array(let items) = instance, let (i, j) = Evaluator.firstDuplicate(items) else { return true }
            fail("uniqueItems", "must not contain duplicates; items \(i + 1) and \(j + 1) are both \(Messages.show(items[i]))",
                 rule: .uniqueItems(first: i + 1, second: j + 1, value: Messages.show(items[i])))
            return false

        case .contains(let node, let minimum, let maximum):
            return applyContains(node, minimum, maximum, instance, &annotations)

        case .minProperties(let limit):
            guard case .object(let members) = instance else { return true }
            if members.count >= limit { return true }
            fail("minProperties", "must have at least \(Messages.count(limit, "field")); found \(members.count)",
                 rule: .minProperties(limit: limit, found: members.count))
            return false

        case .maxProperties(let limit):
            guard case .object(let members) = instance else { return true }
            if members.count <= limit { return true }
            fail("maxProperties", "must have at most \(Messages.count(limit, "field")); found \(members.count)",
                 rule: .maxProperties(limit: limit, found: members.count))
            return false

        case .required(let names):
            guard case .object(let members) = instance else { return true }
            var valid = true
            for name in names where members[name] == nil {
                valid = false
                if !collect { return false }
                fail("required", "is missing the required field \(name)")
            }
            return valid

        case .dependentRequired(let pairs):
            guard case .object(let members) = instance else { return true }
            var valid = true
            for (name, needed) in pairs where members[name] != nil {
                for other in needed where members[other] == nil {
                    valid = false
                    if !collect { return false }
                    fail("dependentRequired", "is missing the field \(other), which is required when \(name) is present",
                         rule: .dependentRequired(field: other, present: name))
                }
            }
            return valid

        case .properties(let byName, let order):
            return applyProperties(byName, order, instance, &annotations)

        case .patternProperties(let pairs):
            return applyPatternProperties(pairs, instance, &annotations)

        case .additionalProperties(let node, let known, let patterns):
            return applyAdditionalProperties(node, known, patterns, instance, &annotations)

        case .propertyNames(let node):
            return applyPropertyNames(node, instance, &annotations)

        case .dependentSchemas(let pairs):
            return applyDependentSchemas(pairs, instance, &annotations)

        case .prefixItems(let nodes):
            return applyPrefixItems(nodes, instance, &annotations)

        case .items(let node, let from):
            return applyItems(node, from, instance, &annotations)

        case .allOf(let nodes):
            return applyAllOf(nodes, instance, &annotations)

        case .anyOf(let nodes):
            return applyAnyOf(nodes, instance, &annotations)

        case .oneOf(let nodes):
            return applyOneOf(nodes, instance, &annotations)

        case .not(let node):
            return applyNot(node, instance, &annotations)

        case .conditional(let ifNode, let thenNode, let elseNode):
            return applyConditional(ifNode, thenNode, elseNode, instance, &annotations)

        case .ref(let target):
            return applyRef(target, instance, &annotations)

        case .dynamicRef(let target, let anchor):
            return applyDynamicRef(target, anchor, instance, &annotations)

        case .unevaluatedItems(let node):
            return applyUnevaluatedItems(node, instance, &annotations)

        case .unevaluatedProperties(let node):
            return applyUnevaluatedProperties(node, instance, &annotations)

        }
    }

    private mutating func applyContains(_ node: Node, _ minimum: Int, _ maximum: Int?, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance else { return true }
        var matched = 0
        let saved = collect
        collect = false
        let pushed = pushKeywords("contains", { nil })
        for (i, item) in items.enumerated() {
            if paths { instancePath.append(String(i)) }
            instanceDepth += 1
            var scratch = Annotations()
            if evaluate(node, item, &scratch) {
                matched += 1
                if tracking { annotations.itemIndexes.insert(i) }
            }
            instanceDepth -= 1
            if paths { instancePath.removeLast() }
            if !tracking, !saved, matched >= minimum, maximum == nil { break }
        }
        keywordPath.removeLast(pushed)
        collect = saved
        if matched < minimum {
            fail(minimum == 1 ? "contains" : "minContains",
                 "must contain at least \(Messages.count(minimum, "item")) matching the schema under contains; found \(matched)",
                 rule: .containsTooFew(minimum: minimum, found: matched))
            return false
        }
        if let maximum, matched > maximum {
            fail("maxContains", "must contain at most \(Messages.count(maximum, "item")) matching the schema under contains; found \(matched)",
                 rule: .containsTooMany(maximum: maximum, found: matched))
            return false
        }
        return true
    }

    private mutating func applyProperties(_ byName: [String: Node], _ order: [String], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        if members.count < order.count {
            for (key, value) in members {
                guard let node = byName[key] else { continue }
                if tracking { annotations.properties.insert(key) }
                if !evaluateChild(node, value, token: key, schema: "properties", key) {
                    valid = false
                    if !collect { return false }
                }
            }
        } else {
            for key in order {
                guard let value = members[key], let node = byName[key] else { continue }
                if tracking { annotations.properties.insert(key) }
                if !evaluateChild(node, value, token: key, schema: "properties", key) {
                    valid = false
                    if !collect { return false }
                }
            }
        }
        return valid
    }

    private mutating func applyPatternProperties(_ pairs: [(Pattern, Node)], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (key, value) in members {
            for (pattern, node) in pairs where matches(pattern, key, "patternProperties") {
                if tracking { annotations.properties.insert(key) }
                if !evaluateChild(node, value, token: key, schema: "patternProperties", pattern.source) {
                    valid = false
                    if !collect { return false }
                }
            }
        }
        return valid
    }

    private mutating func applyAdditionalProperties(_ node: Node, _ known: Set<String>, _ patterns: [Pattern], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (key, value) in members where !known.contains(key) && !patterns.contains(where: { matches($0, key, "additionalProperties") }) {
            if tracking { annotations.properties.insert(key) }
            if node.constant == false {
                valid = false
                if !collect { return false }
                fail("additionalProperties", at: key, schemaTokens: ["additionalProperties"],
                     "the field \(key) is not allowed here", rule: .fieldNotAllowed(name: key))
            } else if !evaluateChild(node, value, token: key, schema: "additionalProperties") {
                valid = false
                if !collect { return false }
            }
        }
        return valid
    }

    private mutating func applyPropertyNames(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for key in members.keys where !evaluateChild(node, .string(key), token: key, schema: "propertyNames") {
            valid = false
            if !collect { return false }
        }
        return valid
    }

    private mutating func applyDependentSchemas(_ pairs: [(String, Node)], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (name, node) in pairs where members[name] != nil {
            if !evaluateInPlace(node, instance, &annotations, schema: "dependentSchemas", name) {
                valid = false
                if !collect { return false }
            }
        }
        return valid
    }

    private mutating func applyPrefixItems(_ nodes: [Node], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance else { return true }
        var valid = true
        let n = min(nodes.count, items.count)
        for i in 0..<n where !evaluateChild(nodes[i], items[i], token: String(i), schema: "prefixItems", String(i)) {
            valid = false
            if !collect { return false }
        }
        if tracking { annotations.items = max(annotations.items, n) }
        return valid
    }

    private mutating func applyItems(_ node: Node, _ from: Int, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance, items.count > from else { return true }
        var valid = true
        for i in from..<items.count {
            if node.constant == false {
                valid = false
                if !collect { return false }
                fail("items", at: String(i), schemaTokens: ["items"],
                     "no item is allowed at position \(i + 1) (at most \(Messages.count(from, "item")))",
                     rule: .itemNotAllowed(position: i + 1, allowed: from))
            } else if !evaluateChild(node, items[i], token: String(i), schema: "items") {
                valid = false
                if !collect { return false }
            }
        }
        if tracking { annotations.allItems = true }
        return valid
    }

    private mutating func applyAllOf(_ nodes: [Node], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        var valid = true
        for (i, node) in nodes.enumerated() where !evaluateInPlace(node, instance, &annotations, schema: "allOf", String(i)) {
            valid = false
            if !collect { return false }
        }
        return valid
    }

    private mutating func applyAnyOf(_ nodes: [Node], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        var matched = false
        var messages: [String] = []
        var rules: [[SchemaRule]?] = []
        for (i, node) in nodes.enumerated() where probe(node, instance, &annotations, schema: "anyOf", String(i), messages: &messages, rules: &rules) {
            matched = true
            if !tracking { break }
        }
        if !matched {
            fail("anyOf", Messages.alternatives(messages, count: nodes.count),
                 rule: Messages.alternativesRule(messages, rules, count: nodes.count))
        }
        return matched
    }

    private mutating func applyOneOf(_ nodes: [Node], _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        var passing: [Int] = []
        var messages: [String] = []
        var rules: [[SchemaRule]?] = []
        var chosen = Annotations()
        for (i, node) in nodes.enumerated() {
            var sub = Annotations()
            if probe(node, instance, &sub, schema: "oneOf", String(i), messages: &messages, rules: &rules) {
                passing.append(i)
                chosen = sub
                if passing.count > 1 { break }
            }
        }
        if passing.count == 1 {
            if tracking { annotations.merge(chosen) }
            return true
        }
        if passing.isEmpty {
            fail("oneOf", Messages.alternatives(messages, count: nodes.count),
                 rule: Messages.alternativesRule(messages, rules, count: nodes.count))
        } else {
            fail("oneOf", "must match exactly one of the alternatives, but matches alternatives \(passing[0] + 1) and \(passing[1] + 1)",
                 rule: .severalAlternatives(first: passing[0] + 1, second: passing[1] + 1))
        }
        return false
    }

    private mutating func applyNot(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        let saved = collect
        collect = false
        var scratch = Annotations()
        let pushed = pushKeywords("not", { nil })
        let matched = evaluate(node, instance, &scratch)
        keywordPath.removeLast(pushed)
        collect = saved
        if matched { fail("not", "must not match the schema under not; found \(Messages.show(instance))", rule: .not(found: Messages.show(instance))) }
        return !matched
    }

    private mutating func applyConditional(_ ifNode: Node, _ thenNode: Node?, _ elseNode: Node?, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        let saved = collect
        collect = false
        var sub = Annotations()
        let pushed = pushKeywords("if", { nil })
        let holds = evaluate(ifNode, instance, &sub)
        keywordPath.removeLast(pushed)
        collect = saved
        if holds {
            if tracking { annotations.merge(sub) }
            guard let thenNode else { return true }
            return evaluateInPlace(thenNode, instance, &annotations, schema: "then")
        }
        guard let elseNode else { return true }
        return evaluateInPlace(elseNode, instance, &annotations, schema: "else")
    }

    private mutating func applyRef(_ target: RefTarget, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard let node = target.node else { preconditionFailure("reference \(target.uri) was not linked") }
        return reference(node, instance, &annotations, keyword: "$ref")
    }

    private mutating func applyDynamicRef(_ target: RefTarget, _ anchor: String?, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard var node = target.node else { preconditionFailure("reference \(target.uri) was not linked") }
        if let anchor {
            for resource in scope {
                if let dynamic = resources[resource].dynamicAnchors[anchor] {
                    node = dynamic
                    break
                }
            }
        }
        return reference(node, instance, &annotations, keyword: "$dynamicRef")
    }

    private mutating func applyUnevaluatedItems(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance, !annotations.allItems else { return true }
        var valid = true
        for i in annotations.items..<max(annotations.items, items.count) where !annotations.itemIndexes.contains(i) {
            if node.constant == false {
                valid = false
                if !collect { return false }
                fail("unevaluatedItems", at: String(i), schemaTokens: ["unevaluatedItems"],
                     "no item is allowed at position \(i + 1)", rule: .itemNotAllowed(position: i + 1, allowed: nil))
            } else if !evaluateChild(node, items[i], token: String(i), schema: "unevaluatedItems") {
                valid = false
                if !collect { return false }
            }
        }
        annotations.allItems = true
        return valid
    }

    private mutating func applyUnevaluatedProperties(_ node: Node, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        guard case .object(let members) = instance, !annotations.allProperties else { return true }
        var valid = true
        for (key, value) in members where !annotations.properties.contains(key) {
            if node.constant == false {
                valid = false
                if !collect { return false }
                fail("unevaluatedProperties", at: key, schemaTokens: ["unevaluatedProperties"],
                     "the field \(key) is not allowed here", rule: .fieldNotAllowed(name: key))
            } else if !evaluateChild(node, value, token: key, schema: "unevaluatedProperties") {
                valid = false
                if !collect { return false }
            }
        }
        annotations.allProperties = true
        return valid
    }

    /// Whether a property name matches. One that cannot be decided counts as not matching here, and is a finding
    /// at the field (`undecided`): the instance is invalid.
    private func matches(_ pattern: Pattern, _ key: String, _ keyword: String) -> Bool {
        switch patterns.check(pattern, key) {
        case .match: return true
        case .noMatch, .skipped: return false
        case .undecided(let why):
            let finding = Finding(instancePointer: Evaluator.pointer(instancePath + [key]), keyword: keyword,
                                  schemaPointer: Evaluator.pointer(keywordPath + [keyword]), message: "the field name " + why)
            if patterns.undecided == nil { patterns.undecided = finding }
            return false
        }
    }

    /// A pattern check that could not be decided: a finding here (when collecting) and, whatever the context (inside
    /// `not`, `anyOf`, `if`, whose findings are dropped), the instance's first undecided check, which
    /// `Schema.validate` reports if nothing else did.
    private mutating func undecided(_ keyword: String, at token: String?, schemaTokens: [String], _ message: String) {
        let finding = Finding(instancePointer: Evaluator.pointer(instancePath + (token.map { [$0] } ?? [])), keyword: keyword,
                              schemaPointer: Evaluator.pointer(keywordPath + schemaTokens), message: message)
        if patterns.undecided == nil { patterns.undecided = finding }
        if collect, paths { findings.append(finding) }
    }

    static func matches(_ mask: TypeMask, _ instance: JSONValue) -> Bool {
        switch instance {
        case .null: return mask.contains(.null)
        case .bool: return mask.contains(.boolean)
        case .object: return mask.contains(.object)
        case .array: return mask.contains(.array)
        case .string: return mask.contains(.string)
        case .number(let n): return mask.contains(.number) || (mask.contains(.integer) && n.isInteger)
        }
    }

    static func firstDuplicate(_ items: [JSONValue]) -> (Int, Int)? {
        if items.count < 2 { return nil }
        if items.count <= 32 {
            for j in 1..<items.count {
                for i in 0..<j where Equality.strict(items[i], items[j]) { return (i, j) }
            }
            return nil
        }
        // JSONValue's hash agrees with strict equality (equal values hash alike); buckets settle the rest.
        var seen: [JSONValue: [Int]] = [:]
        for (j, item) in items.enumerated() {
            if let earlier = seen[item], let i = earlier.first(where: { Equality.strict(items[$0], item) }) { return (i, j) }
            seen[item, default: []].append(j)
        }
        return nil
    }
}

/// A string compared by its code points, not by Swift's canonical equivalence: JSON Schema's `const`, `enum` and
/// `uniqueItems` tell `"\u{E9}"` from `"e\u{301}"`.
struct ExactString: Hashable {
    let value: String
    init(_ value: String) { self.value = value }
    static func == (a: ExactString, b: ExactString) -> Bool { Equality.sameBytes(a.value, b.value) }
    func hash(into hasher: inout Hasher) {
        for byte in value.utf8 { hasher.combine(byte) }
    }
}

/// JSON Schema's equality (RFC 8259 values; numbers by value, strings by code points, object members in any order).
enum Equality {
    /// Whether two strings have the same UTF-8 bytes (the same code points): compared over their own buffers
    /// (`elementsEqual` of the UTF-8 views went through their generic iterators: 1 % of a cold `chronik validate`,
    /// an `enum` of every entry compared with several strings).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let count = a.utf8.count
        guard count == b.utf8.count else { return false }
        if let same = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in count == 0 || memcmp(x.baseAddress!, y.baseAddress!, count) == 0 }
        }), let same { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    static func strict(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return sameBytes(x, y)
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { strict($0, $1) }
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], strict(value, other) else { return false }
            }
            return true
        default: return false
        }
    }
}

/// Exact comparisons of JSON numbers: integers directly, others through `Double` and, where doubles tie, `Decimal`.
enum Numbers {
    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        if let x = Int(a.literal), let y = Int(b.literal) { return x < y ? -1 : (x > y ? 1 : 0) }
        let da = a.double
        let db = b.double
        // Rounding to Double is monotonic, so a strict inequality of doubles is a true inequality.
        if da < db { return -1 }
        if da > db { return 1 }
        let xa = a.decimal
        let xb = b.decimal
        if !xa.isNaN && !xb.isNaN { return xa < xb ? -1 : (xa > xb ? 1 : 0) }
        return 0
    }

    static func isMultiple(_ a: JSONNumber, of b: JSONNumber) -> Bool {
        if let x = Int(a.literal), let y = Int(b.literal), y != 0 { return x % y == 0 }
        let quotient = a.double / b.double
        guard quotient.isFinite else { return false }
        let xa = a.decimal
        let xb = b.decimal
        if !xa.isNaN && !xb.isNaN && !xb.isZero {
            var q = xa / xb
            var rounded = Decimal()
            NSDecimalRound(&rounded, &q, 0, .plain)
            return rounded * xb == xa
        }
        return quotient == quotient.rounded()
    }
}

/// Wording of findings, for readers who are not programmers.
enum Messages {
    static func show(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .string(let s): text = s.isEmpty ? "\"\" (empty text)" : s
        default: text = JSONWriter.write(value)
        }
        // (At most 80 bytes are at most 80 characters: no grapheme breaking of a short text, shown for every unique
        // field of every entry checked.)
        return text.utf8.count > 80 && text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    static func found(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null (no value)"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return "the number \(n.literal)"
        case .string: return "the text \(show(value))"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    /// What `value` is, as data for a message catalog (`SchemaRule.Found`).
    static func rule(_ value: JSONValue) -> SchemaRule.Found {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n.literal)
        case .string: return .text(show(value))
        case .array: return .list
        case .object: return .mapping
        }
    }

    static func typeList(_ names: [String]) -> String {
        let words = names.map(ChronikStore.Messages.englishTypeName)
        if words.count <= 1 { return words.first ?? "nothing" }
        return words.dropLast().joined(separator: ", ") + " or " + (words.last ?? "")
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// The rule of `alternatives`' sentence: the reasons as rules where the sentence names reasons and each has one.
    static func alternativesRule(_ messages: [String], _ rules: [[SchemaRule]?], count: Int) -> SchemaRule {
        let named = !messages.isEmpty && messages.count == count && count <= 4
        let reasons = named && rules.count == count ? rules.compactMap { $0 } : []
        return .noAlternative(count: count, reasons: named && reasons.count == count ? reasons : nil,
                              english: alternatives(messages, count: count))
    }

    static func alternatives(_ messages: [String], count: Int) -> String {
        guard !messages.isEmpty, messages.count == count, count <= 4 else {
            return "must match one of the \(count) allowed alternatives, but matches none"
        }
        return "must match one of the allowed alternatives, but " + messages.enumerated()
            .map { "alternative \($0.offset + 1) fails: \($0.element)" }.joined(separator: "; ")
    }
}

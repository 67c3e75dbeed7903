import ChronikStore
import Foundation

/// A compiled JSON Schema (draft 2020-12): references resolved, regular expressions compiled, ready to validate
/// many instances. Immutable and `Sendable`.
public struct Schema: Sendable {
    let root: Node
    let resources: [ResourceInfo]
    let tracking: Bool
    /// The verdict without the evaluator, for a schema of the shape entry schemas have (nil for any other).
    let quick: QuickVerdict?
    /// The settings the schema was compiled with.
    public let options: SchemaOptions

    /// Compiles `schema`, resolving references against `registry` (which is not changed) and the schema itself.
    ///
    /// `retrievalURI` is the schema's own URI when it has no `$id` (relative references resolve against it).
    public init(_ schema: JSONValue, registry: SchemaRegistry = SchemaRegistry(), retrievalURI: String? = nil,
                options: SchemaOptions = SchemaOptions()) throws(SchemaError) {
        var table = registry
        let document = table.addDocument(schema, retrievalURI: retrievalURI ?? "urn:chronik:schema:root")
        var compiler = Compiler(registry: table, options: options)
        root = try compiler.compileRoot(Location(document: document, pointer: ""))
        resources = compiler.resources
        tracking = compiler.usesUnevaluated
        self.options = options
        quick = QuickVerdict(root: root, tracking: tracking, options: options)
    }

    /// Every reason `instance` is invalid; empty when it is valid.
    ///
    /// The pattern checks share a time budget per instance (`SchemaOptions.patternTimePerInstance`) and, when given,
    /// the run's `budget`; a check that cannot be decided in time is a finding, wherever in the schema it happens.
    public func validate(_ instance: JSONValue, budget: PatternBudget? = nil) -> [Finding] {
        var evaluator = Evaluator(options: options, resources: resources, tracking: tracking, collect: true, budget: budget)
        var annotations = Annotations()
        _ = evaluator.evaluate(root, instance, &annotations)
        var findings = evaluator.findings
        if let undecided = evaluator.patterns.undecided, !findings.contains(undecided) { findings.append(undecided) }
        return findings
    }

    /// `validate(_:budget:)`, faster for instances that are mostly valid: a first pass goes where `validate` goes
    /// but makes no finding (and keeps no path for one); only an instance it finds invalid, or with a pattern check
    /// it could not decide, is evaluated again, making findings. The same findings; an invalid instance's pattern
    /// checks are timed twice against the run's budget.
    ///
    /// For a schema of the shape entry schemas have, the first pass is `QuickVerdict`'s, without the evaluator.
    public func findings(_ instance: JSONValue, budget: PatternBudget? = nil) -> [Finding] {
        if let quick {
            return quick.isValid(instance, budget: budget) ? [] : validate(instance, budget: budget)
        }
        var evaluator = Evaluator(options: options, resources: resources, tracking: tracking, collect: true, budget: budget,
                                  makesFindings: false)
        var annotations = Annotations()
        if evaluator.evaluate(root, instance, &annotations), evaluator.patterns.undecided == nil { return [] }
        return validate(instance, budget: budget)
    }

    /// Whether `instance` is valid; faster than `validate` because it stops at the first failure. An instance with a
    /// pattern check that could not be decided is not valid.
    public func isValid(_ instance: JSONValue, budget: PatternBudget? = nil) -> Bool {
        var evaluator = Evaluator(options: options, resources: resources, tracking: tracking, collect: false, budget: budget)
        var annotations = Annotations()
        return evaluator.evaluate(root, instance, &annotations) && evaluator.patterns.undecided == nil
    }

    /// The draft 2020-12 meta-schema, compiled once.
    static let metaSchema: Schema = {
        let registry = SchemaRegistry()
        guard let location = registry.locate(MetaSchemas.base + "schema") else {
            preconditionFailure("the embedded 2020-12 meta-schema is not registered")
        }
        do {
            var compiler = Compiler(registry: registry, options: SchemaOptions())
            let root = try compiler.compileRoot(location)
            return Schema(root: root, resources: compiler.resources, tracking: compiler.usesUnevaluated, options: SchemaOptions())
        } catch {
            preconditionFailure("the embedded 2020-12 meta-schema does not compile: \(error)")
        }
    }()

    private init(root: Node, resources: [ResourceInfo], tracking: Bool, options: SchemaOptions) {
        self.root = root
        self.resources = resources
        self.tracking = tracking
        self.options = options
        quick = nil
    }

    /// Checks `schema` against the draft 2020-12 meta-schema; each finding's `instancePointer` points into `schema`.
    public static func checkAgainstMetaSchema(_ schema: JSONValue) -> [Finding] {
        metaSchema.findings(schema)
    }
}

import ArgumentParser

@main
struct ChronikBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chronik-bench",
        abstract: "Generate seeded chronik stores and time chronik against git on them.",
        subcommands: [GenerateCommand.self, RunCommand.self, VerifyCommand.self, FrontMatterCommand.self])
}

/// The store sizes of issue 4.
enum Size: String, ExpressibleByArgument, CaseIterable {
    case small, medium, large

    var entries: Int {
        switch self {
        case .small: 300
        case .medium: 5000
        case .large: 50000
        }
    }

    var versions: Int {
        switch self {
        case .small: 200
        case .medium: 2000
        case .large: 10000
        }
    }
}

/// `--size` or `--entries`/`--versions`, and `--seed`.
struct ShapeOptions: ParsableArguments {
    @Option(help: "A preset: small (300 entries, 200 versions), medium (5,000, 2,000) or large (50,000, 10,000).")
    var size: Size?

    @Option(help: "Entries in the first version (overrides --size).")
    var entries: Int?

    @Option(help: "Versions after the first (overrides --size).")
    var versions: Int?

    @Option(help: "Seed of the generator; the same seed gives the same store, commit ids included.")
    var seed: UInt64 = 1

    func validate() throws {
        if let entries, entries < 7 { throw ValidationError("--entries must be at least 7 (one per collection)") }
        if let versions, versions < 0 { throw ValidationError("--versions must not be negative") }
    }

    var generatorOptions: GeneratorOptions {
        GeneratorOptions(entries: entries ?? size?.entries ?? Size.small.entries,
                         versions: versions ?? size?.versions ?? Size.small.versions, seed: seed)
    }

    var label: String {
        if let size, entries == nil, versions == nil { return size.rawValue }
        return "custom"
    }
}

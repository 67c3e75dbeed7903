import ChronikStore
import Foundation
import OrderedCollections

/// What `chronik init` writes to adopt an existing repository (or folder) of Markdown files as a store, and what
/// does not fit the store's rules. Nothing is moved or changed: the files that do not fit are only named.
public struct AdoptionPlan: Sendable {
    /// The `chronik.yml` to write.
    public var config: StoreConfig
    /// Schema files to write in `schemas/`, by file name (e.g. `policies.schema.json`).
    public var schemas: [String: Data]
    /// Entries found per collection.
    public var entryCounts: [String: Int]
    /// Files that will not fit the store's rules, `path: reason`, sorted by path.
    public var warnings: [String]
    /// The same as problems, which `ProblemText` words in the user's language (issue 16), sorted by path.
    public var problems: [StoreProblem]
    /// True when no folder held Markdown files and the default collections and schemas were taken (as for a new store).
    public var usedDefaults: Bool
}

/// Plans the adoption of a repository as a store (see `plan`).
public enum StoreAdoption {
    /// Plans the adoption of the files `paths` (relative, slash-separated; `.git` left out).
    ///
    /// - Collections: the top-level folders holding `.md` files (at any depth) whose names the store allows, in
    ///   name order. Without any, the default collections and schemas of a new store.
    /// - Warnings: every file the store's rules (`PathRules.classify`) would refuse with those collections (root
    ///   files other than README.md, nested folders, ids the rules refuse, other files in collection folders), and
    ///   every entry whose front matter the store cannot read (a plain Markdown file without front matter included).
    /// - Language: `language`, else detected from the `.md` files (`LanguageDetector`), else English.
    /// - With `inferSchemas`, `schemas/<collection>.schema.json` inferred from the entries' front matter (`SchemaInference`).
    public static func plan(title: String, language: StoreLanguage?, paths: [String], read: (String) -> Data?,
                            inferSchemas: Bool) -> AdoptionPlan {
        let paths = paths.sorted()
        var folders = Set<String>()
        var refusedFolders: [String: String] = [:]
        for path in paths where path.hasSuffix(".md") {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2 else { continue }
            let folder = String(parts[0])
            if let problem = PathRules.problem(withCollectionName: folder) {
                refusedFolders[folder] = problem
            } else {
                folders.insert(folder)
            }
        }
        var problems: [StoreProblem] = refusedFolders.sorted { $0.key < $1.key }.map { folder, problem in
            StoreProblem(file: folder + "/", message: "not a collection (\(problem)); its files are not entries")
        }
        var warnings: [String] = problems.map { "\(PathRules.printable($0.file)): \($0.message)" }
        let names = folders.sorted()
        let usedDefaults = names.isEmpty
        let collectionNames = usedDefaults ? DefaultStore.config(title: title, language: .en).collectionNames : Set(names)

        var fields: [String: [OrderedDictionary<String, JSONValue>]] = [:]
        var texts: [Substring] = []
        let detectionLimits = LanguageDetector.Limits()
        for path in paths {
            switch PathRules.classify(path, collections: collectionNames) {
            case .failure(let problem):
                warnings.append("\(PathRules.printable(path)): \(problem.description)")
                problems.append(StoreProblem(file: path, pathProblem: problem, collections: collectionNames))
            case .success(.entry(let entry)):
                guard let data = read(path) else {
                    warnings.append("\(PathRules.printable(path)): cannot be read")
                    problems.append(StoreProblem(file: path, message: "cannot be read"))
                    continue
                }
                if texts.count < detectionLimits.maxFiles {
                    texts.append(Substring(decoding: data.prefix(detectionLimits.maxBytesPerFile), as: UTF8.self))
                }
                do {
                    fields[entry.collection, default: []].append(try EntryDocument.parse(data).fields)
                } catch {
                    let at = error.line.map { ":\($0)" } ?? ""
                    warnings.append("\(PathRules.printable(path))\(at): no valid front matter, which a store's entries need: \(error.reason)")
                    problems.append(StoreProblem(file: path, frontMatter: error))
                }
            case .success:
                if path.hasSuffix(".md"), texts.count < detectionLimits.maxFiles, let data = read(path) {
                    texts.append(Substring(decoding: data.prefix(detectionLimits.maxBytesPerFile), as: UTF8.self))
                }
            }
        }
        let lang = language ?? LanguageDetector.detect(texts) ?? .en
        var config: StoreConfig
        var schemas: [String: Data] = [:]
        if usedDefaults {
            config = DefaultStore.config(title: title, language: lang)
            schemas = DefaultStore.schemas
        } else {
            config = StoreConfig(title: title, language: lang, collections: names.map { CollectionConfig(name: $0) })
            if inferSchemas {
                for k in config.collections.indices {
                    let name = config.collections[k].name
                    guard let entries = fields[name], !entries.isEmpty else { continue }
                    var writer = JSONByteWriter(pretty: true)
                    writer.write(SchemaInference.infer(title: name, entries: entries))
                    writer.append("\n")
                    schemas["\(name).schema.json"] = Data(writer.bytes)
                    config.collections[k].schema = "schemas/\(name).schema.json"
                }
            }
        }
        let counts = fields.mapValues(\.count)
        problems.sort { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
        return AdoptionPlan(config: config, schemas: schemas, entryCounts: counts, warnings: warnings, problems: problems,
                            usedDefaults: usedDefaults)
    }
}

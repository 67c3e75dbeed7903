import Foundation

/// A snapshot that passed the check, with what its `version.yml` says.
public struct CheckedSnapshot: Sendable {
    public var snapshot: Snapshot
    /// Nil when the snapshot has no `version.yml`.
    public var metadata: SnapshotMetadata?
}

extension Snapshot {
    /// Checks the snapshot as `chronik commit` checks a working tree: `chronik.yml` parses, every path is allowed,
    /// every entry parses, schemas are JSON objects and the declared ones exist; and `version.yml`, if there is one,
    /// is valid. Problems name their file as `<snapshot>/<path>`.
    /// With a `checker`, a snapshot that passes these checks is then validated by it (schemas, references).
    public func check(limits: FrontMatterLimits = FrontMatterLimits(), checker: (any SnapshotContentChecker)? = nil) -> (metadata: SnapshotMetadata?, problems: [StoreProblem]) {
        var problems = readProblems
        func problem(_ path: String, line: Int? = nil, column: Int? = nil, field: String? = nil, _ message: String) {
            problems.append(StoreProblem(file: path.isEmpty ? name : "\(name)/\(path)", line: line, column: column, field: field, message: message))
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            problem("", "a snapshot's folder name must not contain control or invisible characters")
        }

        var config: StoreConfig?
        if let data = files[StoreConfig.fileName] {
            do {
                config = try StoreConfig.parse(data)
            } catch {
                problems.append(StoreProblem(file: "\(name)/\(StoreConfig.fileName)", config: error))
            }
        } else if readProblems.isEmpty {
            problem(StoreConfig.fileName, "chronik.yml is missing (a snapshot is a complete store: chronik.yml, schemas/ and the entries)")
        }

        var reportedFolders = Set<String>()
        for path in files.keys.sorted() {
            guard let data = files[path] else { continue }
            if let config {
                switch PathRules.classify(path, collections: config.collectionNames) {
                case .failure(let failure):
                    // One problem per unknown folder is enough.
                    if case .unknownCollection(let folder) = failure {
                        if reportedFolders.contains(folder) { continue }
                        reportedFolders.insert(folder)
                        problem(folder, failure.description)
                    } else {
                        problem(path, failure.description)
                    }
                    continue
                case .success(.entry):
                    break
                case .success(.schema):
                    problems += schemaProblems(path, data)
                    continue
                case .success(.config), .success(.ignoredMeta), .success(.attachment):
                    continue
                }
            } else if path.hasPrefix("schemas/") || !path.hasSuffix(".md") || path.split(separator: "/").count != 2 {
                continue
            }
            // As the commit gate: an unresolved merge conflict alone, else what parsing finds.
            if let line = ConflictMarkers.line(in: data) {
                problems.append(.mergeConflict(file: "\(name)/\(path)", line: line))
                continue
            }
            do {
                _ = try EntryDocument.parse(data, limits: limits)
            } catch {
                problem(path, line: error.line, column: error.column, error.reason)
            }
        }
        if let config {
            for found in AttachmentRules.problems(files: files, config: config) {
                var problem = found
                problem.file = "\(name)/\(found.file)"
                problems.append(problem)
            }
            for collection in config.collections {
                if let schema = collection.schema, files[schema] == nil {
                    problem(StoreConfig.fileName, field: "/collections/\(collection.name)/schema", "schema file \(schema) does not exist")
                }
            }
        }

        if let checker, let config, problems.isEmpty {
            for found in checker.check(files: files, config: config) {
                var problem = found
                problem.file = "\(name)/\(found.file)"
                problems.append(problem)
            }
        }

        var metadata: SnapshotMetadata?
        if let versionFile {
            do {
                metadata = try SnapshotMetadata.parse(versionFile)
            } catch {
                problem(Snapshot.versionFileName, line: error.line, error.message)
            }
        }
        return (metadata, problems)
    }

    private func schemaProblems(_ path: String, _ data: Data) -> [StoreProblem] {
        do {
            guard case .object = try JSONParser.parse(data) else {
                return [StoreProblem(file: "\(name)/\(path)", message: "a schema must be a JSON object")]
            }
            return []
        } catch {
            return [StoreProblem(file: "\(name)/\(path)", line: error.line, column: error.column, message: "not valid JSON: \(error.message)")]
        }
    }
}

extension Array where Element == Snapshot {
    /// Checks every snapshot, and that no two of them name the same tag. Throws all problems at once.
    public func checked(root: String, limits: FrontMatterLimits = FrontMatterLimits(),
                        checker: (any SnapshotContentChecker)? = nil) throws(ImportError) -> [CheckedSnapshot] {
        var problems: [StoreProblem] = []
        var result: [CheckedSnapshot] = []
        var tagOwners: [String: String] = [:]
        for snapshot in self {
            let (metadata, found) = snapshot.check(limits: limits, checker: checker)
            problems += found
            if let tag = metadata?.tag {
                if let owner = tagOwners[tag.name] {
                    problems.append(StoreProblem(
                        file: "\(snapshot.name)/\(Snapshot.versionFileName)", line: tag.line,
                        message: "tag \"\(tag.name)\" is already named by \(owner)/\(Snapshot.versionFileName); each version needs its own tag"))
                } else {
                    tagOwners[tag.name] = snapshot.name
                }
            }
            result.append(CheckedSnapshot(snapshot: snapshot, metadata: metadata))
        }
        guard problems.isEmpty else { throw .invalidSnapshots(root: root, problems: problems) }
        return result
    }
}

/// Checks a snapshot's content beyond what the import checks itself (schemas, references between entries), as a
/// `ContentChecker` does for a commit. `files` are the snapshot's files by store path; problems name store paths.
public protocol SnapshotContentChecker: ContentChecker, Sendable {
    func check(files: [String: Data], config: StoreConfig) -> [StoreProblem]
}

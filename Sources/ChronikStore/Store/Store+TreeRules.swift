import Foundation
import GitKit

extension Store {
    /// The commit gate's path and file rules applied to every file of a committed tree, however it was made (e.g.
    /// with the git CLI, which checks none of them): what a file is (no symbolic link, submodule or executable
    /// file), where it is (`PathRules.classify`: declared collections, `.md` entries with valid ids, nothing else
    /// at the root but `chronik.yml`, `schemas/*.json`, README.md, .gitignore, .gitattributes), schema files that
    /// are JSON objects, and names that differ only in case within a folder (they cannot both be checked out on
    /// macOS or Windows). One problem per file, sorted by path; a folder that should not be there is reported once.
    /// Entries' contents are the validator's to check.
    public func pathProblems(inTree tree: ObjectID, config: StoreConfig) throws(StoreError) -> [StoreProblem] {
        let collections = config.collectionNames
        var problems: [StoreProblem] = []
        var reportedFolders = Set<String>()
        // Schemas a collection names are checked, and compiled, by the validator.
        let named = Set(config.collections.compactMap(\.schema))

        func modeProblem(_ mode: FileMode) -> PathProblem? {
            switch mode {
            case .blob, .tree: return nil
            case .symlink: return .symlink
            case .executable: return .executable
            case .submodule: return .submodule
            case .other: return .notAFile
            }
        }
        // The collection folders' trees, for the orphan attachments (read once).
        var collectionTrees: [(name: String, items: [TreeEntry])] = []
        func walk(_ id: ObjectID, _ prefix: String, folder: String?) throws {
            let items = try repository.tree(id)
            problems += caseCollisions(items.map(\.name), prefix: prefix)
            // In a collection's folder, a file `<id>.md` of a plain valid id is an entry, as `PathRules.classify`
            // finds, without making its path (the tip's 5,000 paths were most of this walk, on `validate`'s gate
            // thread beside the checks).
            var entryFolder = false
            if let folder, collections.contains(folder) {
                collectionTrees.append((folder, items))
                entryFolder = folder != "schemas"
            }
            for item in items {
                if entryFolder, item.mode == .blob, PathRules.isPlainEntryFileName(item.name) { continue }
                let path = prefix + item.name
                if item.mode == .tree {
                    try walk(item.id, path + "/", folder: prefix.isEmpty ? item.name : nil)
                    continue
                }
                if let problem = modeProblem(item.mode) {
                    problems.append(StoreProblem(file: path, message: problem.description))
                    continue
                }
                switch PathRules.classify(path, collections: collections) {
                case .failure(let problem):
                    switch problem {
                    case .unknownCollection, .nestedTooDeep, .attachmentTooDeep:
                        // Once per folder: a folder of a thousand files is one mistake.
                        guard reportedFolders.insert(prefix).inserted else { continue }
                    default: break
                    }
                    problems.append(StoreProblem(file: path, pathProblem: problem, collections: collections))
                case .success(.schema):
                    if !named.contains(path) { problems += schemaProblems(path, blob: item.id) }
                case .success:
                    break
                }
            }
        }
        do {
            try walk(tree, "", folder: nil)
        } catch {
            throw Self.wrap(error)
        }
        for (name, items) in collectionTrees { problems += Self.orphanAttachmentProblems(collection: name, items: items) }
        return problems.sorted { ($0.file, $0.message) < ($1.file, $1.message) }
    }

    /// Names of one folder that differ only in case: a problem for each of them, naming the others.
    private func caseCollisions(_ names: [String], prefix: String) -> [StoreProblem] {
        // Two names can fold together only if one of them has an uppercase or non-ASCII letter.
        guard names.contains(where: { $0.utf8.contains { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 } }) else { return [] }
        var groups: [String: [String]] = [:]
        for name in names { groups[name.lowercased(), default: []].append(name) }
        var problems: [StoreProblem] = []
        for name in names {
            guard let group = groups[name.lowercased()], group.count > 1 else { continue }
            let others = group.filter { $0 != name }.map { PathRules.printable(prefix + $0) }.joined(separator: ", ")
            problems.append(StoreProblem(
                file: prefix + name,
                message: "differs only in case from \(others); they cannot both exist on a case-insensitive file system (macOS, Windows)"))
        }
        return problems
    }

    /// A schema file must be a JSON object (as the commit gate checks).
    private func schemaProblems(_ path: String, blob: ObjectID) -> [StoreProblem] {
        let data: Data
        do {
            data = try repository.blob(blob)
        } catch {
            return [StoreProblem(file: path, message: "cannot be read: \(error)")]
        }
        do {
            guard case .object = try JSONParser.parse(data) else {
                return [StoreProblem(file: path, message: "a schema must be a JSON object")]
            }
            return []
        } catch {
            return [StoreProblem(file: path, line: error.line, column: error.column, message: "is not valid JSON: \(error.message)")]
        }
    }
}

import ChronikStore
import Foundation
import GitKit

/// Checks a generated store: what `git fsck --full` and `git status` say, and that every entry of the working tree
/// reads as an entry and satisfies the part of its schema the generator relies on (required fields, no unknown
/// fields, types, enums, `YYYY-MM-DD` dates, unique items, `x-chronik-ref` references that resolve), plus the
/// uniqueness and date-order rules of the sample (`x-chronik-unique`, `x-chronik-not-before`).
/// This is the generator's own test: chronik-bench has no test target.
struct StoreVerifier {
    let root: URL

    /// With `plain`, a plain repository (`generate --plain`): git's checks, and that there is no `chronik.yml`.
    func verify(plain: Bool = false) throws -> [String] {
        var problems: [String] = []
        guard let git = Spawn.which("git") else { throw BenchError.missingTool("git is not on PATH") }
        let fsck = try Spawn.output(git, ["-C", root.path, "fsck", "--full", "--no-progress"])
        if fsck.status != 0 { problems.append("git fsck --full failed: \(fsck.stderr.prefix(400))") }
        let status = try Spawn.output(git, ["-C", root.path, "status", "--porcelain"])
        if status.status != 0 || !status.stdout.isEmpty {
            problems.append("git status is not clean: \(status.stdout.prefix(400))\(status.stderr.prefix(200))")
        }

        let fm = FileManager.default
        if plain {
            if fm.fileExists(atPath: root.appendingPathComponent(StoreConfig.fileName).path) {
                problems.append("a plain repository has a \(StoreConfig.fileName)")
            }
            return problems
        }
        let configData = try Data(contentsOf: root.appendingPathComponent(StoreConfig.fileName))
        let config = try StoreConfig.parse(configData)
        if config.collections.map(\.name) != Collections.names {
            problems.append("chronik.yml names \(config.collections.map(\.name)), expected \(Collections.names)")
        }

        // Read every entry once; references are checked after all ids are known.
        var ids: [String: Set<String>] = [:]
        var documents: [(collection: String, id: String, fields: [String: JSONValue])] = []
        for collection in config.collections {
            let folder = root.appendingPathComponent(collection.name)
            let files = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files.sorted() {
                guard file.hasSuffix(".md") else {
                    problems.append("\(collection.name)/\(file): not an entry file")
                    continue
                }
                let id = String(file.dropLast(3))
                if id.range(of: "^[a-z0-9][a-z0-9-]{0,99}$", options: .regularExpression) == nil {
                    problems.append("\(collection.name)/\(file): invalid id")
                }
                ids[collection.name, default: []].insert(id)
                do {
                    let document = try EntryDocument.parse(try Data(contentsOf: folder.appendingPathComponent(file)))
                    var fields: [String: JSONValue] = [:]
                    for (key, value) in document.fields { fields[key] = value }
                    if document.body.split(separator: " ").count < 50 {
                        problems.append("\(collection.name)/\(file): body is too short")
                    }
                    documents.append((collection.name, id, fields))
                } catch {
                    problems.append("\(collection.name)/\(file): \(error)")
                }
            }
        }

        var schemas: [String: JSONValue] = [:]
        for collection in config.collections {
            guard let path = collection.schema else { continue }
            schemas[collection.name] = try JSONParser.parse(try Data(contentsOf: root.appendingPathComponent(path)))
        }
        var uniqueSeen: [String: [String: String]] = [:]
        for (collection, id, fields) in documents {
            let name = "\(collection)/\(id)"
            guard let schema = schemas[collection], case .object(let properties)? = schema["properties"] else {
                problems.append("\(name): no schema")
                continue
            }
            if case .array(let required)? = schema["required"] {
                for case .string(let field) in required where fields[field] == nil {
                    problems.append("\(name): missing required field \(field)")
                }
            }
            for (field, value) in fields {
                guard let property = properties[field] else {
                    problems.append("\(name): unknown field \(field)")
                    continue
                }
                problems += check(value, against: property, at: "\(name) \(field)", ids: ids)
                if case .bool(true)? = property["x-chronik-unique"] {
                    let text = "\(value)"
                    if let other = uniqueSeen[collection + "/" + field]?[text] {
                        problems.append("\(name): \(field) repeats the value of \(other)")
                    }
                    uniqueSeen[collection + "/" + field, default: [:]][text] = name
                }
                if case .string(let earlier)? = property["x-chronik-not-before"],
                   case .string(let mine) = value, case .string(let theirs)? = fields[earlier], mine < theirs {
                    problems.append("\(name): \(field) \(mine) is before \(earlier) \(theirs)")
                }
            }
        }
        return problems
    }

    private func check(_ value: JSONValue, against property: JSONValue, at place: String, ids: [String: Set<String>]) -> [String] {
        var problems: [String] = []
        switch (property["type"], value) {
        case (.string("string")?, .string(let s)):
            if case .array(let options)? = property["enum"], !options.contains(.string(s)) {
                problems.append("\(place): \(s) is not one of the enum values")
            }
            if case .string("date")? = property["format"], s.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", options: .regularExpression) == nil {
                problems.append("\(place): \(s) is not a date")
            }
            if case .number(let n)? = property["minLength"], let min = n.int, s.count < min {
                problems.append("\(place): too short")
            }
            if case .string(let target)? = property["x-chronik-ref"], !(ids[target]?.contains(s) ?? false) {
                problems.append("\(place): \(target)/\(s) does not exist")
            }
        case (.string("integer")?, .number(let n)):
            if n.int == nil { problems.append("\(place): not an integer") }
            if case .number(let min)? = property["minimum"], let v = n.int, let m = min.int, v < m {
                problems.append("\(place): below the minimum")
            }
        case (.string("array")?, .array(let items)):
            if case .bool(true)? = property["uniqueItems"], Set(items).count != items.count {
                problems.append("\(place): repeated items")
            }
            if items.isEmpty { problems.append("\(place): empty list") }
            var itemSchema = property["items"] ?? .object([:])
            if case .string(let target)? = property["x-chronik-ref"], case .object(var object) = itemSchema {
                object["x-chronik-ref"] = .string(target)
                itemSchema = .object(object)
            }
            for (i, item) in items.enumerated() {
                problems += check(item, against: itemSchema, at: "\(place)[\(i)]", ids: ids)
            }
        default:
            problems.append("\(place): \(value) does not have the schema's type")
        }
        return problems
    }
}

extension JSONValue {
    fileprivate subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

import Foundation

/// What a path in a store's tree is, by the rules of `docs/store-format.md`.
public enum StorePathKind: Sendable, Hashable {
    /// `chronik.yml` at the root.
    case config
    /// A schema file under `schemas/`.
    case schema(name: String)
    /// An entry file `<collection>/<id>.md`.
    case entry(EntryID)
    /// An attachment of an entry, `<collection>/<id>/<name>` (issue 17): a file in the folder of the entry's name.
    case attachment(EntryID, name: String)
    /// `README.md`, `LICENSE`, `.gitignore`, a file under `.github/` (`PathRules.isRepositoryFile`): kept in the
    /// store, ignored by chronik.
    case ignoredMeta
}

/// An entry's identity: its collection and id, e.g. `actors/citylab-berlin`.
public struct EntryID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let collection: String
    public let id: String

    public init(collection: String, id: String) {
        self.collection = collection
        self.id = id
    }

    /// The file path in the store, `<collection>/<id>.md` (`<id>.md` for a file at the root of a plain repository,
    /// whose collection is "").
    public var path: String { collection.isEmpty ? "\(id).md" : "\(collection)/\(id).md" }
    /// The folder of the entry's attachments, `<collection>/<id>` (no trailing slash).
    public var attachmentFolder: String { collection.isEmpty ? id : "\(collection)/\(id)" }
    public var description: String { collection.isEmpty ? id : "\(collection)/\(id)" }

    public static func < (a: EntryID, b: EntryID) -> Bool {
        (a.collection, a.id) < (b.collection, b.id)
    }

    private enum CodingKeys: String, CodingKey { case collection, id, path }

    /// Encoded as chronik's JSON names every entry (docs/json-output.md): `{"collection", "id", "path"}`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(collection, forKey: .collection)
        try container.encode(id, forKey: .id)
        try container.encode(path, forKey: .path)
    }

    /// Reads `collection` and `id`; `path` follows from them and is not read.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        collection = try container.decode(String.self, forKey: .collection)
        id = try container.decode(String.self, forKey: .id)
    }
}

/// Why a path is not allowed in a store.
public enum PathProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidID(id: String, reason: String)
    case unknownCollection(String)
    case notMarkdown
    case nestedTooDeep
    case unexpectedFile
    case symlink
    case executable
    case submodule
    case notAFile
    /// A file in a subfolder of an entry's attachment folder (`<collection>/<id>/<folder>/<file>`).
    case attachmentTooDeep
    /// An attachment whose name is not allowed (`PathRules.problem(withAttachmentName:)`).
    case invalidAttachmentName(name: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidID(id, reason): return "invalid entry id \"\(PathRules.printable(id))\": \(reason)"
        case let .unknownCollection(c): return "\"\(PathRules.printable(c))\" is not a collection declared in chronik.yml"
        case .notMarkdown: return "entries must be Markdown files ending in .md"
        case .nestedTooDeep: return "entries live directly in their collection folder (<collection>/<id>.md), not in subfolders"
        case .attachmentTooDeep: return "attachments lie directly in the folder of their entry's name (<collection>/<id>/<file>), not in subfolders"
        case .unexpectedFile: return "not part of a chronik store (allowed at the root: chronik.yml, schemas/, one folder per collection, and the repository's own files such as README, LICENSE, CONTRIBUTING, .gitignore and .github/)"
        case .symlink: return "symbolic links are not allowed in a store"
        case .executable: return "files in a store must not be executable (chmod -x)"
        case .submodule: return "submodules are not allowed in a store"
        case .notAFile: return "not a regular file"
        case let .invalidAttachmentName(name, reason): return "attachment name \"\(PathRules.printable(name))\" is not allowed: \(reason)"
        }
    }
}

/// The naming rules of a store.
public enum PathRules {
    /// The maximum length of an id (the rule is `^[a-z0-9][a-z0-9-]{0,99}$`).
    public static let maxIDLength = 100

    /// Names that Windows reserves for devices: such files cannot be checked out there.
    static let reservedNames: Set<String> = {
        var names: Set<String> = ["con", "prn", "aux", "nul"]
        for i in 1...9 { names.insert("com\(i)"); names.insert("lpt\(i)") }
        return names
    }()

    /// Checks an id against `^[a-z0-9][a-z0-9-]{0,99}$` and the reserved device names; nil when it is valid.
    public static func problem(withID id: String) -> String? {
        // The common case, a valid id, decided on the bytes (the rule is ASCII) without decoding scalars: this
        // runs for every file a working tree validation lists. Anything else takes the full path below.
        let plain = id.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count <= maxIDLength, let first = bytes.first, first != UInt8(ascii: "-") else { return false }
            for byte in bytes where !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")) {
                return false
            }
            return true
        }
        if plain == true {
            return reservedNames.contains(id) ? "\"\(id)\" is a reserved device name on Windows" : nil
        }
        if id.isEmpty { return "an id must not be empty" }
        let scalars = id.unicodeScalars
        if scalars.count > maxIDLength { return "longer than \(maxIDLength) characters (\(scalars.count))" }
        for (i, s) in scalars.enumerated() {
            let isLower = s.value >= 0x61 && s.value <= 0x7A
            let isDigit = s.value >= 0x30 && s.value <= 0x39
            if isLower || isDigit { continue }
            if s == "-" && i > 0 { continue }
            if s == "-" { return "must start with a lowercase letter or digit" }
            if s.value >= 0x41 && s.value <= 0x5A { return "uppercase letters are not allowed (use lowercase)" }
            if s == "." && i == 0 { return "must not start with a dot" }
            return "character \(describe(s)) is not allowed (use a-z, 0-9 and -)"
        }
        if reservedNames.contains(id) { return "\"\(id)\" is a reserved device name on Windows" }
        return nil
    }

    /// Whether `name`, a file of a declared collection's folder (not `schemas`), is `<id>.md` with an id of the
    /// plain form `problem(withID:)` accepts on its bytes alone, that is not a reserved name: then `classify` of
    /// `<collection>/<name>` is that entry. False says nothing (`classify` decides). `PathRulesPlainEntryTests` holds
    /// it to `classify`.
    public static func isPlainEntryFileName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes -> Bool in
            let count = bytes.count - 3
            guard count >= 1, count <= maxIDLength, bytes[count] == UInt8(ascii: "."), bytes[count + 1] == UInt8(ascii: "m"),
                  bytes[count + 2] == UInt8(ascii: "d"), bytes[0] != UInt8(ascii: "-") else { return false }
            for byte in bytes[..<count] where !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")) {
                return false
            }
            // The reserved names have three or four letters.
            return count > 4 || !reservedNames.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[..<count]), as: UTF8.self))
        }
    }

    /// The longest name of an attachment, in UTF-8 bytes (most file systems allow 255).
    public static let maxAttachmentNameBytes = 255

    /// Checks the name of an attachment (`<collection>/<id>/<name>`, issue 17); nil when it is allowed. Refused: an
    /// empty name or one over 255 bytes, a hidden file (leading dot), control, invisible or separator characters,
    /// the characters Windows does not allow in names (`\ : * ? " < > |`), a trailing space or dot, a Windows device
    /// name (with any extension), and `.md` files: every `.md` file of a repository without `chronik.yml` is an entry,
    /// so an attachment ending in `.md` would be read as one there.
    public static func problem(withAttachmentName name: String) -> String? {
        if name.isEmpty { return "a name must not be empty" }
        if name.utf8.count > maxAttachmentNameBytes { return "longer than \(maxAttachmentNameBytes) bytes (\(name.utf8.count))" }
        if name.hasPrefix(".") { return "hidden files (a leading dot) are not allowed" }
        for s in name.unicodeScalars {
            let category = s.properties.generalCategory
            if category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator
                || category == .unassigned || category == .privateUse || category == .surrogate {
                return "character \(describe(s)) is not allowed"
            }
            if "\\:*?\"<>|".unicodeScalars.contains(s) { return "character \(describe(s)) is not allowed on Windows" }
        }
        if name.hasSuffix(" ") || name.hasSuffix(".") { return "a name must not end in a space or a dot (Windows drops them)" }
        let stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.lowercased() } ?? ""
        if reservedNames.contains(stem) { return "\"\(stem)\" is a reserved device name on Windows" }
        if name.lowercased().hasSuffix(".md") { return "Markdown files (.md) are entries; rename it (e.g. .md.txt) or make it an entry" }
        return nil
    }

    /// Checks a collection name: `^[a-z][a-z0-9_-]{0,63}$`; nil when valid.
    public static func problem(withCollectionName name: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "a collection name must not be empty" }
        if name.unicodeScalars.count > 64 { return "longer than 64 characters" }
        guard first.value >= 0x61 && first.value <= 0x7A else { return "must start with a lowercase letter" }
        for s in name.unicodeScalars {
            let ok = (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39) || s == "-" || s == "_"
            if !ok { return "character \(describe(s)) is not allowed (use a-z, 0-9, - and _)" }
        }
        if reservedNames.contains(name) || name == "schemas" { return "\"\(name)\" is reserved" }
        return nil
    }

    /// Classifies a path of the tree (slash-separated, relative to the root) given the declared collections.
    public static func classify(_ path: String, collections: Set<String>) -> Result<StorePathKind, PathProblem> {
        // The common case, `<collection>/<id>.md`, without splitting the whole path into strings: the slashes and
        // the suffix found on the bytes (the generic search of a `Substring.UTF8View` and `hasSuffix`, which compares
        // characters, were most of classifying the 5,000 paths of a tree for `validate`'s gate).
        if let (slash, mdSuffix) = entryShape(path) {
            let folder = String(path[..<slash]), file = String(path[path.index(after: slash)...])
            if folder != "schemas", collections.contains(folder), mdSuffix ?? file.hasSuffix(".md") {
                let id = String(file.dropLast(3))
                if let reason = problem(withID: id) { return .failure(.invalidID(id: id, reason: reason)) }
                return .success(.entry(EntryID(collection: folder, id: id)))
            }
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if isRepositoryFile(path) { return .success(.ignoredMeta) }
        switch parts.count {
        case 1:
            switch parts[0] {
            case "chronik.yml": return .success(.config)
            default: return .failure(.unexpectedFile)
            }
        case 3 where collections.contains(parts[0]) && !parts[2].hasSuffix(".md"):
            // `<collection>/<id>/<name>`: an attachment of the entry `<id>` (whether that entry exists is the gate's
            // question: one path does not tell).
            let (folder, id, name) = (parts[0], parts[1], parts[2])
            if let reason = problem(withID: id) { return .failure(.invalidID(id: id, reason: reason)) }
            if let reason = problem(withAttachmentName: name) { return .failure(.invalidAttachmentName(name: name, reason: reason)) }
            return .success(.attachment(EntryID(collection: folder, id: id), name: name))
        case 2:
            let (folder, file) = (parts[0], parts[1])
            if folder == "schemas" {
                return file.hasSuffix(".json") && !file.hasPrefix(".") ? .success(.schema(name: file)) : .failure(.unexpectedFile)
            }
            guard collections.contains(folder) else { return .failure(.unknownCollection(folder)) }
            guard file.hasSuffix(".md") else { return .failure(.notMarkdown) }
            let id = String(file.dropLast(3))
            if let reason = problem(withID: id) { return .failure(.invalidID(id: id, reason: reason)) }
            return .success(.entry(EntryID(collection: folder, id: id)))
        default:
            if parts[0] == "schemas" { return .failure(.unexpectedFile) }
            if collections.contains(parts[0]) {
                // A Markdown file is an entry put into a subfolder; anything else an attachment in one.
                return .failure(parts.count > 3 && !path.hasSuffix(".md") ? .attachmentTooDeep : .nestedTooDeep)
            }
            return .failure(.unknownCollection(parts[0]))
        }
    }

    /// For a path with exactly one `/`: where it is, and whether the part after it ends in `.md` as `hasSuffix(".md")`
    /// says, when the bytes can tell (they end in `.md` and what comes before the dot, if anything, is ASCII: then
    /// `.`, `m` and `d` are characters of their own); nil for that when only the characters can tell.
    static func entryShape(_ path: String) -> (slash: String.Index, mdSuffix: Bool?)? {
        var bytes = path
        return bytes.withUTF8 { utf8 -> (String.Index, Bool?)? in
            guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")), !utf8[(slash + 1)...].contains(UInt8(ascii: "/")) else { return nil }
            let count = utf8.count, fileStart = slash + 1
            var mdSuffix: Bool? = false
            if count - fileStart >= 3, utf8[count - 3] == UInt8(ascii: "."), utf8[count - 2] == UInt8(ascii: "m"), utf8[count - 1] == UInt8(ascii: "d") {
                mdSuffix = count - fileStart == 3 || utf8[count - 4] < 0x80 ? true : nil
            } else if utf8[fileStart...].contains(where: { $0 >= 0x80 }) {
                mdSuffix = nil // (not ASCII: the characters decide, as they always did)
            }
            return (path.utf8.index(path.utf8.startIndex, offsetBy: slash), mdSuffix)
        }
    }

    /// The files a repository hosted on GitHub or GitLab starts with, which a store keeps and chronik ignores (issue
    /// 16: `chronik init` adopts a fresh clone that holds only these): at the root README, LICENSE (or LICENCE,
    /// COPYING, NOTICE, AUTHORS), CONTRIBUTING, CODE_OF_CONDUCT and SECURITY, with any extension or none, and
    /// .gitignore, .gitattributes, .mailmap; and every file under .github/.
    public static func isRepositoryFile(_ path: String) -> Bool {
        if path.hasPrefix(".github/"), path.count > ".github/".count { return true }
        guard !path.contains("/") else { return false }
        if [".gitignore", ".gitattributes", ".mailmap"].contains(path) { return true }
        let stem = path.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        return ["README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY"]
            .contains(stem.uppercased())
    }

    /// Makes a name safe to print: control and invisible characters are shown as `\u{…}`.
    public static func printable(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func describe(_ s: Unicode.Scalar) -> String {
        let hex = "U+" + String(format: "%04X", s.value)
        if s.properties.generalCategory == .control || s.properties.generalCategory == .format || s.properties.isWhitespace {
            return hex
        }
        return "\"\(s)\" (\(hex))"
    }
}

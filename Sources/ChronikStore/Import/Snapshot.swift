import Foundation
import GitKit

/// One version of a store as a team keeps it by hand: a folder holding a complete store (`chronik.yml`, `schemas/`,
/// entries) and, optionally, a `version.yml` saying who made it, when, why, and which tag it gets.
public struct Snapshot: Sendable {
    /// The name of the snapshot's folder, e.g. `02-ambitionen`. Snapshots are imported in the byte order of names.
    public var name: String
    /// The store's files by path relative to the snapshot (`chronik.yml`, `schemas/x.json`, `glossary/y.md`);
    /// `version.yml` is not one of them.
    public var files: [String: Data]
    /// The content of `version.yml`, when the snapshot has one.
    public var versionFile: Data?
    /// Problems found while reading the folder (symbolic links, unreadable or oversized files).
    public var readProblems: [StoreProblem]
    /// The commit message when there is no `version.yml` (default: "Import of snapshot NAME"); other importers
    /// (`chronik import notion`) name their version here.
    public var message: String?

    /// The file that describes a snapshot; it is not part of the store.
    public static let versionFileName = "version.yml"

    public init(name: String, files: [String: Data], versionFile: Data? = nil, readProblems: [StoreProblem] = []) {
        self.name = name
        self.files = files
        self.versionFile = versionFile
        self.readProblems = readProblems
    }
}

/// What `version.yml` says about a snapshot.
public struct SnapshotMetadata: Sendable, Hashable {
    /// The author date, with the offset it was written with.
    public var date: Timestamp
    public var authorName: String
    public var authorEmail: String
    /// The commit message.
    public var message: String
    /// The annotated tag the version gets, if any.
    public var tag: SnapshotTag?

    /// The author (and tagger) of the version: the named person at the snapshot's date.
    public var signature: Signature {
        Signature(name: authorName, email: authorEmail, date: date.date, timeZoneOffsetMinutes: date.offsetMinutes)
    }
}

/// A tag named in `version.yml`.
public struct SnapshotTag: Sendable, Hashable {
    /// The tag name, e.g. `ambitionen` (refs/tags/ambitionen).
    public var name: String
    /// The tag message; nil means the commit message.
    public var message: String?
    /// The line of `version.yml` that names the tag.
    public var line: Int?

    public init(name: String, message: String? = nil, line: Int? = nil) {
        self.name = name
        self.message = message
        self.line = line
    }
}

/// A problem in `version.yml`, with the line it is on.
public struct SnapshotMetadataError: Error, Sendable, Equatable {
    public var line: Int?
    public var message: String
}

extension SnapshotMetadata {
    /// Reads `version.yml` with chronik's safe YAML reader:
    ///
    /// ```yaml
    /// date: 2022-03-01T09:00:00+01:00        # ISO 8601 with a time and a UTC offset (or Z)
    /// author: {name: Smart City Team, email: smartcity-team@example.org}
    /// message: "Ambitionen zur Kommentierung"
    /// tag: {name: ambitionen, message: …}     # optional; message optional
    /// ```
    ///
    /// Unknown keys are errors, so that a typo does not silently do nothing.
    public static func parse(_ data: Data) throws(SnapshotMetadataError) -> SnapshotMetadata {
        let document: YAMLDocument
        do {
            document = try SafeYAML.parseMapping(data)
        } catch {
            throw SnapshotMetadataError(line: error.line, message: error.reason)
        }
        let fields = document.value
        func fail(_ pointer: String, _ message: String) -> SnapshotMetadataError {
            SnapshotMetadataError(line: document.locations[pointer]?.line ?? document.locations[""]?.line, message: message)
        }
        for key in fields.keys where !["date", "author", "message", "tag"].contains(key) {
            throw fail("/\(key)", "unknown key \"\(PathRules.printable(key))\" (known: date, author, message, tag)")
        }
        guard case .string(let dateText)? = fields["date"] else {
            throw fail("/date", "\"date\" is required: ISO 8601 with a time and an offset, e.g. 2022-03-01T09:00:00+01:00")
        }
        guard let date = Timestamp(iso8601: dateText), hasTimeAndOffset(dateText) else {
            throw fail("/date", "date \"\(PathRules.printable(dateText))\" is not an ISO 8601 date with a time and an offset, e.g. 2022-03-01T09:00:00+01:00")
        }
        guard case .object(let author)? = fields["author"],
              case .string(let name)? = author["name"], case .string(let email)? = author["email"] else {
            throw fail("/author", "\"author\" must be {name: …, email: …}")
        }
        for key in author.keys where key != "name" && key != "email" {
            throw fail("/author/\(key)", "unknown key \"\(PathRules.printable(key))\" in author (known: name, email)")
        }
        if let problem = identityProblem(name: name, email: email) { throw fail("/author", problem) }
        guard case .string(let message)? = fields["message"], !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw fail("/message", "\"message\" must be a non-empty text")
        }
        var tag: SnapshotTag?
        if let tagValue = fields["tag"] {
            guard case .object(let tagFields) = tagValue, case .string(let tagName)? = tagFields["name"] else {
                throw fail("/tag", "\"tag\" must be {name: …, message: …} (message optional)")
            }
            for key in tagFields.keys where key != "name" && key != "message" {
                throw fail("/tag/\(key)", "unknown key \"\(PathRules.printable(key))\" in tag (known: name, message)")
            }
            if let problem = TagName.problem(with: tagName) {
                throw fail("/tag/name", "invalid tag name \"\(PathRules.printable(tagName))\": \(problem)")
            }
            var tagMessage: String?
            switch tagFields["message"] {
            case nil, .null?: break
            case .string(let text)?: tagMessage = text
            default: throw fail("/tag/message", "the tag message must be a text")
            }
            tag = SnapshotTag(name: tagName, message: tagMessage, line: document.locations["/tag/name"]?.line)
        }
        return SnapshotMetadata(date: date, authorName: name, authorEmail: email, message: message, tag: tag)
    }

    /// `Timestamp(iso8601:)` also takes plain days and dates without a zone; a version needs the exact moment.
    private static func hasTimeAndOffset(_ text: String) -> Bool {
        guard text.count > 10 else { return false }
        let time = text.dropFirst(11)
        return time.hasSuffix("Z") || time.contains("+") || time.contains("-")
    }

    private static func identityProblem(name: String, email: String) -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "the author's name must not be empty" }
        if email.trimmingCharacters(in: .whitespaces).isEmpty { return "the author's email must not be empty" }
        let text = name + email
        if text.contains("<") || text.contains(">") || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the author's name and email must not contain <, > or control characters"
        }
        return nil
    }
}

/// Git's rules for reference names (`git check-ref-format`), applied to a tag's short name.
public enum TagName {
    /// Why `name` cannot be a tag name; nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.hasPrefix("-") { return "it must not start with -" }
        if name == "@" { return "\"@\" alone is not allowed" }
        if name.hasSuffix("/") || name.hasSuffix(".") { return "it must not end with / or ." }
        if name.contains("..") || name.contains("@{") || name.contains("//") { return "it must not contain .., @{ or //" }
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { return "control characters are not allowed" }
            if " ~^:?*[\\".unicodeScalars.contains(scalar) { return "the character \"\(scalar)\" is not allowed" }
        }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            if component.hasPrefix(".") { return "no part may start with ." }
            if component.hasSuffix(".lock") { return "no part may end with .lock" }
        }
        return nil
    }
}

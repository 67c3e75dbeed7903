import ChronikStore
import Foundation
import GitKit

/// Named drafts: annotated tags.
public enum Releases {
    /// Every annotated tag that names a commit, newest first (by tagger date, then name).
    public static func list(in repository: Repository) throws(ChangelogError) -> [Release] {
        do {
            var releases: [Release] = []
            for tag in try repository.tags() where tag.isAnnotated {
                guard try repository.objectKind(tag.targetID) == .commit else { continue }
                let date: Timestamp
                if let tagger = tag.tagger {
                    date = Timestamp(date: tagger.date, offsetMinutes: tagger.timeZoneOffsetMinutes)
                } else {
                    date = ChangelogBuilder.timestamp(try repository.commit(tag.targetID))
                }
                releases.append(Release(name: tag.name, tag: tag.id, version: tag.targetID, date: date,
                                        tagger: tag.tagger.map { Person(name: PublicText.name($0.name)) },
                                        message: PublicText.message(tag.message ?? "")))
            }
            return releases.sorted { ($0.date.date, $0.name) > ($1.date.date, $1.name) }
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .diff(.io(path: "", message: "\(error)"))
        }
    }

    /// Why `name` cannot be a tag name (git's `check-ref-format` rules), or nil when it can.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.count > 200 { return "the name is longer than 200 bytes" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "the name contains a control character" }
        for c in [" ", "~", "^", ":", "?", "*", "[", "\\"] where name.contains(c) { return "the name contains \"\(c)\"" }
        if name.contains("..") { return "the name contains \"..\"" }
        if name.contains("@{") { return "the name contains \"@{\"" }
        if name == "@" { return "the name is \"@\"" }
        if name.hasPrefix("-") { return "the name starts with \"-\"" }
        if name.hasSuffix(".") || name.hasSuffix("/") { return "the name ends with \"\(name.last ?? ".")\"" }
        if name.contains("//") || name.hasPrefix("/") { return "the name has an empty part between slashes" }
        for part in name.split(separator: "/") {
            if part.hasPrefix(".") { return "a part of the name starts with \".\"" }
            if part.hasSuffix(".lock") { return "a part of the name ends with \".lock\"" }
        }
        return nil
    }
}

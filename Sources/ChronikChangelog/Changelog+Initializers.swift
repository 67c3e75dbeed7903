import ChronikStore
import GitKit

// Public makers (the memberwise initializers are internal) for values other modules rebuild from what they kept: the
// site's kept release groups (`SiteReleaseOutline` in ChronikPublish, inc15f).

extension ChangelogVersion {
    public static func made(id: ObjectID, author: Person, date: Timestamp, message: String) -> ChangelogVersion {
        ChangelogVersion(id: id, author: author, date: date, message: message)
    }
}

extension ChangelogGroup {
    public static func made(kind: Kind, release: Release?, version: ObjectID, base: ObjectID?, date: Timestamp, versions: [ChangelogVersion],
                            contributors: [Person], changes: ChangeRecord) -> ChangelogGroup {
        ChangelogGroup(kind: kind, release: release, version: version, base: base, date: date, versions: versions,
                       contributors: contributors, changes: changes)
    }
}

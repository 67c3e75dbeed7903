import ChronikStore
import Foundation
import GitKit

/// The attachments of the published entries (issue 17), copied into the site beside their entry's page: the entry
/// `<collection>/<id>` is the page `<collection>/<id>/index.html`, and its body links to an attachment as the store
/// holds it, relatively, `<id>/<name>`; so the copy lies at `<collection>/<id>/<id>/<name>`, where that link
/// resolves from the page without rewriting the body (and no attachment, not even one named `index.html`, can take
/// the page's place). Attachments are public like the body (docs/privacy.md); only those of entries the site shows
/// are copied.
enum SiteAttachments {
    /// Adds the attachments of `model`'s entries at `commit` to `plan` (each read when the plan is rendered).
    static func add(to plan: inout SitePlan, store: Store, at commit: Commit, model: SiteModel) throws {
        let shown = Set(model.collections.flatMap { c in c.entries.map { EntryID(collection: $0.collection, id: $0.id) } })
        let collections = Set(model.collections.map(\.name))
        let files = try store.attachmentFiles(inTree: commit.treeID, collections: collections)
        for (entry, names) in files.sorted(by: { $0.key < $1.key }) where shown.contains(entry) {
            for (name, blob) in names.sorted(by: { $0.key < $1.key }) where PathRules.problem(withAttachmentName: name) == nil {
                let repository = store.repository
                // Looked up now (its header), so that a missing object fails the publish; read when rendered.
                _ = try repository.objectSize(blob)
                // The blob's id is a checksum of its bytes: an attachment kept from the last publish is not read.
                plan.add("\(entry.collection)/\(entry.id)/\(entry.id)/\(name)", input: SiteFingerprint { $0.add("attachment"); $0.add(blob.hex) }) {
                    (try? [UInt8](repository.blob(blob))) ?? []
                }
            }
        }
    }
}

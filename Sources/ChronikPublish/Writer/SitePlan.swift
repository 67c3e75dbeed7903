import OrderedCollections

/// The files of a site before they are rendered (issue 15, "Incremental"): each with the fingerprint of its inputs
/// (`SiteFingerprint`; nil: rendered on every publish) and how to render it. `rendered()` renders every file (what
/// `SiteFiles` the renderers' `files` functions give); `Publisher.publish` renders only the files whose fingerprint
/// differs from the previous publish's (`SitePublishCache`) and keeps the others, so both go through the same
/// renderers and a kept file is the bytes a full publish would write.
struct SitePlan {
    struct Item {
        var input: SiteFingerprint?
        var render: () -> [UInt8]
        /// What must be read before the file is rendered, where an error can still be thrown (the release changes of
        /// a model built without them, `SiteReleaseChanges`); nil: nothing. `Publisher.publish` calls it for every
        /// file that will not be kept.
        var prepare: (() throws -> Void)?
    }

    /// Path → item, in the order the files were added (a path added again keeps its place, as `SiteFiles` does).
    private(set) var items: OrderedDictionary<String, Item> = [:]

    init() {}

    mutating func add(_ path: String, input: SiteFingerprint?, _ render: @escaping () -> [UInt8]) {
        precondition(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "site path \(path)")
        items[path] = Item(input: input, render: render)
    }

    mutating func add(_ path: String, input: SiteFingerprint?, text render: @escaping () -> String) {
        add(path, input: input) { Array(render().utf8) }
    }

    /// Files made before the plan (the search index, whose renderer `SiteSearch` gives them made). With
    /// `keyedByBytes` each one's fingerprint is that of its bytes, so a publish keeps (links) an unchanged one
    /// without reading the old file to compare it; else they have none (compared with the old site when written).
    mutating func add(rendered files: SiteFiles, keyedByBytes: Bool = false) {
        for (path, bytes) in files.files {
            add(path, input: keyedByBytes ? SiteFingerprint { $0.add("bytes"); $0.add(bytes) } : nil) { bytes }
        }
    }

    /// Renders the file at `path` (if the plan has it) with `render` instead, keeping its fingerprint.
    mutating func replaceRender(_ path: String, _ render: @escaping () -> [UInt8]) {
        items[path]?.render = render
    }

    /// Gives the file at `path` (if the plan has it) `prepare` (see `Item.prepare`).
    mutating func setPrepare(_ path: String, _ prepare: @escaping () throws -> Void) {
        items[path]?.prepare = prepare
    }

    /// Calls `prepare` of every file whose fingerprint is not the one `previous` recorded for it (a file that may be
    /// rendered); without `previous`, of every file.
    func prepare(keeping previous: SitePublishCache?) throws {
        for (path, item) in items {
            guard let prepare = item.prepare else { continue }
            if let input = item.input, previous?.records[path]?.input == input { continue }
            try prepare()
        }
    }

    mutating func merge(_ other: SitePlan, prefix: String = "") {
        for (path, item) in other.items { items[prefix + path] = item }
    }

    var count: Int { items.count }

    /// Every file rendered.
    func rendered() -> SiteFiles {
        var files = SiteFiles()
        for (path, item) in items { files.add(path, item.render()) }
        return files
    }
}

import ChronikChangelog
import ChronikDiff
import ChronikStore

// What only the site reads from a collection's schema: the fields that make an entry a participation date. The rest
// (labels, private locations, references, columns, enum labels) is ChronikChangelog's `CollectionSchema`, which the
// listing reads too.

extension CollectionSchema {
    /// The fields that make an entry a participation date: a date-formatted `start`, its end (the date property
    /// that must not precede it, else `end`), and an enum `status`. A schema marked `"x-chronik-dates": true` may
    /// name its start otherwise: its first `format: date` property. (The first date property alone is not enough:
    /// the sample's results have a `date` and an enum `status` of drafts, which are no participation dates.)
    var dateFields: (start: String, end: String?, status: String)? {
        let dates = properties.filter { Self.resolve($0.node, in: root)["format"]?.stringValue == "date" }
        let marked = root?["x-chronik-dates"] == .bool(true)
        guard let start = dates.first(where: { $0.key == "start" })?.key ?? (marked ? dates.first?.key : nil) else { return nil }
        guard let status = properties.first(where: { $0.key == "status" }), Self.resolve(status.node, in: root)["enum"] != nil else { return nil }
        let end = dates.first { $0.node["x-chronik-not-before"]?.stringValue == start }?.key ?? dates.first { $0.key == "end" }?.key
        guard !isPrivate(start), !isPrivate("status") else { return nil }
        return (start, end.flatMap { isPrivate($0) ? nil : $0 }, "status")
    }
}

import ChronikStore

extension NotionImportFindings.UnresolvedRelation {
    private enum JSONKeys: String, CodingKey { case entry, property, target, targetPageID, reason }

    /// JSON as chronik's contract names entries (docs/json-output.md): `entry` is `{"collection", "id", "path"}`,
    /// not the `collection/id` text the relation keeps.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let id = parts.count == 2 ? EntryID(collection: parts[0], id: parts[1]) : EntryID(collection: "", id: entry)
        try container.encode(id, forKey: .entry)
        try container.encode(property, forKey: .property)
        try container.encode(target, forKey: .target)
        try container.encodeIfPresent(targetPageID, forKey: .targetPageID)
        try container.encode(reason, forKey: .reason)
    }
}

// The bounds the reader holds an export to (issue 17: "a compression ratio or total size over a limit (zip bomb), more
// files than a limit"). An export is untrusted input: a zip of a few kilobytes can claim or inflate to gigabytes, and
// every file is held in memory while the export is read, so each bound is checked before the bytes are produced
// (declared sizes) and again while they are (counted bytes; a header may lie).

/// Limits on an export, with defaults that a city's knowledge store stays far below.
///
/// ```swift
/// let reader = NotionReader(limits: NotionReadLimits(maxTotalBytes: 512 << 20))
/// ```
public struct NotionReadLimits: Sendable, Hashable {
    /// Files in the export (zip entries that are files, or files in the folder; nested zips count their own files).
    /// Default 200,000: Notion's own exports of large workspaces hold tens of thousands.
    public var maxFiles: Int
    /// Uncompressed bytes of all files together, nested zips' contents included. Default 2 GiB: the export is held in
    /// memory while it is read.
    public var maxTotalBytes: Int64
    /// Uncompressed size over compressed size of one zip entry. Default 200: text compresses 5 to 20 times, a
    /// generated CSV with long repeated values up to about 100; zip bombs reach 1,000 and more.
    public var maxCompressionRatio: Int
    /// How deep zips may sit in zips. Default 2: Notion's download holds `Export-<uuid>-Part-N.zip` files, which hold
    /// the export; a zip deeper down is a file like any other (an attachment).
    public var maxZipDepth: Int

    public init(maxFiles: Int = 200_000, maxTotalBytes: Int64 = 2 << 30, maxCompressionRatio: Int = 200, maxZipDepth: Int = 2) {
        self.maxFiles = maxFiles
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxZipDepth = maxZipDepth
    }
}

import Foundation

/// Reads a Notion export (issue 17): the zip Notion offers for download (with its `Export-<uuid>-Part-N.zip` parts)
/// or the folder it unzips to, in either of Notion's formats ("Markdown & CSV" or "HTML", told apart by the files).
/// The export is checked against `limits` and refused with one `NotionReadError` on the first problem; a zip is read
/// into memory, so nothing is written anywhere, not even temporarily.
///
/// ```swift
/// let export = try NotionReader().read(URL(fileURLWithPath: "Export-1234.zip"))
/// for database in export.databases { … database.rows … }
/// ```
public struct NotionReader: Sendable {
    public var limits: NotionReadLimits

    public init(limits: NotionReadLimits = .init()) {
        self.limits = limits
    }

    /// The export at `url`: a zip file or a folder.
    public func read(_ url: URL) throws(NotionReadError) -> NotionExport {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            throw .unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        let files: ExportFiles
        switch info.st_mode & S_IFMT {
        case S_IFDIR: files = try FolderExport.read(url, limits: limits)
        case S_IFREG: files = try ZipExport.read(url, limits: limits)
        case S_IFLNK: throw .symlink(path: url.path)
        default: throw .unreadable(path: url.path, reason: "neither a zip file nor a folder")
        }
        return try Self.read(files, name: url.lastPathComponent)
    }

    static func read(_ files: ExportFiles, name: String) throws(NotionReadError) -> NotionExport {
        var markdown = 0
        var html = 0
        for path in files.paths {
            let file = NotionFileName(ExportPath.name(path))
            guard file.id != nil else { continue }
            switch file.ext {
            case "md", "csv": markdown += 1
            case "html": html += 1
            default: break
            }
        }
        guard markdown + html > 0 else { throw .notAnExport(path: name) }
        var export = markdown >= html
            ? try MarkdownExportReader(files: files).read()
            : try HTMLExportReader(files: files).read()
        try Attachments.collect(into: &export, files: files)
        for path in files.systemFiles {
            export.skipped.append(NotionSkippedFile(path: path, kind: .systemFile))
        }
        for path in files.duplicates {
            export.skipped.append(NotionSkippedFile(path: path, kind: .duplicate))
        }
        export.skipped.sort { ($0.path, $0.reason) < ($1.path, $1.reason) }
        return export
    }
}

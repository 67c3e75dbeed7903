import ChronikChangelog
import ChronikPublish
import ChronikStore
import Foundation
import GitKit

// The site for `chronik serve` and `chronik demo`: what `chronik publish` builds (`Publisher.files`: model, pages,
// data, search), with relative links only (a preview has no public address), written by `SiteWriter`.

enum PreviewSite {
    /// Every file of the site of `store` at `commit`, with chronik's history cache (`.git/chronik`) so a rebuild
    /// after one new version computes only that version's changes.
    static func files(store: Store, commit: Commit, language: String?, theme: SiteTheme) throws(CLIError) -> SiteFiles {
        var build = SiteBuildOptions(language: language)
        build.cacheDirectory = ChangelogOptions.defaultCacheDirectory(of: store.repository)
        do {
            return try Publisher.files(store: store, at: commit, options: Publisher.Options(build: build, theme: theme)).0
        } catch let error as SiteModelError {
            switch error {
            case .store(let storeError): throw CLIError(storeError)
            case .changelog: throw CLIError(.store, error.description)
            case .invalidEntry, .introductionNotFound: throw CLIError(.user, error.description)
            }
        } catch {
            throw CLIError(error)
        }
    }

    /// Writes the site into `folder` (a temporary folder beside it, swapped in).
    @discardableResult
    static func write(_ files: SiteFiles, to folder: URL) throws(CLIError) -> SiteWriteResult {
        do {
            return try SiteWriter(target: folder).write(files)
        } catch let error as SiteWriterError {
            if case .writeFailed = error { throw CLIError(.store, Terminal.sanitize(error.description)) }
            throw CLIError(.user, Terminal.sanitize(error.description))
        } catch {
            throw CLIError(.store, "cannot write the site to \(Terminal.sanitize(folder.path)): \(error)")
        }
    }
}

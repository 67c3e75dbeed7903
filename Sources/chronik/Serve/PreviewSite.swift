import ChronikPublish
import ChronikStore
import Foundation
import GitKit

// The site for `chronik serve` and `chronik demo`: model → pages + data + search, written by `SiteWriter`.
// (`chronik publish`'s `Publisher` does the same for a target folder; when it lands, this calls it instead.)

enum PreviewSite {
    /// Every file of the site of `store` at `commit`.
    static func files(store: Store, commit: Commit, language: String?, theme: SiteTheme) throws(CLIError) -> SiteFiles {
        let model: SiteModel
        do {
            model = try SiteModelBuilder.build(store: store, at: commit, options: SiteBuildOptions(language: language))
        } catch let error as SiteModelError {
            switch error {
            case .store(let storeError): throw CLIError(storeError)
            case .changelog: throw CLIError(.store, error.description)
            case .invalidEntry, .introductionNotFound: throw CLIError(.user, error.description)
            }
        } catch {
            throw CLIError(error)
        }
        let options = SiteRenderOptions()
        var files = SitePages.files(model, options: options, theme: theme)
        files.merge(SiteData.files(model, options: options))
        files.merge(SiteSearch.files(model, options: options))
        return files
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

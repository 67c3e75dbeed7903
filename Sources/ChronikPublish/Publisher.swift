import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

/// What `chronik publish` does, as a library call (issue 15): the model of the store at a version
/// (`SiteModelBuilder`), its pages (`SitePages`), feeds and data (`SiteData`) and search (`SiteSearch`), and with
/// `releases` every release's site under `v/<name>/`; then `SiteWriter` puts the whole folder in place at once.
public enum Publisher {
    /// How to publish.
    public struct Options: Sendable {
        public var build: SiteBuildOptions
        /// The public address (`--base-url`, else `chronik.yml`'s `public_url`), for feeds and the sitemap.
        public var baseURL: String?
        /// Publish every release's site under `v/<name>/` as well.
        public var releases: Bool
        public var theme: SiteTheme

        public init(build: SiteBuildOptions = .init(), baseURL: String? = nil, releases: Bool = false, theme: SiteTheme = .makeDefault()) {
            self.build = build
            self.baseURL = baseURL
            self.releases = releases
            self.theme = theme
        }
    }

    /// What was published.
    public struct Result: Sendable, Hashable, Codable {
        /// The version the site shows (full id) and its release, if it is one.
        public var version: String
        public var release: String?
        /// The release sites written (`--releases`), newest first.
        public var releaseSites: [String]
        public var files: SiteWriteResult
    }

    /// Every file of the site of `store` at `commit`: no file is written.
    public static func files(store: Store, at commit: Commit, options: Options) throws -> (SiteFiles, SiteModel, [String]) {
        let model = try SiteModelBuilder.build(store: store, at: commit, options: options.build)
        let base = options.baseURL.map(PublicURL.directory)
        let releaseNames = options.releases ? model.releases.map(\.release.name) : []
        var files = render(model, options: SiteRenderOptions(baseURL: base, releaseSites: Set(releaseNames), releaseOrder: releaseNames),
                           theme: options.theme)
        for release in model.releases where options.releases {
            let name = release.release.name
            let prefix = SitePaths.releaseSite(name)
            let releaseCommit = try store.resolve(release.release.version.hex)
            let releaseModel = try SiteModelBuilder.build(store: store, at: releaseCommit, options: options.build)
            let rendered = render(releaseModel, options: SiteRenderOptions(baseURL: base.map { $0 + prefix }, releaseSites: Set(releaseNames),
                                                                          prefix: prefix, releaseOrder: releaseNames), theme: options.theme)
            for (path, bytes) in rendered.files { files.add(prefix + path, bytes) }
        }
        return (files, model, releaseNames)
    }

    /// One site's files: pages, data, search.
    public static func render(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme) -> SiteFiles {
        var files = SitePages.files(model, options: options, theme: theme)
        files.merge(SiteData.files(model, options: options))
        files.merge(SiteSearch.files(model, options: options))
        return files
    }

    /// Builds the site of `store` at `commit` and writes it to `target` (see `SiteWriter`).
    public static func publish(store: Store, at commit: Commit, to target: URL, options: Options) throws -> Result {
        let (files, model, releaseNames) = try Self.files(store: store, at: commit, options: options)
        let written = try SiteWriter(target: target).write(files)
        return Result(version: model.version.id.hex, release: model.release?.name, releaseSites: releaseNames, files: written)
    }
}

import ChronikChangelog
import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// Figures, not assertions on time: builds the site model of the store at `CHRONIK_SITE_BENCH_STORE` (e.g. one made
/// by `chronik-bench generate --size medium DIR`) cold (empty record cache) and warm, and its data files, and prints
/// how long each took. Without the variable it does nothing.
@Suite struct SiteModelBenchmarkTests {
    @Test func buildTimesOfALargeStore() throws {
        guard let path = ProcessInfo.processInfo.environment["CHRONIK_SITE_BENCH_STORE"] else { return }
        let store = try Store(at: URL(fileURLWithPath: path))
        // CHRONIK_SITE_BENCH_CACHE: a record cache to keep (and reuse) between runs; else a temporary one.
        let kept = ProcessInfo.processInfo.environment["CHRONIK_SITE_BENCH_CACHE"].map { URL(fileURLWithPath: $0) }
        let cache = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("chronik-site-bench-\(UUID().uuidString)")
        defer { if kept == nil { try? FileManager.default.removeItem(at: cache) } }
        let options = SiteBuildOptions(cacheDirectory: cache)
        func seconds(_ start: DispatchTime) -> String {
            String(format: "%.2f s", Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        var start = DispatchTime.now()
        let cold = try buildSite(store, options: options)
        let coldTime = seconds(start)
        start = DispatchTime.now()
        let warm = try buildSite(store, options: options)
        let warmTime = seconds(start)
        #expect(cold == warm)
        start = DispatchTime.now()
        let files = SiteData.files(warm, options: SiteRenderOptions(baseURL: "https://example.org/"))
        let dataTime = seconds(start)
        // The warm build's parts: the two changelog builds it makes (by version with blocks, by release without).
        var changelog = ChangelogOptions()
        changelog.cacheDirectory = cache
        changelog.recordCollectionsInHead = false
        changelog.grouping = .commit
        start = DispatchTime.now()
        try ChangelogBuilder(repository: store.repository).build(changelog, head: { _ in }, group: { _ in })
        let byVersionTime = seconds(start)
        changelog.grouping = .release
        changelog.blocks = false
        start = DispatchTime.now()
        try ChangelogBuilder(repository: store.repository).build(changelog, head: { _ in }, group: { _ in })
        let byReleaseTime = seconds(start)
        let entries = warm.collections.reduce(0) { $0 + $1.entries.count }
        let changes = warm.collections.reduce(0) { $0 + $1.entries.reduce(0) { $0 + $1.history.count } }
        let bytes = files.files.values.reduce(0) { $0 + $1.count }
        print("site model of \(path): \(entries) entries, \(changes) entry changes, \(warm.releases.count) releases; "
              + "cold \(coldTime), warm \(warmTime) (of which changelog by version \(byVersionTime), by release \(byReleaseTime)); data files \(files.count) (\(bytes / 1_000_000) MB) in \(dataTime)")
    }
}

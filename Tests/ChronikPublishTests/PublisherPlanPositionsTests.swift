import ChronikChangelog
import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// `Publisher.plan` sets each entry page's render and the entries' prepares at the positions their planners gave
/// (`SitePages.plan(…entryPositions:)`, `SiteData.plan(…entryFeedPositions:)`; inc15n) rather than by path: the same
/// plan as by path (`byPosition: false`, what it did before) — paths, fingerprints, which files stream, patch and
/// prepare, and every file's bytes — for the sample's models as a full and an incremental publish build them.
@Suite struct PublisherPlanPositionsTests {
    private struct Shape: Equatable {
        var path: String
        var input: SiteFingerprint?
        var stream: Bool
        var patch: Bool
        var prepare: Bool
    }

    private static func shapes(_ plan: SitePlan) -> [Shape] {
        zip(plan.paths, plan.entries).map { Shape(path: $0, input: $1.input, stream: $1.stream != nil, patch: $1.patch != nil, prepare: $1.prepare != nil) }
    }

    private static func expectSamePlans(_ model: SiteModel, detail: SiteHistoryDetail?, options: SiteRenderOptions = SiteRenderOptions()) throws {
        let fast = Publisher.plan(model, options: options, theme: .makeDefault(), detail: detail)
        let reference = Publisher.plan(model, options: options, theme: .makeDefault(), detail: detail, byPosition: false)
        #expect(Self.shapes(fast) == Self.shapes(reference))
        // The prepares read what the files show; then every file, rendered both ways, is the same bytes.
        try fast.prepare(keeping: nil, threads: 1)
        try reference.prepare(keeping: nil, threads: 1)
        #expect(fast.rendered().files == reference.rendered().files)
    }

    @Test func byPositionIsByPathForTheSamplesModels() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // As a full publish builds it: with blocks, no facts.
        let full = try buildSite(store, options: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")))
        try Self.expectSamePlans(full, detail: nil, options: SiteRenderOptions(baseURL: "https://example.org/strategie/"))
        // As an incremental publish builds it: without blocks (each page reads its own), histories from the facts.
        var options = SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache"))
        options.releaseFactsDirectory = dir.appendingPathComponent("site-cache")
        options.releaseChangesWhenShown = true
        options.historyBlocks = false
        _ = try buildSite(store, options: options)
        let lazy = try buildSite(store, options: options)
        #expect(lazy.collections.flatMap(\.entries).flatMap(\.history).contains { $0.details != nil }, "histories filed from the facts")
        let detail = try #require(SiteHistoryDetail(repository: store.repository, options: options, language: lazy.language))
        try Self.expectSamePlans(lazy, detail: detail)
        #expect(Self.shapes(Publisher.plan(lazy, options: SiteRenderOptions(), theme: .makeDefault(), detail: detail)).filter(\.prepare).count > 100)
    }
}

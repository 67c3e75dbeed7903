import Foundation
import Testing
@testable import ChronikStore

@Suite struct SiteConfigTests {
    private let base = "title: T\nlanguage: de\ncollections:\n  glossary: {label: Glossar}\n  events:\n"

    @Test func publicURLAndSiteSettingsAreRead() throws {
        let config = try StoreConfig.parse(Data((base + "public_url: https://example.org/strategie\nsite:\n  introduction: README.md\n  columns:\n    events: [title, start, status]\n").utf8))
        #expect(config.publicURL == "https://example.org/strategie")
        #expect(config.site.introduction == "README.md")
        #expect(config.site.columns == ["events": ["title", "start", "status"]])
        #expect(PublicURL.directory(config.publicURL ?? "") == "https://example.org/strategie/")
        // Written back, read again: the same.
        let again = try StoreConfig.parse(Data(config.yaml().utf8))
        #expect(again.publicURL == config.publicURL)
    }

    @Test(arguments: [
        ("public_url: javascript:alert(1)\n", "/public_url"),
        ("public_url: \"https://x.org/a b\"\n", "/public_url"),
        ("public_url: [1]\n", "/public_url"),
        ("site: {columns: {evnts: [title]}}\n", "/site/columns/evnts"),
        ("site: {columns: {events: []}}\n", "/site/columns/events"),
        ("site: {introduction: ../secret.md}\n", "/site/introduction"),
        ("site: {theme: x}\n", "/site/theme"),
        ("site: 3\n", "/site"),
    ])
    func badSettingsNameTheirField(_ text: String, _ field: String) {
        #expect {
            try StoreConfig.parse(Data((base + text).utf8))
        } throws: { error in
            (error as? StoreConfigError)?.field == field
        }
    }
}

import Testing
@testable import ChronikChangelog

@Test func formatsAreTheDocumentedFour() {
    #expect(ChangelogFormat.allCases.map(\.rawValue) == ["markdown", "html", "json", "atom"])
}

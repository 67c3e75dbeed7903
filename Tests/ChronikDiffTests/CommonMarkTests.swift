import Testing
@testable import ChronikDiff

@Test func linksLibcmarkGFM() {
    #expect(CommonMark.version.hasPrefix("0.29"))
}

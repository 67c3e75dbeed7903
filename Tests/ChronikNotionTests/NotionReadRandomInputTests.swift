@testable import ChronikNotion
import ChronikStore
import Foundation
import Testing

/// Random input for the parts that take the export's text (HTML tokenizer and conversion, CSV, relation lists, file
/// names): they return or throw their own error, never trap or hang. Seeded (SplitMix64); the seed is in the message.
@Suite("NotionReader parts on random input")
struct NotionReadRandomInputTests {

    static let pieces = ["<", ">", "</", "/>", "<p>", "</p>", "<ul class=\"toggle\">", "<li>", "</li>", "<details>", "<summary>", "</details>",
                         "<figure class=\"callout\">", "</figure>", "<table>", "<tr>", "<td>", "<a href=\"x%20y.html\">", "</a>", "<style>",
                         "</style>", "<!--", "-->", "&amp;", "&#", "&#x110000;", "&#0;", ";", "\"", "'", "=", " ", "\n", "ä", "💡", "*", "`",
                         "<div class=\"checkbox checkbox-on\">", "</div>", "<annotation>", "<br/>", "<ol start=\"-5\">", "<ol start=\"99999999999999999999\">",
                         ",", "\r\n", "\"\"", "(https://www.notion.so/", ")", "0123456789abcdef0123456789abcdef", ".md", "../", "%", "%2C"]

    @Test func randomTextNeverTraps() throws {
        let seed = UInt64(17)
        var random = SplitMix64(seed: seed)
        for round in 0..<1500 {
            var text = ""
            for _ in 0..<Int(random.next() % 60) { text += random.pick(Self.pieces) }
            let root = HTMLDocument.parse("<div class=\"page-body\">" + text + "</div>")
            if let body = root.first(where: { $0.hasClass("page-body") }) { _ = HTMLToMarkdown.body(body) }
            do { _ = try CSV.parse(text, path: "x.csv") } catch {
                switch error {
                case .csvFieldCount, .csvUnterminatedQuote: break
                default: Issue.record("seed \(seed), round \(round): unexpected \(error)")
                }
            }
            _ = RelationText.parse(text, folder: "E/F")
            _ = NotionFileName(text)
            _ = ExportPath.resolve(text, from: "E")
        }
    }
}


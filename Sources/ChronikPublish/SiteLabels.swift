import ChronikStore

/// The fixed words of the published site, in German and English (any other language falls back to English): a thin
/// wrapper of the message catalog (`MessageCatalog`, section "labels of public output"), one for every page (STYLE.md 19). Collection and field labels are data (`x-chronik-label`, `chronik.yml`)
/// and come with the model.
public struct SiteLabels: Sendable {
    /// The language as asked for (`de`, `en`, …): the `lang` of every page.
    public let language: String
    private let catalog: any MessageCatalog

    public init(language: String) {
        self.language = language
        catalog = Messages.catalog(StoreLanguage(rawValue: language) ?? .en)
    }

    public var skipLink: String { catalog.skipLink() }
    public var navigation: String { catalog.siteNavigation() }
    public var home: String { catalog.siteHome() }
    public var collections: String { catalog.siteCollections() }
    public var entries: String { catalog.siteEntries() }
    public var dates: String { catalog.siteDates() }
    public var upcoming: String { catalog.siteUpcoming() }
    public var noUpcoming: String { catalog.siteNoUpcoming() }
    public var pastDates: String { catalog.sitePastDates() }
    public var date: String { catalog.siteDate() }
    public var title: String { catalog.siteTitle() }
    public var status: String { catalog.siteStatus() }
    public var latestReleases: String { catalog.siteLatestReleases() }
    public var latestChanges: String { catalog.siteLatestChanges() }
    public var releases: String { catalog.releasesHeading() }
    public var release: String { catalog.siteRelease() }
    public var changelog: String { catalog.changelogTitle() }
    public var search: String { catalog.siteSearch() }
    public var searchLabel: String { catalog.siteSearchLabel() }
    public var searchButton: String { catalog.siteSearchButton() }
    public var searchFallback: String { catalog.siteSearchFallback() }
    public var fields: String { catalog.siteDetails() }
    public var text: String { catalog.textLabel() }
    public var referredBy: String { catalog.siteReferredBy() }
    public var history: String { catalog.siteHistory() }
    public var noHistory: String { catalog.siteNoHistory() }
    public var unresolved: String { catalog.siteUnresolved() }
    public var sortBy: String { catalog.siteSortBy() }
    public var sortedBy: String { catalog.siteSortedBy() }
    public var groups: String { catalog.siteGroups() }
    public var document: String { catalog.siteDocument() }
    public var contents: String { catalog.siteContents() }
    public var feed: String { catalog.siteFeed() }
    public var versions: String { catalog.versionsHeading() }
    public var changes: String { catalog.siteChanges() }
    public var added: String { catalog.changeHeading(.added) }
    public var removed: String { catalog.changeHeading(.removed) }
    public var renamed: String { catalog.changeHeading(.renamed) }
    public var changed: String { catalog.changeHeading(.modified) }
    public var noChanges: String { catalog.noContentChanges() }
    public var contributors: String { catalog.contributorsLabel() }
    public var version: String { catalog.versionLabel() }
    public var asInRelease: String { catalog.siteAsInRelease() }
    public var releasePage: String { catalog.siteReleasePage() }
    public var releaseSite: String { catalog.siteReleaseSite() }
    public var otherVersions: String { catalog.siteOtherVersions() }
    public var currentSite: String { catalog.siteCurrent() }
    public var noEntries: String { catalog.siteNoEntries() }
    public var emptyValue: String { "–" }
    public var generated: String { catalog.siteGenerated() }
    public var yes: String { catalog.yesNo(true) }
    public var no: String { catalog.yesNo(false) }

    /// "3 Einträge" / "1 entry".
    public func count(_ n: Int) -> String { catalog.siteEntryCount(n) }

    /// A calendar day in words, `4. Dezember 2026` / `4 December 2026`, from `YYYY-MM-DD` (anything else as it is).
    public func day(_ text: String) -> String {
        // `YYYY-MM-DD` exactly (every `Timestamp.day`): read from its bytes, not split (page15).
        var copy = text
        let parsed: (year: Int, month: Int, day: Int)?? = copy.withUTF8 { b in
            guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return .none }
            func digits(_ r: Range<Int>) -> Int? {
                var n = 0
                for i in r {
                    guard (0x30...0x39).contains(b[i]) else { return nil }
                    n = n * 10 + Int(b[i] - 0x30)
                }
                return n
            }
            guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return .none }
            return .some((1...12).contains(month) && (1...31).contains(day) ? (year, month, day) : nil)
        }
        switch parsed {
        case .some(.some(let d)): return catalog.siteDay(year: d.year, month: d.month, day: d.day)
        case .some(.none): return text
        case .none: break
        }
        return referenceDay(text)
    }

    /// `day(_:)` for any text (the definition): `YYYY-MM-DD` at its start, split at `-`.
    func referenceDay(_ text: String) -> String {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, text.count == 10 || text.dropFirst(10).first == "T",
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return text }
        return catalog.siteDay(year: year, month: month, day: day)
    }

    /// The day of a moment in its recorded offset, in words.
    public func date(_ t: Timestamp) -> String { day(t.day) }

    /// A span of days: `4. – 6. Dezember 2026` is not attempted; `4. Dezember 2026 – 6. Dezember 2026`.
    public func span(_ start: String, _ end: String?) -> String {
        guard let end, !end.isEmpty, end != start else { return day(start) }
        return day(start) + " – " + day(end)
    }
}

import ChronikStore

/// The fixed words of the published site, in German and English (any other language falls back to English): one
/// catalog for every page (STYLE.md 19). Collection and field labels are data (`x-chronik-label`, `chronik.yml`)
/// and come with the model.
public struct SiteLabels: Sendable {
    public let language: String
    private let de: Bool

    public init(language: String) {
        self.language = language
        de = language == "de"
    }

    public var skipLink: String { de ? "Zum Inhalt springen" : "Skip to content" }
    public var navigation: String { de ? "Hauptnavigation" : "Main navigation" }
    public var home: String { de ? "Startseite" : "Home" }
    public var collections: String { de ? "Sammlungen" : "Collections" }
    public var entries: String { de ? "Einträge" : "Entries" }
    public var dates: String { de ? "Beteiligungstermine" : "Participation dates" }
    public var upcoming: String { de ? "Aktuelle und kommende Termine" : "Current and upcoming dates" }
    public var noUpcoming: String { de ? "Zurzeit sind keine Termine geplant." : "No dates are planned at the moment." }
    public var pastDates: String { de ? "Frühere Termine" : "Earlier dates" }
    public var date: String { de ? "Datum" : "Date" }
    public var title: String { de ? "Titel" : "Title" }
    public var status: String { de ? "Status" : "Status" }
    public var latestReleases: String { de ? "Neueste Fassungen" : "Latest releases" }
    public var latestChanges: String { de ? "Letzte Änderungen" : "Latest changes" }
    public var releases: String { de ? "Fassungen" : "Releases" }
    public var release: String { de ? "Fassung" : "Release" }
    public var changelog: String { de ? "Änderungsprotokoll" : "Changelog" }
    public var search: String { de ? "Suche" : "Search" }
    public var searchLabel: String { de ? "Suchbegriff" : "Search term" }
    public var searchButton: String { de ? "Suchen" : "Search" }
    public var searchFallback: String {
        de ? "Die Suche braucht JavaScript. Ohne JavaScript finden Sie alle Einträge in den Tabellen der Sammlungen:"
            : "Search needs JavaScript. Without it, every entry is listed in the tables of the collections:"
    }
    public var fields: String { de ? "Angaben" : "Details" }
    public var text: String { de ? "Text" : "Text" }
    public var referredBy: String { de ? "Verweise auf diesen Eintrag" : "Referred to by" }
    public var history: String { de ? "Geschichte" : "History" }
    public var noHistory: String { de ? "Keine Änderungen bekannt." : "No changes known." }
    public var unresolved: String { de ? "nicht gefunden" : "not found" }
    public var sortBy: String { de ? "Sortieren und gruppieren nach" : "Sort and group by" }
    public var sortedBy: String { de ? "sortiert nach" : "sorted by" }
    public var groups: String { de ? "Gruppen" : "Groups" }
    public var document: String { de ? "Als ein Dokument lesen" : "Read as one document" }
    public var contents: String { de ? "Inhalt" : "Contents" }
    public var feed: String { de ? "Atom-Feed" : "Atom feed" }
    public var versions: String { de ? "Versionen" : "Versions" }
    public var changes: String { de ? "Änderungen" : "Changes" }
    public var added: String { de ? "Neu" : "Added" }
    public var removed: String { de ? "Entfernt" : "Removed" }
    public var renamed: String { de ? "Umbenannt oder verschoben" : "Renamed or moved" }
    public var changed: String { de ? "Geändert" : "Changed" }
    public var noChanges: String { de ? "Keine inhaltlichen Änderungen." : "No changes to the content." }
    public var contributors: String { de ? "Beteiligt" : "Contributors" }
    public var version: String { de ? "Version" : "Version" }
    public var asInRelease: String { de ? "So war der Eintrag in dieser Fassung" : "The entry as it was in this release" }
    public var releasePage: String { de ? "Zur Fassung" : "The release" }
    public var releaseSite: String { de ? "Die Website dieser Fassung" : "The site of this release" }
    public var otherVersions: String { de ? "Andere Fassungen der Website" : "Other versions of the site" }
    public var currentSite: String { de ? "Aktuelle Fassung" : "Current version" }
    public var noEntries: String { de ? "Keine Einträge." : "No entries." }
    public var emptyValue: String { "–" }
    public var generated: String {
        de ? "Erstellt von chronik aus der Versionsgeschichte des Wissensspeichers." : "Made by chronik from the version history of the knowledge store."
    }
    public var yes: String { de ? "ja" : "yes" }
    public var no: String { de ? "nein" : "no" }

    /// "3 Einträge" / "1 entry".
    public func count(_ n: Int) -> String {
        de ? "\(n) \(n == 1 ? "Eintrag" : "Einträge")" : "\(n) \(n == 1 ? "entry" : "entries")"
    }

    private static let monthsDE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                                   "Oktober", "November", "Dezember"]
    private static let monthsEN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                   "October", "November", "December"]

    /// A calendar day in words, `4. Dezember 2026` / `4 December 2026`, from `YYYY-MM-DD` (anything else as it is).
    public func day(_ text: String) -> String {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, text.count == 10 || text.dropFirst(10).first == "T",
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return text }
        return de ? "\(day). \(Self.monthsDE[month - 1]) \(year)" : "\(day) \(Self.monthsEN[month - 1]) \(year)"
    }

    /// The day of a moment in its recorded offset, in words.
    public func date(_ t: Timestamp) -> String { day(t.day) }

    /// A span of days: `4. – 6. Dezember 2026` is not attempted; `4. Dezember 2026 – 6. Dezember 2026`.
    public func span(_ start: String, _ end: String?) -> String {
        guard let end, !end.isEmpty, end != start else { return day(start) }
        return day(start) + " – " + day(end)
    }
}

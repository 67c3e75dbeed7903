import ChronikStore
import Foundation
import OrderedCollections

// A Notion export as read from disk or a zip (issue 17), before any decision about collections, fields or ids.
// The reader (`Sources/ChronikNotion/Read`) fills it from either of Notion's export formats ("Markdown & CSV" or
// "HTML"); the mapper (`Sources/ChronikNotion/Map`) infers types, writes or applies `notion-mapping.yml` and turns
// it into a store. Nothing here is interpreted: values are kept as the export shows them, with what the format
// itself tells (a property's type in HTML, the selected values of a select, a relation's target page).

/// One Notion export: its databases (with their rows) and free pages.
public struct NotionExport: Sendable, Hashable {
    /// Which of Notion's two export formats it was.
    public enum Format: String, Sendable, Hashable, Codable {
        /// "Markdown & CSV": `Name <hex>.csv` and `_all.csv`, row pages `# Title` + `Property: value` lines.
        case markdown
        /// "HTML": row pages with `table.properties`, `tr.property-row-<type>`.
        case html
    }

    public var format: Format
    /// The databases in the order their files were found (sorted by path).
    public var databases: [NotionDatabase]
    /// Pages that are not rows of a database, sorted by path.
    public var pages: [NotionPage]
    /// Files the reader did not use (with why), for the import report.
    public var skipped: [NotionSkippedFile]
    /// The bytes of every file a page names in its `attachments`, by that path within the export: the reader keeps no
    /// temporary files, so the mapper copies attachments from here.
    public var attachmentContents: [String: Data]

    public init(format: Format, databases: [NotionDatabase] = [], pages: [NotionPage] = [], skipped: [NotionSkippedFile] = [],
                attachmentContents: [String: Data] = [:]) {
        self.format = format
        self.databases = databases
        self.pages = pages
        self.skipped = skipped
        self.attachmentContents = attachmentContents
    }
}

/// A Notion database: its properties in column order and its rows.
public struct NotionDatabase: Sendable, Hashable {
    /// Notion's id of the database, 32 lowercase hex digits (from the file name).
    public var id: String
    /// The database's name as Notion shows it (`Prozessakteure`).
    public var name: String
    /// The path of the database's file within the export (`Export-…/Prozessakteure <hex>.csv` or `.html`).
    public var path: String
    /// The properties in the export's column order; the title property first.
    public var properties: [NotionProperty]
    /// The rows, in the order of the `_all.csv` (Markdown) or the table (HTML).
    public var rows: [NotionPage]
    /// The id of the page the database sits in, if any (nested databases).
    public var parentPageID: String?

    public init(id: String, name: String, path: String, properties: [NotionProperty], rows: [NotionPage], parentPageID: String? = nil) {
        self.id = id
        self.name = name
        self.path = path
        self.properties = properties
        self.rows = rows
        self.parentPageID = parentPageID
    }
}

/// A property (column) of a database.
public struct NotionProperty: Sendable, Hashable {
    public var name: String
    /// The type the export states (HTML's `property-row-<type>`), or what the reader could tell for sure
    /// (`.title` for the title column, `.relation` where values are links to pages); nil where only the values tell
    /// (the mapper infers from them).
    public var type: NotionPropertyType?

    public init(name: String, type: NotionPropertyType? = nil) {
        self.name = name
        self.type = type
    }
}

/// Notion's property types as its HTML export names them (`property-row-multi_select` → `.multiSelect`).
public enum NotionPropertyType: String, Sendable, Hashable, Codable, CaseIterable {
    case title, text, number, select, multiSelect = "multi_select", status, date, checkbox, url, email
    case phone = "phone_number", person, relation, files = "file", createdTime = "created_time"
    case createdBy = "created_by", lastEditedTime = "last_edited_time", lastEditedBy = "last_edited_by"
    case formula, rollup, button, uniqueID = "unique_id", verification
}

/// A page: a row of a database or a free page.
public struct NotionPage: Sendable, Hashable {
    /// Notion's page id, 32 lowercase hex digits (from the file name `Title <hex>.md`).
    public var id: String
    /// The title as Notion shows it (the `# Title` line or `<h1 class="page-title">`); may end in spaces, start with
    /// `@`, repeat in other pages.
    public var title: String
    /// The path of the page file within the export.
    public var path: String
    /// The property values by property name, in column order; empty properties are absent. A row holds its title
    /// too, under the title property's name (`.text(title)`), so every column of the database has its value here.
    public var properties: OrderedDictionary<String, NotionValue>
    /// The body as Markdown (HTML bodies converted by the reader), links to other pages of the export kept as their
    /// relative hrefs (the mapper rewrites them to entry links).
    public var body: String
    /// Files the page links to that are in the export (images, PDFs), by their path within the export.
    public var attachments: [String]
    /// The id of the page this one sits in (subpages), if any.
    public var parentPageID: String?

    public init(id: String, title: String, path: String, properties: OrderedDictionary<String, NotionValue> = [:], body: String = "",
                attachments: [String] = [], parentPageID: String? = nil) {
        self.id = id
        self.title = title
        self.path = path
        self.properties = properties
        self.body = body
        self.attachments = attachments
        self.parentPageID = parentPageID
    }
}

/// A property's value as the export shows it.
public enum NotionValue: Sendable, Hashable {
    /// Text formatted for reading (`February 5, 2025 6:16 AM`, `June 16, 2022 → July 6, 2022`, `Yes`, `12,50 €`,
    /// `a, b, c` for a multi-select in Markdown): the mapper infers the type from all rows.
    case text(String)
    /// The selected values of a select, multi-select or status where the format separates them (HTML's
    /// `span.selected-value`).
    case options([String])
    /// A checkbox where the format states it (HTML's `checkbox-on`/`checkbox-off`).
    case checkbox(Bool)
    /// A date where the format marks it (HTML's `<time>`), as its text: `February 5, 2025` or a range with ` → `.
    case date(String)
    /// Links to pages (relations): each with the target's page id where the export has it, and its title.
    case pages([NotionLink])
}

/// A link from a relation to a page.
public struct NotionLink: Sendable, Hashable {
    /// The target's page id (32 lowercase hex digits), when the export names it (file name or notion.so URL).
    public var pageID: String?
    /// The target's title as the link shows it.
    public var title: String

    public init(pageID: String?, title: String) {
        self.pageID = pageID
        self.title = title
    }
}

/// A file of the export that the reader did not turn into a page or database.
public struct NotionSkippedFile: Sendable, Hashable, Codable {
    /// Why a file was skipped, for a message in the reader's language (`message(_:)`).
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `Name <hex>.csv`, the current view, where `_all.csv` holds all rows.
        case databaseView = "database-view"
        /// A database's own page (`Name <hex>.md` beside its CSV).
        case databasePage = "database-page"
        /// A file no page links to.
        case unlinked
        /// `__MACOSX/`, `.DS_Store` and the like.
        case systemFile = "system-file"
        /// A path in two parts of a download; the first was read.
        case duplicate
        /// A database row without a page file (`row` names it).
        case rowWithoutPage = "row-without-page"
    }

    public var path: String
    /// Why, in English (language-neutral output such as JSON keeps this).
    public var reason: String
    /// Why, as a kind, when the reader set it.
    public var kind: Kind?
    /// The row's title, for `.rowWithoutPage`.
    public var row: String?

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public init(path: String, kind: Kind, row: String? = nil) {
        self.path = path
        self.kind = kind
        self.row = row
        self.reason = ""
        self.reason = message(Messages.catalog(.en))
    }

    /// Why, in `catalog`'s language (the English `reason` where no kind is set).
    public func message(_ catalog: any MessageCatalog) -> String {
        switch kind {
        case .databaseView: return catalog.notionSkippedDatabaseView()
        case .databasePage: return catalog.notionSkippedDatabasePage()
        case .unlinked: return catalog.notionSkippedUnlinked()
        case .systemFile: return catalog.notionSkippedSystemFile()
        case .duplicate: return catalog.notionSkippedDuplicate()
        case .rowWithoutPage: return catalog.notionSkippedRowWithoutPage(row ?? "")
        case nil: return reason
        }
    }
}

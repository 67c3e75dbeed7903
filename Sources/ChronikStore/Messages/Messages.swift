import Foundation

// Every sentence chronik says to a person lives in one catalog per language: `Messages+en.swift` and
// `Messages+de.swift` (issue 16). A message is a requirement of `MessageCatalog`, so the compiler refuses a catalog that
// lacks one; `MessageCatalogTests` refuses a requirement that no code outside this folder uses, and a default
// implementation (which would let one language silently borrow the other's wording). Output meant for machines (JSON
// keys, the structure of GitHub annotations, exit codes) is not here: it is language-neutral.
//
// Add a message: a requirement below (grouped by topic, with a doc comment giving an example), then the same
// function in both catalogs. Arguments are the values a message names (a path, a field, a list of candidates), never
// pre-formatted sentences of another message.

/// The sentences of one language.
public protocol MessageCatalog: Sendable {
    /// The catalog's language.
    var language: StoreLanguage { get }

    // MARK: - labels of public output: changelog, diff, site (helper labels16 adds here)
    // The fixed words of what residents read (changelog, diff pages, site, feeds) and of the terminal diff. The label
    // structs `ChangelogLabels`, `DiffLabels`, `SiteLabels` hold a catalog and forward here; they map ChronikDiff's
    // types to the plain values of OutputLabels.swift. Field and collection labels are data (the schema's
    // `x-chronik-label`, chronik.yml), not here.

    // shared by changelog, diff and site

    /// "Skip to content" (the first link of every page).
    func skipLink() -> String
    /// "Made by chronik from the version history." (the foot of changelog and diff pages).
    func madeFromHistory() -> String
    /// "Changelog".
    func changelogTitle() -> String
    /// "Releases".
    func releasesHeading() -> String
    /// "Versions".
    func versionsHeading() -> String
    /// "Version".
    func versionLabel() -> String
    /// "Contributors".
    func contributorsLabel() -> String
    /// The heading of a group of changed entries: "Added", "Removed", "Renamed or moved" (renamed and moved),
    /// "Changed" (modified).
    func changeHeading(_ change: LabelChange) -> String
    /// "No changes to the content."
    func noContentChanges() -> String
    /// "Text" (an entry's body).
    func textLabel() -> String
    /// "Other files".
    func otherFiles() -> String
    /// A truth value for residents: "yes", "no".
    func yesNo(_ value: Bool) -> String
    /// "reordered" (a list whose items stayed, in another order).
    func listReordered() -> String

    // changelog

    /// "Unreleased".
    func unreleased() -> String
    /// Before the release a version belongs to: "in:" ("in: Strategieentwurf").
    func inRelease() -> String
    /// "219 words", "1 word".
    func wordCount(_ count: Int) -> String
    /// "Formatting changed" (followed by where: `formattingWhere`).
    func formattingChanged() -> String
    /// Where an entry changed only in how it is written: "front matter (comments, order, quotes or spaces), all
    /// values the same".
    func formattingWhere(_ formatting: LabelFormatting) -> String
    /// "Order: strategy" (the heading of a document-like collection's order).
    func orderHeading(_ collection: String) -> String
    /// An other file's change in the changelog: "added", "removed", "changed".
    func fileChanged(_ change: LabelChange) -> String
    /// How much of a text changed: "120 words added, 30 removed, 2 sections moved" (the parts that are not 0);
    /// "formatting changed" when all three are 0.
    func proseChange(wordsAdded: Int, wordsRemoved: Int, sectionsMoved: Int) -> String
    /// Where a section went in the changelog: "moved from position 3 to 5", "added at position 4", "removed (was at
    /// position 2)", "unchanged".
    func sectionMoved(_ section: LabelSection, old: Int, new: Int) -> String
    /// A field that got a value: "new: Forum".
    func valueAdded(_ value: String) -> String
    /// A field that lost its value: "removed (was: Forum)".
    func valueRemoved(_ value: String) -> String
    /// A day `YYYY-MM-DD` written short: `2022-11-15`, `15.11.2022`.
    func shortDate(_ day: String) -> String

    // diff (the pages for residents, and the terminal)

    /// The title of a diff page: "Changes from A to B", "Changes from A to the working tree" (`new` nil). `words` is
    /// applied to the catalog's own words only (a page escapes them); the sides are put in as they are.
    func diffTitle(old: String, new: String?, words: (String) -> String) -> String
    /// A release title in quotation marks: “Draft”, „Entwurf“.
    func quoted(_ text: String) -> String
    /// "No changes." (a diff page without changes).
    func diffNoChanges() -> String
    /// "Fields" (the caption of a page's field table).
    func diffFields() -> String
    /// "Field" (a column).
    func diffField() -> String
    /// "Before" (a column).
    func diffBefore() -> String
    /// "After" (a column).
    func diffAfter() -> String
    /// "(none)": a side without a value (a field added or removed).
    func diffNone() -> String
    /// "Section" (a column of the document order).
    func diffSection() -> String
    /// "Change" (a column of the document order).
    func diffChange() -> String
    /// "deleted": the start of a deletion in words, for screen readers ("[deleted: …]").
    func deletedCue() -> String
    /// "inserted": the start of an insertion in words.
    func insertedCue() -> String
    /// A truth value in a diff: "true", "false" (as the terminal shows JSON's values); "ja", "nein".
    func diffBoolean(_ value: Bool) -> String
    /// "strategy in document order".
    func documentOrder(_ collection: String) -> String
    /// The kind of an entry's change, as a heading starts: "Added", "Removed", "Modified", "Renamed", "Moved".
    func entryChangeHeading(_ change: LabelChange) -> String
    /// "80% similar" (a renamed or moved entry).
    func similar(percent: Int) -> String
    /// An other file's change in a diff: "added", "removed", "modified".
    func fileChangeKind(_ change: LabelChange) -> String
    /// An entry changed only in how it is written, as a sentence without its full stop: "front matter formatting
    /// changed (comments, order, quotes or spaces); all values are the same" (pages capitalize it).
    func formattingSentence(_ formatting: LabelFormatting) -> String
    /// A `--stat` row's formatting: "front matter formatting only".
    func formattingOnly(_ formatting: LabelFormatting) -> String
    /// A changed block of a text: "inserted paragraph, line 1", "deleted heading, old line 3", "moved and changed
    /// list item, line 4 -> 9" (pages capitalize it). `changed`: a moved block whose words changed too.
    func blockHeading(_ change: LabelBlockChange, block: LabelBlock, oldLine: Int, newLine: Int, changed: Bool) -> String
    /// Where a section went in a diff: "moved from 5 to 2", "added at 3", "removed (was 4)", "unchanged at 1".
    func sectionChange(_ section: LabelSection, old: Int, new: Int) -> String
    /// The totals of a diff: "3 entries (2 modified, 1 added); 2 other files; 120 words added, 30 removed; 7 fields
    /// changed; 2 blocks moved".
    func diffTotals(_ totals: LabelTotals) -> String

    // diff in the terminal (`--format text`, `--stat`)

    /// "no changes".
    func terminalNoChanges() -> String
    /// "problem: the front matter is not valid YAML: …".
    func terminalProblem(_ text: String) -> String
    /// An entry's line: "modified strategy/vision", "renamed glossary/a -> glossary/b (80% similar)" (`from` for
    /// renamed and moved entries, `similarity` below 100).
    func terminalEntry(_ change: LabelChange, entry: String, from: String?, similarity: Int?) -> String
    /// "added file README.md".
    func terminalFile(_ change: LabelChange, path: String) -> String
    /// "(was strategy/old)" after a renamed section.
    func terminalWas(_ id: String) -> String
    /// A list field's change: "added a, b", "removed c" (the items already marked).
    func terminalItems(_ items: String, added: Bool) -> String
    /// A `--stat` row's kind: "modified", "renamed"; for an other file (`file`) "file added".
    func statKind(_ change: LabelChange, file: Bool) -> String
    /// A `--stat` row's words: "+3 -1 words".
    func statWords(added: Int, removed: Int) -> String
    /// A `--stat` row's fields: "2 fields".
    func statFields(_ count: Int) -> String
    /// A `--stat` row's moved blocks: "1 block moved".
    func statBlocksMoved(_ count: Int) -> String

    // log --fields (an entry's versions with their changed fields, in the language of the labels)

    /// "added as glossary/betreibermodell".
    func logAddedAs(_ entry: String) -> String
    /// "removed".
    func logRemoved() -> String
    /// "renamed from glossary/a to glossary/b", "moved from events/a to actors/a".
    func logMoved(_ change: LabelChange, from: String, to: String) -> String
    /// "text: 25 words added, 3 removed" (`proseChange`'s words after it).
    func logText(_ change: String) -> String

    // site

    /// "Main navigation".
    func siteNavigation() -> String
    /// "Home".
    func siteHome() -> String
    /// "Collections".
    func siteCollections() -> String
    /// "Entries".
    func siteEntries() -> String
    /// "Participation dates".
    func siteDates() -> String
    /// "Current and upcoming dates".
    func siteUpcoming() -> String
    /// "No dates are planned at the moment."
    func siteNoUpcoming() -> String
    /// "Earlier dates".
    func sitePastDates() -> String
    /// "Date" (a column).
    func siteDate() -> String
    /// "Title" (a column, when the title field has no label of its own).
    func siteTitle() -> String
    /// "Status" (a column).
    func siteStatus() -> String
    /// "Latest releases".
    func siteLatestReleases() -> String
    /// "Latest changes".
    func siteLatestChanges() -> String
    /// "Release".
    func siteRelease() -> String
    /// "Search" (the page).
    func siteSearch() -> String
    /// "Search term" (the field's label).
    func siteSearchLabel() -> String
    /// "Search" (the button).
    func siteSearchButton() -> String
    /// "Search needs JavaScript. Without it, every entry is listed in the tables of the collections:"
    func siteSearchFallback() -> String
    /// The search page's answer without results: "No results for “{q}”." (the script puts the query for `{q}`).
    func siteSearchNoResults(query: String) -> String
    /// "1 result for “{q}”.", "{n} results for “{q}”." (`plural` for every count but 1).
    func siteSearchResults(count: String, plural: Bool, query: String) -> String
    /// "The first {n} are shown." (after a count of results larger than the list).
    func siteSearchFirstShown(count: String) -> String
    /// "The search index could not be loaded."
    func siteSearchFailed() -> String
    /// "Details" (an entry's fields).
    func siteDetails() -> String
    /// "Referred to by".
    func siteReferredBy() -> String
    /// "History".
    func siteHistory() -> String
    /// "No changes known."
    func siteNoHistory() -> String
    /// "not found" (a reference to no entry).
    func siteUnresolved() -> String
    /// "Sort and group by".
    func siteSortBy() -> String
    /// "sorted by".
    func siteSortedBy() -> String
    /// "Groups".
    func siteGroups() -> String
    /// "Read as one document".
    func siteDocument() -> String
    /// "Contents".
    func siteContents() -> String
    /// "Atom feed".
    func siteFeed() -> String
    /// "Changes".
    func siteChanges() -> String
    /// "The entry as it was in this release".
    func siteAsInRelease() -> String
    /// "The release" (a link to a release's page).
    func siteReleasePage() -> String
    /// "The site of this release".
    func siteReleaseSite() -> String
    /// "Other versions of the site".
    func siteOtherVersions() -> String
    /// "Current version".
    func siteCurrent() -> String
    /// "No entries."
    func siteNoEntries() -> String
    /// "Made by chronik from the version history of the knowledge store."
    func siteGenerated() -> String
    /// "3 entries", "1 entry".
    func siteEntryCount(_ count: Int) -> String
    /// A calendar day in words: "4 December 2026", "4. Dezember 2026" (`month` 1 to 12).
    func siteDay(year: Int, month: Int, day: Int) -> String

    // MARK: - validation and gate

    /// A field as text output names it: `Ende (end)`; the key alone when the schema gives no label.
    func field(label: String?, key: String) -> String
    /// A list item, counted from 1: `item 1`.
    func listItem(_ number: Int) -> String
    /// `"event" is not a collection declared in chronik.yml; did you mean events/?`
    func unknownCollection(folder: String, suggestions: [String]) -> String
    /// A file where no file of a store belongs.
    func outsideCollections() -> String
    /// `<<<<<<<` … `>>>>>>>` left in a file.
    func mergeConflict() -> String
    /// No `chronik.yml` in the version.
    func missingConfig() -> String
    /// An entry file that cannot be read; a YAML syntax error explained in the user's terms, with the fix
    /// (`YAMLTrouble`; the parser's own words when the table has no entry for it).
    func frontMatter(_ error: FrontMatterError) -> String
    /// The field (named before the message) is required and missing.
    func requiredMissing() -> String
    /// A value that is not allowed; `allowed` already shown (`Label (value)` where the schema labels values).
    func notAllowed(found: String, allowed: [String]) -> String
    /// A field the collection's schema does not declare.
    func unknownField(name: String, collection: String, suggestions: [String], allowed: [String]) -> String
    /// `2022-02-30`: February 2022 has 28 days.
    func impossibleDate(value: String, year: Int, month: Int, days: Int) -> String
    /// A value that is not a date `YYYY-MM-DD`.
    func notADate(value: String) -> String
    /// `validate`'s last line when it found problems: `3 problems in 2 files (5 entries checked)`; a `note` goes
    /// inside the parentheses (`(5 entries checked; no chronik.yml: …)`).
    func problemsFound(problems: Int, files: Int, entriesChecked: Int, note: String?) -> String
    /// `validate`'s last line when it found none: `5 entries valid`.
    func entriesValid(_ count: Int) -> String
    /// `validate` in a repository without chronik.yml.
    func plainRepositoryNote() -> String
    /// The first line of a refused write (commit, release): `2 problems in the store; nothing was written:`.
    func nothingWritten(problems: Int) -> String
    /// `commit` with nothing to record.
    func nothingToCommit() -> String
    /// `Recorded version abc1234: message (2 added, 1 changed)`.
    func recordedVersion(_ version: String, summary: String, added: Int, changed: Int, removed: Int, renamed: Int, otherFiles: Int) -> String
    /// `status`: `On branch main`.
    func onBranch(_ branch: String) -> String
    /// `status` in a repository without chronik.yml.
    func plainStatusNote() -> String
    /// `status` before the first version.
    func noVersionsYet() -> String
    /// `status` with nothing changed; `plain` for a repository without chronik.yml.
    func workingTreeClean(plain: Bool) -> String
    /// `status`: the heading of the changes.
    func changesHeading(plain: Bool) -> String
    /// `status`: the heading of the files a commit would refuse.
    func refusedHeading(plain: Bool) -> String
    /// `status`: the kind of a change, padded to one width (`added:    `).
    func changeKind(_ kind: ChangeKind) -> String

    // MARK: - errors of every layer (helper errors16 adds here)

    // MARK: - new, init, names

    /// The second comment line of a new entry: "Required fields first: fill them in. Lines starting with # are notes."
    func templateIntroduction() -> String
    /// Before the optional fields: "Optional fields: to use one, remove the # at the start of its lines."
    func templateOptionalFields() -> String
    /// After a required field's label: "required".
    func templateRequired() -> String
    /// "allowed values: Workshop, Forum".
    func templateAllowedValues(_ values: [String]) -> String
    /// What a value must look like: "a date YYYY-MM-DD", "a whole number from 1900 to 2100", "a list …".
    func templateKind(_ kind: TemplateFieldKind) -> String
    /// "not before Start (start)".
    func templateNotBefore(_ field: String) -> String
    /// "example: 2026-03-01".
    func templateExample(_ value: String) -> String
    /// "private: never appears in public output".
    func templatePrivate() -> String

    /// "created events/forum.md".
    func newCreated(_ path: String) -> String
    /// ""eventz" is not a collection of this store (collections: actors, events)".
    func unknownCollection(_ name: String, collections: [String]) -> String
    /// The hint after a name that is not known: "did you mean "status"?" (one or more candidates).
    func didYouMeanName(_ candidates: [String]) -> String
    /// ""Übersicht" is not a valid id (lowercase letters a-z, digits and -, …); try "uebersicht"".
    func invalidID(_ id: String, suggestion: String?) -> String
    /// "events/forum.md exists already; choose another id, e.g. "forum-2"".
    func entryExists(_ path: String, suggestion: String) -> String
    /// "give the new entry's id, or a title to derive it from (--title)".
    func newNeedsIDOrTitle() -> String
    /// "no id can be derived from the title "…" (it has no letters a-z or digits); give the id".
    func newNoIDFromTitle(_ title: String) -> String
    /// "the editor "vim" ended with status 1; the entry is kept in events/forum.md".
    func newEditorFailed(_ editor: String, status: Int32, path: String) -> String
    /// After the findings of a new entry: "3 problems (above): fill in the fields, then run chronik validate".
    func newProblems(_ count: Int) -> String
    /// "the entry is valid; record it with chronik commit -m MESSAGE".
    func newValid() -> String
    /// "cannot read the schema schemas/events.schema.json: line 3, column 1: …".
    func schemaUnreadable(_ path: String, reason: String) -> String

    /// ""Entwurf 2" is not a valid release name (…); try "entwurf-2"".
    func invalidReleaseName(_ name: String, suggestion: String?) -> String
    /// ""stauts" is not a chronik command".
    func unknownCommand(_ name: String) -> String
    /// "`chronik --help` lists the commands".
    func commandListHint() -> String
    /// "no entry "glossary/reallabor"" (with "at 2022-03-10" when a revision is named).
    func entryNotFound(_ spec: String, revision: String?) -> String
    /// "the last version (abc1234)", as the revision an entry was looked up at.
    func lastVersion(_ id: String) -> String
    /// "no entry "glosary/reallabor": "glosary" is not a collection".
    func entryInUnknownCollection(_ spec: String, collection: String) -> String
    /// "unknown revision "ambitionn": no tag, branch or version of that name, and no date".
    func unknownRevision(_ spec: String) -> String
    /// "the new name must be collection/id, e.g. glossary/betriebsmodell".
    func moveTargetForm(_ example: String) -> String
    /// "created a chronik store in DIR (version abc1234, branch main) with the folders actors, events".
    func storeCreated(_ path: String, version: String, folders: [String]) -> String

    // chronik diff

    /// "no entry, collection or folder "glossar" at A or B" (a name given to `chronik diff` that names nothing).
    func diffUnknownName(_ name: String, old: String, new: String) -> String
    /// "did you mean glossary or glossary/kiez?" (the closest names, `Suggestions.closest`).
    func diffNameSuggestion(_ candidates: [String]) -> String

    // MARK: - commands: status, log, show, diff, changelog, releases, release, import, init, demo, help (helper cli16 adds here)

    // (end of the commands section)

    // MARK: - notion import: reading the export (helper notionread adds here)

    // (end of the notion reading section)

    // MARK: - notion import: mapping and writing (helper notionmap adds here)

}

/// The catalogs, and which one a command speaks.
public enum Messages {
    /// The catalog of `language`.
    public static func catalog(_ language: StoreLanguage) -> any MessageCatalog {
        switch language {
        case .de: return GermanMessages()
        case .en: return EnglishMessages()
        }
    }

    /// The language of messages, in the order issue 16 gives: `--lang`, then `CHRONIK_LANG`, then the locale
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set and not empty, as POSIX orders them), then the store's
    /// language, else English. A value counts when it names German or English (`de`, `de_DE.UTF-8`, `en-GB`);
    /// anything else (`C`, `POSIX`, `fr_FR`) is passed over, so `LANG=C.UTF-8` on a server leaves the store's
    /// language in charge.
    public static func language(flag: String?, environment: [String: String], store: StoreLanguage?) -> StoreLanguage {
        if let flag, let language = parse(flag) { return language }
        if let value = environment["CHRONIK_LANG"], let language = parse(value) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            // The first locale variable that is set decides, as for every POSIX program; it may decide nothing.
            if let language = parse(value) { return language }
            break
        }
        return store ?? .en
    }

    /// `de`, `de_DE.UTF-8`, `de-AT`, `EN` → the language; anything else → nil.
    public static func parse(_ value: String) -> StoreLanguage? {
        let code = value.prefix { $0.isLetter }.lowercased()
        return StoreLanguage(rawValue: code)
    }
}

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
    /// An entry's line with its title: "modified strategy/vision: Vision"; German "Geändert: strategy/vision – Vision"
    /// (the heading already ends in a colon).
    func terminalEntryTitled(_ line: String, title: String) -> String
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

    // Where: the place an error names.

    /// "line 3, column 5" (column omitted when unknown).
    func errorPlace(line: Int, column: Int?) -> String

    // The store (`StoreError`).

    /// "not a chronik store (or any of the parent directories): /home/anna/notes".
    func notAStore(_ path: String) -> String
    /// The hint after `notAStore`: run inside a store, pass --store, or `chronik init`.
    func notAStoreHint() -> String
    /// "/x is a Git repository but not a chronik store: it has no chronik.yml (run `chronik init` there to make it one)".
    func repositoryWithoutConfig(_ path: String) -> String
    /// "/x is not empty and not a chronik store; choose an empty or new directory".
    func directoryNotEmpty(_ path: String) -> String
    /// "could not lock the store: .git/index.lock exists (waited 5.0 s); another process is writing".
    func storeLocked(_ lockFile: String, waited: Double) -> String
    /// The hint after a lock in the way: `chronik doctor` removes lock files left by a killed process.
    func lockHint() -> String
    /// "the branch kept moving while committing (5 attempts); other writers are busy, try again".
    func raceLost(attempts: Int) -> String
    /// "HEAD is detached; check out a branch (e.g. `git switch main`) before committing".
    func detachedHead() -> String
    /// "/x is a bare repository; chronik needs a working tree".
    func bareRepository(_ path: String) -> String
    /// "unknown revision "x": <libgit2's reason>" (a reason other than "not found", which `unknownRevision` says).
    func badRevision(_ spec: String, reason: String) -> String
    /// "no entry "glossary/x": <why the name cannot name one>".
    func entryNotFound(_ spec: String, revision: String?, reason: String) -> String
    /// ""kiez" names several entries: actors/kiez, glossary/kiez; write collection/id".
    func ambiguousEntry(_ spec: String, candidates: [String]) -> String
    /// "no author: pass --author "Name <email>" or set git config user.name and user.email".
    func noAuthor() -> String
    /// "events/forum.md: cannot write: …" (the file system's or the store's own words after the path).
    func fileFailed(_ path: String, reason: String) -> String
    /// "the pre-commit hook exited with status 1; nothing was recorded".
    func hookFailed(_ hook: String, reason: String) -> String
    /// "signing with gpg failed: …; nothing was recorded".
    func signingFailed(_ program: String, reason: String) -> String
    /// "cannot write .git/objects/…: no space left on device; nothing was recorded".
    func writeFailed(_ path: String, failure: WriteFailure) -> String
    /// Why the file system refused a write: "no space left on device".
    func writeFailure(_ failure: WriteFailure) -> String
    /// "cannot read object 1234… (events/forum.md at version abc1234): <libgit2's message>".
    func unreadableObject(_ id: String, path: String?, version: String?, reason: String) -> String
    /// The hint after an unreadable object: the repository is damaged, `git fsck --full` names the damage.
    func damagedRepositoryHint() -> String
    /// "Git failed (git_reference_create): <libgit2's message>".
    func gitFailed(operation: String, message: String) -> String
    /// Why a path is not allowed in a store (`PathProblem`).
    func pathProblem(_ problem: PathProblem) -> String
    /// Why a file of the working tree was not read (`WorkingTreeFileError`).
    func workingTreeFile(_ error: WorkingTreeFileError) -> String
    /// "line 3, column 7: the JSON is not valid: <the parser's words>".
    func jsonSyntax(line: Int, column: Int, reason: String) -> String

    // Import (`ImportError`, `SnapshotMetadataError`).

    /// "no such folder: snapshots".
    func importMissingFolder(_ path: String) -> String
    /// "snapshots is a file, not a folder of snapshots".
    func importNotAFolder(_ path: String) -> String
    /// "snapshots cannot be read: permission denied".
    func importUnreadable(_ path: String, reason: String) -> String
    /// "snapshots holds no snapshot folders (each snapshot is a subfolder with chronik.yml, schemas/ and the entries)".
    func importNoSnapshots(_ path: String) -> String
    /// "2 problems in the snapshots; nothing was written:".
    func importInvalidSnapshots(problems: Int) -> String
    /// "the store /x has uncommitted changes, which the import would overwrite; …".
    func importUncommittedChanges(_ path: String) -> String

    // History and diff (`ChangelogError`, `SnapshotDiffError`, `ProseDiffError`).

    /// "the repository has no versions yet".
    func noVersions() -> String
    /// "abc1234 is not an ancestor of def5678".
    func notAnAncestor(_ from: String, _ to: String) -> String
    /// "the repository has no working tree; give two revisions".
    func noWorkingTree() -> String

    // Schemas (`SchemaError`).

    /// "the schema's root" as a place in a schema (an empty JSON Pointer).
    func schemaRoot() -> String
    /// "unknown $schema <uri>: only JSON Schema draft 2020-12 is supported".
    func schemaUnknownMetaSchema(_ uri: String) -> String
    /// "cannot resolve the reference <uri> at /properties/x: no such schema is known (…never downloaded)".
    func schemaUnresolvedReference(_ uri: String, at place: String) -> String
    /// "invalid minLength at /properties/x: <the validator's words>".
    func schemaInvalidKeyword(_ keyword: String, at place: String, reason: String) -> String
    /// "invalid pattern ^(a+)+$ at /properties/x: <why>".
    func schemaInvalidPattern(_ pattern: String, at place: String, reason: String) -> String
    /// "the schema is nested deeper than 64 levels at /…".
    func schemaTooDeep(at place: String, limit: Int) -> String
    /// "the meta-schema requires the vocabulary <uri>, which is not supported".
    func schemaUnsupportedVocabulary(_ uri: String) -> String

    // chronik mv (`MoveError`).

    /// "no entry glossary/x (glossary/x.md does not exist in the working tree)".
    func moveSourceMissing(_ id: String, path: String) -> String
    /// "glossary/y.md already exists; choose another id or remove that entry first".
    func moveTargetExists(_ path: String) -> String
    /// "glossary/x is already called that".
    func moveSameEntry(_ id: String) -> String
    /// "glossary/x cannot move to the collection actors: events/a refer to it through fields that name entries of glossary; …".
    func moveReferencesCannotFollow(_ id: String, toCollection: String, fromCollection: String, referrers: [String]) -> String
    /// "cannot look for references: 2 problems in the store; nothing was changed:".
    func moveCannotReadReferences(problems: Int) -> String

    // chronik publish (`SiteModelError`, `SiteThemeError`, `SiteWriterError`).

    /// "chronik.yml: site.introduction: "x" is neither an entry (collection/id) nor a .md file of the store …".
    func siteIntroductionNotFound(_ name: String) -> String
    /// "theme: the template entry.mustache is missing".
    func themeMissing(_ name: String) -> String
    /// "theme: entry.mustache:3:5: the template does not parse (<the parser's words>)".
    func themeTemplate(_ file: String, line: Int, column: Int, reason: String) -> String
    /// "theme: x is not a folder".
    func themeNotAFolder(_ path: String) -> String
    /// "theme: cannot read x: <why>".
    func themeUnreadable(_ path: String, reason: String) -> String
    /// "theme: x is not a theme file (expected chronik.css or one of …)".
    func themeUnknownFile(_ path: String, expected: [String]) -> String
    /// The hint after a theme error: `chronik publish --export-theme DIR` writes the default theme to start from.
    func themeHint() -> String
    /// "site is not a folder (a file, a symbolic link or a device): chronik publish writes a site only into a folder".
    func siteTargetNotAFolder(_ path: String) -> String
    /// "site is a folder with files that chronik did not publish (no .chronik-site.json): not replacing it".
    func siteNotASite(_ path: String, manifest: String) -> String
    /// The hint after `siteNotASite`: publish into a new or empty folder, or one chronik published before.
    func siteNotASiteHint() -> String
    /// "cannot write site/index.html: <why>; the previous site is unchanged".
    func siteWriteFailed(_ path: String, reason: String) -> String
    /// "cannot read back the temporary file of the site being built: <why>; the previous site is unchanged".
    func siteTemporaryFileUnreadable(reason: String) -> String

    // The schema's rules (the validator's findings, `SchemaRule`).

    /// "must be a whole number; found the text `zwölf`", "must have at least 3 items; found 1".
    func schemaRule(_ rule: SchemaRule) -> String
    /// "must not be before Start (start) (2024-05-02); found `2024-05-01`".
    func notBefore(field: String, earlier: String, later: String) -> String
    /// "refers to the entry itself (glossary/kiez); an entry cannot refer to itself".
    func referenceToItself(_ target: String) -> String
    /// "refers to `ok`, but there is no entry results/ok.md".
    func referenceMissing(id: String, path: String) -> String
    /// "is removed, but results/x.md (authors) still refers to it; remove those references first" (renamed: "is
    /// renamed to actors/y.md, but … still refers to it; update those references (`chronik mv` …)").
    func stillReferenced(by referrers: [String], renamedTo: String?) -> String
    /// "must be unique in actors, but actors/b.md has the same value `x`".
    func notUnique(collection: String, others: [String], value: String) -> String
    /// "schema file schemas/events.schema.json does not exist".
    func schemaFileMissing(_ path: String) -> String
    /// "is not valid JSON: <the parser's words>".
    func schemaNotJSON(reason: String) -> String
    /// "a schema must be a JSON object".
    func schemaNotObject() -> String
    /// "is not valid JSON Schema (draft 2020-12): <the meta-schema's finding>".
    func schemaNotValid(reason: String) -> String
    /// A setting of chronik.yml (named before the message): "unknown setting "titel" (known: title, language, …)".
    func configProblem(_ problem: ConfigProblem) -> String

    // The command line (ArgumentParser's usage errors) and bugs.

    /// "unknown option --formt".
    func unknownOption(_ option: String) -> String
    /// "unexpected argument "x"" (several: "unexpected arguments "x", "y"").
    func unexpectedArguments(_ arguments: [String]) -> String
    /// "missing argument <collection>".
    func missingArgument(_ argument: String) -> String
    /// "--format needs a value (--format <format>)".
    func missingValue(_ option: String) -> String
    /// ""yaml" is not a value of --format; allowed: text, json".
    func invalidValue(_ value: String, option: String, allowed: [String]) -> String
    /// "chronik failed unexpectedly: <what>; this is a bug, please report it".
    func internalError(_ description: String) -> String

    // (end of the errors section)

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

    // Options refused before a command runs (usage errors, exit 2).

    /// "--lang must be de or en" (with `value`: "--language must be de or en, not "fr"").
    func languageOption(_ option: String, value: String?) -> String
    /// "--limit must be at least 1".
    func optionAtLeast(_ option: String, _ minimum: Int) -> String
    /// "--stale-after must be 0 or more".
    func optionNotNegative(_ option: String) -> String
    /// "--port must be between 0 and 65535".
    func optionBetween(_ option: String, _ low: Int, _ high: Int) -> String
    /// "--base-url must be an http or https address without a fragment, e.g. https://example.org/strategie/ (got "x")".
    func optionURL(_ option: String, got: String?) -> String
    /// "--date "x" is not an ISO 8601 date (e.g. 2022-03-01 or 2022-03-01T10:00:00+01:00)".
    func badDateOption(_ value: String) -> String
    /// "--author must look like "Name <email>", not "x"".
    func badAuthorOption(_ value: String) -> String
    /// "the message must not be empty" (`commit -m ""`).
    func emptyMessage() -> String
    /// "gpg.format "x509" is not supported; chronik signs with openpgp or ssh".
    func signingFormatUnsupported(_ format: String) -> String
    /// "signing with ssh needs a key: set `git config user.signingkey PATH`".
    func signingNeedsKey() -> String
    /// The hint after every usage error: "`chronik log --help` shows how to call it".
    func usageHint(_ command: String) -> String

    // Several commands.

    /// "the store has no versions yet" (`plain`: "the repository …").
    func noVersions(plain: Bool) -> String
    /// "not a Git repository: /path".
    func notARepository(_ path: String) -> String
    /// "run chronik inside a repository or pass --store DIR".
    func notARepositoryHint() -> String
    /// ""x" is not a collection of this repository (collections: "" (the root), docs)".
    func plainUnknownCollection(_ name: String, collections: [String]) -> String
    /// "2 added, 1 changed" (only the non-zero parts; "no entry changes" when none; "1 other file").
    func changeCounts(added: Int, changed: Int, removed: Int, renamed: Int, otherFiles: Int) -> String
    /// A reason a revision does not resolve: it names a tree or a blob.
    func revisionNotAVersion() -> String
    /// A reason a revision does not resolve: no such name.
    func revisionNoSuchName() -> String
    /// A reason a revision does not resolve: an ambiguous commit id prefix.
    func revisionAmbiguous() -> String
    /// A reason a revision does not resolve: not a revision's form at all (`a..b..c`).
    func revisionInvalid() -> String

    // chronik log

    /// "--fields needs an entry".
    func logFieldsNeedsEntry() -> String
    /// After a merge version's author: "(merge)".
    func logMerge() -> String
    /// "renamed from glossary/betreibermodell".
    func logRenamedFrom(_ entry: String) -> String
    /// "changed".
    func logChanged() -> String

    // chronik show

    /// "no version at or before 2020-01-01; the first is later".
    func noVersionAtOrBefore(_ date: String) -> String

    // chronik release, releases

    /// "a release or tag "x" exists already".
    func releaseExists(_ name: String) -> String
    /// "choose a new name; `chronik releases` lists them".
    func releaseExistsHint() -> String
    /// "version abc1234 is not valid (2 problems); nothing was tagged".
    func releaseInvalid(_ version: String, problems: Int) -> String
    /// "release ambitionen (abc1234) names version def5678: summary".
    func releaseCreated(_ name: String, tag: String, version: String, summary: String) -> String
    /// "(also: a, b)" after a release's title.
    func releaseAlsoNamed(_ names: [String]) -> String
    /// "--tag-pattern "v*" matches no tag".
    func tagPatternMatchesNothing(_ pattern: String) -> String
    /// "`git tag --list` lists the tags; patterns are globs such as 'v*'".
    func tagPatternHint() -> String
    /// "tag "x" points to a tree or a blob, not a version: not a release" (a note on stderr).
    func tagNotAVersion(_ name: String) -> String

    // chronik mv

    /// "renamed:  a.md -> b.md".
    func moveRenamed(from: String, to: String) -> String
    /// "rewrote:  events/forum.md (actors, topics)".
    func moveRewrote(_ path: String, fields: String) -> String
    /// "2 references rewritten; record the change with `chronik commit -m MESSAGE`."
    func moveDone(references: Int) -> String

    // chronik diff

    /// "--public cannot be combined with --format patch: …".
    func diffPublicPatch() -> String
    /// "--stat works with --format text or json".
    func diffStatFormat() -> String
    /// "at most two revisions before --".
    func diffTooManyRevisions() -> String
    /// "unknown revision or entry "x": reason, and no entry of that name".
    func diffUnknownRevisionOrEntry(_ name: String, reason: String) -> String
    /// "revisions are tags, branches or commit ids (chronik log lists them); entries are collection/id".
    func diffRevisionOrEntryHint() -> String
    /// "binary files are listed but not patched; git apply will refuse them".
    func diffBinaryNotPatched() -> String
    /// "x.md was not read: reason".
    func diffFileNotRead(_ path: String, reason: String) -> String
    /// "2 files of the working tree were not read; chronik commit refuses them too".
    func diffFilesNotRead(_ count: Int) -> String
    /// "a patch holds every changed file whole; this one cannot be part of one".
    func diffPatchFileHint() -> String

    // chronik changelog

    /// "--stylesheet applies to --format html only".
    func stylesheetNeedsHTML() -> String
    /// "cannot read the stylesheet x.css: reason".
    func stylesheetUnreadable(_ path: String, reason: String) -> String
    /// "--from "a" is not an ancestor of --to "b" (abc is not reachable from def)".
    func changelogNotAncestor(from: String, to: String, fromID: String, toID: String) -> String
    /// "the changelog of a range lists the versions of git log FROM..TO; …".
    func changelogNotAncestorHint() -> String

    // chronik init

    /// "/path already has a chronik.yml; chronik init never overwrites it".
    func initHasConfig(_ path: String) -> String
    /// "edit chronik.yml and schemas/ by hand, then run chronik validate".
    func initHasConfigHint() -> String
    /// "/path is already a chronik store; nothing to do".
    func initAlreadyStore(_ path: String) -> String
    /// "--sample takes its title, …; drop --title, --language, --author and --date".
    func initSampleTakesAll() -> String
    /// "--infer-schemas and --commit are for adopting …".
    func initSampleNoAdoptOptions() -> String
    /// "Created a chronik store in DIR with the berlin sample: 5 versions, tags a, b (branch main)".
    func initSampleCreated(_ path: String, sample: String, versions: Int, tags: [String]) -> String
    /// "/path is not a directory".
    func notADirectory(_ path: String) -> String
    /// "/path already has a chronik.yml (but is not the root of a Git repository …)".
    func initConfigOutsideRepository(_ path: String) -> String
    /// "/path is inside the Git repository at /root; run chronik init at its root to adopt it".
    func initInsideRepository(_ path: String, root: String) -> String
    /// "/path/schemas/x.schema.json exists; chronik init never overwrites it".
    func initFileExists(_ path: String) -> String
    /// "the working tree has uncommitted changes; commit them first, …".
    func initUncommitted() -> String
    /// "--commit records only the adoption (chronik.yml and schemas)".
    func initUncommittedHint() -> String
    /// "cannot commit the adoption: 2 files do not fit the store's rules (named above); nothing was written".
    func initCannotCommit(_ count: Int) -> String
    /// "fix or remove them, or leave out --commit and review".
    func initCannotCommitHint() -> String
    /// "Adopted /path as a chronik store: <description>" (with "(version abc)" when committed).
    func initAdopted(_ path: String, description: String, version: String?) -> String
    /// "no folder holds Markdown files, so the default collections (…) and schemas were taken; labels in de".
    func initAdoptedDefaults(collections: [String], language: String) -> String
    /// "collections glossary (3 entries), events (1 entry); labels in de".
    func initAdoptedCollections(_ counts: [(name: String, entries: Int)], language: String) -> String
    /// "Created a Git repository there (branch main)."
    func initCreatedGit() -> String
    /// "Wrote chronik.yml, schemas/x; nothing was committed or moved."
    func initWrote(_ files: [String]) -> String
    /// "Review them, then run `chronik validate` and `chronik commit -m MESSAGE`."
    func initReview() -> String
    /// A fresh clone adopted as a new store: "Kept the repository's own files: README.md, LICENSE".
    func initKept(_ files: [String]) -> String
    /// A repository with files a new store cannot keep and no collection folders: refused.
    func initForeignFiles(_ path: String, files: [String]) -> String
    /// "move them into a collection folder (after chronik init), or out of the repository, then run chronik init again".
    func initForeignFilesHint() -> String

    // chronik import

    /// "Created a chronik store in /store from drafts:".
    func importCreated(_ store: String, source: String) -> String
    /// "Importing drafts into /store:".
    func importInto(_ store: String, source: String) -> String
    /// "version abc1234".
    func importVersion(_ id: String) -> String
    /// "already imported as abc1234".
    func importAlready(_ id: String) -> String
    /// "same as the version before (abc1234)".
    func importUnchanged(_ id: String) -> String
    /// ", tag x" (created) or " (tag x)" (there already).
    func importTag(_ name: String, created: Bool) -> String
    /// "Nothing to import: every snapshot is already in the history."
    func importNothing() -> String
    /// "Recorded 2 versions and 1 tag."
    func importRecorded(versions: Int, tags: Int) -> String

    // chronik demo

    /// "/path is a store that does not hold the sample; choose an empty or new directory".
    func demoNotTheSample(_ path: String) -> String
    /// "cannot create a temporary folder in /tmp" (with the reason when known).
    func cannotCreateTemporaryFolder(_ path: String, reason: String?) -> String
    /// The demo's headings and lines, in order of appearance.
    func demoTitle(drafts: Int) -> String
    func demoStoreHeading() -> String
    func demoStoreSize(title: String, entries: Int, collections: Int) -> String
    func demoVersionsHeading() -> String
    func demoReleasesHeading() -> String
    func demoLastTwo(old: String, new: String) -> String
    func demoChangelogHeading(_ folder: String) -> String
    func demoSiteHeading(_ folder: String) -> String
    func demoServeComment() -> String
    func demoTryHeading() -> String
    /// The comments of "Try it yourself", in order: log one entry, log through a rename, show at a draft, diff, changelog, git log.
    func demoTryComments() -> [String]

    // chronik publish, serve

    /// "give the folder to publish into with -o DIR".
    func publishNeedsOutput() -> String
    /// "Published abc1234 (release) to /site: wrote 3 of 40 files (…)".
    func published(version: String, release: String?, target: String, written: Int, total: Int, unchanged: Int, removed: Int, rendered: Int, releaseSites: Int) -> String
    /// "Open /site/index.html or serve it with `chronik serve --folder site`".
    func publishedOpen(_ home: String, folder: String) -> String
    /// "/theme/x.css exists: not overwriting it".
    func themeFileExists(_ path: String) -> String
    /// "export into a new folder".
    func themeFileExistsHint() -> String
    /// "Wrote the default theme (5 files) to /theme".
    func themeExported(files: Int, folder: String) -> String
    /// "--folder serves a published folder as it is: REV, --store, --lang and --theme do not apply".
    func serveFolderAlone() -> String
    /// "/x is not a folder".
    func serveNotAFolder(_ path: String) -> String
    /// "give the folder `chronik publish` wrote".
    func serveNotAFolderHint() -> String
    /// "the store has no versions yet: nothing to publish".
    func serveNoVersions() -> String
    /// "the site of ambitionen (abc1234)".
    func serveSiteOf(_ what: String) -> String
    /// "Serving the site of abc1234 at http://127.0.0.1:4000/ (Ctrl-C stops)".
    func serving(_ description: String, port: Int) -> String
    /// "Stopped."
    func serveStopped() -> String
    /// "chronik serve: rebuilt for abc1234 in 0.4 s".
    func serveRebuilt(_ version: String, seconds: Double) -> String
    /// "cannot listen on 127.0.0.1:4000" (with the server's reason).
    func serveCannotListen(port: Int, reason: String?) -> String
    /// "choose another port with --port (0 picks a free one)".
    func serveCannotListenHint() -> String

    // chronik doctor, and the check before every write

    /// "a chronik writer is running (it holds .git/chronik.lock): nothing was changed".
    func doctorWriterRunning() -> String
    /// "removed:  .git/index.lock (stale, written 30 s ago)".
    func doctorRemoved(_ path: String, age: Int) -> String
    /// "stale:    .git/index.lock (written 30 s ago; would be removed)".
    func doctorStale(_ path: String, age: Int) -> String
    /// "kept:     .git/index.lock (reason)" (reason nil: "may be in use").
    func doctorKept(_ path: String, reason: String?) -> String
    /// "interrupted: `chronik mv a b`".
    func doctorInterrupted(_ command: String) -> String
    /// "would undo: path" / "undone:   path".
    func doctorUndo(_ path: String, dryRun: Bool) -> String
    /// "changed since, left as it is: path".
    func doctorChangedSince(_ path: String) -> String
    /// "`chronik doctor` undoes it".
    func doctorWouldUndo() -> String
    /// "the interrupted mv was undone; run it again".
    func doctorUndone() -> String
    /// "the journal .git/chronik/mv-journal was kept; check those files, then run `chronik doctor --force`".
    func doctorJournalKept() -> String
    /// "no stale lock files, no interrupted mv: the store is fine".
    func doctorFine() -> String
    /// "removed .git/index.lock, a lock file left by a killed writer (…)".
    func staleLockRemoved(_ path: String, age: Int) -> String
    /// "undid `chronik mv a b`, which was interrupted (2 files restored); run it again if you still want it".
    func interruptedMoveUndone(_ command: String, restored: Int) -> String
    /// "`chronik mv a b` was interrupted and cannot be undone by itself: a, b changed since".
    func interruptedMoveStuck(_ command: String, conflicts: [String]) -> String
    /// "check those files, then run `chronik doctor --force`".
    func interruptedMoveStuckHint() -> String
    /// ".git/refs/tags/x.lock exists (written 3 s ago): another process is writing it, …; nothing was written".
    func lockHeld(_ path: String, age: Int) -> String
    /// "if no git or chronik command is running, `chronik doctor` removes it once it is 10 s old (…)".
    func lockHeldHint(staleAfter: Int) -> String

    // Help texts (chosen by the environment: no store is known while help is built).

    /// The root's abstract and discussion.
    func helpChronik() -> CommandHelp
    /// Each command's abstract, discussion and the help of its arguments and options (keys: the property names).
    func helpCommand(_ command: HelpedCommand) -> CommandHelp
    /// The help of the options several commands share, by property name: store, format, lang, author, date, sign,
    /// patterns (--tag-pattern), excluded (--exclude-tag).
    func helpSharedOptions() -> [String: String]

    /// After an import recorded a version: "the version was recorded, but the working tree was not updated: x.md
    /// changed meanwhile; …".
    func recordWarning(_ warning: RecordWarning) -> String

    // (end of the commands section)

    // MARK: - notion import: reading the export (helper notionread adds here)

    /// "cannot read the Notion export export.zip: not a zip file" (`reason` is the system's or zip library's word).
    func notionExportUnreadable(_ path: String, reason: String) -> String
    /// "export.zip is not a Notion export: no pages named like "Title <32 hex digits>.md" or ".html" in it".
    func notionNotAnExport(_ path: String) -> String
    /// "the export holds ../evil.md, a name that leads out of the export or starts at the root; nothing was imported".
    func notionUnsafePath(_ path: String) -> String
    /// "the export holds a symbolic link, Export/link.md; nothing was imported".
    func notionSymlink(_ path: String) -> String
    /// "Export/big.csv inflates 1,000 times its compressed size (limit 200): a zip bomb?; nothing was imported".
    func notionCompressionRatio(_ path: String, ratio: Int, limit: Int) -> String
    /// "the export is larger than 2,147,483,648 bytes uncompressed (at Export/x.png); nothing was imported".
    func notionExportTooLarge(_ path: String, limit: Int64) -> String
    /// "the export holds more than 200,000 files (at Export/x.md); nothing was imported".
    func notionTooManyFiles(_ path: String, limit: Int) -> String
    /// "the file name Export/M\u{FFFD}ller.md is not UTF-8; nothing was imported".
    func notionNameNotUTF8(_ path: String) -> String
    /// "Export/x.md in the zip does not match its header (size or checksum): the zip is damaged".
    func notionCorruptEntry(_ path: String) -> String
    /// "Export/Glossar <hex>_all.csv, line 4: 3 fields where the header has 5".
    func notionCSVFieldCount(_ path: String, line: Int, expected: Int, found: Int) -> String
    /// "Export/Glossar <hex>_all.csv, line 4: a quoted field is never closed".
    func notionCSVUnterminatedQuote(_ path: String, line: Int) -> String
    /// A file the import skipped (after its path): "a view of the database; its _all.csv holds all rows".
    func notionSkippedDatabaseView() -> String
    /// "the page of a database; its rows are read from the database".
    func notionSkippedDatabasePage() -> String
    /// "no page links to it".
    func notionSkippedUnlinked() -> String
    /// "a file the operating system keeps (__MACOSX, .DS_Store), not part of the export".
    func notionSkippedSystemFile() -> String
    /// "in two parts of the download; the first was read".
    func notionSkippedDuplicate() -> String
    /// "the row "Kiez" has no page file in the export".
    func notionSkippedRowWithoutPage(_ row: String) -> String

    // (end of the notion reading section)

    // MARK: - notion import: mapping and writing (helper notionmap adds here)

    /// `notion-mapping.yml` is not YAML chronik reads: `the file is not valid YAML: …` (the reader's words).
    func notionMappingYAML(_ message: String) -> String
    /// `unknown key "colection" (known: notion, collection, …)`.
    func notionMappingUnknownKey(_ key: String, known: [String]) -> String
    /// `"type" must be a text`.
    func notionMappingInvalid(key: String, expected: String) -> String
    /// `the export has no database "Akteure"` (`with the id …` where the mapping names one).
    func notionMappingUnknownDatabase(_ name: String, id: String?) -> String
    /// `database "Prozessakteure" has no property "Rolle"`.
    func notionMappingUnknownProperty(_ property: String, database: String) -> String
    /// `property "Jahr": type integer with format date is not one chronik maps`.
    func notionMappingUnsupportedType(property: String, type: String, format: String?) -> String
    /// `property "Jahr" of "Bibliothek": the value "twelve" (page "Charta") does not fit integer`.
    func notionMappingValueDoesNotFit(property: String, database: String, page: String, value: String, expected: String) -> String
    /// `collection "events" has two fields with the key "start"`.
    func notionMappingDuplicateKey(_ key: String, collection: String) -> String
    /// `two databases map to the collection "events"`.
    func notionMappingDuplicateCollection(_ name: String) -> String
    /// `"Events" cannot be a name here: uppercase letters are not allowed`.
    func notionMappingInvalidName(_ name: String, reason: String) -> String
    /// `property "Ergebnisse" refers to "resultate", which no database or the pages map to`.
    func notionMappingUnknownRef(_ ref: String, property: String) -> String
    /// `unknown time zone "Europe/Berln" (an IANA name such as Europe/Berlin)`.
    func notionMappingUnknownTimeZone(_ zone: String) -> String
    /// `import notion` without `--plan` needs the store to import into.
    func notionStoreRequired() -> String
    /// The mapping file (`--mapping`) cannot be read, or `--plan` cannot write it: the path and the system's reason.
    func notionMappingUnreadable(path: String, reason: String) -> String
    func notionMappingUnwritable(path: String, reason: String) -> String
    /// `--plan` would overwrite a mapping someone may have edited.
    func notionMappingExists(path: String) -> String
    /// The store holds entries no Notion import made; a re-import would delete them.
    func notionForeignEntries(store: String, entries: [String]) -> String
    /// `--plan`'s first line: `Wrote notion-mapping.yml: 6 databases as collections actors, events, …`.
    func notionPlanWritten(path: String, collections: [String]) -> String
    /// `--plan`'s last line: how to go on.
    func notionPlanNext(path: String) -> String
    /// `Read 60 rows of 6 databases and 3 pages.`
    func notionCounts(rows: Int, databases: Int, pages: Int) -> String
    /// `Created a chronik store in DIR: version abc1234 (Import from Notion, export of 2025-02-05).` and the same
    /// for an existing store.
    func notionImported(store: String, version: String, message: String, created: Bool) -> String
    /// A re-import of an export the store already holds.
    func notionAlreadyImported(version: String) -> String
    /// Section headings of the report: `Unmapped properties (2):`, `Unresolved relations (1):`, `Skipped files (3):`,
    /// `Titles that give the same id (1):`.
    func notionUnmappedHeading(_ count: Int) -> String
    func notionUnresolvedHeading(_ count: Int) -> String
    func notionSkippedHeading(_ count: Int) -> String
    func notionCollisionsHeading(_ count: Int) -> String
    /// `Attachments not copied (the store has no place for files yet) (2):`, `Databases not in the mapping (1):`.
    func notionAttachmentsHeading(_ count: Int) -> String
    func notionUnmappedDatabasesHeading(_ count: Int) -> String
    /// `events/forum, property "Ergebnisse": no entry for "Strategie" (page 1a2b…)`; `reason` is the report's code:
    /// `not-found`, `ambiguous` (several entries have the title), `other-collection`, `itself` (a page links itself).
    func notionUnresolvedRelation(entry: String, property: String, target: String, pageID: String?, reason: String) -> String
    /// `glossary/ambition: "Ambition", "Ambition " (numbered ambition-2, …)`.
    func notionIDCollision(collection: String, id: String, titles: [String]) -> String


    // MARK: - attachments of entries (issue 17) (helper attach17 adds here)

    /// `the attachment is 25000000 bytes long; attachments may be at most 20971520 bytes (attachments: max_file_bytes in chronik.yml)`
    func attachmentTooLarge(bytes: Int, limit: Int) -> String
    /// `the attachments of this version take 600000000 bytes together; at most 524288000 bytes are allowed (…)`
    func attachmentsTooLarge(bytes: Int, limit: Int) -> String
    /// `attachments of an entry that does not exist: there is no glossary/foo.md; …` (`entry`: the missing file)
    func attachmentWithoutEntry(_ entry: String) -> String
    /// `links to the attachment plan/karte.pdf, which does not exist (expected at results/plan/karte.pdf)`
    func attachmentLinkMissing(target: String, path: String) -> String

    /// One attachment's change under its entry in `chronik status`: `attachment added: karte.pdf (14 bytes)`,
    /// `attachment modified: plan.pdf (512 → 515 bytes)`.
    func attachmentChange(_ change: AttachmentChange) -> String
    /// A line of `import notion`'s report: `events/forum/plan.pdf (2048 bytes, from Forum 1a2b…/Plan.pdf)`.
    func notionAttachmentCopied(source: String, path: String, bytes: Int) -> String
    /// The heading of `chronik diff`'s list of attachment changes: `Attachments:`
    func diffAttachmentsHeading() -> String
    // attachments in every output (helper attach17b)

    /// "Attachments" (before an entry's attachment changes on a changelog or diff page).
    func attachmentsLabel() -> String
    /// One attachment's change for residents (changelog, diff pages), sizes for people: `attachment added: plan.pdf
    /// (512 KB)`, `attachment changed: plan.pdf (512 KB → 515 KB)`, `attachment removed: karte.png`.
    func publicAttachmentChange(_ change: AttachmentChange) -> String
    /// A `--stat` row's attachments: "1 attachment", "2 attachments".
    func statAttachments(_ count: Int) -> String
    // (end of the attach17 section)

    // MARK: - pager and colour (issue 18) (helper term18 adds here)

    /// The pager chosen (`CHRONIK_PAGER`, `core.pager`, `PAGER`, else `less`) names no program that can run; the
    /// output is printed without a pager: `cannot run the pager "lesss": no such program; printing without a pager`.
    func pagerNotFound(_ command: String) -> String
    /// The pager could not be started (no pipe, `/bin/sh` missing): `cannot start the pager "less": Too many open
    /// files; printing without a pager`.
    func pagerNotStarted(_ command: String, reason: String) -> String

    // (end of the term18 section)

    // MARK: - JSON contract, JSON answers of every command (issue 18) (helper json18 adds here)

    // (end of the json18 section)

    // MARK: - chronik list, completion, manuals (issue 18) (helper list18 adds here)

    /// The title column's label of `chronik list` where the schema names none: "Title".
    func listColumnTitle() -> String
    /// The id column's label of `chronik list`: "Id".
    func listColumnID() -> String
    /// The collection column's label of `chronik list`: "Collection".
    func listColumnCollection() -> String
    /// The path column's label of `chronik list`: "Path".
    func listColumnPath() -> String
    /// A yes/no value in a cell of `chronik list`: "yes", "no".
    func listBoolean(_ value: Bool) -> String
    /// "--where, --sort or --fields names no field of these entries: "stat"".
    func listUnknownField(_ field: String) -> String
    /// The hint after an unknown field: "fields: title, id, start, status".
    func listFieldsHint(_ fields: [String]) -> String
    /// "--where start<soon: "soon" is not a date (YYYY-MM-DD), and start holds dates"; `kind` is number, date or boolean.
    func listWrongValue(_ condition: String, field: String, value: String, kind: String) -> String
    /// "--where status=lafend: "lafend" is not a value of status (allowed: geplant, laufend, beendet)".
    func listNotAllowed(_ condition: String, value: String, field: String, allowed: [String]) -> String
    /// "--where title<B: < and > compare only dates and numbers; title holds text".
    func listNotOrdered(_ condition: String, field: String) -> String
    /// "--where "status~laufend" is not FIELD=VALUE (nor !=, <, >, <=, >=)".
    func listBadCondition(_ condition: String) -> String
    /// "--bom goes with --format csv (a byte order mark for spreadsheets)".
    func listBOMNeedsCSV() -> String

    // (end of the list18 section)

    // MARK: - publish (issue 15) (helper pub15 adds here)

    // (end of the pub15 section)

    // MARK: - scale (issue 19) (helper scale19 adds here)

    // (end of the scale19 section)

    // MARK: - start-up: chronik serve's own program (issue 19) (helper start19 adds here)

    /// "chronik serve needs the program chronik-serve beside chronik, at /usr/local/bin/chronik-serve: it is missing".
    func serveProgramMissing(_ path: String) -> String
    /// "install chronik-serve beside chronik (`make install` installs both)".
    func serveProgramMissingHint() -> String
    /// "cannot run /usr/local/bin/chronik-serve: Permission denied".
    func serveProgramFailed(_ path: String, reason: String) -> String

    // (end of the start19 section)

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

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

    // The schema's rules (the validator's findings, `SchemaRule`).

    /// "must be a whole number; found the text `zwölf`", "must have at least 3 items; found 1".
    func schemaRule(_ rule: SchemaRule) -> String
    /// "must not be before Start (start) (2024-05-02); found `2024-05-01`".
    func notBefore(field: String, earlier: String, later: String) -> String
    /// "refers to the entry itself (glossary/kiez); an entry cannot refer to itself".
    func referenceToItself(_ target: String) -> String
    /// "refers to `ok`, but there is no entry results/ok.md".
    func referenceMissing(id: String, path: String) -> String
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
    /// The hint after a usage error: "`chronik status --help` shows how to use it".
    func usageHint(_ command: String) -> String
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

// The English catalog: one function per requirement of `MessageCatalog` (Messages.swift), in the same order.

struct EnglishMessages: MessageCatalog {
    var language: StoreLanguage { .en }

    // MARK: - labels of public output: changelog, diff, site (helper labels16 adds here)

    // shared by changelog, diff and site

    func skipLink() -> String { "Skip to content" }
    func madeFromHistory() -> String { "Made by chronik from the version history." }
    func changelogTitle() -> String { "Changelog" }
    func releasesHeading() -> String { "Releases" }
    func versionsHeading() -> String { "Versions" }
    func versionLabel() -> String { "Version" }
    func contributorsLabel() -> String { "Contributors" }

    func changeHeading(_ change: LabelChange) -> String {
        switch change {
        case .added: return "Added"
        case .removed: return "Removed"
        case .renamed, .moved: return "Renamed or moved"
        case .modified: return "Changed"
        }
    }

    func noContentChanges() -> String { "No changes to the content." }
    func textLabel() -> String { "Text" }
    func otherFiles() -> String { "Other files" }
    func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
    func listReordered() -> String { "reordered" }

    // changelog

    func unreleased() -> String { "Unreleased" }
    func inRelease() -> String { "in:" }
    func wordCount(_ count: Int) -> String { "\(count) \(count == 1 ? "word" : "words")" }
    func formattingChanged() -> String { "Formatting changed" }

    func formattingWhere(_ formatting: LabelFormatting) -> String {
        switch formatting {
        case .frontMatter: return "front matter (comments, order, quotes or spaces), all values the same"
        case .body: return "text (spaces or line breaks), all words the same"
        case .frontMatterAndBody: return "front matter and text, all values and words the same"
        }
    }

    func orderHeading(_ collection: String) -> String { "Order: \(collection)" }

    func fileChanged(_ change: LabelChange) -> String {
        switch change {
        case .added: return "added"
        case .removed: return "removed"
        case .modified, .renamed, .moved: return "changed"
        }
    }

    func proseChange(wordsAdded: Int, wordsRemoved: Int, sectionsMoved: Int) -> String {
        var parts: [String] = []
        if wordsAdded > 0 { parts.append("\(wordsAdded) \(wordsAdded == 1 ? "word" : "words") added") }
        if wordsRemoved > 0 { parts.append("\(wordsRemoved) removed") }
        if sectionsMoved > 0 { parts.append("\(sectionsMoved) \(sectionsMoved == 1 ? "section" : "sections") moved") }
        return parts.isEmpty ? "formatting changed" : parts.joined(separator: ", ")
    }

    func sectionMoved(_ section: LabelSection, old: Int, new: Int) -> String {
        switch section {
        case .moved: return "moved from position \(old) to \(new)"
        case .added: return "added at position \(new)"
        case .removed: return "removed (was at position \(old))"
        case .unchanged: return "unchanged"
        }
    }

    func valueAdded(_ value: String) -> String { "new: " + value }
    func valueRemoved(_ value: String) -> String { "removed (was: " + value + ")" }
    func shortDate(_ day: String) -> String { day }

    // diff (the pages for residents, and the terminal)

    func diffTitle(old: String, new: String?, words: (String) -> String) -> String {
        guard let new else { return words("Changes from ") + old + words(" to the working tree") }
        return words("Changes from ") + old + words(" to ") + new
    }

    func quoted(_ text: String) -> String { "“" + text + "”" }
    func diffNoChanges() -> String { "No changes." }
    func diffFields() -> String { "Fields" }
    func diffField() -> String { "Field" }
    func diffBefore() -> String { "Before" }
    func diffAfter() -> String { "After" }
    func diffNone() -> String { "(none)" }
    func diffSection() -> String { "Section" }
    func diffChange() -> String { "Change" }
    func deletedCue() -> String { "deleted" }
    func insertedCue() -> String { "inserted" }
    func diffBoolean(_ value: Bool) -> String { value ? "true" : "false" }
    func documentOrder(_ collection: String) -> String { "\(collection) in document order" }

    func entryChangeHeading(_ change: LabelChange) -> String {
        switch change {
        case .added: return "Added"
        case .removed: return "Removed"
        case .modified: return "Modified"
        case .renamed: return "Renamed"
        case .moved: return "Moved"
        }
    }

    func similar(percent: Int) -> String { "\(percent)% similar" }

    func fileChangeKind(_ change: LabelChange) -> String {
        switch change {
        case .added: return "added"
        case .removed: return "removed"
        case .modified, .renamed, .moved: return "modified"
        }
    }

    func formattingSentence(_ formatting: LabelFormatting) -> String {
        switch formatting {
        case .frontMatter: return "front matter formatting changed (comments, order, quotes or spaces); all values are the same"
        case .body: return "text formatting changed (spaces or line breaks); all words are the same"
        case .frontMatterAndBody: return "front matter and text formatting changed; all values and words are the same"
        }
    }

    func formattingOnly(_ formatting: LabelFormatting) -> String {
        switch formatting {
        case .frontMatter: return "front matter formatting only"
        case .body: return "text formatting only"
        case .frontMatterAndBody: return "front matter and text formatting only"
        }
    }

    func blockHeading(_ change: LabelBlockChange, block: LabelBlock, oldLine: Int, newLine: Int, changed: Bool) -> String {
        let kind: String
        switch block {
        case .heading: kind = "heading"
        case .paragraph: kind = "paragraph"
        case .listItem: kind = "list item"
        case .tableRow: kind = "table row"
        case .codeBlock: kind = "code block"
        case .blockQuote: kind = "quote"
        case .thematicBreak: kind = "rule"
        case .html: kind = "HTML block"
        case .other: kind = "block"
        }
        switch change {
        case .inserted: return "inserted \(kind), line \(newLine)"
        case .deleted: return "deleted \(kind), old line \(oldLine)"
        case .modified: return "modified \(kind), line \(newLine)"
        case .moved: return "moved\(changed ? " and changed" : "") \(kind), line \(oldLine) -> \(newLine)"
        }
    }

    func sectionChange(_ section: LabelSection, old: Int, new: Int) -> String {
        switch section {
        case .unchanged: return "unchanged at \(new)"
        case .moved: return "moved from \(old) to \(new)"
        case .added: return "added at \(new)"
        case .removed: return "removed (was \(old))"
        }
    }

    func diffTotals(_ totals: LabelTotals) -> String {
        func n(_ count: Int, _ one: String, _ many: String? = nil) -> String { "\(count) " + (count == 1 ? one : many ?? one + "s") }
        var counts: [String] = []
        if totals.entriesModified > 0 { counts.append("\(totals.entriesModified) modified") }
        if totals.entriesAdded > 0 { counts.append("\(totals.entriesAdded) added") }
        if totals.entriesRemoved > 0 { counts.append("\(totals.entriesRemoved) removed") }
        if totals.entriesRenamed > 0 { counts.append("\(totals.entriesRenamed) renamed") }
        if totals.entriesMoved > 0 { counts.append("\(totals.entriesMoved) moved") }
        var parts = [n(totals.entries, "entry", "entries") + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")]
        if totals.filesChanged > 0 { parts.append(n(totals.filesChanged, "other file")) }
        parts.append("\(n(totals.wordsAdded, "word")) added, \(totals.wordsRemoved) removed")
        parts.append(n(totals.fieldsChanged, "field") + " changed")
        if totals.blocksMoved > 0 { parts.append(n(totals.blocksMoved, "block") + " moved") }
        return parts.joined(separator: "; ")
    }

    // diff in the terminal (`--format text`, `--stat`)

    func terminalNoChanges() -> String { "no changes" }
    func terminalProblem(_ text: String) -> String { "problem: " + text }

    func terminalEntry(_ change: LabelChange, entry: String, from: String?, similarity: Int?) -> String {
        let verb: String
        switch change {
        case .added: verb = "added"
        case .removed: verb = "removed"
        case .modified: verb = "modified"
        case .renamed: verb = "renamed"
        case .moved: verb = "moved"
        }
        guard let from else { return "\(verb) \(entry)" }
        return "\(verb) \(from) -> \(entry)" + (similarity.map { " (\(similar(percent: $0)))" } ?? "")
    }

    func terminalFile(_ change: LabelChange, path: String) -> String { "\(fileChangeKind(change)) file \(path)" }
    func terminalWas(_ id: String) -> String { "(was \(id))" }
    func terminalItems(_ items: String, added: Bool) -> String { (added ? "added " : "removed ") + items }
    func statKind(_ change: LabelChange, file: Bool) -> String {
        if file { return "file " + fileChangeKind(change) }
        switch change {
        case .added: return "added"
        case .removed: return "removed"
        case .modified: return "modified"
        case .renamed: return "renamed"
        case .moved: return "moved"
        }
    }

    func statWords(added: Int, removed: Int) -> String { "+\(added) -\(removed) words" }
    func statFields(_ count: Int) -> String { "\(count) \(count == 1 ? "field" : "fields")" }
    func statBlocksMoved(_ count: Int) -> String { "\(count) \(count == 1 ? "block" : "blocks") moved" }

    // log --fields

    func logAddedAs(_ entry: String) -> String { "added as \(entry)" }
    func logRemoved() -> String { "removed" }
    func logMoved(_ change: LabelChange, from: String, to: String) -> String {
        "\(change == .moved ? "moved" : "renamed") from \(from) to \(to)"
    }
    func logText(_ change: String) -> String { "text: " + change }

    // site

    func siteNavigation() -> String { "Main navigation" }
    func siteHome() -> String { "Home" }
    func siteCollections() -> String { "Collections" }
    func siteEntries() -> String { "Entries" }
    func siteDates() -> String { "Participation dates" }
    func siteUpcoming() -> String { "Current and upcoming dates" }
    func siteNoUpcoming() -> String { "No dates are planned at the moment." }
    func sitePastDates() -> String { "Earlier dates" }
    func siteDate() -> String { "Date" }
    func siteTitle() -> String { "Title" }
    func siteStatus() -> String { "Status" }
    func siteLatestReleases() -> String { "Latest releases" }
    func siteLatestChanges() -> String { "Latest changes" }
    func siteRelease() -> String { "Release" }
    func siteSearch() -> String { "Search" }
    func siteSearchLabel() -> String { "Search term" }
    func siteSearchButton() -> String { "Search" }
    func siteSearchFallback() -> String { "Search needs JavaScript. Without it, every entry is listed in the tables of the collections:" }
    func siteSearchNoResults(query: String) -> String { "No results for “\(query)”." }
    func siteSearchResults(count: String, plural: Bool, query: String) -> String { "\(count) \(plural ? "results" : "result") for “\(query)”." }
    func siteSearchFirstShown(count: String) -> String { "The first \(count) are shown." }
    func siteSearchFailed() -> String { "The search index could not be loaded." }
    func siteDetails() -> String { "Details" }
    func siteReferredBy() -> String { "Referred to by" }
    func siteHistory() -> String { "History" }
    func siteNoHistory() -> String { "No changes known." }
    func siteUnresolved() -> String { "not found" }
    func siteSortBy() -> String { "Sort and group by" }
    func siteSortedBy() -> String { "sorted by" }
    func siteGroups() -> String { "Groups" }
    func siteDocument() -> String { "Read as one document" }
    func siteContents() -> String { "Contents" }
    func siteFeed() -> String { "Atom feed" }
    func siteChanges() -> String { "Changes" }
    func siteAsInRelease() -> String { "The entry as it was in this release" }
    func siteReleasePage() -> String { "The release" }
    func siteReleaseSite() -> String { "The site of this release" }
    func siteOtherVersions() -> String { "Other versions of the site" }
    func siteCurrent() -> String { "Current version" }
    func siteNoEntries() -> String { "No entries." }
    func siteGenerated() -> String { "Made by chronik from the version history of the knowledge store." }
    func siteEntryCount(_ count: Int) -> String { "\(count) \(count == 1 ? "entry" : "entries")" }

    func siteDay(year: Int, month: Int, day: Int) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        return "\(day) \(months[month - 1]) \(year)"
    }

    // MARK: - validation and gate

    func field(label: String?, key: String) -> String {
        guard let label, !label.isEmpty, label != key else { return key }
        return "\(label) (\(key))"
    }

    func listItem(_ number: Int) -> String { "item \(number)" }

    func unknownCollection(folder: String, suggestions: [String]) -> String {
        var text = "\"\(folder)\" is not a collection declared in chronik.yml"
        if !suggestions.isEmpty { text += "; did you mean " + suggestions.map { $0 + "/" }.joined(separator: " or ") + "?" }
        return text
    }

    func outsideCollections() -> String {
        "not part of a chronik store (allowed at the root: chronik.yml, schemas/, README.md, .gitignore, .gitattributes, and one folder per collection)"
    }

    func mergeConflict() -> String {
        "has an unresolved merge conflict (<<<<<<< … >>>>>>>): keep the text you want and delete the marker lines"
    }

    func missingConfig() -> String { "chronik.yml is missing" }

    func frontMatter(_ error: FrontMatterError) -> String {
        switch error {
        case let .malformedYAML(_, _, message):
            return yaml(YAMLTrouble(parserMessage: message), raw: message)
        case let .duplicateKey(key, _, _):
            return "the field \"\(key)\" appears twice in the same section; keep one of them"
        default:
            return error.reason
        }
    }

    /// A YAML syntax error (`frontMatter`), by the table of `YAMLTrouble`.
    private func yaml(_ trouble: YAMLTrouble?, raw: String) -> String {
        switch trouble {
        case .colonInValue?:
            return "a value containing \": \" needs quotes: write it as `name: \"text: more text\"`"
        case .tab?:
            return "a tab character is used to indent; YAML indents with spaces only, replace the tab by spaces"
        case .unclosedQuote?:
            return "a quote is opened but never closed: end the value with the same quote mark (\" or ') it starts with"
        case .badIndentation?:
            return "this line is indented differently from the fields around it: fields start at the beginning of the line, list items (`- …`) and continued lines are indented by the same number of spaces"
        case .missingColon?:
            return "this line is not a field: write `name: value` (a colon and a space after the name)"
        case .unclosedBracket?:
            return "a list `[…]` or section `{…}` is opened but never closed: add the missing `]` or `}`, or put the value in quotes"
        case .reservedCharacter?:
            return "the value starts with a character YAML reserves (such as @ or `): put the value in quotes"
        case nil:
            return "the front matter is not valid YAML: \(raw)"
        }
    }

    func requiredMissing() -> String { "this required field is missing" }

    func notAllowed(found: String, allowed: [String]) -> String {
        if allowed.count == 1 { return "must be \(allowed[0]); found `\(found)`" }
        return "`\(found)` is not one of the allowed values: \(allowed.joined(separator: ", "))"
    }

    func unknownField(name: String, collection: String, suggestions: [String], allowed: [String]) -> String {
        var text = "`\(name)` is not a field of \(collection) entries"
        if !suggestions.isEmpty { text += "; did you mean " + suggestions.map { "`\($0)`" }.joined(separator: " or ") + "?" }
        return text + " (allowed: \(allowed.joined(separator: ", ")))"
    }

    func impossibleDate(value: String, year: Int, month: Int, days: Int) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        return "`\(value)` is not a date: \(months[month - 1]) \(year) has \(days) days"
    }

    func notADate(value: String) -> String {
        "`\(value)` is not a date; write it as YYYY-MM-DD (e.g. 2024-05-01)"
    }

    func problemsFound(problems: Int, files: Int, entriesChecked: Int, note: String?) -> String {
        "\(problems) problem\(problems == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") (\(entriesChecked) \(entriesChecked == 1 ? "entry" : "entries") checked\(note.map { "; " + $0 } ?? ""))"
    }

    func entriesValid(_ count: Int) -> String { "\(count) \(count == 1 ? "entry" : "entries") valid" }

    func plainRepositoryNote() -> String { "no chronik.yml: plain repository, no schemas checked" }

    func nothingWritten(problems: Int) -> String {
        "\(problems) \(problems == 1 ? "problem" : "problems") in the store; nothing was written:"
    }

    func nothingToCommit() -> String { "Nothing to commit: the working tree matches the last version." }

    func recordedVersion(_ version: String, summary: String, added: Int, changed: Int, removed: Int, renamed: Int, otherFiles: Int) -> String {
        var parts: [String] = []
        if added > 0 { parts.append("\(added) added") }
        if changed > 0 { parts.append("\(changed) changed") }
        if removed > 0 { parts.append("\(removed) removed") }
        if renamed > 0 { parts.append("\(renamed) renamed") }
        if parts.isEmpty { parts.append("no entry changes") }
        if otherFiles > 0 { parts.append("\(otherFiles) other file\(otherFiles == 1 ? "" : "s")") }
        return "Recorded version \(version): \(summary) (\(parts.joined(separator: ", ")))"
    }

    func onBranch(_ branch: String) -> String { "On branch \(branch)" }

    func plainStatusNote() -> String { "No chronik.yml: a plain repository, every .md file an entry (chronik init adopts it)." }

    func noVersionsYet() -> String { "No versions yet." }

    func workingTreeClean(plain: Bool) -> String {
        plain ? "No changes, working tree clean." : "Nothing to commit, working tree clean."
    }

    func changesHeading(plain: Bool) -> String {
        plain ? "Changes not yet committed:" : "Changes not yet recorded (chronik commit -m MESSAGE):"
    }

    func refusedHeading(plain: Bool) -> String {
        plain ? "Not counted (a store would refuse them):" : "Refused (fix these before committing):"
    }

    func changeKind(_ kind: ChangeKind) -> String {
        switch kind {
        case .added: return "added:    "
        case .modified: return "changed:  "
        case .removed: return "removed:  "
        case .renamed: return "renamed:  "
        }
    }

    // MARK: - errors of every layer (helper errors16 adds here)

    // MARK: - new, init, names

    func templateIntroduction() -> String {
        "Required fields first: fill in each one after its colon. Lines starting with # are notes; the entry's text goes below the closing ---."
    }
    func templateOptionalFields() -> String {
        "Optional fields: to use one, remove the # at the start of its field lines (not of the notes)."
    }
    func templateRequired() -> String { "required" }
    func templateAllowedValues(_ values: [String]) -> String { "allowed values: " + values.joined(separator: ", ") }
    func templateKind(_ kind: TemplateFieldKind) -> String {
        switch kind {
        case .text: return "text"
        case .date: return "a date YYYY-MM-DD"
        case .dateTime: return "a date and time YYYY-MM-DDThh:mm:ss+01:00"
        case .uri: return "a web address (https://…)"
        case .email: return "an e-mail address"
        case .integer(let minimum, let maximum): return "a whole number" + Self.range(minimum, maximum)
        case .number(let minimum, let maximum): return "a number" + Self.range(minimum, maximum)
        case .boolean: return "true or false"
        case .reference(let collection): return "the id of an entry of \"\(collection)\""
        case .pattern(let pattern): return "text matching the pattern \(pattern)"
        case .list(let inner):
            let head = "a list, one value per line after \"  - \""
            switch inner {
            case .text, .other: return head
            default: return head + ", each " + templateKind(inner)
            }
        case .other: return "see the collection's schema"
        }
    }

    private static func range(_ minimum: String?, _ maximum: String?) -> String {
        switch (minimum, maximum) {
        case let (min?, max?): return " from \(min) to \(max)"
        case let (min?, nil): return " of at least \(min)"
        case let (nil, max?): return " of at most \(max)"
        case (nil, nil): return ""
        }
    }
    func templateNotBefore(_ field: String) -> String { "not before \(field)" }
    func templateExample(_ value: String) -> String { "example: \(value)" }
    func templatePrivate() -> String { "private: never appears in public output" }

    func newCreated(_ path: String) -> String { "created \(path)" }
    func unknownCollection(_ name: String, collections: [String]) -> String {
        "\"\(name)\" is not a collection of this store (collections: \(collections.joined(separator: ", ")))"
    }
    func didYouMeanName(_ candidates: [String]) -> String {
        "did you mean " + candidates.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
    }
    func invalidID(_ id: String, suggestion: String?) -> String {
        let rule = "\"\(id)\" is not a valid id (lowercase letters a-z, digits and -, at most 100 characters, not starting with -)"
        guard let suggestion else { return rule }
        return rule + "; try \"\(suggestion)\""
    }
    func entryExists(_ path: String, suggestion: String) -> String {
        "\(path) exists already; choose another id, e.g. \"\(suggestion)\""
    }
    func newNeedsIDOrTitle() -> String {
        "give the new entry's id, or a title to derive it from: chronik new COLLECTION ID, or chronik new COLLECTION --title TEXT"
    }
    func newNoIDFromTitle(_ title: String) -> String {
        "no id can be derived from the title \"\(title)\" (it has no letters a-z or digits); give the id: chronik new COLLECTION ID --title TEXT"
    }
    func newEditorFailed(_ editor: String, status: Int32, path: String) -> String {
        "the editor \"\(editor)\" ended with status \(status); the entry is kept in \(path)"
    }
    func newProblems(_ count: Int) -> String {
        "\(count) problem\(count == 1 ? "" : "s") (above): fill in the fields, then run `chronik validate`"
    }
    func newValid() -> String { "the entry is valid; record it with `chronik commit -m MESSAGE`" }
    func schemaUnreadable(_ path: String, reason: String) -> String {
        "cannot read the schema \(path): \(reason); `chronik validate` names the problem"
    }

    func invalidReleaseName(_ name: String, suggestion: String?) -> String {
        let rule = "\"\(name)\" is not a valid release name (no spaces, none of ~ ^ : ? * [ \\, no .., not starting with - nor ending with . or /)"
        guard let suggestion else { return rule }
        return rule + "; try \"\(suggestion)\""
    }
    func unknownCommand(_ name: String) -> String { "\"\(name)\" is not a chronik command" }
    func commandListHint() -> String { "`chronik --help` lists the commands" }
    func entryNotFound(_ spec: String, revision: String?) -> String {
        guard let revision else { return "no entry \"\(spec)\"" }
        return "no entry \"\(spec)\" at \(revision)"
    }
    func lastVersion(_ id: String) -> String { "the last version (\(id))" }
    func entryInUnknownCollection(_ spec: String, collection: String) -> String {
        "no entry \"\(spec)\": \"\(collection)\" is not a collection"
    }
    func unknownRevision(_ spec: String) -> String {
        "unknown revision \"\(spec)\": no release, branch or version of that name, and no date"
    }
    func moveTargetForm(_ example: String) -> String { "the new name must be collection/id, e.g. \(example)" }
    func storeCreated(_ path: String, version: String, folders: [String]) -> String {
        "Created a chronik store in \(path) (version \(version), branch main), with a folder for each collection: \(folders.joined(separator: ", "))"
    }

    // chronik diff

    func diffUnknownName(_ name: String, old: String, new: String) -> String {
        "no entry, collection or folder \"\(name)\" at \(old) or \(new)"
    }

    func diffNameSuggestion(_ candidates: [String]) -> String {
        "did you mean " + Self.or(candidates) + "?"
    }

    // MARK: - commands: status, log, show, diff, changelog, releases, release, import, init, demo, help (helper cli16 adds here)

    // (end of the commands section)

    // MARK: - notion import: reading the export (helper notionread adds here)

    // (end of the notion reading section)

    // MARK: - notion import: mapping and writing (helper notionmap adds here)

    /// "a", "a or b", "a, b or c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
    }
}

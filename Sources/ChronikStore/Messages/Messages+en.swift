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
    func terminalEntryTitled(_ line: String, title: String) -> String { line + ": " + title }
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
        "not part of a chronik store (allowed at the root: chronik.yml, schemas/, one folder per collection, and the repository's own files such as README, LICENSE, CONTRIBUTING, .gitignore and .github/)"
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

    func errorPlace(line: Int, column: Int?) -> String {
        guard let column else { return "line \(line)" }
        return "line \(line), column \(column)"
    }

    func notAStore(_ path: String) -> String { "not a chronik store (or any of the parent directories): \(path)" }
    func notAStoreHint() -> String {
        "run chronik inside a store, pass --store DIR, or create one with `chronik init`"
    }
    func repositoryWithoutConfig(_ path: String) -> String {
        "\(path) is a Git repository but not a chronik store: it has no chronik.yml (run `chronik init` there to make it one)"
    }
    func directoryNotEmpty(_ path: String) -> String {
        "\(path) is not empty and not a chronik store; choose an empty or new directory"
    }
    func storeLocked(_ lockFile: String, waited: Double) -> String {
        "could not lock the store: \(lockFile) exists (waited \(Self.seconds(waited)) s); another process is writing to this repository"
    }
    func lockHint() -> String {
        "if no git or chronik command is running, `chronik doctor` removes lock files left by a killed process"
    }
    func raceLost(attempts: Int) -> String {
        "the branch kept moving while committing (\(attempts) attempts); other writers are busy, try again"
    }
    func detachedHead() -> String { "HEAD is detached; check out a branch (e.g. `git switch main`) before committing" }
    func bareRepository(_ path: String) -> String { "\(path) is a bare repository; chronik needs a working tree" }
    func badRevision(_ spec: String, reason: String) -> String { "unknown revision \"\(spec)\": \(reason)" }
    func entryNotFound(_ spec: String, revision: String?, reason: String) -> String {
        entryNotFound(spec, revision: revision) + ": " + reason
    }
    func ambiguousEntry(_ spec: String, candidates: [String]) -> String {
        "\"\(spec)\" names several entries: \(candidates.joined(separator: ", ")); write collection/id"
    }
    func noAuthor() -> String {
        "no author: pass --author \"Name <email>\" or set `git config user.name` and `git config user.email`"
    }
    func fileFailed(_ path: String, reason: String) -> String { path.isEmpty ? reason : "\(path): \(reason)" }
    func hookFailed(_ hook: String, reason: String) -> String { "the \(hook) hook \(reason); nothing was recorded" }
    func signingFailed(_ program: String, reason: String) -> String {
        "signing with \(program) failed: \(reason); nothing was recorded"
    }
    func writeFailed(_ path: String, failure: WriteFailure) -> String {
        "cannot write \(path): \(writeFailure(failure)); nothing was recorded"
    }
    func writeFailure(_ failure: WriteFailure) -> String {
        switch failure {
        case .noSpace: return "no space left on device"
        case .readOnly: return "read-only file system"
        case .permissionDenied: return "permission denied"
        case .quotaExceeded: return "disk quota exceeded"
        case .ioError: return "input/output error"
        }
    }
    func unreadableObject(_ id: String, path: String?, version: String?, reason: String) -> String {
        var place: [String] = []
        if let path { place.append(path) }
        if let version { place.append("at version \(version)") }
        let location = place.isEmpty ? "" : " (\(place.joined(separator: " ")))"
        return "cannot read object \(id)\(location): \(reason)"
    }
    func damagedRepositoryHint() -> String {
        "the repository is damaged; `git fsck --full` names what is missing or corrupt"
    }
    func gitFailed(operation: String, message: String) -> String { "Git failed (\(operation)): \(message)" }
    func pathProblem(_ problem: PathProblem) -> String {
        switch problem {
        case let .invalidID(id, reason): return "invalid entry id \"\(id)\": \(reason)"
        case let .unknownCollection(name): return unknownCollection(folder: name, suggestions: [])
        case .notMarkdown: return "entries must be Markdown files ending in .md"
        case .nestedTooDeep:
            return "entries live directly in their collection folder (<collection>/<id>.md), not in subfolders"
        case .attachmentTooDeep:
            return "attachments lie directly in the folder of their entry's name (<collection>/<id>/<file>), not in subfolders"
        case let .invalidAttachmentName(name, reason): return "attachment name \"\(name)\" is not allowed: \(reason)"
        case .unexpectedFile: return outsideCollections()
        case .symlink: return "symbolic links are not allowed in a store"
        case .executable: return "files in a store must not be executable (chmod -x)"
        case .submodule: return "submodules are not allowed in a store"
        case .notAFile: return "not a regular file"
        }
    }
    func workingTreeFile(_ error: WorkingTreeFileError) -> String {
        switch error {
        case .missing: return "does not exist"
        case .symbolicLink(nil): return pathProblem(.symlink)
        case .symbolicLink(let folder?): return pathProblem(.symlink) + " (\(folder) is one)"
        case .notRegularFile(let kind):
            switch kind {
            case .folder: return "not a regular file (a folder)"
            case .namedPipe: return "not a regular file (a named pipe, FIFO)"
            case .device: return "not a regular file (a device)"
            case .socket: return "not a regular file (a socket)"
            case .unknown: return "not a regular file"
            }
        case let .tooLarge(bytes, limit): return frontMatter(.fileTooLarge(bytes: bytes, limit: limit))
        case .unreadable(let reason): return "cannot be read: \(reason)"
        }
    }
    func jsonSyntax(line: Int, column: Int, reason: String) -> String {
        "\(errorPlace(line: line, column: column)): the JSON is not valid: \(reason)"
    }

    func importMissingFolder(_ path: String) -> String { "no such folder: \(path)" }
    func importNotAFolder(_ path: String) -> String { "\(path) is a file, not a folder of snapshots" }
    func importUnreadable(_ path: String, reason: String) -> String { "\(path) cannot be read: \(reason)" }
    func importNoSnapshots(_ path: String) -> String {
        "\(path) holds no snapshot folders (each snapshot is a subfolder with chronik.yml, schemas/ and the entries)"
    }
    func importInvalidSnapshots(problems: Int) -> String {
        "\(problems) \(problems == 1 ? "problem" : "problems") in the snapshots; nothing was written:"
    }
    func importUncommittedChanges(_ path: String) -> String {
        "the store \(path) has uncommitted changes, which the import would overwrite; record them with `chronik commit` (or discard them) first"
    }

    func noVersions() -> String { "the repository has no versions yet" }
    func notAnAncestor(_ from: String, _ to: String) -> String { "\(from) is not an ancestor of \(to)" }
    func noWorkingTree() -> String { "the repository has no working tree; give two revisions" }

    func schemaRoot() -> String { "the schema's root" }
    func schemaUnknownMetaSchema(_ uri: String) -> String {
        "unknown $schema \(uri): only JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12/schema) is supported"
    }
    func schemaUnresolvedReference(_ uri: String, at place: String) -> String {
        "cannot resolve the reference \(uri) at \(place): no such schema is known (schemas are never downloaded)"
    }
    func schemaInvalidKeyword(_ keyword: String, at place: String, reason: String) -> String {
        "invalid \(keyword) at \(place): \(reason)"
    }
    func schemaInvalidPattern(_ pattern: String, at place: String, reason: String) -> String {
        "invalid pattern \(pattern) at \(place): \(reason)"
    }
    func schemaTooDeep(at place: String, limit: Int) -> String {
        "the schema is nested deeper than \(limit) levels at \(place)"
    }
    func schemaUnsupportedVocabulary(_ uri: String) -> String {
        "the meta-schema requires the vocabulary \(uri), which is not supported"
    }

    func moveSourceMissing(_ id: String, path: String) -> String {
        "no entry \(id) (\(path) does not exist in the working tree)"
    }
    func moveTargetExists(_ path: String) -> String {
        "\(path) already exists; choose another id or remove that entry first"
    }
    func moveSameEntry(_ id: String) -> String { "\(id) is already called that" }
    func moveReferencesCannotFollow(_ id: String, toCollection: String, fromCollection: String, referrers: [String]) -> String {
        "\(id) cannot move to the collection \(toCollection): \(referrers.joined(separator: ", ")) refer to it through fields that name entries of \(fromCollection); remove those references first"
    }
    func moveCannotReadReferences(problems: Int) -> String {
        "cannot look for references: \(problems) \(problems == 1 ? "problem" : "problems") in the store; nothing was changed:"
    }

    func siteIntroductionNotFound(_ name: String) -> String {
        "chronik.yml: site.introduction: \"\(name)\" is neither an entry (collection/id) nor a .md file of the store at this version"
    }
    func themeMissing(_ name: String) -> String { "theme: the template \(name).mustache is missing" }
    func themeTemplate(_ file: String, line: Int, column: Int, reason: String) -> String {
        "theme: \(file):\(line):\(column): the template does not parse (\(reason))"
    }
    func themeNotAFolder(_ path: String) -> String { "theme: \(path) is not a folder" }
    func themeUnreadable(_ path: String, reason: String) -> String { "theme: cannot read \(path): \(reason)" }
    func themeUnknownFile(_ path: String, expected: [String]) -> String {
        "theme: \(path) is not a theme file (expected \(Self.or(expected)))"
    }
    func themeHint() -> String { "`chronik publish --export-theme DIR` writes the default theme to start from" }
    func siteTargetNotAFolder(_ path: String) -> String {
        "\(path) is not a folder (a file, a symbolic link or a device): chronik publish writes a site only into a folder"
    }
    func siteNotASite(_ path: String, manifest: String) -> String {
        "\(path) is a folder with files that chronik did not publish (no \(manifest)): not replacing it"
    }
    func siteNotASiteHint() -> String { "publish into a new or empty folder, or one chronik published before" }
    func siteWriteFailed(_ path: String, reason: String) -> String {
        "cannot write \(path): \(reason); the previous site is unchanged"
    }
    func siteTemporaryFileUnreadable(reason: String) -> String {
        "cannot read back the temporary file of the site being built: \(reason); the previous site is unchanged"
    }

    // The wording of the validator's own English messages (ChronikSchema's Evaluator), which JSON output keeps.
    func schemaRule(_ rule: SchemaRule) -> String {
        func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
        switch rule {
        case .noValueAllowed: return "no value is allowed here"
        case let .type(expected, found):
            return "must be \(expected.isEmpty ? "nothing" : Self.or(expected.map(Self.typeName))); found \(Self.found(found))"
        case let .const(expected, found): return "must be \(expected); found `\(found)`"
        case let .multipleOf(divisor, found): return "must be a multiple of \(divisor); found \(found)"
        case let .minimum(limit, found, exclusive):
            return exclusive ? "must be greater than \(limit); found \(found)" : "must be at least \(limit); found \(found)"
        case let .maximum(limit, found, exclusive):
            return exclusive ? "must be less than \(limit); found \(found)" : "must be at most \(limit); found \(found)"
        case let .minLength(limit, found): return "must have at least \(count(limit, "character")); found \(found)"
        case let .maxLength(limit, found): return "must have at most \(count(limit, "character")); found \(found)"
        case let .patternInputTooLong(pattern, length, limit):
            return "is too long to check against the pattern \(pattern) (\(length) characters, limit \(limit))"
        case let .pattern(pattern, found): return "must match the pattern \(pattern); found `\(found)`"
        case let .format(format, found): return "must be a valid \(Self.formatName(format)); found `\(found)`"
        case let .minItems(limit, found): return "must have at least \(count(limit, "item")); found \(found)"
        case let .maxItems(limit, found): return "must have at most \(count(limit, "item")); found \(found)"
        case let .uniqueItems(first, second, value):
            return "must not contain duplicates; items \(first) and \(second) are both \(value)"
        case let .minProperties(limit, found): return "must have at least \(count(limit, "field")); found \(found)"
        case let .maxProperties(limit, found): return "must have at most \(count(limit, "field")); found \(found)"
        case let .dependentRequired(field, present):
            return "is missing the field \(field), which is required when \(present) is present"
        case let .not(found): return "must not match the schema under not; found \(found)"
        case let .schemaTooDeep(limit): return "the schema is nested too deeply to evaluate (more than \(limit) levels)"
        case .schemaLoop: return "the schema refers to itself in a loop without checking any part of the value"
        case let .containsTooFew(minimum, found):
            return "must contain at least \(count(minimum, "item")) matching the schema under contains; found \(found)"
        case let .containsTooMany(maximum, found):
            return "must contain at most \(count(maximum, "item")) matching the schema under contains; found \(found)"
        case let .fieldNotAllowed(name): return "the field \(name) is not allowed here"
        case let .itemNotAllowed(position, allowed):
            return "no item is allowed at position \(position)" + (allowed.map { " (at most \(count($0, "item")))" } ?? "")
        case let .noAlternative(_, _, english): return english
        case let .severalAlternatives(first, second):
            return "must match exactly one of the alternatives, but matches alternatives \(first) and \(second)"
        }
    }

    func notBefore(field: String, earlier: String, later: String) -> String {
        "must not be before \(field) (\(earlier)); found `\(later)`"
    }
    func referenceToItself(_ target: String) -> String {
        "refers to the entry itself (\(target)); an entry cannot reference itself"
    }
    func referenceMissing(id: String, path: String) -> String { "refers to `\(id)`, but there is no entry \(path)" }
    func stillReferenced(by referrers: [String], renamedTo: String?) -> String {
        let list = referrers.joined(separator: ", "), verb = referrers.count == 1 ? "refers" : "refer"
        guard let renamedTo else { return "is removed, but \(list) still \(verb) to it; remove those references first" }
        return "is renamed to \(renamedTo), but \(list) still \(verb) to it; update those references (`chronik mv` renames an entry and rewrites its references)"
    }
    func notUnique(collection: String, others: [String], value: String) -> String {
        "must be unique in \(collection), but \(others.joined(separator: ", ")) \(others.count == 1 ? "has" : "have") the same value `\(value)`"
    }
    func schemaFileMissing(_ path: String) -> String { "schema file \(path) does not exist" }
    func schemaNotJSON(reason: String) -> String { "is not valid JSON: \(reason)" }
    func schemaNotObject() -> String { "a schema must be a JSON object" }
    func schemaNotValid(reason: String) -> String { "is not valid JSON Schema (draft 2020-12): \(reason)" }

    func configProblem(_ problem: ConfigProblem) -> String {
        switch problem {
        case let .unknownSetting(key, section, known):
            return "unknown \(section.map { $0 + " " } ?? "")setting \"\(key)\" (known: \(known.joined(separator: ", ")))"
        case .titleText: return "\"title\" must be a non-empty text"
        case .languageValue: return "\"language\" must be de or en"
        case .collectionsShape: return "\"collections\" must map each collection name to its settings"
        case let .collectionName(name, reason): return "collection \"\(name)\": \(reason)"
        case let .schemaPath(collection): return "\"schema\" must name a .json file in schemas/, e.g. schemas/\(collection).schema.json"
        case .labelText: return "a label must be a text"
        case let .wrongType(key): return "\"\(key)\" has the wrong type"
        case let .collectionSettingsShape(collection): return "the settings of collection \"\(collection)\" must be a mapping"
        case .publicURL: return "\"public_url\" must be an http or https address, e.g. https://example.org/strategie/"
        case .introduction: return "\"introduction\" must name an entry (collection/id) or a Markdown file of the store"
        case let .notACollection(name): return "\"\(name)\" is not a collection"
        case .columnsList: return "the columns must be a list of field names, e.g. [title, status]"
        case .columnName: return "a column must be a field name"
        case .siteShape: return "\"site\" must be a mapping, e.g. {introduction: README.md}"
        case .tagPatternText: return "a tag pattern must be a text, e.g. \"v*\""
        case let .tagPatternList(key): return "\"\(key)\" must be a list of tag patterns, e.g. [\"v*\"]"
        case .tagPatternEmpty: return "a tag pattern must be a non-empty text without control characters"
        case .releasesShape: return "\"releases\" must be a mapping, e.g. {tags: [\"v*\"], exclude: [\"*-rc*\"]}"
        }
    }

    /// A JSON Schema type in words (also the validator's, through `Messages.englishTypeName`).
    fileprivate static func typeName(_ name: String) -> String {
        switch name {
        case "string": return "text"
        case "integer": return "a whole number"
        case "number": return "a number"
        case "boolean": return "true or false"
        case "array": return "a list"
        case "object": return "a mapping"
        case "null": return "null"
        default: return name
        }
    }

    /// What a value is, after "found".
    private static func found(_ found: SchemaRule.Found) -> String {
        switch found {
        case .null: return "null (no value)"
        case .bool(let value): return value ? "true" : "false"
        case .number(let literal): return "the number \(literal)"
        case .text(let text): return "the text \(text)"
        case .list: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// A format in words (also the validator's, through `Messages.englishFormatName`).
    fileprivate static func formatName(_ format: String) -> String {
        switch format {
        case "date": return "date (YYYY-MM-DD)"
        case "time": return "time (HH:MM:SS with time zone, e.g. 14:30:00Z)"
        case "date-time": return "date and time (e.g. 2024-05-01T14:30:00Z)"
        case "duration": return "duration (e.g. P3D or PT2H)"
        case "email": return "e-mail address"
        case "uri": return "absolute URI (e.g. https://example.org/page)"
        case "uri-reference": return "URI reference"
        case "ipv4": return "IPv4 address"
        case "ipv6": return "IPv6 address"
        case "uuid": return "UUID"
        case "regex": return "regular expression"
        default: return format
        }
    }

    func unknownOption(_ option: String) -> String { "unknown option \(option)" }
    func unexpectedArguments(_ arguments: [String]) -> String {
        (arguments.count == 1 ? "unexpected argument " : "unexpected arguments ") + arguments.map { "\"\($0)\"" }.joined(separator: ", ")
    }
    func missingArgument(_ argument: String) -> String { "missing argument \(argument)" }
    func missingValue(_ option: String) -> String { "\(option) needs a value" }
    func invalidValue(_ value: String, option: String, allowed: [String]) -> String {
        let head = "\"\(value)\" is not a valid value of \(option)"
        return allowed.isEmpty ? head : head + "; allowed: " + allowed.joined(separator: ", ")
    }
    func internalError(_ description: String) -> String {
        "chronik failed unexpectedly: \(description); this is a bug, please report it"
    }

    /// Seconds with one decimal: "5.0".
    private static func seconds(_ value: Double) -> String {
        let tenths = Int((max(0, value) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    // (end of the errors section)

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

    // Options refused before a command runs.

    func languageOption(_ option: String, value: String?) -> String {
        guard let value else { return "\(option) must be de or en" }
        return "\(option) must be de or en, not \"\(value)\""
    }
    func optionAtLeast(_ option: String, _ minimum: Int) -> String { "\(option) must be at least \(minimum)" }
    func optionNotNegative(_ option: String) -> String { "\(option) must be 0 or more" }
    func optionBetween(_ option: String, _ low: Int, _ high: Int) -> String { "\(option) must be between \(low) and \(high)" }
    func optionURL(_ option: String, got: String?) -> String {
        var text = "\(option) must be an http or https address without spaces, quotes or a fragment, e.g. https://example.org/strategie/"
        if let got { text += " (got \"\(got)\")" }
        return text
    }
    func badDateOption(_ value: String) -> String {
        "--date \"\(value)\" is not an ISO 8601 date (e.g. 2022-03-01 or 2022-03-01T10:00:00+01:00)"
    }
    func badAuthorOption(_ value: String) -> String { "--author must look like \"Name <email>\", not \"\(value)\"" }
    func emptyMessage() -> String { "the message must not be empty" }
    func signingFormatUnsupported(_ format: String) -> String {
        "gpg.format \"\(format)\" is not supported; chronik signs with openpgp or ssh"
    }
    func signingNeedsKey() -> String { "signing with ssh needs a key: set `git config user.signingkey PATH`" }
    func usageHint(_ command: String) -> String { "`\(command) --help` shows how to call it" }

    // Several commands.

    func noVersions(plain: Bool) -> String { "the \(plain ? "repository" : "store") has no versions yet" }
    func notARepository(_ path: String) -> String { "not a Git repository: \(path)" }
    func notARepositoryHint() -> String { "run chronik inside a repository or pass --store DIR" }
    func plainUnknownCollection(_ name: String, collections: [String]) -> String {
        let shown = collections.map { $0.isEmpty ? "\"\" (the root)" : $0 }
        return "\"\(name)\" is not a collection of this repository (collections: \(shown.joined(separator: ", ")))"
    }
    func changeCounts(added: Int, changed: Int, removed: Int, renamed: Int, otherFiles: Int) -> String {
        var parts: [String] = []
        if added > 0 { parts.append("\(added) added") }
        if changed > 0 { parts.append("\(changed) changed") }
        if removed > 0 { parts.append("\(removed) removed") }
        if renamed > 0 { parts.append("\(renamed) renamed") }
        if parts.isEmpty { parts.append("no entry changes") }
        if otherFiles > 0 { parts.append("\(otherFiles) other file\(otherFiles == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
    func revisionNotAVersion() -> String { "it names a tree or a blob, not a version" }
    func revisionNoSuchName() -> String { "no such tag, branch or commit" }
    func revisionAmbiguous() -> String { "ambiguous: several objects start with it; give more characters" }
    func revisionInvalid() -> String { "not a valid revision" }

    // chronik log

    func logFieldsNeedsEntry() -> String { "--fields needs an entry" }
    func logMerge() -> String { "(merge)" }
    func logRenamedFrom(_ entry: String) -> String { "renamed from \(entry)" }
    func logChanged() -> String { "changed" }

    // chronik show

    func noVersionAtOrBefore(_ date: String) -> String { "no version at or before \(date); the first is later" }

    // chronik release, releases

    func releaseExists(_ name: String) -> String { "a release or tag \"\(name)\" exists already" }
    func releaseExistsHint() -> String { "choose a new name; `chronik releases` lists them" }
    func releaseInvalid(_ version: String, problems: Int) -> String {
        "version \(version) is not valid (\(problems) problem\(problems == 1 ? "" : "s")); nothing was tagged"
    }
    func releaseCreated(_ name: String, tag: String, version: String, summary: String) -> String {
        "release \(name) (\(tag)) names version \(version): \(summary)"
    }
    func releaseAlsoNamed(_ names: [String]) -> String { "(also: \(names.joined(separator: ", ")))" }
    func tagPatternMatchesNothing(_ pattern: String) -> String { "--tag-pattern \"\(pattern)\" matches no tag" }
    func tagPatternHint() -> String { "`git tag --list` lists the tags; patterns are globs such as 'v*'" }
    func tagNotAVersion(_ name: String) -> String { "tag \"\(name)\" points to a tree or a blob, not a version: not a release" }

    // chronik mv

    func moveRenamed(from: String, to: String) -> String { "renamed:  \(from) -> \(to)" }
    func moveRewrote(_ path: String, fields: String) -> String { "rewrote:  \(path) (\(fields))" }
    func moveDone(references: Int) -> String {
        "\(references) reference\(references == 1 ? "" : "s") rewritten; record the change with `chronik commit -m MESSAGE`."
    }

    // chronik diff

    func diffPublicPatch() -> String {
        "--public cannot be combined with --format patch: a patch must hold every change to apply"
    }
    func diffStatFormat() -> String { "--stat works with --format text or json" }
    func diffTooManyRevisions() -> String { "at most two revisions before --" }
    func diffUnknownRevisionOrEntry(_ name: String, reason: String) -> String {
        "unknown revision or entry \"\(name)\": \(reason), and no entry of that name"
    }
    func diffRevisionOrEntryHint() -> String {
        "revisions are tags, branches or commit ids (chronik log lists them); entries are collection/id"
    }
    func diffBinaryNotPatched() -> String { "binary files are listed but not patched; git apply will refuse them" }
    func diffFileNotRead(_ path: String, reason: String) -> String { "\(path) was not read: \(reason)" }
    func diffFilesNotRead(_ count: Int) -> String {
        count == 1 ? "1 file of the working tree was not read; chronik commit refuses it too"
            : "\(count) files of the working tree were not read; chronik commit refuses them too"
    }
    func diffPatchFileHint() -> String { "a patch holds every changed file whole; this one cannot be part of one" }

    // chronik changelog

    func stylesheetNeedsHTML() -> String { "--stylesheet applies to --format html only" }
    func stylesheetUnreadable(_ path: String, reason: String) -> String { "cannot read the stylesheet \(path): \(reason)" }
    func changelogNotAncestor(from: String, to: String, fromID: String, toID: String) -> String {
        "--from \"\(from)\" is not an ancestor of --to \"\(to)\" (\(fromID) is not reachable from \(toID))"
    }
    func changelogNotAncestorHint() -> String {
        "the changelog of a range lists the versions of git log FROM..TO; FROM must be an older version of TO's history"
    }

    // chronik init

    func initHasConfig(_ path: String) -> String { "\(path) already has a chronik.yml; chronik init never overwrites it" }
    func initHasConfigHint() -> String { "edit chronik.yml and schemas/ by hand, then run chronik validate" }
    func initAlreadyStore(_ path: String) -> String { "\(path) is already a chronik store; nothing to do" }
    func initSampleTakesAll() -> String {
        "--sample takes its title, language, authors and dates from the sample; drop --title, --language, --author and --date"
    }
    func initSampleNoAdoptOptions() -> String {
        "--infer-schemas and --commit are for adopting an existing repository, not with --sample"
    }
    func initSampleCreated(_ path: String, sample: String, versions: Int, tags: [String]) -> String {
        "Created a chronik store in \(path) with the \(sample) sample: \(versions) versions, tags \(tags.joined(separator: ", ")) (branch main)"
    }
    func notADirectory(_ path: String) -> String { "\(path) is not a directory" }
    func initConfigOutsideRepository(_ path: String) -> String {
        "\(path) already has a chronik.yml (but is not the root of a Git repository with a working tree); chronik init never overwrites it"
    }
    func initInsideRepository(_ path: String, root: String) -> String {
        "\(path) is inside the Git repository at \(root); run chronik init at its root to adopt it"
    }
    func initFileExists(_ path: String) -> String { "\(path) exists; chronik init never overwrites it" }
    func initUncommitted() -> String {
        "the working tree has uncommitted changes; commit them first, or leave out --commit and review the new files"
    }
    func initUncommittedHint() -> String { "--commit records only the adoption (chronik.yml and schemas)" }
    func initCannotCommit(_ count: Int) -> String {
        "cannot commit the adoption: \(count) file\(count == 1 ? " does" : "s do") not fit the store's rules (named above); nothing was written"
    }
    func initCannotCommitHint() -> String { "fix or remove them, or leave out --commit and review" }
    func initAdopted(_ path: String, description: String, version: String?) -> String {
        "Adopted \(path) as a chronik store: \(description)" + (version.map { " (version \($0))" } ?? "")
    }
    func initAdoptedDefaults(collections: [String], language: String) -> String {
        "no folder holds Markdown files, so the default collections (\(collections.joined(separator: ", "))) and schemas were taken; labels in \(language)"
    }
    func initAdoptedCollections(_ counts: [(name: String, entries: Int)], language: String) -> String {
        let parts = counts.map { "\($0.name) (\($0.entries) \($0.entries == 1 ? "entry" : "entries"))" }
        return "collections \(parts.joined(separator: ", ")); labels in \(language)"
    }
    func initCreatedGit() -> String { "Created a Git repository there (branch main)." }
    func initWrote(_ files: [String]) -> String { "Wrote \(files.joined(separator: ", ")); nothing was committed or moved." }
    func initReview() -> String { "Review them, then run `chronik validate` and `chronik commit -m MESSAGE`." }
    func initKept(_ files: [String]) -> String { "Kept the repository's own files: \(files.joined(separator: ", "))" }
    func initForeignFiles(_ path: String, files: [String]) -> String {
        "\(path) holds files a chronik store cannot keep and no folder of Markdown entries to adopt: \(files.joined(separator: ", ")); nothing was written"
    }
    func initForeignFilesHint() -> String {
        "a new store may keep README, LICENSE, CONTRIBUTING, .gitignore, .gitattributes and .github/; move the other files out of the repository (or into a collection folder of Markdown entries), then run chronik init again"
    }

    // chronik import

    func importCreated(_ store: String, source: String) -> String { "Created a chronik store in \(store) from \(source):" }
    func importInto(_ store: String, source: String) -> String { "Importing \(source) into \(store):" }
    func importVersion(_ id: String) -> String { "version \(id)" }
    func importAlready(_ id: String) -> String { "already imported as \(id)" }
    func importUnchanged(_ id: String) -> String { "same as the version before (\(id))" }
    func importTag(_ name: String, created: Bool) -> String { created ? ", tag \(name)" : " (tag \(name))" }
    func importNothing() -> String { "Nothing to import: every snapshot is already in the history." }
    func importRecorded(versions: Int, tags: Int) -> String {
        "Recorded \(versions) version\(versions == 1 ? "" : "s") and \(tags) tag\(tags == 1 ? "" : "s")."
    }

    // chronik demo

    func demoNotTheSample(_ path: String) -> String {
        "\(path) is a store that does not hold the sample; choose an empty or new directory"
    }
    func cannotCreateTemporaryFolder(_ path: String, reason: String?) -> String {
        "cannot create a temporary folder in \(path)" + (reason.map { ": \($0)" } ?? "")
    }
    func demoTitle(drafts: Int) -> String {
        "chronik demo: the knowledge store of Berlin's smart city strategy process, in \(drafts) drafts"
    }
    func demoStoreHeading() -> String { "The store (an ordinary Git repository):" }
    func demoStoreSize(title: String, entries: Int, collections: Int) -> String {
        "\(title): \(entries) entries in \(collections) collections"
    }
    func demoVersionsHeading() -> String { "Versions, newest first (chronik log):" }
    func demoReleasesHeading() -> String { "Releases, oldest first (annotated tags):" }
    func demoLastTwo(old: String, new: String) -> String { "The last two drafts compared (chronik diff \(old) \(new) --stat):" }
    func demoChangelogHeading(_ folder: String) -> String {
        "The public changelog, per draft (chronik changelog), written to \(folder):"
    }
    func demoSiteHeading(_ folder: String) -> String { "The public website of the store (chronik publish), written to \(folder):" }
    func demoServeComment() -> String { "the same site on http://127.0.0.1:4000/, rebuilt as the store changes" }
    func demoTryHeading() -> String { "Try it yourself:" }
    func demoTryComments() -> [String] {
        ["the versions that changed one entry", "one entry's history, through its rename", "an entry as it was at a draft",
         "what changed between two drafts, word by word", "the public changelog, per draft, word by word",
         "the same history, seen by git"]
    }

    // chronik publish, serve

    func publishNeedsOutput() -> String { "give the folder to publish into with -o DIR" }
    func published(version: String, release: String?, target: String, written: Int, total: Int, unchanged: Int, removed: Int, rendered: Int, releaseSites: Int) -> String {
        var line = "Published \(version)"
        if let release { line += " (\(release))" }
        line += " to \(target): wrote \(written) of \(total) files (\(unchanged) unchanged, \(removed) removed; \(rendered) rendered)"
        if releaseSites > 0 { line += "; \(releaseSites) release sites under v/" }
        return line
    }
    func publishedOpen(_ home: String, folder: String) -> String { "Open \(home) or serve it with `chronik serve --folder \(folder)`" }
    func themeFileExists(_ path: String) -> String { "\(path) exists: not overwriting it" }
    func themeFileExistsHint() -> String { "export into a new folder" }
    func themeExported(files: Int, folder: String) -> String { "Wrote the default theme (\(files) files) to \(folder)" }
    func serveFolderAlone() -> String {
        "--folder serves a published folder as it is: REV, --store, --lang and --theme do not apply"
    }
    func serveNotAFolder(_ path: String) -> String { "\(path) is not a folder" }
    func serveNotAFolderHint() -> String { "give the folder `chronik publish` wrote" }
    func serveNoVersions() -> String { "the store has no versions yet: nothing to publish" }
    func serveSiteOf(_ what: String) -> String { "the site of \(what)" }
    func serving(_ description: String, port: Int) -> String {
        "Serving \(description) at http://127.0.0.1:\(port)/ (Ctrl-C stops)"
    }
    func serveStopped() -> String { "Stopped." }
    func serveRebuilt(_ version: String, seconds: Double) -> String {
        "chronik serve: rebuilt for \(version) in \(String(format: "%.1f", seconds)) s"
    }
    func serveCannotListen(port: Int, reason: String?) -> String {
        "cannot listen on 127.0.0.1:\(port)" + (reason.map { ": \($0)" } ?? "")
    }
    func serveCannotListenHint() -> String { "choose another port with --port (0 picks a free one)" }

    // chronik doctor, and the check before every write

    func doctorWriterRunning() -> String { "a chronik writer is running (it holds .git/chronik.lock): nothing was changed" }
    func doctorRemoved(_ path: String, age: Int) -> String { "removed:  \(path) (stale, written \(age) s ago)" }
    func doctorStale(_ path: String, age: Int) -> String { "stale:    \(path) (written \(age) s ago; would be removed)" }
    func doctorKept(_ path: String, reason: String?) -> String { "kept:     \(path) (\(reason ?? "may be in use"))" }
    func doctorInterrupted(_ command: String) -> String { "interrupted: `\(command)`" }
    func doctorUndo(_ path: String, dryRun: Bool) -> String { (dryRun ? "would undo: " : "undone:   ") + path }
    func doctorChangedSince(_ path: String) -> String { "changed since, left as it is: " + path }
    func doctorWouldUndo() -> String { "`chronik doctor` undoes it" }
    func doctorUndone() -> String { "the interrupted mv was undone; run it again" }
    func doctorJournalKept() -> String {
        "the journal .git/chronik/mv-journal was kept; check those files, then run `chronik doctor --force`"
    }
    func doctorFine() -> String { "no stale lock files, no interrupted mv: the store is fine" }
    func staleLockRemoved(_ path: String, age: Int) -> String {
        "removed \(path), a lock file left by a killed writer (written \(age) s ago, no chronik writer running)"
    }
    func interruptedMoveUndone(_ command: String, restored: Int) -> String {
        "undid `\(command)`, which was interrupted (\(restored) file\(restored == 1 ? "" : "s") restored); run it again if you still want it"
    }
    func interruptedMoveStuck(_ command: String, conflicts: [String]) -> String {
        "`\(command)` was interrupted and cannot be undone by itself: \(conflicts.joined(separator: ", ")) changed since"
    }
    func interruptedMoveStuckHint() -> String { "check those files, then run `chronik doctor --force`" }
    func lockHeld(_ path: String, age: Int) -> String {
        "\(path) exists (written \(age) s ago): another process is writing it, or one was killed; nothing was written"
    }
    func lockHeldHint(staleAfter: Int) -> String {
        "if no git or chronik command is running, `chronik doctor` removes it once it is \(staleAfter) s old (`chronik doctor --force` at once)"
    }

    // Help texts.

    func helpChronik() -> CommandHelp {
        CommandHelp(
            abstract: "Keep a public strategy's knowledge store in Git: versions, validation, readable diffs and changelogs.",
            discussion: """
                A store is a Git repository of entries, one Markdown file with YAML front matter per entry, \
                in one folder per collection (see docs/store-format.md).

                Messages and help speak German or English: --lang where a command has it, else CHRONIK_LANG, \
                LC_ALL, LC_MESSAGES or LANG, else the store's language.

                On a terminal, log, show, diff, changelog, list and releases page their output through \
                CHRONIK_PAGER, core.pager, PAGER or less; `chronik -P <command>` (or --no-pager after it) prints \
                without a pager.

                Exit codes: 0 success, 1 the input or content is wrong, 2 usage error, 3 store or internal failure.

                Examples:
                  chronik init mein-speicher --title "Wissensspeicher" --language de
                  chronik new events --title "Forum Digitalstrategie"
                  chronik help log
                """)
    }

    func helpSharedOptions() -> [String: String] {
        [
            "store": "The store's directory (default: the current directory or a parent).",
            "format": "Output format: text or json.",
            "lang": "The language of messages: de or en (default: CHRONIK_LANG, the locale, then the store's language).",
            "author": "The author, \"Name <email>\" (default: git config user.name and user.email).",
            "date": "The date of the version, ISO 8601 (e.g. 2022-03-01T10:00:00+01:00); default: now.",
            "sign": "Sign with gpg or ssh as git does (gpg.format, user.signingkey); default: as commit.gpgsign or tag.gpgsign say.",
            "patterns": "Only tags matching this glob are releases (as git describe --match; repeatable; replaces chronik.yml's releases.tags).",
            "excluded": "Tags matching this glob are not releases, e.g. '*-rc*' (repeatable; replaces chronik.yml's releases.exclude).",
            "color": "Colour: auto (a terminal or the pager, TERM not dumb, NO_COLOR unset), always or never (default: git's color.<command>, color.ui, else auto).",
            "noPager": "Do not page the output (default: page through CHRONIK_PAGER, core.pager, PAGER or less when stdout is a terminal).",
        ]
    }

    func helpCommand(_ command: HelpedCommand) -> CommandHelp {
        switch command {
        case .`init`:
            return CommandHelp(
                abstract: "Create a new store, or adopt an existing repository or folder of Markdown files as one.",
                discussion: """
                    In a missing or empty directory: a Git repository on branch main with chronik.yml, the default schemas, \
                    a folder per collection and a first commit. A freshly cloned repository that holds only README, LICENSE, \
                    CONTRIBUTING, .gitignore, .gitattributes or .github/ becomes such a store too, keeping those files. \
                    With --sample berlin, the store holds the embedded Berlin sample with its full history instead \
                    (one version and tag per draft). \
                    In an existing repository (or folder) with Markdown files: adopts it. Writes chronik.yml with one \
                    collection per top-level folder that holds .md files (and, with --infer-schemas, schemas inferred from \
                    their front matter), names every file that does not fit the store's rules, moves nothing, and commits \
                    only with --commit. An existing chronik.yml is never overwritten.

                    Examples:
                      chronik init mein-speicher --title "Wissensspeicher" --language de
                      chronik init --infer-schemas          # adopt the repository here
                      chronik init --sample berlin beispiel
                    """,
                arguments: [
                    "directory": "The directory (default: the current directory): missing, empty, an existing repository or folder to adopt, or already a store.",
                    "title": "The store's title (default: Wissensspeicher; when adopting, the folder's name).",
                    "language": "The language of labels in public output: de or en (default: de; when adopting, detected from the content, else en).",
                    "inferSchemas": "When adopting: also write schemas/<collection>.schema.json inferred from the entries' front matter.",
                    "commit": "When adopting: commit chronik.yml and the schemas at once (else they are left for review).",
                    "sample": "Create the store with an embedded sample's history instead: berlin.",
                ])
        case .new:
            return CommandHelp(
                abstract: "Write a new entry from its collection's schema, open it in your editor, and check it.",
                discussion: """
                    Writes COLLECTION/ID.md: the required fields first, each with a comment giving its label, description, \
                    allowed values or format and an example; the optional fields commented out below them. Without ID, the id \
                    is derived from --title (lowercase, ä→ae, ö→oe, ü→ue, ß→ss, other letters without accents, - between \
                    words). An existing entry is never overwritten. Then opens $VISUAL (else $EDITOR) when the terminal is \
                    interactive (CHRONIK_EDITOR, when set, is opened always: for scripts), validates the entry and prints \
                    what is still missing. See docs/authoring.md.

                    Examples:
                      chronik new events --title "Forum Digitalstrategie"
                      chronik new glossary betriebsmodell --no-edit
                    """,
                arguments: [
                    "collection": "The collection (a folder named in chronik.yml), e.g. events.",
                    "id": "The new entry's id (default: derived from --title).",
                    "title": "The entry's title: written into the collection's title field, and the id derived from it.",
                    "noEdit": "Do not open an editor.",
                ])
        case .status:
            return CommandHelp(
                abstract: "Show uncommitted changes by entry, and files chronik would refuse to commit.",
                discussion: """
                    Examples:
                      chronik status
                      chronik status --format json
                    """)
        case .commit:
            return CommandHelp(
                abstract: "Record every change of the working tree (entries, chronik.yml, schemas) as one new version.",
                discussion: """
                    Validates first (as chronik validate does); nothing is written when anything is invalid.

                    Examples:
                      chronik commit -m "Glossar: Betriebsmodell"
                      chronik commit -m "Entwurf" --author "Ada Muster <ada@example.org>"
                    """,
                arguments: [
                    "message": "The message describing this version.",
                    "runHooks": "Run the repository's pre-commit and commit-msg hooks as git does (chronik runs no hook otherwise).",
                ])
        case .log:
            return CommandHelp(
                abstract: "List versions, newest first, with what they changed; with an entry, only the versions that touched it (following renames).",
                discussion: """
                    Examples:
                      chronik log
                      chronik log glossary/betriebsmodell --fields
                      chronik log --collection events --limit 5
                    """,
                arguments: [
                    "entry": "An entry: collection/id, or an id that is unique across collections.",
                    "collection": "Only versions that changed entries of this collection.",
                    "limit": "Show at most this many versions.",
                    "at": "Start from this revision instead of HEAD.",
                    "fields": "With an entry: show per version the changed fields (with their labels) and how much of the text changed.",
                    "lang": "The language of messages and field labels: de or en (default: CHRONIK_LANG, the locale, then chronik.yml's language, else detected from the content).",
                    "noCache": "Do not read or write the cache of change sets (.git/chronik/log-cache, safe to delete).",
                    "format": "Output format: text, json, or ndjson (one version per line, each written as soon as it is found).",
                    "publicOnly": "Public output (docs/privacy.md): no private field values, no e-mail addresses, messages without trailers.",
                ])
        case .show:
            return CommandHelp(
                abstract: "Show an entry as it was at a revision (default: the last version).",
                discussion: """
                    Examples:
                      chronik show glossary/betriebsmodell
                      chronik show strategy/vision --at ambitionen
                      chronik show strategy/vision --at 2022-03-01
                    """,
                arguments: [
                    "entry": "The entry: collection/id, or an id that is unique across collections.",
                    "at": "The revision (a tag, branch, commit id (prefix), HEAD~2, ...) or a date (2022-03-01, or ISO 8601): the last version at or before it.",
                ])
        case .`import`:
            return CommandHelp(
                abstract: "Bring content from elsewhere into a store.",
                discussion: """
                    Examples:
                      chronik import snapshots entwuerfe --store mein-speicher
                    """)
        case .importSnapshots:
            return CommandHelp(
                abstract: "Turn a folder of version snapshots into history: one version per snapshot, in folder-name order.",
                discussion: """
                    Each subfolder of DIR is a complete store (chronik.yml, schemas/, entries) with an optional version.yml \
                    (date, author, message, tag). Everything is checked before anything is written. The store is created when \
                    it does not exist; a second run adds nothing. See docs/import.md.

                    Examples:
                      chronik import snapshots entwuerfe --store mein-speicher
                    """,
                arguments: [
                    "directory": "The folder of snapshots, one subfolder per version.",
                    "store": "The store to import into; created when missing or empty (default: the store around the current directory, else the current directory).",
                ])
        case .importNotion:
            return CommandHelp(
                abstract: "Bring a Notion export (zip or folder, Markdown & CSV or HTML) into a store as one new version.",
                discussion: """
                    Each database becomes a collection, each property a field (types inferred from all rows), free pages the \
                    collection `pages`. --plan writes the proposed mapping (notion-mapping.yml) for review and writes nothing \
                    else; --mapping applies a reviewed one. Importing a later export of the same Notion workspace records the \
                    next version with exactly what changed. See docs/import-notion.md.

                    Examples:
                      chronik import notion Export.zip --plan
                      chronik import notion Export.zip --mapping notion-mapping.yml
                    """,
                arguments: [
                    "export": "Notion's export: the downloaded zip or its unzipped folder.",
                    "store": "The store to import into; created when missing or empty.",
                    "plan": "Write the proposed mapping to notion-mapping.yml (or the --mapping file) and stop.",
                    "mapping": "A reviewed mapping to apply (with --plan: where to write the proposal).",
                ])
        case .demo:
            return CommandHelp(
                abstract: "Build the Berlin sample store with its history and show what chronik tells about it, and its public website.",
                discussion: """
                    The sample is embedded in chronik: five drafts of Berlin's smart city strategy process (2021-2022), \
                    imported as five versions with a tag each. Without DIR the store goes into a new temporary folder.

                    Examples:
                      chronik demo
                      chronik demo beispiel
                    """,
                arguments: [
                    "directory": "Where to build the store; it must be missing or empty (default: a new temporary folder).",
                ])
        case .validate:
            return CommandHelp(
                abstract: "Check entries against their schemas and the store's rules (references, unique fields, dates).",
                discussion: """
                    Without ENTRY, the whole store. Exit 1 when anything is invalid. Rules: docs/validation.md.

                    Examples:
                      chronik validate
                      chronik validate events/forum --lang de
                      chronik validate --format github
                    """,
                arguments: [
                    "entries": "Entries to check (collection/id or a unique id); their references are checked against the whole store.",
                    "at": "Validate the version at this revision instead of the working tree.",
                    "format": "Output format: text, json, or github (workflow-command annotations).",
                ])
        case .mv:
            return CommandHelp(
                abstract: "Rename an entry (also into another collection) and rewrite every reference to it, ready to commit.",
                discussion: """
                    Examples:
                      chronik mv glossary/betreibermodell glossary/betriebsmodell
                      chronik commit -m "Betriebsmodell statt Betreibermodell"
                    """,
                arguments: [
                    "source": "The entry to rename: collection/id, or an id that is unique across collections.",
                    "target": "The new name: collection/id.",
                ])
        case .diff:
            return CommandHelp(
                abstract: "Show what changed between two versions, field by field and word by word.",
                discussion: """
                    Without revisions: the last version against the working tree; with one: that revision against the \
                    working tree; with two: the first against the second. The first arguments that resolve as revisions (at \
                    most two) are the revisions; the others are entries (collection/id, an id, or a path) or collections (a \
                    name, or a folder). After `--` every argument is an entry, as in git. Works in any Git repository of \
                    Markdown files too (without chronik.yml): every *.md file is an entry.

                    Examples:
                      chronik diff
                      chronik diff ambitionen aktionen --stat
                      chronik diff 2022-03-01 HEAD glossary
                    """,
                arguments: [
                    "arguments": "Up to two revisions, then entries or collections to limit the diff to.",
                    "collection": "Only entries of this collection.",
                    "format": "Output format: text, patch, markdown, html or json.",
                    "stat": "Per entry, words added and removed and fields changed, and totals (text or json).",
                    "publicOnly": "Public output (docs/privacy.md): no private values at any depth, no e-mail addresses, no blob ids (not with --format patch).",
                    "lang": "The language of messages and labels (markdown and html pages, field labels): de or en (default: CHRONIK_LANG, the locale, then chronik.yml's language, else detected from the content).",
                ])
        case .changelog:
            return CommandHelp(
                abstract: "The public changelog: what changed in the content, per release (or per version), as Markdown, HTML, JSON or Atom.",
                discussion: """
                    Built from the content itself (entries added, removed, renamed; fields from -> to with their labels; how \
                    much of the text changed), never showing private values (x-chronik-private, at any depth), e-mail \
                    addresses or blob ids (docs/privacy.md). Works on any Git repository of Markdown files. Change records \
                    are cached in .git/chronik/changelog-cache (safe to delete). See docs/changelog.md.

                    Examples:
                      chronik changelog --format html -o changelog.html
                      chronik changelog --from ambitionen --to aktionen --exclude-tag '*-rc*'
                      chronik changelog --format atom --base-url https://example.org/ -o feed.xml
                    """,
                arguments: [
                    "from": "Start after this revision, any ancestor of --to (default: the first version).",
                    "to": "End at this revision (default: HEAD).",
                    "by": "Group by release (tags, plus Unreleased) or list every version (commit).",
                    "format": "Output format: markdown, html, json or atom.",
                    "lang": "The language of messages and labels: de or en (default: CHRONIK_LANG, the locale, then chronik.yml's language, else detected from the content).",
                    "detail": "Show the word-level changes of the text, and the text of added and removed entries.",
                    "excerptWords": "With --detail: show this many words of an added or removed entry (strategy sections in full).",
                    "baseURL": "Where the changelog is published (default: chronik.yml's public_url): the Atom feed links to itself (URL + the -o file's name, else feed.xml) and each item to its part of URL/changelog.html.",
                    "htmlURL": "Atom: the address of the HTML changelog the items link to (default: --base-url + changelog.html).",
                    "output": "Write to this file instead of standard output.",
                    "stylesheet": "HTML: embed this stylesheet instead of the default one.",
                    "defaultStylesheet": "Print the default HTML stylesheet (a start for your own) and exit.",
                    "noCache": "Do not read or write the change-record cache.",
                    "store": "The repository (default: the current directory or a parent).",
                ])
        case .release:
            return CommandHelp(
                abstract: "Mark a version as a named draft (an annotated tag); the version must be valid.",
                discussion: """
                    A release name is a Git tag name: no spaces, none of ~ ^ : ? * [ \\, no .., not starting with - nor \
                    ending with . or /. A refused name gets a valid form to try ("Entwurf 2" -> entwurf-2).

                    Examples:
                      chronik release ambitionen -m "Ambitionen in der Kommentierung"
                      chronik release entwurf-2 --at HEAD~1
                    """,
                arguments: [
                    "name": "The release's name: a new, valid Git tag name (e.g. strategieentwurf-2).",
                    "message": "What the release is (default: its name).",
                    "at": "The version to name (default: the last version).",
                ])
        case .releases:
            return CommandHelp(
                abstract: "List the releases (lightweight and annotated tags on versions), newest first, with dates and titles.",
                discussion: """
                    Several tags on one version are one release, named by its annotated tag (else the last name in numeric \
                    order); the others are listed after it. --tag-pattern and --exclude-tag (or releases: in chronik.yml) \
                    choose which tags count. See docs/changelog.md.

                    Examples:
                      chronik releases
                      chronik releases --exclude-tag '*-rc*' --format json
                    """)
        case .doctor:
            return CommandHelp(
                abstract: "Remove lock files left by killed writers and undo an interrupted `chronik mv`.",
                discussion: """
                    A lock file under .git (index.lock, refs/**.lock, packed-refs.lock, HEAD.lock, config.lock, libgit2's \
                    object lock and temporary files) is stale when no chronik writer holds .git/chronik.lock and it was \
                    last written at least --stale-after seconds ago; --force also removes younger ones. \
                    Exit 0 when the store is healthy or was repaired, 1 when something needs you. See docs/cli.md.

                    Examples:
                      chronik doctor --dry-run
                      chronik doctor
                    """,
                arguments: [
                    "dryRun": "Only report what would be done.",
                    "force": "Also remove lock files younger than --stale-after (make sure no git command runs in the repository), and drop an interrupted mv's journal even when some of its files changed since.",
                    "staleAfter": "A lock file last written this many seconds ago or earlier is stale.",
                ])
        case .publish:
            return CommandHelp(
                abstract: "Publish the store as a static website (pages, feeds, JSON, search) into a folder.",
                discussion: """
                    The site shows the store at REV (default: HEAD) with every entry's history, the releases and the \
                    changelog; it works from disk and on any web server, with no external requests, and shows no private \
                    value (x-chronik-private) and no e-mail address. The folder is replaced as a whole (built beside it, then \
                    swapped in); files that did not change are not rewritten. See docs/publish.md.

                    Examples:
                      chronik publish -o ../website
                      chronik publish aktionen -o ../website --releases
                    """,
                arguments: [
                    "revision": "The version to publish: a release tag, branch or commit (default: HEAD).",
                    "output": "The folder to write the site into (created, or a site chronik published before).",
                    "baseURL": "The site's public address, for absolute links in feeds and the sitemap (default: chronik.yml's public_url).",
                    "lang": "The language of messages and labels: de or en (default: CHRONIK_LANG, the locale, then chronik.yml's language, else detected).",
                    "theme": "A folder of templates and/or chronik.css replacing the default theme's files of the same name.",
                    "exportTheme": "Write the default theme into this folder (a start for your own) and exit.",
                    "releases": "Publish every release's site under v/<release>/ as well, with links between them.",
                    "noCache": "Do not read or write the change-record cache or the publish cache (every page is rendered).",
                ])
        case .list:
            return helpList()
        case .serve:
            return CommandHelp(
                abstract: "Preview the store's public website on this computer (http://127.0.0.1:PORT/), rebuilt as the store changes.",
                discussion: """
                    Builds the site that `chronik publish` builds (of REV, default: the current branch's tip) into a \
                    temporary folder and serves it. Once a second it looks at the branch's tip (or at what REV names, \
                    e.g. a branch or tag): when that changed, the site is built again and served once complete. With \
                    --folder it serves a folder that `chronik publish` wrote, as it is. Only 127.0.0.1 is listened on; only \
                    GET and HEAD of files inside the site are answered. Ctrl-C (SIGINT) or SIGTERM stops the server (exit 0) \
                    and removes the temporary folder. See docs/publish.md, "Preview".

                    Examples:
                      chronik serve
                      chronik serve --port 0 --lang en
                    """,
                arguments: [
                    "revision": "The version to show: a commit, tag or branch (default: the current branch's tip).",
                    "port": "The port on 127.0.0.1; 0 picks a free one (printed).",
                    "lang": "The language of messages and labels: de or en (default: CHRONIK_LANG, the locale, then the store's).",
                    "theme": "A folder of templates and chronik.css that replace the default theme's.",
                    "folder": "Serve this published folder as it is (no store, no rebuilding).",
                ])
        }
    }

    func recordWarning(_ warning: RecordWarning) -> String {
        switch warning {
        case .workingTreeChanged(let files):
            return "the version was recorded, but the working tree was not updated: \(files.joined(separator: ", ")) changed meanwhile; `git status` shows the difference, `git checkout -f` takes the recorded version"
        case .workingTreeNotUpdated(let reason):
            return "the version was recorded, but the working tree could not be updated (\(reason)); `git checkout -f` takes the recorded version"
        }
    }

    // (end of the commands section)

    // MARK: - notion import: reading the export (helper notionread adds here)

    func notionExportUnreadable(_ path: String, reason: String) -> String {
        "cannot read the Notion export \(path): \(reason)"
    }

    func notionNotAnExport(_ path: String) -> String {
        "\(path) is not a Notion export: it holds no pages named like \"Title <32 hex digits>.md\" or \".html\""
    }

    func notionUnsafePath(_ path: String) -> String {
        "the export holds \(path), a name that leads out of the export or starts at the root; nothing was imported"
    }

    func notionSymlink(_ path: String) -> String {
        "the export holds a symbolic link, \(path); nothing was imported"
    }

    func notionCompressionRatio(_ path: String, ratio: Int, limit: Int) -> String {
        "\(path) inflates \(ratio) times its compressed size (limit \(limit)), which is how zip bombs look; nothing was imported"
    }

    func notionExportTooLarge(_ path: String, limit: Int64) -> String {
        "the export is larger than \(limit) bytes uncompressed (at \(path)); nothing was imported"
    }

    func notionTooManyFiles(_ path: String, limit: Int) -> String {
        "the export holds more than \(limit) files (at \(path)); nothing was imported"
    }

    func notionNameNotUTF8(_ path: String) -> String {
        "the file name \(path) is not UTF-8; nothing was imported"
    }

    func notionCorruptEntry(_ path: String) -> String {
        "\(path) in the zip does not match its header (size or checksum): the zip is damaged; nothing was imported"
    }

    func notionCSVFieldCount(_ path: String, line: Int, expected: Int, found: Int) -> String {
        "\(path), line \(line): \(found) fields where the header has \(expected); nothing was imported"
    }

    func notionCSVUnterminatedQuote(_ path: String, line: Int) -> String {
        "\(path), line \(line): a quoted field is never closed; nothing was imported"
    }

    func notionSkippedDatabaseView() -> String {
        "a view of the database; its _all.csv holds all rows"
    }

    func notionSkippedDatabasePage() -> String {
        "the page of a database; its rows are read from the database"
    }

    func notionSkippedUnlinked() -> String {
        "no page links to it"
    }

    func notionSkippedSystemFile() -> String {
        "a file the operating system keeps (__MACOSX, .DS_Store), not part of the export"
    }

    func notionSkippedDuplicate() -> String {
        "in two parts of the download; the first was read"
    }

    func notionSkippedRowWithoutPage(_ row: String) -> String {
        "the row \"\(row)\" has no page file in the export"
    }

    // (end of the notion reading section)

    // MARK: - notion import: mapping and writing (helper notionmap adds here)

    func notionMappingYAML(_ message: String) -> String { message }
    func notionMappingUnknownKey(_ key: String, known: [String]) -> String {
        "unknown key \"\(key)\" (known: \(known.joined(separator: ", ")))"
    }
    func notionMappingInvalid(key: String, expected: String) -> String {
        let shape = ["mapping": "a mapping", "text": "a text", "list": "a list", "list of texts": "a list of texts",
                     "true or false": "true or false"][expected] ?? expected
        return "\"\(key)\" must be \(shape)"
    }
    func notionMappingUnknownDatabase(_ name: String, id: String?) -> String {
        "the export has no database \"\(name)\"" + (id.map { " with the id \($0)" } ?? "")
    }
    func notionMappingUnknownProperty(_ property: String, database: String) -> String {
        "database \"\(database)\" has no property \"\(property)\""
    }
    func notionMappingUnsupportedType(property: String, type: String, format: String?) -> String {
        "property \"\(property)\": type \(type)\(format.map { " with format \($0)" } ?? "") is not one chronik maps (string, integer, number, boolean, array, object; formats date, date-time, uri, email, date-range, date-time-range)"
    }
    func notionMappingValueDoesNotFit(property: String, database: String, page: String, value: String, expected: String) -> String {
        "property \"\(property)\" of \"\(database)\": the value \"\(value)\" (page \"\(page)\") does not fit \(expected)"
    }
    func notionMappingDuplicateKey(_ key: String, collection: String) -> String {
        "collection \"\(collection)\" has two fields with the key \"\(key)\""
    }
    func notionMappingDuplicateCollection(_ name: String) -> String { "two databases (or a database and the pages) map to the collection \"\(name)\"" }
    func notionMappingInvalidName(_ name: String, reason: String) -> String { "\"\(name)\" cannot be a name here: \(reason)" }
    func notionMappingUnknownRef(_ ref: String, property: String) -> String {
        "property \"\(property)\" refers to \"\(ref)\", which no database of the mapping (nor the pages) maps to"
    }
    func notionMappingUnknownTimeZone(_ zone: String) -> String { "unknown time zone \"\(zone)\" (an IANA name such as Europe/Berlin)" }
    func notionStoreRequired() -> String { "--store DIR is required: the store to import into (created when missing or empty)" }
    func notionMappingUnreadable(path: String, reason: String) -> String { "cannot read the mapping \(path): \(reason)" }
    func notionMappingUnwritable(path: String, reason: String) -> String { "cannot write the mapping \(path): \(reason)" }
    func notionMappingExists(path: String) -> String {
        "\(path) exists already; --plan does not overwrite a mapping that may have been edited: remove it or name another file with --mapping"
    }
    func notionForeignEntries(store: String, entries: [String]) -> String {
        let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", …" : "")
        return "the store \(store) holds \(entries.count) \(entries.count == 1 ? "entry" : "entries") that no Notion import made (\(shown)); an import replaces the store's content with the export's: import into a new or empty folder"
    }
    func notionPlanWritten(path: String, collections: [String]) -> String {
        "Wrote \(path): \(collections.count) \(collections.count == 1 ? "database" : "databases") as \(collections.count == 1 ? "collection" : "collections") \(collections.joined(separator: ", "))."
    }
    func notionPlanNext(path: String) -> String { "Review it, then import with: chronik import notion EXPORT --store DIR --mapping \(path)" }
    func notionCounts(rows: Int, databases: Int, pages: Int) -> String {
        "Read \(rows) \(rows == 1 ? "row" : "rows") of \(databases) \(databases == 1 ? "database" : "databases") and \(pages) \(pages == 1 ? "page" : "pages")."
    }
    func notionImported(store: String, version: String, message: String, created: Bool) -> String {
        (created ? "Created a chronik store in \(store)" : "Imported into \(store)") + ": version \(version) (\(message))."
    }
    func notionAlreadyImported(version: String) -> String { "Nothing to import: version \(version) already holds exactly this export." }
    func notionUnmappedHeading(_ count: Int) -> String { "Unmapped properties (\(count)):" }
    func notionUnresolvedHeading(_ count: Int) -> String { "Unresolved relations, left out (\(count)):" }
    func notionSkippedHeading(_ count: Int) -> String { "Skipped files (\(count)):" }
    func notionCollisionsHeading(_ count: Int) -> String { "Titles that give the same id, numbered (\(count)):" }
    func notionAttachmentsHeading(_ count: Int) -> String { "Attachments copied beside their entries (\(count)):" }
    func notionUnmappedDatabasesHeading(_ count: Int) -> String { "Databases not in the mapping, not imported (\(count)):" }
    func notionUnresolvedRelation(entry: String, property: String, target: String, pageID: String?, reason: String) -> String {
        let page = pageID.map { " (page \($0))" } ?? ""
        switch reason {
        case "ambiguous": return "\(entry), property \"\(property)\": several entries are titled \"\(target)\"\(page)"
        case "other-collection": return "\(entry), property \"\(property)\": \"\(target)\"\(page) is imported into another collection than the field refers to"
        case "itself": return "\(entry), property \"\(property)\": the page links itself, which an entry cannot"
        default: return "\(entry), property \"\(property)\": no entry for \"\(target)\"\(page)"
        }
    }
    func notionIDCollision(collection: String, id: String, titles: [String]) -> String {
        "\(collection)/\(id): " + titles.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    // MARK: - attachments of entries (issue 17) (helper attach17 adds here)

    func attachmentTooLarge(bytes: Int, limit: Int) -> String {
        "the attachment is \(bytes) bytes long; attachments may be at most \(limit) bytes (attachments: max_file_bytes in chronik.yml)"
    }
    func attachmentsTooLarge(bytes: Int, limit: Int) -> String {
        "the attachments of this version take \(bytes) bytes together; at most \(limit) bytes are allowed (attachments: max_total_bytes in chronik.yml)"
    }
    func attachmentWithoutEntry(_ entry: String) -> String {
        "attachments of an entry that does not exist: there is no \(entry); an entry's attachments live in the folder of its name, beside it"
    }
    func attachmentLinkMissing(target: String, path: String) -> String {
        "links to the attachment \(target), which does not exist (expected at \(path))"
    }

    func attachmentChange(_ change: AttachmentChange) -> String {
        let bytes = { (n: Int) in n == 1 ? "1 byte" : "\(n) bytes" }
        switch change.kind {
        case .added: return "attachment added: \(change.name)" + (change.newSize.map { " (\(bytes($0)))" } ?? "")
        case .removed: return "attachment removed: \(change.name)" + (change.oldSize.map { " (\(bytes($0)))" } ?? "")
        case .modified, .renamed:
            guard let old = change.oldSize, let new = change.newSize else { return "attachment modified: \(change.name)" }
            return "attachment modified: \(change.name) (\(old) → \(bytes(new)))"
        }
    }
    func notionAttachmentCopied(source: String, path: String, bytes: Int) -> String {
        "\(path) (\(bytes == 1 ? "1 byte" : "\(bytes) bytes"), from \(source))"
    }
    func diffAttachmentsHeading() -> String { "Attachments:" }
    // attachments in every output (helper attach17b)
    func attachmentsLabel() -> String { "Attachments" }
    func publicAttachmentChange(_ change: AttachmentChange) -> String {
        let size = { (n: Int) in AttachmentSize.words(n, decimalComma: false, bytes: n == 1 ? "byte" : "bytes") }
        switch change.kind {
        case .added: return "attachment added: \(change.name)" + (change.newSize.map { " (\(size($0)))" } ?? "")
        case .removed: return "attachment removed: \(change.name)"
        case .modified, .renamed:
            guard let old = change.oldSize, let new = change.newSize else { return "attachment changed: \(change.name)" }
            return "attachment changed: \(change.name) (\(size(old)) → \(size(new)))"
        }
    }
    func statAttachments(_ count: Int) -> String { count == 1 ? "1 attachment" : "\(count) attachments" }
    // (end of the attach17 section)

    // MARK: - pager and colour (issue 18) (helper term18 adds here)

    func pagerNotFound(_ command: String) -> String { "cannot run the pager \"\(command)\": no such program; printing without a pager" }
    func pagerNotStarted(_ command: String, reason: String) -> String { "cannot start the pager \"\(command)\": \(reason); printing without a pager" }

    // (end of the term18 section)

    // MARK: - JSON contract, JSON answers of every command (issue 18) (helper json18 adds here)

    // (end of the json18 section)

    // MARK: - chronik list, completion, manuals (issue 18) (helper list18 adds here)

    func listColumnTitle() -> String { "Title" }
    func listColumnID() -> String { "Id" }
    func listColumnCollection() -> String { "Collection" }
    func listColumnPath() -> String { "Path" }
    func listBoolean(_ value: Bool) -> String { value ? "yes" : "no" }
    func listUnknownField(_ field: String) -> String {
        "no field \"\(field)\" in the schema or in any entry listed (--where, --sort and --fields name fields)"
    }
    func listFieldsHint(_ fields: [String]) -> String { "fields: " + fields.joined(separator: ", ") }
    func listWrongValue(_ condition: String, field: String, value: String, kind: String) -> String {
        switch kind {
        case "number": return "--where \(condition): \"\(value)\" is not a number, and \(field) holds numbers"
        case "date": return "--where \(condition): \"\(value)\" is not a date (YYYY-MM-DD), and \(field) holds dates"
        default: return "--where \(condition): \"\(value)\" is neither true nor false, and \(field) holds yes or no"
        }
    }
    func listNotAllowed(_ condition: String, value: String, field: String, allowed: [String]) -> String {
        "--where \(condition): \"\(value)\" is not a value of \(field) (allowed: \(allowed.joined(separator: ", ")))"
    }
    func listNotOrdered(_ condition: String, field: String) -> String {
        "--where \(condition): <, >, <= and >= compare only dates and numbers, and \(field) holds neither"
    }
    func listBadCondition(_ condition: String) -> String {
        "--where \"\(condition)\" is not FIELD=VALUE (nor FIELD!=VALUE, <, >, <=, >=)"
    }
    func listBOMNeedsCSV() -> String { "--bom goes with --format csv (a byte order mark for spreadsheets)" }
    /// The help of `chronik list` (its case of `helpCommand`), here to keep the list18 section in one place.
    private func helpList() -> CommandHelp {
        CommandHelp(
            abstract: "List the entries of a collection as a table (or JSON, NDJSON, CSV).",
            discussion: """
                Reads the last version (or --at REV). The columns are the collection's: the schema's x-chronik-columns, \
                else chronik.yml's site.columns, else the title and the required fields; labels in the store's language. \
                Without COLLECTION: every entry of every collection, with title and path. Private fields are shown (this \
                is the team's view of its own store); --public leaves them out as public output does. JSON and NDJSON \
                carry every field of each entry (with --fields, only those); CSV the table's columns, with a header of \
                labels, as spreadsheets read it (RFC 4180, CRLF; --bom for Excel).

                Examples:
                  chronik list events
                  chronik list events --where status=laufend --sort -start
                  chronik list events --where "start>=2022-01-01" --where "start<2023-01-01"
                  chronik list results --fields title,date,status --resolve
                  chronik list events --format csv --bom > termine.csv
                  chronik list --at strategischer-rahmen --format json
                """,
            arguments: [
                "collection": "The collection (a folder named in chronik.yml); without it, every collection.",
                "conditions": "Only entries where FIELD=VALUE holds (also !=, and <, >, <=, >= on dates and numbers); several are all required.",
                "sort": "Sort by these fields (a,b); -FIELD descending. Default: by title.",
                "reverse": "Reverse the order.",
                "fields": "The columns, as field names (a,b); title, id, collection and path are always there.",
                "at": "List the entries as they were at this revision or date (default: the last version).",
                "resolve": "Show references by the referenced entry's title.",
                "publicOnly": "Leave out private fields and e-mail addresses, as public output does.",
                "format": "table, json, ndjson or csv.",
                "bom": "With --format csv: begin with a byte order mark, so that spreadsheets read UTF-8.",
            ])
    }

    // (end of the list18 section)

    // MARK: - publish (issue 15) (helper pub15 adds here)

    // (end of the pub15 section)

    // MARK: - scale (issue 19) (helper scale19 adds here)

    // (end of the scale19 section)

    // MARK: - start-up: chronik serve's own program (issue 19) (helper start19 adds here)

    func serveProgramMissing(_ path: String) -> String { "chronik serve needs the program chronik-serve beside chronik, at \(path): it is missing" }
    func serveProgramMissingHint() -> String { "install chronik-serve beside chronik (`make install` installs both)" }
    func serveProgramFailed(_ path: String, reason: String) -> String { "cannot run \(path): \(reason)" }

    // (end of the start19 section)

    /// "a", "a or b", "a, b or c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
    }
}

extension Messages {
    /// A JSON Schema format in English words ("date (YYYY-MM-DD)"), for the validator's language-neutral messages.
    public static func englishFormatName(_ format: String) -> String { EnglishMessages.formatName(format) }

    /// A JSON Schema type in English words ("a whole number"), for the validator's language-neutral messages.
    public static func englishTypeName(_ name: String) -> String { EnglishMessages.typeName(name) }
}

// Der deutsche Katalog: eine Funktion je Anforderung von `MessageCatalog` (Messages.swift), in derselben Reihenfolge.

struct GermanMessages: MessageCatalog {
    var language: StoreLanguage { .de }

    // MARK: - labels of public output: changelog, diff, site (helper labels16 adds here)

    // shared by changelog, diff and site

    func skipLink() -> String { "Zum Inhalt springen" }
    func madeFromHistory() -> String { "Erstellt von chronik aus der Versionsgeschichte." }
    func changelogTitle() -> String { "Änderungsprotokoll" }
    func releasesHeading() -> String { "Fassungen" }
    func versionsHeading() -> String { "Versionen" }
    func versionLabel() -> String { "Version" }
    func contributorsLabel() -> String { "Beteiligt" }

    func changeHeading(_ change: LabelChange) -> String {
        switch change {
        case .added: return "Neu"
        case .removed: return "Entfernt"
        case .renamed, .moved: return "Umbenannt oder verschoben"
        case .modified: return "Geändert"
        }
    }

    func noContentChanges() -> String { "Keine inhaltlichen Änderungen." }
    func textLabel() -> String { "Text" }
    func otherFiles() -> String { "Weitere Dateien" }
    func yesNo(_ value: Bool) -> String { value ? "ja" : "nein" }
    func listReordered() -> String { "neu geordnet" }

    // changelog

    func unreleased() -> String { "Unveröffentlicht" }
    func inRelease() -> String { "in:" }
    func wordCount(_ count: Int) -> String { "\(count) \(count == 1 ? "Wort" : "Wörter")" }
    func formattingChanged() -> String { "Formatierung geändert" }

    func formattingWhere(_ formatting: LabelFormatting) -> String {
        switch formatting {
        case .frontMatter: return "Kopfdaten (Kommentare, Reihenfolge, Anführungszeichen oder Leerzeichen), alle Werte gleich"
        case .body: return "Text (Leerzeichen oder Zeilenumbrüche), alle Wörter gleich"
        case .frontMatterAndBody: return "Kopfdaten und Text, alle Werte und Wörter gleich"
        }
    }

    func orderHeading(_ collection: String) -> String { "Reihenfolge: \(collection)" }

    func fileChanged(_ change: LabelChange) -> String {
        switch change {
        case .added: return "neu"
        case .removed: return "entfernt"
        case .modified, .renamed, .moved: return "geändert"
        }
    }

    func proseChange(wordsAdded: Int, wordsRemoved: Int, sectionsMoved: Int) -> String {
        var parts: [String] = []
        if wordsAdded > 0 { parts.append("\(wordsAdded) \(wordsAdded == 1 ? "Wort" : "Wörter") hinzugefügt") }
        if wordsRemoved > 0 { parts.append("\(wordsRemoved) entfernt") }
        if sectionsMoved > 0 { parts.append("\(sectionsMoved) \(sectionsMoved == 1 ? "Abschnitt" : "Abschnitte") verschoben") }
        return parts.isEmpty ? "Formatierung geändert" : parts.joined(separator: ", ")
    }

    func sectionMoved(_ section: LabelSection, old: Int, new: Int) -> String {
        switch section {
        case .moved: return "verschoben von Position \(old) auf \(new)"
        case .added: return "neu an Position \(new)"
        case .removed: return "entfernt (war an Position \(old))"
        case .unchanged: return "unverändert"
        }
    }

    func valueAdded(_ value: String) -> String { "neu: " + value }
    func valueRemoved(_ value: String) -> String { "entfernt (war: " + value + ")" }

    func shortDate(_ day: String) -> String {
        let parts = day.split(separator: "-")
        return parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : day
    }

    // diff (the pages for residents, and the terminal)

    func diffTitle(old: String, new: String?, words: (String) -> String) -> String {
        guard let new else { return words("Änderungen von ") + old + words(" zum Arbeitsverzeichnis") }
        return words("Änderungen von ") + old + words(" zu ") + new
    }

    func quoted(_ text: String) -> String { "„" + text + "“" }
    func diffNoChanges() -> String { "Keine Änderungen." }
    func diffFields() -> String { "Felder" }
    func diffField() -> String { "Feld" }
    func diffBefore() -> String { "Vorher" }
    func diffAfter() -> String { "Nachher" }
    func diffNone() -> String { "(kein Wert)" }
    func diffSection() -> String { "Abschnitt" }
    func diffChange() -> String { "Änderung" }
    func deletedCue() -> String { "gelöscht" }
    func insertedCue() -> String { "eingefügt" }
    func diffBoolean(_ value: Bool) -> String { value ? "ja" : "nein" }
    func documentOrder(_ collection: String) -> String { "\(collection): Reihenfolge im Dokument" }

    func entryChangeHeading(_ change: LabelChange) -> String {
        switch change {
        case .added: return "Neu"
        case .removed: return "Entfernt"
        case .modified: return "Geändert"
        case .renamed: return "Umbenannt"
        case .moved: return "Verschoben"
        }
    }

    func similar(percent: Int) -> String { "\(percent) % ähnlich" }

    func fileChangeKind(_ change: LabelChange) -> String {
        switch change {
        case .added: return "neu"
        case .removed: return "entfernt"
        case .modified, .renamed, .moved: return "geändert"
        }
    }

    func formattingSentence(_ formatting: LabelFormatting) -> String {
        switch formatting {
        case .frontMatter: return "Formatierung der Kopfdaten geändert (Kommentare, Reihenfolge, Anführungszeichen oder Leerzeichen); alle Werte sind gleich"
        case .body: return "Formatierung des Textes geändert (Leerzeichen oder Zeilenumbrüche); alle Wörter sind gleich"
        case .frontMatterAndBody: return "Formatierung der Kopfdaten und des Textes geändert; alle Werte und Wörter sind gleich"
        }
    }

    func formattingOnly(_ formatting: LabelFormatting) -> String {
        switch formatting {
        case .frontMatter: return "nur die Formatierung der Kopfdaten"
        case .body: return "nur die Formatierung des Textes"
        case .frontMatterAndBody: return "nur die Formatierung der Kopfdaten und des Textes"
        }
    }

    private enum Gender { case masculine, feminine, neuter }

    func blockHeading(_ change: LabelBlockChange, block: LabelBlock, oldLine: Int, newLine: Int, changed: Bool) -> String {
        let (noun, gender): (String, Gender)
        switch block {
        case .heading: (noun, gender) = ("Überschrift", .feminine)
        case .paragraph: (noun, gender) = ("Absatz", .masculine)
        case .listItem: (noun, gender) = ("Listenpunkt", .masculine)
        case .tableRow: (noun, gender) = ("Tabellenzeile", .feminine)
        case .codeBlock: (noun, gender) = ("Codeblock", .masculine)
        case .blockQuote: (noun, gender) = ("Zitat", .neuter)
        case .thematicBreak: (noun, gender) = ("Trennlinie", .feminine)
        case .html: (noun, gender) = ("HTML-Block", .masculine)
        case .other: (noun, gender) = ("Textblock", .masculine)
        }
        // Adjectives without an article take the strong endings: -er (masculine), -e (feminine), -es (neuter).
        let ending = gender == .masculine ? "er" : gender == .feminine ? "e" : "es"
        switch change {
        case .inserted: return "Eingefügt\(ending) \(noun), Zeile \(newLine)"
        case .deleted: return "Gelöscht\(ending) \(noun), alte Zeile \(oldLine)"
        case .modified: return "Geändert\(ending) \(noun), Zeile \(newLine)"
        case .moved: return "Verschoben\(ending)\(changed ? " und geändert\(ending)" : "") \(noun), Zeile \(oldLine) → \(newLine)"
        }
    }

    func sectionChange(_ section: LabelSection, old: Int, new: Int) -> String {
        switch section {
        case .unchanged: return "unverändert an Position \(new)"
        case .moved: return "verschoben von Position \(old) auf \(new)"
        case .added: return "neu an Position \(new)"
        case .removed: return "entfernt (war an Position \(old))"
        }
    }

    func diffTotals(_ totals: LabelTotals) -> String {
        func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) " + (count == 1 ? one : many) }
        var counts: [String] = []
        if totals.entriesModified > 0 { counts.append("\(totals.entriesModified) geändert") }
        if totals.entriesAdded > 0 { counts.append("\(totals.entriesAdded) neu") }
        if totals.entriesRemoved > 0 { counts.append("\(totals.entriesRemoved) entfernt") }
        if totals.entriesRenamed > 0 { counts.append("\(totals.entriesRenamed) umbenannt") }
        if totals.entriesMoved > 0 { counts.append("\(totals.entriesMoved) verschoben") }
        var parts = [n(totals.entries, "Eintrag", "Einträge") + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")]
        if totals.filesChanged > 0 { parts.append(n(totals.filesChanged, "weitere Datei", "weitere Dateien")) }
        parts.append("\(n(totals.wordsAdded, "Wort", "Wörter")) hinzugefügt, \(totals.wordsRemoved) entfernt")
        parts.append(n(totals.fieldsChanged, "Feld", "Felder") + " geändert")
        if totals.blocksMoved > 0 { parts.append(n(totals.blocksMoved, "Textblock", "Textblöcke") + " verschoben") }
        return parts.joined(separator: "; ")
    }

    // diff in the terminal (`--format text`, `--stat`)

    func terminalNoChanges() -> String { "keine Änderungen" }
    func terminalProblem(_ text: String) -> String { "Problem: " + text }

    func terminalEntry(_ change: LabelChange, entry: String, from: String?, similarity: Int?) -> String {
        guard let from else { return "\(entryChangeHeading(change)): \(entry)" }
        return "\(entryChangeHeading(change)): \(from) -> \(entry)" + (similarity.map { " (\(similar(percent: $0)))" } ?? "")
    }

    func terminalFile(_ change: LabelChange, path: String) -> String { "Datei \(fileChangeKind(change)): \(path)" }
    func terminalWas(_ id: String) -> String { "(vorher \(id))" }
    func terminalEntryTitled(_ line: String, title: String) -> String { line + " – " + title }
    func terminalItems(_ items: String, added: Bool) -> String { (added ? "neu: " : "entfernt: ") + items }
    func statKind(_ change: LabelChange, file: Bool) -> String {
        if file { return "Datei " + fileChangeKind(change) }
        switch change {
        case .added: return "neu"
        case .removed: return "entfernt"
        case .modified: return "geändert"
        case .renamed: return "umbenannt"
        case .moved: return "verschoben"
        }
    }

    func statWords(added: Int, removed: Int) -> String { "+\(added) -\(removed) Wörter" }
    func statFields(_ count: Int) -> String { "\(count) \(count == 1 ? "Feld" : "Felder")" }
    func statBlocksMoved(_ count: Int) -> String { "\(count) \(count == 1 ? "Textblock" : "Textblöcke") verschoben" }

    // log --fields

    func logAddedAs(_ entry: String) -> String { "angelegt als \(entry)" }
    func logRemoved() -> String { "entfernt" }
    func logMoved(_ change: LabelChange, from: String, to: String) -> String {
        change == .moved ? "verschoben von \(from) nach \(to)" : "umbenannt von \(from) in \(to)"
    }
    func logText(_ change: String) -> String { "Text: " + change }

    // site

    func siteNavigation() -> String { "Hauptnavigation" }
    func siteHome() -> String { "Startseite" }
    func siteCollections() -> String { "Sammlungen" }
    func siteEntries() -> String { "Einträge" }
    func siteDates() -> String { "Beteiligungstermine" }
    func siteUpcoming() -> String { "Aktuelle und kommende Termine" }
    func siteNoUpcoming() -> String { "Zurzeit sind keine Termine geplant." }
    func sitePastDates() -> String { "Frühere Termine" }
    func siteDate() -> String { "Datum" }
    func siteTitle() -> String { "Titel" }
    func siteStatus() -> String { "Status" }
    func siteLatestReleases() -> String { "Neueste Fassungen" }
    func siteLatestChanges() -> String { "Letzte Änderungen" }
    func siteRelease() -> String { "Fassung" }
    func siteSearch() -> String { "Suche" }
    func siteSearchLabel() -> String { "Suchbegriff" }
    func siteSearchButton() -> String { "Suchen" }
    func siteSearchFallback() -> String { "Die Suche braucht JavaScript. Ohne JavaScript finden Sie alle Einträge in den Tabellen der Sammlungen:" }
    func siteSearchNoResults(query: String) -> String { "Keine Treffer für „\(query)“." }
    func siteSearchResults(count: String, plural: Bool, query: String) -> String { "\(count) Treffer für „\(query)“." }
    func siteSearchFirstShown(count: String) -> String { "Die ersten \(count) werden gezeigt." }
    func siteSearchFailed() -> String { "Der Suchindex konnte nicht geladen werden." }
    func siteDetails() -> String { "Angaben" }
    func siteReferredBy() -> String { "Verweise auf diesen Eintrag" }
    func siteHistory() -> String { "Geschichte" }
    func siteNoHistory() -> String { "Keine Änderungen bekannt." }
    func siteUnresolved() -> String { "nicht gefunden" }
    func siteSortBy() -> String { "Sortieren und gruppieren nach" }
    func siteSortedBy() -> String { "sortiert nach" }
    func siteGroups() -> String { "Gruppen" }
    func siteDocument() -> String { "Als ein Dokument lesen" }
    func siteContents() -> String { "Inhalt" }
    func siteFeed() -> String { "Atom-Feed" }
    func siteChanges() -> String { "Änderungen" }
    func siteAsInRelease() -> String { "So war der Eintrag in dieser Fassung" }
    func siteReleasePage() -> String { "Zur Fassung" }
    func siteReleaseSite() -> String { "Die Website dieser Fassung" }
    func siteOtherVersions() -> String { "Andere Fassungen der Website" }
    func siteCurrent() -> String { "Aktuelle Fassung" }
    func siteNoEntries() -> String { "Keine Einträge." }
    func siteGenerated() -> String { "Erstellt von chronik aus der Versionsgeschichte des Wissensspeichers." }
    func siteEntryCount(_ count: Int) -> String { "\(count) \(count == 1 ? "Eintrag" : "Einträge")" }

    func siteDay(year: Int, month: Int, day: Int) -> String {
        let months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                      "November", "Dezember"]
        return "\(day). \(months[month - 1]) \(year)"
    }

    // MARK: - validation and gate

    func field(label: String?, key: String) -> String {
        guard let label, !label.isEmpty, label != key else { return key }
        return "\(label) (\(key))"
    }

    func listItem(_ number: Int) -> String { "Element \(number)" }

    func unknownCollection(folder: String, suggestions: [String]) -> String {
        var text = "„\(folder)“ ist keine in chronik.yml angelegte Sammlung"
        if !suggestions.isEmpty { text += "; meinten Sie " + suggestions.map { $0 + "/" }.joined(separator: " oder ") + "?" }
        return text
    }

    func outsideCollections() -> String {
        "gehört nicht in einen chronik-Speicher (erlaubt sind im Hauptordner: chronik.yml, schemas/, ein Ordner je Sammlung und die eigenen Dateien des Repositorys wie README, LICENSE, CONTRIBUTING, .gitignore und .github/)"
    }

    func mergeConflict() -> String {
        "enthält einen ungelösten Merge-Konflikt (<<<<<<< … >>>>>>>): den gewünschten Text behalten und die Markierungszeilen löschen"
    }

    func missingConfig() -> String { "chronik.yml fehlt" }

    func frontMatter(_ error: FrontMatterError) -> String {
        switch error {
        case let .fileTooLarge(bytes, limit):
            return "Die Datei ist \(bytes) Bytes groß; ein Eintrag darf höchstens \(limit) Bytes groß sein."
        case let .frontMatterTooLarge(bytes, limit):
            return "Der Kopfbereich (die Felder zwischen den beiden `---`-Zeilen) ist \(bytes) Bytes groß; erlaubt sind höchstens \(limit) Bytes."
        case .invalidUTF8:
            return "Diese Zeile enthält Bytes, die kein gültiger UTF-8-Text sind. Speichern Sie die Datei in der Kodierung UTF-8."
        case .nulByte:
            return "Diese Zeile enthält ein NUL-Zeichen (ein Null-Byte); ein Eintrag muss reiner Text sein."
        case .byteOrderMark:
            return "Die Datei beginnt mit einer Byte-Reihenfolge-Markierung (BOM). Speichern Sie sie als „UTF-8 ohne BOM“."
        case .missingFrontMatter:
            return "Die Datei hat keinen Kopfbereich: Ihre erste Zeile muss genau `---` lauten, gefolgt von den Feldern (`name: wert`) und einer weiteren Zeile `---`."
        case .unterminated:
            return "Der Kopfbereich, der hier beginnt, wird nie geschlossen: Fügen Sie nach dem letzten Feld eine Zeile hinzu, die nur `---` enthält."
        case let .malformedYAML(_, _, message):
            return yaml(YAMLTrouble(parserMessage: message), raw: message)
        case let .notAMapping(_, found):
            return "Der Kopfbereich muss eine Liste von Feldern der Form `name: wert` sein, ist aber \(found)."
        case let .tooManyNodes(_, limit):
            return "Der Kopfbereich enthält mehr als \(limit) Werte (jede Verwendung eines Alias `*name` mitgezählt); solche Dateien werden zum Schutz vor übergroßen oder böswilligen Eingaben abgelehnt."
        case let .tooManyKeys(_, limit):
            return "Dieser Abschnitt hat mehr als \(limit) Felder."
        case let .tooDeep(_, limit):
            return "Listen und Abschnitte sind mehr als \(limit) Ebenen tief verschachtelt."
        case .nonScalarKey:
            return "Ein Feldname muss einfacher Text sein. Listen, Abschnitte, Aliase (`*name`) und komplexe Schlüssel (`? …`) können keine Feldnamen sein."
        case .mergeKey:
            return "Der Merge-Schlüssel `<<` wird nicht unterstützt; schreiben Sie die Felder vollständig aus."
        case let .unsupportedTag(tag, _, _):
            return "Das Tag `\(tag)` wird nicht unterstützt. Erlaubt sind nur !!str, !!int, !!float, !!bool, !!null, !!seq und !!map."
        case let .invalidTaggedValue(tag, value, _, _):
            return "`\(value)` kann nicht als \(tag) gelesen werden."
        case let .duplicateKey(key, _, _):
            return "das Feld „\(key)“ steht zweimal im selben Abschnitt; behalten Sie eines davon"
        }
    }

    /// A YAML syntax error (`frontMatter`), by the table of `YAMLTrouble`.
    private func yaml(_ trouble: YAMLTrouble?, raw: String) -> String {
        switch trouble {
        case .colonInValue?:
            return "ein Wert mit „: “ darin braucht Anführungszeichen: schreiben Sie `name: \"Text: mehr Text\"`"
        case .tab?:
            return "die Zeile ist mit einem Tabulator eingerückt; YAML rückt nur mit Leerzeichen ein, ersetzen Sie den Tabulator durch Leerzeichen"
        case .unclosedQuote?:
            return "ein Anführungszeichen wird geöffnet, aber nie geschlossen: beenden Sie den Wert mit demselben Zeichen (\" oder '), mit dem er beginnt"
        case .badIndentation?:
            return "diese Zeile ist anders eingerückt als die Felder um sie herum: Felder beginnen am Zeilenanfang, Listeneinträge (`- …`) und fortgesetzte Zeilen sind um gleich viele Leerzeichen eingerückt"
        case .missingColon?:
            return "diese Zeile ist kein Feld: schreiben Sie `name: wert` (nach dem Namen ein Doppelpunkt und ein Leerzeichen)"
        case .unclosedBracket?:
            return "eine Liste `[…]` oder ein Abschnitt `{…}` wird geöffnet, aber nie geschlossen: ergänzen Sie `]` oder `}`, oder setzen Sie den Wert in Anführungszeichen"
        case .reservedCharacter?:
            return "der Wert beginnt mit einem Zeichen, das YAML vorbehalten ist (etwa @ oder `): setzen Sie den Wert in Anführungszeichen"
        case nil:
            return "der Kopfbereich ist kein gültiges YAML: \(raw)"
        }
    }

    func requiredMissing() -> String { "dieses Pflichtfeld fehlt" }

    func notAllowed(found: String, allowed: [String]) -> String {
        if allowed.count == 1 { return "muss \(allowed[0]) sein; gefunden: `\(found)`" }
        return "`\(found)` ist keiner der erlaubten Werte: \(allowed.joined(separator: ", "))"
    }

    func unknownField(name: String, collection: String, suggestions: [String], allowed: [String]) -> String {
        var text = "`\(name)` ist kein Feld der Einträge von \(collection)"
        if !suggestions.isEmpty { text += "; meinten Sie " + suggestions.map { "`\($0)`" }.joined(separator: " oder ") + "?" }
        return text + " (erlaubt: \(allowed.joined(separator: ", ")))"
    }

    func impossibleDate(value: String, year: Int, month: Int, days: Int) -> String {
        let months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                      "November", "Dezember"]
        return "`\(value)` ist kein Datum: der \(months[month - 1]) \(year) hat \(days) Tage"
    }

    func notADate(value: String) -> String {
        "`\(value)` ist kein Datum; schreiben Sie es als JJJJ-MM-TT (z. B. 2024-05-01)"
    }

    func problemsFound(problems: Int, files: Int, entriesChecked: Int, note: String?) -> String {
        "\(problems) \(problems == 1 ? "Problem" : "Probleme") in \(files) \(files == 1 ? "Datei" : "Dateien") (\(entriesChecked) \(entriesChecked == 1 ? "Eintrag" : "Einträge") geprüft\(note.map { "; " + $0 } ?? ""))"
    }

    func entriesValid(_ count: Int) -> String { "\(count) \(count == 1 ? "Eintrag" : "Einträge") gültig" }

    func plainRepositoryNote() -> String { "keine chronik.yml: ein einfaches Repository, keine Schemas geprüft" }

    func nothingWritten(problems: Int) -> String {
        "\(problems) \(problems == 1 ? "Problem" : "Probleme") im Speicher; es wurde nichts geschrieben:"
    }

    func nothingToCommit() -> String { "Nichts festzuhalten: der Arbeitsordner entspricht der letzten Fassung." }

    func recordedVersion(_ version: String, summary: String, added: Int, changed: Int, removed: Int, renamed: Int, otherFiles: Int) -> String {
        var parts: [String] = []
        if added > 0 { parts.append("\(added) neu") }
        if changed > 0 { parts.append("\(changed) geändert") }
        if removed > 0 { parts.append("\(removed) entfernt") }
        if renamed > 0 { parts.append("\(renamed) umbenannt") }
        if parts.isEmpty { parts.append("keine Einträge geändert") }
        if otherFiles > 0 { parts.append("\(otherFiles) \(otherFiles == 1 ? "weitere Datei" : "weitere Dateien")") }
        return "Fassung \(version) festgehalten: \(summary) (\(parts.joined(separator: ", ")))"
    }

    func onBranch(_ branch: String) -> String { "Auf Zweig \(branch)" }

    func plainStatusNote() -> String { "Keine chronik.yml: ein einfaches Repository, jede .md-Datei ein Eintrag (chronik init übernimmt es)." }

    func noVersionsYet() -> String { "Noch keine Fassungen." }

    func workingTreeClean(plain: Bool) -> String {
        plain ? "Keine Änderungen, der Arbeitsordner ist sauber." : "Nichts festzuhalten, der Arbeitsordner ist sauber."
    }

    func changesHeading(plain: Bool) -> String {
        plain ? "Noch nicht committete Änderungen:" : "Noch nicht festgehaltene Änderungen (chronik commit -m NACHRICHT):"
    }

    func refusedHeading(plain: Bool) -> String {
        plain ? "Nicht gezählt (ein Speicher würde sie ablehnen):" : "Abgelehnt (vor dem Festhalten beheben):"
    }

    func changeKind(_ kind: ChangeKind) -> String {
        switch kind {
        case .added: return "neu:       "
        case .modified: return "geändert:  "
        case .removed: return "entfernt:  "
        case .renamed: return "umbenannt: "
        }
    }

    // MARK: - errors of every layer (helper errors16 adds here)

    func errorPlace(line: Int, column: Int?) -> String {
        guard let column else { return "Zeile \(line)" }
        return "Zeile \(line), Spalte \(column)"
    }

    func notAStore(_ path: String) -> String { "kein chronik-Speicher (auch in keinem übergeordneten Ordner): \(path)" }
    func notAStoreHint() -> String {
        "rufen Sie chronik in einem Speicher auf, geben Sie --store ORDNER an oder legen Sie einen mit `chronik init` an"
    }
    func repositoryWithoutConfig(_ path: String) -> String {
        "\(path) ist ein Git-Repository, aber kein chronik-Speicher: es hat keine chronik.yml (`chronik init` macht es dort zu einem)"
    }
    func directoryNotEmpty(_ path: String) -> String {
        "\(path) ist nicht leer und kein chronik-Speicher; wählen Sie einen leeren oder neuen Ordner"
    }
    func storeLocked(_ lockFile: String, waited: Double) -> String {
        "der Speicher lässt sich nicht sperren: \(lockFile) ist vorhanden (\(Self.seconds(waited)) s gewartet); ein anderer Vorgang schreibt in dieses Repository"
    }
    func lockHint() -> String {
        "wenn kein git- oder chronik-Befehl läuft, entfernt `chronik doctor` Sperrdateien, die ein abgebrochener Vorgang hinterlassen hat"
    }
    func raceLost(attempts: Int) -> String {
        "der Zweig hat sich während des Speicherns ständig bewegt (\(attempts) Versuche); andere schreiben gerade, versuchen Sie es noch einmal"
    }
    func detachedHead() -> String {
        "HEAD zeigt auf keinen Zweig; wechseln Sie vor dem Speichern auf einen Zweig (etwa `git switch main`)"
    }
    func bareRepository(_ path: String) -> String { "\(path) ist ein Repository ohne Arbeitsverzeichnis (bare); chronik braucht eines" }
    func badRevision(_ spec: String, reason: String) -> String { "unbekannte Revision „\(spec)“: \(reason)" }
    func entryNotFound(_ spec: String, revision: String?, reason: String) -> String {
        entryNotFound(spec, revision: revision) + ": " + reason
    }
    func ambiguousEntry(_ spec: String, candidates: [String]) -> String {
        "„\(spec)“ bezeichnet mehrere Einträge: \(candidates.joined(separator: ", ")); schreiben Sie Sammlung/Id"
    }
    func noAuthor() -> String {
        "kein Autor: geben Sie --author \"Name <E-Mail>\" an oder setzen Sie `git config user.name` und `git config user.email`"
    }
    func fileFailed(_ path: String, reason: String) -> String { path.isEmpty ? reason : "\(path): \(reason)" }
    func hookFailed(_ hook: String, reason: String) -> String {
        "der Hook \(hook) hat abgelehnt oder ist gescheitert (\(reason)); nichts wurde gespeichert"
    }
    func signingFailed(_ program: String, reason: String) -> String {
        "das Signieren mit \(program) ist gescheitert: \(reason); nichts wurde gespeichert"
    }
    func writeFailed(_ path: String, failure: WriteFailure) -> String {
        "\(path) lässt sich nicht schreiben: \(writeFailure(failure)); nichts wurde gespeichert"
    }
    func writeFailure(_ failure: WriteFailure) -> String {
        switch failure {
        case .noSpace: return "kein Platz mehr auf dem Datenträger"
        case .readOnly: return "das Dateisystem ist schreibgeschützt"
        case .permissionDenied: return "keine Berechtigung"
        case .quotaExceeded: return "das Speicherkontingent ist erschöpft"
        case .ioError: return "Ein-/Ausgabefehler des Datenträgers"
        }
    }
    func unreadableObject(_ id: String, path: String?, version: String?, reason: String) -> String {
        var place: [String] = []
        if let path { place.append(path) }
        if let version { place.append("in Version \(version)") }
        let location = place.isEmpty ? "" : " (\(place.joined(separator: " ")))"
        return "das Objekt \(id)\(location) lässt sich nicht lesen: \(reason)"
    }
    func damagedRepositoryHint() -> String {
        "das Repository ist beschädigt; `git fsck --full` nennt, was fehlt oder defekt ist"
    }
    func gitFailed(operation: String, message: String) -> String { "Git ist gescheitert (\(operation)): \(message)" }
    func pathProblem(_ problem: PathProblem) -> String {
        switch problem {
        case let .invalidID(id, reason): return "ungültige Id „\(id)“: \(reason)"
        case let .unknownCollection(name): return unknownCollection(folder: name, suggestions: [])
        case .notMarkdown: return "Einträge müssen Markdown-Dateien mit der Endung .md sein"
        case .nestedTooDeep:
            return "Einträge liegen direkt im Ordner ihrer Sammlung (<sammlung>/<id>.md), nicht in Unterordnern"
        case .attachmentTooDeep:
            return "Anhänge liegen direkt im Ordner mit dem Namen ihres Eintrags (<sammlung>/<id>/<datei>), nicht in Unterordnern"
        case let .invalidAttachmentName(name, reason): return "der Anhangname „\(name)“ ist nicht erlaubt: \(reason)"
        case .unexpectedFile: return outsideCollections()
        case .symlink: return "symbolische Links sind in einem Speicher nicht erlaubt"
        case .executable: return "Dateien eines Speichers dürfen nicht ausführbar sein (chmod -x)"
        case .submodule: return "Submodule sind in einem Speicher nicht erlaubt"
        case .notAFile: return "keine gewöhnliche Datei"
        }
    }
    func workingTreeFile(_ error: WorkingTreeFileError) -> String {
        switch error {
        case .missing: return "ist nicht vorhanden"
        case .symbolicLink(nil): return pathProblem(.symlink)
        case .symbolicLink(let folder?): return pathProblem(.symlink) + " (\(folder) ist einer)"
        case .notRegularFile(let kind):
            switch kind {
            case .folder: return "keine gewöhnliche Datei (ein Ordner)"
            case .namedPipe: return "keine gewöhnliche Datei (eine benannte Pipe, FIFO)"
            case .device: return "keine gewöhnliche Datei (ein Gerät)"
            case .socket: return "keine gewöhnliche Datei (ein Socket)"
            case .unknown: return "keine gewöhnliche Datei"
            }
        case let .tooLarge(bytes, limit): return frontMatter(.fileTooLarge(bytes: bytes, limit: limit))
        case .unreadable(let reason): return "lässt sich nicht lesen: \(reason)"
        }
    }
    func jsonSyntax(line: Int, column: Int, reason: String) -> String {
        "\(errorPlace(line: line, column: column)): kein gültiges JSON: \(reason)"
    }

    func importMissingFolder(_ path: String) -> String { "Ordner nicht gefunden: \(path)" }
    func importNotAFolder(_ path: String) -> String { "\(path) ist eine Datei, kein Ordner mit Ständen" }
    func importUnreadable(_ path: String, reason: String) -> String { "\(path) lässt sich nicht lesen: \(reason)" }
    func importNoSnapshots(_ path: String) -> String {
        "\(path) enthält keine Ordner mit Ständen (jeder Stand ist ein Unterordner mit chronik.yml, schemas/ und den Einträgen)"
    }
    func importInvalidSnapshots(problems: Int) -> String {
        "\(problems) \(problems == 1 ? "Problem" : "Probleme") in den Ständen; nichts wurde geschrieben:"
    }
    func importUncommittedChanges(_ path: String) -> String {
        "der Speicher \(path) hat ungespeicherte Änderungen, die der Import überschreiben würde; speichern Sie sie zuerst mit `chronik commit` (oder verwerfen Sie sie)"
    }

    func noVersions() -> String { "das Repository hat noch keine Versionen" }
    func notAnAncestor(_ from: String, _ to: String) -> String { "\(from) ist kein Vorgänger von \(to)" }
    func noWorkingTree() -> String { "das Repository hat kein Arbeitsverzeichnis; geben Sie zwei Revisionen an" }

    func schemaRoot() -> String { "der Wurzel des Schemas" }
    func schemaUnknownMetaSchema(_ uri: String) -> String {
        "unbekanntes $schema \(uri): unterstützt wird nur JSON Schema Draft 2020-12 (https://json-schema.org/draft/2020-12/schema)"
    }
    func schemaUnresolvedReference(_ uri: String, at place: String) -> String {
        "der Verweis \(uri) bei \(place) lässt sich nicht auflösen: kein solches Schema bekannt (Schemas werden nie heruntergeladen)"
    }
    func schemaInvalidKeyword(_ keyword: String, at place: String, reason: String) -> String {
        "ungültiges \(keyword) bei \(place): \(reason)"
    }
    func schemaInvalidPattern(_ pattern: String, at place: String, reason: String) -> String {
        "ungültiges Muster \(pattern) bei \(place): \(reason)"
    }
    func schemaTooDeep(at place: String, limit: Int) -> String {
        "das Schema ist bei \(place) tiefer als \(limit) Ebenen verschachtelt"
    }
    func schemaUnsupportedVocabulary(_ uri: String) -> String {
        "das Meta-Schema verlangt das Vokabular \(uri), das nicht unterstützt wird"
    }

    func moveSourceMissing(_ id: String, path: String) -> String {
        "kein Eintrag \(id) (\(path) ist im Arbeitsverzeichnis nicht vorhanden)"
    }
    func moveTargetExists(_ path: String) -> String {
        "\(path) ist schon vorhanden; wählen Sie eine andere Id oder entfernen Sie zuerst jenen Eintrag"
    }
    func moveSameEntry(_ id: String) -> String { "\(id) heißt bereits so" }
    func moveReferencesCannotFollow(_ id: String, toCollection: String, fromCollection: String, referrers: [String]) -> String {
        "\(id) kann nicht in die Sammlung \(toCollection) umziehen: \(referrers.joined(separator: ", ")) verweisen darauf über Felder, die Einträge von \(fromCollection) nennen; entfernen Sie zuerst diese Verweise"
    }
    func moveCannotReadReferences(problems: Int) -> String {
        "Verweise lassen sich nicht suchen: \(problems) \(problems == 1 ? "Problem" : "Probleme") im Speicher; nichts wurde geändert:"
    }

    func siteIntroductionNotFound(_ name: String) -> String {
        "chronik.yml: site.introduction: „\(name)“ ist in dieser Version weder ein Eintrag (Sammlung/Id) noch eine .md-Datei des Speichers"
    }
    func themeMissing(_ name: String) -> String { "Theme: die Vorlage \(name).mustache fehlt" }
    func themeTemplate(_ file: String, line: Int, column: Int, reason: String) -> String {
        "Theme: \(file):\(line):\(column): die Vorlage lässt sich nicht lesen (\(reason))"
    }
    func themeNotAFolder(_ path: String) -> String { "Theme: \(path) ist kein Ordner" }
    func themeUnreadable(_ path: String, reason: String) -> String { "Theme: \(path) lässt sich nicht lesen: \(reason)" }
    func themeUnknownFile(_ path: String, expected: [String]) -> String {
        "Theme: \(path) ist keine Theme-Datei (erwartet: \(Self.or(expected)))"
    }
    func themeHint() -> String { "`chronik publish --export-theme ORDNER` schreibt das Standard-Theme als Ausgangspunkt" }
    func siteTargetNotAFolder(_ path: String) -> String {
        "\(path) ist kein Ordner (eine Datei, ein symbolischer Link oder ein Gerät): chronik publish schreibt eine Website nur in einen Ordner"
    }
    func siteNotASite(_ path: String, manifest: String) -> String {
        "\(path) ist ein Ordner mit Dateien, die nicht von chronik veröffentlicht wurden (keine \(manifest)): er wird nicht ersetzt"
    }
    func siteNotASiteHint() -> String {
        "veröffentlichen Sie in einen neuen oder leeren Ordner oder in einen, den chronik schon einmal geschrieben hat"
    }
    func siteWriteFailed(_ path: String, reason: String) -> String {
        "\(path) lässt sich nicht schreiben: \(reason); die bisherige Website ist unverändert"
    }
    func siteTemporaryFileUnreadable(reason: String) -> String {
        "die temporäre Datei der Website, die gerade entsteht, lässt sich nicht zurücklesen: \(reason); die bisherige Website ist unverändert"
    }

    func schemaRule(_ rule: SchemaRule) -> String {
        switch rule {
        case .noValueAllowed: return "hier ist kein Wert erlaubt"
        case let .type(expected, found):
            return "muss \(expected.isEmpty ? "nichts" : Self.or(expected.map(Self.typeName))) sein; gefunden: \(Self.found(found))"
        case let .const(expected, found): return "muss \(expected) sein; gefunden: `\(found)`"
        case let .multipleOf(divisor, found): return "muss ein Vielfaches von \(divisor) sein; gefunden: \(found)"
        case let .minimum(limit, found, exclusive):
            return exclusive ? "muss größer als \(limit) sein; gefunden: \(found)" : "muss mindestens \(limit) sein; gefunden: \(found)"
        case let .maximum(limit, found, exclusive):
            return exclusive ? "muss kleiner als \(limit) sein; gefunden: \(found)" : "darf höchstens \(limit) sein; gefunden: \(found)"
        case let .minLength(limit, found):
            return "muss mindestens \(limit) Zeichen lang sein; gefunden: \(found)"
        case let .maxLength(limit, found): return "darf höchstens \(limit) Zeichen lang sein; gefunden: \(found)"
        case let .patternInputTooLong(pattern, length, limit):
            return "ist zu lang, um mit dem Muster \(pattern) geprüft zu werden (\(length) Zeichen, Grenze \(limit))"
        case let .pattern(pattern, found): return "muss dem Muster \(pattern) entsprechen; gefunden: `\(found)`"
        case let .format(format, found): return "muss \(Self.formatName(format)) sein; gefunden: `\(found)`"
        case let .minItems(limit, found):
            return "muss mindestens \(limit) \(limit == 1 ? "Element" : "Elemente") haben; gefunden: \(found)"
        case let .maxItems(limit, found):
            return "darf höchstens \(limit) \(limit == 1 ? "Element" : "Elemente") haben; gefunden: \(found)"
        case let .uniqueItems(first, second, value):
            return "darf nichts doppelt enthalten; Element \(first) und \(second) sind beide `\(value)`"
        case let .minProperties(limit, found):
            return "muss mindestens \(limit) \(limit == 1 ? "Feld" : "Felder") haben; gefunden: \(found)"
        case let .maxProperties(limit, found):
            return "darf höchstens \(limit) \(limit == 1 ? "Feld" : "Felder") haben; gefunden: \(found)"
        case let .dependentRequired(field, present):
            return "das Feld `\(field)` fehlt; es ist Pflicht, wenn `\(present)` angegeben ist"
        case let .not(found): return "darf dem Schema unter not nicht entsprechen; gefunden: `\(found)`"
        case let .schemaTooDeep(limit): return "das Schema ist zu tief verschachtelt, um geprüft zu werden (mehr als \(limit) Ebenen)"
        case .schemaLoop: return "das Schema verweist in einer Schleife auf sich selbst, ohne einen Teil des Werts zu prüfen"
        case let .containsTooFew(minimum, found):
            return "muss mindestens \(minimum) \(minimum == 1 ? "Element" : "Elemente") enthalten, die dem Schema unter contains entsprechen; gefunden: \(found)"
        case let .containsTooMany(maximum, found):
            return "darf höchstens \(maximum) \(maximum == 1 ? "Element" : "Elemente") enthalten, die dem Schema unter contains entsprechen; gefunden: \(found)"
        case let .fieldNotAllowed(name): return "das Feld `\(name)` ist hier nicht erlaubt"
        case let .itemNotAllowed(position, allowed):
            return "an Stelle \(position) ist kein Element erlaubt" + (allowed.map { " (höchstens \($0) \($0 == 1 ? "Element" : "Elemente"))" } ?? "")
        case let .noAlternative(count, reasons, _):
            guard let reasons else { return "muss einer der \(count) erlaubten Möglichkeiten entsprechen, entspricht aber keiner" }
            return "muss einer der erlaubten Möglichkeiten entsprechen, aber " + reasons.enumerated().map { index, rules in
                "Möglichkeit \(index + 1) scheitert: " + rules.map(schemaRule).joined(separator: " und ")
            }.joined(separator: "; ")
        case let .severalAlternatives(first, second):
            return "muss genau einer der Möglichkeiten entsprechen, entspricht aber Möglichkeit \(first) und \(second)"
        }
    }

    func notBefore(field: String, earlier: String, later: String) -> String {
        "darf nicht vor \(field) (\(earlier)) liegen; gefunden: `\(later)`"
    }
    func referenceToItself(_ target: String) -> String {
        "verweist auf den Eintrag selbst (\(target)); ein Eintrag kann nicht auf sich selbst verweisen"
    }
    func referenceMissing(id: String, path: String) -> String { "verweist auf `\(id)`, aber es gibt keinen Eintrag \(path)" }
    func stillReferenced(by referrers: [String], renamedTo: String?) -> String {
        let list = referrers.joined(separator: ", "), verb = referrers.count == 1 ? "verweist" : "verweisen"
        guard let renamedTo else { return "ist entfernt, aber \(list) \(verb) noch darauf; entfernen Sie zuerst diese Verweise" }
        return "ist in \(renamedTo) umbenannt, aber \(list) \(verb) noch darauf; passen Sie diese Verweise an (`chronik mv` benennt einen Eintrag um und schreibt seine Verweise mit um)"
    }
    func notUnique(collection: String, others: [String], value: String) -> String {
        "muss in \(collection) eindeutig sein, aber \(others.joined(separator: ", ")) \(others.count == 1 ? "hat" : "haben") denselben Wert `\(value)`"
    }
    func schemaFileMissing(_ path: String) -> String { "die Schemadatei \(path) ist nicht vorhanden" }
    func schemaNotJSON(reason: String) -> String { "ist kein gültiges JSON: \(reason)" }
    func schemaNotObject() -> String { "ein Schema muss ein JSON-Objekt sein" }
    func schemaNotValid(reason: String) -> String { "ist kein gültiges JSON Schema (Draft 2020-12): \(reason)" }

    func configProblem(_ problem: ConfigProblem) -> String {
        switch problem {
        case let .unknownSetting(key, section, known):
            return "unbekannte Einstellung „\(key)“\(section.map { " unter " + $0 } ?? "") (bekannt: \(known.joined(separator: ", ")))"
        case .titleText: return "„title“ muss ein nicht leerer Text sein"
        case .languageValue: return "„language“ muss de oder en sein"
        case .collectionsShape: return "„collections“ muss jedem Sammlungsnamen seine Einstellungen zuordnen"
        case let .collectionName(name, reason): return "Sammlung „\(name)“: \(reason)"
        case let .schemaPath(collection):
            return "„schema“ muss eine .json-Datei in schemas/ nennen, etwa schemas/\(collection).schema.json"
        case .labelText: return "eine Bezeichnung (label) muss ein Text sein"
        case let .wrongType(key): return "„\(key)“ hat den falschen Typ"
        case let .collectionSettingsShape(collection): return "die Einstellungen der Sammlung „\(collection)“ müssen ein Abschnitt mit Feldern sein"
        case .publicURL: return "„public_url“ muss eine http- oder https-Adresse sein, etwa https://example.org/strategie/"
        case .introduction: return "„introduction“ muss einen Eintrag (Sammlung/Id) oder eine Markdown-Datei des Speichers nennen"
        case let .notACollection(name): return "„\(name)“ ist keine Sammlung"
        case .columnsList: return "die Spalten müssen eine Liste von Feldnamen sein, etwa [title, status]"
        case .columnName: return "eine Spalte muss ein Feldname sein"
        case .siteShape: return "„site“ muss ein Abschnitt mit Feldern sein, etwa {introduction: README.md}"
        case .tagPatternText: return "ein Tag-Muster muss ein Text sein, etwa \"v*\""
        case let .tagPatternList(key): return "„\(key)“ muss eine Liste von Tag-Mustern sein, etwa [\"v*\"]"
        case .tagPatternEmpty: return "ein Tag-Muster muss ein nicht leerer Text ohne Steuerzeichen sein"
        case .releasesShape: return "„releases“ muss ein Abschnitt mit Feldern sein, etwa {tags: [\"v*\"], exclude: [\"*-rc*\"]}"
        }
    }

    /// Ein JSON-Schema-Typ in Worten.
    private static func typeName(_ name: String) -> String {
        switch name {
        case "string": return "Text"
        case "integer": return "eine ganze Zahl"
        case "number": return "eine Zahl"
        case "boolean": return "true oder false"
        case "array": return "eine Liste"
        case "object": return "ein Abschnitt mit Feldern"
        case "null": return "leer"
        default: return name
        }
    }

    /// Was ein Wert ist, nach „gefunden:“.
    private static func found(_ found: SchemaRule.Found) -> String {
        switch found {
        case .null: return "kein Wert"
        case .bool(let value): return value ? "true" : "false"
        case .number(let literal): return "die Zahl \(literal)"
        case .text(let text): return "der Text `\(text)`"
        case .list: return "eine Liste"
        case .mapping: return "ein Abschnitt mit Feldern"
        }
    }

    /// Ein Format in Worten.
    private static func formatName(_ format: String) -> String {
        switch format {
        case "date": return "ein Datum JJJJ-MM-TT"
        case "time": return "eine Uhrzeit HH:MM:SS mit Zeitzone (etwa 14:30:00Z)"
        case "date-time": return "ein Datum mit Uhrzeit (etwa 2024-05-01T14:30:00Z)"
        case "duration": return "eine Dauer (etwa P3D oder PT2H)"
        case "email": return "eine E-Mail-Adresse"
        case "uri": return "eine Webadresse (etwa https://example.org/seite)"
        case "uri-reference": return "eine URI-Referenz"
        case "ipv4": return "eine IPv4-Adresse"
        case "ipv6": return "eine IPv6-Adresse"
        case "uuid": return "eine UUID"
        case "regex": return "ein regulärer Ausdruck"
        default: return "ein gültiges \(format)"
        }
    }

    func unknownOption(_ option: String) -> String { "unbekannte Option \(option)" }
    func unexpectedArguments(_ arguments: [String]) -> String {
        (arguments.count == 1 ? "unerwartetes Argument " : "unerwartete Argumente ") + arguments.map { "„\($0)“" }.joined(separator: ", ")
    }
    func missingArgument(_ argument: String) -> String { "es fehlt das Argument \(argument)" }
    func missingValue(_ option: String) -> String { "\(option) braucht einen Wert" }
    func invalidValue(_ value: String, option: String, allowed: [String]) -> String {
        let head = "„\(value)“ ist kein gültiger Wert für \(option)"
        return allowed.isEmpty ? head : head + "; erlaubt: " + allowed.joined(separator: ", ")
    }
    func internalError(_ description: String) -> String {
        "chronik ist unerwartet gescheitert: \(description); das ist ein Fehler in chronik, bitte melden Sie ihn"
    }

    /// Sekunden mit einer Nachkommastelle: „5,0“.
    private static func seconds(_ value: Double) -> String {
        let tenths = Int((max(0, value) * 10).rounded())
        return "\(tenths / 10),\(tenths % 10)"
    }

    // (end of the errors section)

    // MARK: - new, init, names

    func templateIntroduction() -> String {
        "Pflichtfelder zuerst: jedes hinter seinem Doppelpunkt ausfüllen. Zeilen mit # am Anfang sind Hinweise; der Text des Eintrags steht unter der abschließenden Zeile ---."
    }
    func templateOptionalFields() -> String {
        "Freiwillige Felder: um eines zu nutzen, das # am Anfang seiner Feldzeilen entfernen (nicht bei den Hinweisen)."
    }
    func templateRequired() -> String { "Pflichtfeld" }
    func templateAllowedValues(_ values: [String]) -> String { "erlaubte Werte: " + values.joined(separator: ", ") }
    func templateKind(_ kind: TemplateFieldKind) -> String {
        switch kind {
        case .text: return "Text"
        case .date: return "ein Datum JJJJ-MM-TT"
        case .dateTime: return "Datum und Uhrzeit JJJJ-MM-TTThh:mm:ss+01:00"
        case .uri: return "eine Webadresse (https://…)"
        case .email: return "eine E-Mail-Adresse"
        case .integer(let minimum, let maximum): return "eine ganze Zahl" + Self.range(minimum, maximum)
        case .number(let minimum, let maximum): return "eine Zahl" + Self.range(minimum, maximum)
        case .boolean: return "true (ja) oder false (nein)"
        case .reference(let collection): return "die Id eines Eintrags aus „\(collection)“"
        case .pattern(let pattern): return "Text nach dem Muster \(pattern)"
        case .list(let inner):
            let head = "eine Liste, ein Wert je Zeile nach „  - “"
            switch inner {
            case .text, .other: return head
            default: return head + ", jeweils " + templateKind(inner)
            }
        case .other: return "siehe das Schema der Sammlung"
        }
    }
    private static func range(_ minimum: String?, _ maximum: String?) -> String {
        switch (minimum, maximum) {
        case let (min?, max?): return " von \(min) bis \(max)"
        case let (min?, nil): return " ab \(min)"
        case let (nil, max?): return " bis \(max)"
        case (nil, nil): return ""
        }
    }
    func templateNotBefore(_ field: String) -> String { "nicht vor \(field)" }
    func templateExample(_ value: String) -> String { "Beispiel: \(value)" }
    func templatePrivate() -> String { "privat: erscheint nie in öffentlichen Ausgaben" }

    func newCreated(_ path: String) -> String { "angelegt: \(path)" }
    func unknownCollection(_ name: String, collections: [String]) -> String {
        "„\(name)“ ist keine Sammlung dieses Speichers (Sammlungen: \(collections.joined(separator: ", ")))"
    }
    func didYouMeanName(_ candidates: [String]) -> String {
        "meinten Sie " + candidates.map { "„\($0)“" }.joined(separator: " oder ") + "?"
    }
    func invalidID(_ id: String, suggestion: String?) -> String {
        let rule = "„\(id)“ ist keine gültige Id (Kleinbuchstaben a-z, Ziffern und -, höchstens 100 Zeichen, nicht mit - am Anfang)"
        guard let suggestion else { return rule }
        return rule + "; versuchen Sie „\(suggestion)“"
    }
    func entryExists(_ path: String, suggestion: String) -> String {
        "\(path) gibt es schon; wählen Sie eine andere Id, etwa „\(suggestion)“"
    }
    func newNeedsIDOrTitle() -> String {
        "Geben Sie die Id des neuen Eintrags an oder einen Titel, aus dem sie gebildet wird: chronik new SAMMLUNG ID oder chronik new SAMMLUNG --title TEXT"
    }
    func newNoIDFromTitle(_ title: String) -> String {
        "aus dem Titel „\(title)“ lässt sich keine Id bilden (er hat keine Buchstaben a-z oder Ziffern); geben Sie die Id an: chronik new SAMMLUNG ID --title TEXT"
    }
    func newEditorFailed(_ editor: String, status: Int32, path: String) -> String {
        "der Editor „\(editor)“ endete mit Status \(status); der Eintrag bleibt in \(path)"
    }
    func newProblems(_ count: Int) -> String {
        "\(count) Problem\(count == 1 ? "" : "e") (oben): Felder ausfüllen, dann `chronik validate` aufrufen"
    }
    func newValid() -> String { "der Eintrag ist gültig; mit `chronik commit -m NACHRICHT` als Version festhalten" }
    func schemaUnreadable(_ path: String, reason: String) -> String {
        "das Schema \(path) lässt sich nicht lesen: \(reason); `chronik validate` nennt das Problem"
    }

    func invalidReleaseName(_ name: String, suggestion: String?) -> String {
        let rule = "„\(name)“ ist kein gültiger Release-Name (keine Leerzeichen, keines von ~ ^ : ? * [ \\, kein .., nicht mit - am Anfang oder . oder / am Ende)"
        guard let suggestion else { return rule }
        return rule + "; versuchen Sie „\(suggestion)“"
    }
    func unknownCommand(_ name: String) -> String { "„\(name)“ ist kein chronik-Befehl" }
    func commandListHint() -> String { "`chronik --help` listet die Befehle auf" }
    func entryNotFound(_ spec: String, revision: String?) -> String {
        guard let revision else { return "kein Eintrag „\(spec)“" }
        return "kein Eintrag „\(spec)“ in \(revision)"
    }
    func lastVersion(_ id: String) -> String { "der letzten Version (\(id))" }
    func entryInUnknownCollection(_ spec: String, collection: String) -> String {
        "kein Eintrag „\(spec)“: „\(collection)“ ist keine Sammlung"
    }
    func unknownRevision(_ spec: String) -> String {
        "unbekannte Revision „\(spec)“: kein Release, Zweig oder Version dieses Namens und kein Datum"
    }
    func moveTargetForm(_ example: String) -> String { "der neue Name muss Sammlung/Id sein, etwa \(example)" }
    func storeCreated(_ path: String, version: String, folders: [String]) -> String {
        "Chronik-Speicher angelegt in \(path) (Version \(version), Zweig main), mit einem Ordner je Sammlung: \(folders.joined(separator: ", "))"
    }

    // chronik diff

    func diffUnknownName(_ name: String, old: String, new: String) -> String {
        "kein Eintrag, keine Sammlung und kein Ordner „\(name)“ in \(old) oder \(new)"
    }

    func diffNameSuggestion(_ candidates: [String]) -> String {
        "meinten Sie " + Self.or(candidates) + "?"
    }

    // MARK: - commands: status, log, show, diff, changelog, releases, release, import, init, demo, help (helper cli16 adds here)

    // Optionen, die abgelehnt werden, bevor ein Befehl läuft.

    func languageOption(_ option: String, value: String?) -> String {
        guard let value else { return "\(option) muss de oder en sein" }
        return "\(option) muss de oder en sein, nicht „\(value)“"
    }
    func optionAtLeast(_ option: String, _ minimum: Int) -> String { "\(option) muss mindestens \(minimum) sein" }
    func optionNotNegative(_ option: String) -> String { "\(option) muss 0 oder größer sein" }
    func optionBetween(_ option: String, _ low: Int, _ high: Int) -> String { "\(option) muss zwischen \(low) und \(high) liegen" }
    func optionURL(_ option: String, got: String?) -> String {
        var text = "\(option) muss eine http- oder https-Adresse ohne Leerzeichen, Anführungszeichen und Fragment (#) sein, z. B. https://example.org/strategie/"
        if let got { text += " (angegeben: „\(got)“)" }
        return text
    }
    func badDateOption(_ value: String) -> String {
        "--date „\(value)“ ist kein Datum nach ISO 8601 (z. B. 2022-03-01 oder 2022-03-01T10:00:00+01:00)"
    }
    func badAuthorOption(_ value: String) -> String { "--author muss die Form „Name <E-Mail>“ haben, nicht „\(value)“" }
    func emptyMessage() -> String { "die Nachricht (-m) darf nicht leer sein" }
    func signingFormatUnsupported(_ format: String) -> String {
        "gpg.format „\(format)“ wird nicht unterstützt; chronik signiert mit openpgp oder ssh"
    }
    func signingNeedsKey() -> String { "Signieren mit ssh braucht einen Schlüssel: `git config user.signingkey PFAD` setzen" }
    func usageHint(_ command: String) -> String { "`\(command) --help` zeigt, wie der Befehl aufgerufen wird" }

    // Mehrere Befehle.

    func noVersions(plain: Bool) -> String { plain ? "das Repository hat noch keine Versionen" : "der Speicher hat noch keine Versionen" }
    func notARepository(_ path: String) -> String { "kein Git-Repository: \(path)" }
    func notARepositoryHint() -> String { "chronik in einem Repository aufrufen oder --store ORDNER angeben" }
    func plainUnknownCollection(_ name: String, collections: [String]) -> String {
        let shown = collections.map { $0.isEmpty ? "„“ (der Hauptordner)" : $0 }
        return "„\(name)“ ist keine Sammlung dieses Repositorys (Sammlungen: \(shown.joined(separator: ", ")))"
    }
    func changeCounts(added: Int, changed: Int, removed: Int, renamed: Int, otherFiles: Int) -> String {
        var parts: [String] = []
        if added > 0 { parts.append("\(added) hinzugefügt") }
        if changed > 0 { parts.append("\(changed) geändert") }
        if removed > 0 { parts.append("\(removed) entfernt") }
        if renamed > 0 { parts.append("\(renamed) umbenannt") }
        if parts.isEmpty { parts.append("keine Einträge geändert") }
        if otherFiles > 0 { parts.append("\(otherFiles) \(otherFiles == 1 ? "andere Datei" : "andere Dateien")") }
        return parts.joined(separator: ", ")
    }
    func revisionNotAVersion() -> String { "der Name bezeichnet einen Ordnerbaum oder eine Datei, keine Version" }
    func revisionNoSuchName() -> String { "kein Tag, Zweig oder Commit dieses Namens" }
    func revisionAmbiguous() -> String { "mehrdeutig: mehrere Objekte beginnen so; mehr Zeichen angeben" }
    func revisionInvalid() -> String { "keine gültige Revision" }

    // chronik log

    func logFieldsNeedsEntry() -> String { "--fields braucht einen Eintrag" }
    func logMerge() -> String { "(Zusammenführung)" }
    func logRenamedFrom(_ entry: String) -> String { "umbenannt, vorher \(entry)" }
    func logChanged() -> String { "geändert" }

    // chronik show

    func noVersionAtOrBefore(_ date: String) -> String { "keine Version am oder vor \(date); die erste ist später" }

    // chronik release, releases

    func releaseExists(_ name: String) -> String { "ein Release oder Tag „\(name)“ gibt es schon" }
    func releaseExistsHint() -> String { "einen neuen Namen wählen; `chronik releases` zeigt die vorhandenen" }
    func releaseInvalid(_ version: String, problems: Int) -> String {
        "Version \(version) ist nicht gültig (\(problems) \(problems == 1 ? "Problem" : "Probleme")); es wurde kein Tag angelegt"
    }
    func releaseCreated(_ name: String, tag: String, version: String, summary: String) -> String {
        "Release \(name) (\(tag)) benennt Version \(version): \(summary)"
    }
    func releaseAlsoNamed(_ names: [String]) -> String { "(auch: \(names.joined(separator: ", ")))" }
    func tagPatternMatchesNothing(_ pattern: String) -> String { "--tag-pattern „\(pattern)“ passt auf kein Tag" }
    func tagPatternHint() -> String { "`git tag --list` zeigt die Tags; Muster sind Platzhaltermuster wie 'v*'" }
    func tagNotAVersion(_ name: String) -> String {
        "Tag „\(name)“ zeigt auf einen Ordnerbaum oder eine Datei, nicht auf eine Version: kein Release"
    }

    // chronik mv

    func moveRenamed(from: String, to: String) -> String { "umbenannt:    \(from) -> \(to)" }
    func moveRewrote(_ path: String, fields: String) -> String { "angepasst:    \(path) (\(fields))" }
    func moveDone(references: Int) -> String {
        "\(references) \(references == 1 ? "Verweis" : "Verweise") angepasst; die Änderung mit `chronik commit -m NACHRICHT` festhalten."
    }

    // chronik diff

    func diffPublicPatch() -> String {
        "--public lässt sich nicht mit --format patch verbinden: ein Patch muss jede Änderung enthalten, um anwendbar zu sein"
    }
    func diffStatFormat() -> String { "--stat geht mit --format text oder json" }
    func diffTooManyRevisions() -> String { "höchstens zwei Revisionen vor --" }
    func diffUnknownRevisionOrEntry(_ name: String, reason: String) -> String {
        "unbekannte Revision oder unbekannter Eintrag „\(name)“: \(reason), und kein Eintrag dieses Namens"
    }
    func diffRevisionOrEntryHint() -> String {
        "Revisionen sind Tags, Zweige oder Commit-IDs (chronik log zeigt sie); Einträge heißen sammlung/id"
    }
    func diffBinaryNotPatched() -> String { "Binärdateien werden genannt, aber nicht in den Patch aufgenommen; git apply lehnt sie ab" }
    func diffFileNotRead(_ path: String, reason: String) -> String { "\(path) wurde nicht gelesen: \(reason)" }
    func diffFilesNotRead(_ count: Int) -> String {
        count == 1 ? "1 Datei des Arbeitsordners wurde nicht gelesen; chronik commit lehnt sie ebenfalls ab"
            : "\(count) Dateien des Arbeitsordners wurden nicht gelesen; chronik commit lehnt sie ebenfalls ab"
    }
    func diffPatchFileHint() -> String { "ein Patch enthält jede geänderte Datei ganz; diese kann nicht Teil davon sein" }

    // chronik changelog

    func stylesheetNeedsHTML() -> String { "--stylesheet gilt nur für --format html" }
    func stylesheetUnreadable(_ path: String, reason: String) -> String { "das Stylesheet \(path) lässt sich nicht lesen: \(reason)" }
    func changelogNotAncestor(from: String, to: String, fromID: String, toID: String) -> String {
        "--from „\(from)“ ist kein Vorgänger von --to „\(to)“ (\(fromID) ist von \(toID) aus nicht erreichbar)"
    }
    func changelogNotAncestorHint() -> String {
        "das Änderungsprotokoll eines Bereichs zeigt die Versionen von git log VON..BIS; VON muss eine ältere Version aus der Geschichte von BIS sein"
    }

    // chronik init

    func initHasConfig(_ path: String) -> String { "\(path) hat schon eine chronik.yml; chronik init überschreibt sie nie" }
    func initHasConfigHint() -> String { "chronik.yml und schemas/ von Hand bearbeiten, dann chronik validate aufrufen" }
    func initAlreadyStore(_ path: String) -> String { "\(path) ist schon ein chronik-Speicher; nichts zu tun" }
    func initSampleTakesAll() -> String {
        "--sample nimmt Titel, Sprache, Autorinnen und Daten aus dem Beispiel; --title, --language, --author und --date weglassen"
    }
    func initSampleNoAdoptOptions() -> String {
        "--infer-schemas und --commit gelten für die Übernahme eines vorhandenen Repositorys, nicht mit --sample"
    }
    func initSampleCreated(_ path: String, sample: String, versions: Int, tags: [String]) -> String {
        "chronik-Speicher in \(path) mit dem Beispiel \(sample) angelegt: \(versions) Versionen, Tags \(tags.joined(separator: ", ")) (Zweig main)"
    }
    func notADirectory(_ path: String) -> String { "\(path) ist kein Ordner" }
    func initConfigOutsideRepository(_ path: String) -> String {
        "\(path) hat schon eine chronik.yml (ist aber nicht der Hauptordner eines Git-Repositorys mit Arbeitsordner); chronik init überschreibt sie nie"
    }
    func initInsideRepository(_ path: String, root: String) -> String {
        "\(path) liegt im Git-Repository \(root); chronik init in dessen Hauptordner aufrufen, um es zu übernehmen"
    }
    func initFileExists(_ path: String) -> String { "\(path) gibt es schon; chronik init überschreibt nie etwas" }
    func initUncommitted() -> String {
        "der Arbeitsordner hat nicht festgehaltene Änderungen; zuerst diese festhalten, oder --commit weglassen und die neuen Dateien prüfen"
    }
    func initUncommittedHint() -> String { "--commit hält nur die Übernahme fest (chronik.yml und Schemas)" }
    func initCannotCommit(_ count: Int) -> String {
        "die Übernahme kann nicht festgehalten werden: \(count) \(count == 1 ? "Datei passt" : "Dateien passen") nicht zu den Regeln des Speichers (oben genannt); nichts wurde geschrieben"
    }
    func initCannotCommitHint() -> String { "sie korrigieren oder entfernen, oder --commit weglassen und prüfen" }
    func initAdopted(_ path: String, description: String, version: String?) -> String {
        "\(path) als chronik-Speicher übernommen: \(description)" + (version.map { " (Version \($0))" } ?? "")
    }
    func initAdoptedDefaults(collections: [String], language: String) -> String {
        "kein Ordner enthält Markdown-Dateien, daher wurden die Standard-Sammlungen (\(collections.joined(separator: ", "))) und -Schemas übernommen; Beschriftungen auf \(language)"
    }
    func initAdoptedCollections(_ counts: [(name: String, entries: Int)], language: String) -> String {
        let parts = counts.map { "\($0.name) (\($0.entries) \($0.entries == 1 ? "Eintrag" : "Einträge"))" }
        return "Sammlungen \(parts.joined(separator: ", ")); Beschriftungen auf \(language)"
    }
    func initCreatedGit() -> String { "Dort wurde ein Git-Repository angelegt (Zweig main)." }
    func initWrote(_ files: [String]) -> String {
        "\(files.joined(separator: ", ")) geschrieben; nichts wurde festgehalten oder verschoben."
    }
    func initReview() -> String { "Bitte prüfen, dann `chronik validate` und `chronik commit -m NACHRICHT` aufrufen." }
    func initKept(_ files: [String]) -> String { "Die eigenen Dateien des Repositorys bleiben: \(files.joined(separator: ", "))" }
    func initForeignFiles(_ path: String, files: [String]) -> String {
        "\(path) enthält Dateien, die ein chronik-Speicher nicht aufnehmen kann, und keinen Ordner mit Markdown-Einträgen zum Übernehmen: \(files.joined(separator: ", ")); nichts wurde geschrieben"
    }
    func initForeignFilesHint() -> String {
        "ein neuer Speicher darf README, LICENSE, CONTRIBUTING, .gitignore, .gitattributes und .github/ behalten; die anderen Dateien aus dem Repository entfernen (oder in einen Sammlungsordner mit Markdown-Einträgen legen), dann chronik init erneut aufrufen"
    }

    // chronik import

    func importCreated(_ store: String, source: String) -> String { "chronik-Speicher in \(store) aus \(source) angelegt:" }
    func importInto(_ store: String, source: String) -> String { "Import von \(source) in \(store):" }
    func importVersion(_ id: String) -> String { "Version \(id)" }
    func importAlready(_ id: String) -> String { "schon importiert als \(id)" }
    func importUnchanged(_ id: String) -> String { "gleich wie die Version davor (\(id))" }
    func importTag(_ name: String, created: Bool) -> String { created ? ", Tag \(name)" : " (Tag \(name))" }
    func importNothing() -> String { "Nichts zu importieren: jeder Stand ist schon in der Geschichte." }
    func importRecorded(versions: Int, tags: Int) -> String {
        "\(versions) \(versions == 1 ? "Version" : "Versionen") und \(tags) \(tags == 1 ? "Tag" : "Tags") festgehalten."
    }

    // chronik demo

    func demoNotTheSample(_ path: String) -> String {
        "\(path) ist ein Speicher, der nicht das Beispiel enthält; einen leeren oder neuen Ordner wählen"
    }
    func cannotCreateTemporaryFolder(_ path: String, reason: String?) -> String {
        "in \(path) lässt sich kein temporärer Ordner anlegen" + (reason.map { ": \($0)" } ?? "")
    }
    func demoTitle(drafts: Int) -> String {
        "chronik demo: der Wissensspeicher des Berliner Smart-City-Strategieprozesses, in \(drafts) Entwürfen"
    }
    func demoStoreHeading() -> String { "Der Speicher (ein gewöhnliches Git-Repository):" }
    func demoStoreSize(title: String, entries: Int, collections: Int) -> String {
        "\(title): \(entries) Einträge in \(collections) Sammlungen"
    }
    func demoVersionsHeading() -> String { "Versionen, neueste zuerst (chronik log):" }
    func demoReleasesHeading() -> String { "Releases, älteste zuerst (annotierte Tags):" }
    func demoLastTwo(old: String, new: String) -> String { "Die letzten zwei Entwürfe im Vergleich (chronik diff \(old) \(new) --stat):" }
    func demoChangelogHeading(_ folder: String) -> String {
        "Das öffentliche Änderungsprotokoll, je Entwurf (chronik changelog), geschrieben nach \(folder):"
    }
    func demoSiteHeading(_ folder: String) -> String { "Die öffentliche Website des Speichers (chronik publish), geschrieben nach \(folder):" }
    func demoServeComment() -> String { "dieselbe Website unter http://127.0.0.1:4000/, neu gebaut, wenn sich der Speicher ändert" }
    func demoTryHeading() -> String { "Selbst ausprobieren:" }
    func demoTryComments() -> [String] {
        ["die Versionen, die einen Eintrag geändert haben", "die Geschichte eines Eintrags, über seine Umbenennung hinweg",
         "ein Eintrag, wie er in einem Entwurf war", "was sich zwischen zwei Entwürfen geändert hat, Wort für Wort",
         "das öffentliche Änderungsprotokoll, je Entwurf, Wort für Wort", "dieselbe Geschichte, wie git sie sieht"]
    }

    // chronik publish, serve

    func publishNeedsOutput() -> String { "den Ordner für die Veröffentlichung mit -o ORDNER angeben" }
    func published(version: String, release: String?, target: String, written: Int, total: Int, unchanged: Int, removed: Int, rendered: Int, releaseSites: Int) -> String {
        var line = "\(version)"
        if let release { line += " (\(release))" }
        line += " nach \(target) veröffentlicht: \(written) von \(total) Dateien geschrieben (\(unchanged) unverändert, \(removed) entfernt; \(rendered) erzeugt)"
        if releaseSites > 0 { line += "; \(releaseSites) Release-Websites unter v/" }
        return line
    }
    func publishedOpen(_ home: String, folder: String) -> String { "\(home) öffnen oder mit `chronik serve --folder \(folder)` bereitstellen" }
    func themeFileExists(_ path: String) -> String { "\(path) gibt es schon: wird nicht überschrieben" }
    func themeFileExistsHint() -> String { "in einen neuen Ordner exportieren" }
    func themeExported(files: Int, folder: String) -> String { "Standard-Theme (\(files) Dateien) nach \(folder) geschrieben" }
    func serveFolderAlone() -> String {
        "--folder stellt einen veröffentlichten Ordner bereit, wie er ist: REV, --store, --lang und --theme gelten dann nicht"
    }
    func serveNotAFolder(_ path: String) -> String { "\(path) ist kein Ordner" }
    func serveNotAFolderHint() -> String { "den Ordner angeben, den `chronik publish` geschrieben hat" }
    func serveNoVersions() -> String { "der Speicher hat noch keine Versionen: nichts zu veröffentlichen" }
    func serveSiteOf(_ what: String) -> String { "die Website von \(what)" }
    func serving(_ description: String, port: Int) -> String {
        "Stelle \(description) unter http://127.0.0.1:\(port)/ bereit (Strg-C beendet)"
    }
    func serveStopped() -> String { "Beendet." }
    func serveRebuilt(_ version: String, seconds: Double) -> String {
        "chronik serve: neu gebaut für \(version) in \(String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ",")) s"
    }
    func serveCannotListen(port: Int, reason: String?) -> String {
        "127.0.0.1:\(port) lässt sich nicht öffnen" + (reason.map { ": \($0)" } ?? "")
    }
    func serveCannotListenHint() -> String { "mit --port einen anderen Port wählen (0 wählt einen freien)" }

    // chronik doctor, und die Prüfung vor jedem Schreiben

    func doctorWriterRunning() -> String { "ein chronik-Schreibvorgang läuft (er hält .git/chronik.lock): nichts wurde geändert" }
    func doctorRemoved(_ path: String, age: Int) -> String { "entfernt:     \(path) (verwaist, vor \(age) s geschrieben)" }
    func doctorStale(_ path: String, age: Int) -> String { "verwaist:     \(path) (vor \(age) s geschrieben; würde entfernt)" }
    func doctorKept(_ path: String, reason: String?) -> String { "behalten:     \(path) (\(reason ?? "vielleicht in Gebrauch"))" }
    func doctorInterrupted(_ command: String) -> String { "unterbrochen: `\(command)`" }
    func doctorUndo(_ path: String, dryRun: Bool) -> String { (dryRun ? "würde zurücknehmen: " : "zurückgenommen: ") + path }
    func doctorChangedSince(_ path: String) -> String { "seither geändert, bleibt wie es ist: " + path }
    func doctorWouldUndo() -> String { "`chronik doctor` nimmt es zurück" }
    func doctorUndone() -> String { "das unterbrochene mv wurde zurückgenommen; bitte erneut aufrufen" }
    func doctorJournalKept() -> String {
        "das Journal .git/chronik/mv-journal bleibt; diese Dateien prüfen, dann `chronik doctor --force` aufrufen"
    }
    func doctorFine() -> String { "keine verwaisten Sperrdateien, kein unterbrochenes mv: der Speicher ist in Ordnung" }
    func staleLockRemoved(_ path: String, age: Int) -> String {
        "\(path) entfernt, eine Sperrdatei eines abgebrochenen Schreibvorgangs (vor \(age) s geschrieben, kein chronik-Schreibvorgang läuft)"
    }
    func interruptedMoveUndone(_ command: String, restored: Int) -> String {
        "`\(command)` wurde unterbrochen und zurückgenommen (\(restored) \(restored == 1 ? "Datei" : "Dateien") wiederhergestellt); bei Bedarf erneut aufrufen"
    }
    func interruptedMoveStuck(_ command: String, conflicts: [String]) -> String {
        "`\(command)` wurde unterbrochen und lässt sich nicht von selbst zurücknehmen: \(conflicts.joined(separator: ", ")) seither geändert"
    }
    func interruptedMoveStuckHint() -> String { "diese Dateien prüfen, dann `chronik doctor --force` aufrufen" }
    func lockHeld(_ path: String, age: Int) -> String {
        "\(path) existiert (vor \(age) s geschrieben): ein anderer Prozess schreibt sie, oder einer wurde abgebrochen; nichts wurde geschrieben"
    }
    func lockHeldHint(staleAfter: Int) -> String {
        "wenn kein git- oder chronik-Befehl läuft, entfernt `chronik doctor` sie, sobald sie \(staleAfter) s alt ist (`chronik doctor --force` sofort)"
    }

    // Hilfetexte.

    func helpChronik() -> CommandHelp {
        CommandHelp(
            abstract: "Den Wissensspeicher einer öffentlichen Strategie in Git führen: Versionen, Prüfung, lesbare Vergleiche und Änderungsprotokolle.",
            discussion: """
                Ein Speicher ist ein Git-Repository von Einträgen: je Eintrag eine Markdown-Datei mit YAML-Kopfbereich, \
                in einem Ordner je Sammlung (siehe docs/store-format.md).

                Meldungen und Hilfe gibt es auf Deutsch und Englisch: --lang, wo ein Befehl es hat, sonst CHRONIK_LANG, \
                LC_ALL, LC_MESSAGES oder LANG, sonst die Sprache des Speichers.

                Im Terminal zeigen log, show, diff, changelog, list und releases ihre Ausgabe seitenweise über \
                CHRONIK_PAGER, core.pager, PAGER oder less; `chronik -P <Befehl>` (oder --no-pager danach) gibt sie \
                ohne Pager aus.

                Exit-Codes: 0 Erfolg, 1 Eingabe oder Inhalt fehlerhaft, 2 falscher Aufruf, 3 Fehler des Speichers oder intern.

                Beispiele:
                  chronik init mein-speicher --title "Wissensspeicher" --language de
                  chronik new events --title "Forum Digitalstrategie"
                  chronik help log
                """)
    }

    func helpSharedOptions() -> [String: String] {
        [
            "store": "Der Ordner des Speichers (Standard: der aktuelle Ordner oder ein übergeordneter).",
            "format": "Ausgabeformat: text oder json.",
            "lang": "Die Sprache der Meldungen: de oder en (Standard: CHRONIK_LANG, die Locale, dann die Sprache des Speichers).",
            "author": "Die Autorin oder der Autor, „Name <E-Mail>“ (Standard: git config user.name und user.email).",
            "date": "Das Datum der Version nach ISO 8601 (z. B. 2022-03-01T10:00:00+01:00); Standard: jetzt.",
            "sign": "Mit gpg oder ssh signieren wie git (gpg.format, user.signingkey); Standard: wie commit.gpgsign oder tag.gpgsign es sagen.",
            "patterns": "Nur Tags, die auf dieses Muster passen, sind Releases (wie git describe --match; mehrfach möglich; ersetzt releases.tags aus chronik.yml).",
            "excluded": "Tags, die auf dieses Muster passen, sind keine Releases, z. B. '*-rc*' (mehrfach möglich; ersetzt releases.exclude aus chronik.yml).",
            "color": "Farbe: auto (ein Terminal oder der Pager, TERM nicht dumb, NO_COLOR nicht gesetzt), always oder never (Vorgabe: color.<Befehl> und color.ui aus der Git-Konfiguration, sonst auto).",
            "noPager": "Die Ausgabe nicht seitenweise zeigen (Vorgabe: über CHRONIK_PAGER, core.pager, PAGER oder less, wenn die Ausgabe ein Terminal ist).",
        ]
    }

    func helpCommand(_ command: HelpedCommand) -> CommandHelp {
        switch command {
        case .`init`:
            return CommandHelp(
                abstract: "Einen neuen Speicher anlegen, oder ein vorhandenes Repository oder einen Ordner mit Markdown-Dateien als Speicher übernehmen.",
                discussion: """
                    In einem fehlenden oder leeren Ordner: ein Git-Repository auf dem Zweig main mit chronik.yml, den \
                    Standard-Schemas, einem Ordner je Sammlung und einer ersten Version. Ein frisch geklontes Repository, das nur \
                    README, LICENSE, CONTRIBUTING, .gitignore, .gitattributes oder .github/ enthält, wird ebenso ein Speicher \
                    und behält diese Dateien. Mit --sample berlin enthält der Speicher stattdessen das eingebaute Berliner \
                    Beispiel mit seiner ganzen Geschichte (eine Version und ein Tag je Entwurf). \
                    In einem vorhandenen Repository (oder Ordner) mit Markdown-Dateien: übernimmt es. Schreibt chronik.yml mit \
                    einer Sammlung je Ordner der obersten Ebene, der .md-Dateien enthält (und mit --infer-schemas aus deren \
                    Kopfbereichen abgeleitete Schemas), nennt jede Datei, die nicht zu den Regeln des Speichers passt, \
                    verschiebt nichts und hält nur mit --commit eine Version fest. Eine vorhandene chronik.yml wird nie \
                    überschrieben.

                    Beispiele:
                      chronik init mein-speicher --title "Wissensspeicher" --language de
                      chronik init --infer-schemas          # das Repository hier übernehmen
                      chronik init --sample berlin beispiel
                    """,
                arguments: [
                    "directory": "Der Ordner (Standard: der aktuelle): fehlend, leer, ein vorhandenes Repository oder ein Ordner zum Übernehmen, oder schon ein Speicher.",
                    "title": "Der Titel des Speichers (Standard: Wissensspeicher; beim Übernehmen der Name des Ordners).",
                    "language": "Die Sprache der Beschriftungen öffentlicher Ausgaben: de oder en (Standard: de; beim Übernehmen aus dem Inhalt erkannt, sonst en).",
                    "inferSchemas": "Beim Übernehmen: auch schemas/<sammlung>.schema.json schreiben, abgeleitet aus den Kopfbereichen der Einträge.",
                    "commit": "Beim Übernehmen: chronik.yml und die Schemas gleich als Version festhalten (sonst bleiben sie zur Durchsicht liegen).",
                    "sample": "Den Speicher stattdessen mit der Geschichte eines eingebauten Beispiels anlegen: berlin.",
                ])
        case .new:
            return CommandHelp(
                abstract: "Einen neuen Eintrag nach dem Schema seiner Sammlung schreiben, im Editor öffnen und prüfen.",
                discussion: """
                    Schreibt SAMMLUNG/ID.md: zuerst die Pflichtfelder, jedes mit einem Kommentar mit Beschriftung, \
                    Beschreibung, erlaubten Werten oder Format und einem Beispiel; darunter die optionalen Felder, \
                    auskommentiert. Ohne ID wird sie aus --title gebildet (Kleinbuchstaben, ä→ae, ö→oe, ü→ue, ß→ss, andere \
                    Buchstaben ohne Akzente, - zwischen Wörtern). Ein vorhandener Eintrag wird nie überschrieben. Dann öffnet \
                    chronik $VISUAL (sonst $EDITOR), wenn das Terminal interaktiv ist (CHRONIK_EDITOR, wenn gesetzt, immer: für \
                    Skripte), prüft den Eintrag und nennt, was noch fehlt. Siehe docs/authoring.md.

                    Beispiele:
                      chronik new events --title "Forum Digitalstrategie"
                      chronik new glossary betriebsmodell --no-edit
                    """,
                arguments: [
                    "collection": "Die Sammlung (ein in chronik.yml genannter Ordner), z. B. events.",
                    "id": "Die ID des neuen Eintrags (Standard: aus --title gebildet).",
                    "title": "Der Titel des Eintrags: wird in das Titelfeld der Sammlung geschrieben, und die ID daraus gebildet.",
                    "noEdit": "Keinen Editor öffnen.",
                ])
        case .status:
            return CommandHelp(
                abstract: "Nicht festgehaltene Änderungen je Eintrag zeigen, und Dateien, die chronik nicht festhalten würde.",
                discussion: """
                    Beispiele:
                      chronik status
                      chronik status --format json
                    """)
        case .commit:
            return CommandHelp(
                abstract: "Jede Änderung des Arbeitsordners (Einträge, chronik.yml, Schemas) als eine neue Version festhalten.",
                discussion: """
                    Prüft zuerst (wie chronik validate); ist etwas ungültig, wird nichts geschrieben.

                    Beispiele:
                      chronik commit -m "Glossar: Betriebsmodell"
                      chronik commit -m "Entwurf" --author "Ada Muster <ada@example.org>"
                    """,
                arguments: [
                    "message": "Die Nachricht, die diese Version beschreibt.",
                    "runHooks": "Die pre-commit- und commit-msg-Hooks des Repositorys ausführen wie git (sonst führt chronik keinen Hook aus).",
                ])
        case .log:
            return CommandHelp(
                abstract: "Versionen zeigen, neueste zuerst, mit ihren Änderungen; mit einem Eintrag nur die Versionen, die ihn geändert haben (auch über Umbenennungen).",
                discussion: """
                    Beispiele:
                      chronik log
                      chronik log glossary/betriebsmodell --fields
                      chronik log --collection events --limit 5
                    """,
                arguments: [
                    "entry": "Ein Eintrag: sammlung/id, oder eine ID, die über alle Sammlungen eindeutig ist.",
                    "collection": "Nur Versionen, die Einträge dieser Sammlung geändert haben.",
                    "limit": "Höchstens so viele Versionen zeigen.",
                    "at": "Bei dieser Revision beginnen statt bei HEAD.",
                    "fields": "Mit einem Eintrag: je Version die geänderten Felder (mit ihren Beschriftungen) und wie viel vom Text sich geändert hat.",
                    "lang": "Die Sprache der Meldungen und Feldbeschriftungen: de oder en (Standard: CHRONIK_LANG, die Locale, dann die Sprache in chronik.yml, sonst aus dem Inhalt erkannt).",
                    "noCache": "Den Zwischenspeicher der Änderungen nicht lesen oder schreiben (.git/chronik/log-cache, darf gelöscht werden).",
                    "format": "Ausgabeformat: text, json oder ndjson (eine Version je Zeile, jede geschrieben, sobald sie gefunden ist).",
                    "publicOnly": "Öffentliche Ausgabe (docs/privacy.md): keine privaten Feldwerte, keine E-Mail-Adressen, Nachrichten ohne Trailer.",
                ])
        case .show:
            return CommandHelp(
                abstract: "Einen Eintrag zeigen, wie er bei einer Revision war (Standard: die letzte Version).",
                discussion: """
                    Beispiele:
                      chronik show glossary/betriebsmodell
                      chronik show strategy/vision --at ambitionen
                      chronik show strategy/vision --at 2022-03-01
                    """,
                arguments: [
                    "entry": "Der Eintrag: sammlung/id, oder eine ID, die über alle Sammlungen eindeutig ist.",
                    "at": "Die Revision (ein Tag, Zweig, eine Commit-ID (oder ihr Anfang), HEAD~2, …) oder ein Datum (2022-03-01, oder ISO 8601): die letzte Version an oder vor diesem Datum.",
                ])
        case .`import`:
            return CommandHelp(
                abstract: "Inhalte von anderswo in einen Speicher übernehmen.",
                discussion: """
                    Beispiele:
                      chronik import snapshots entwuerfe --store mein-speicher
                    """)
        case .importSnapshots:
            return CommandHelp(
                abstract: "Einen Ordner mit Ständen in Geschichte verwandeln: eine Version je Stand, in der Reihenfolge der Ordnernamen.",
                discussion: """
                    Jeder Unterordner von ORDNER ist ein vollständiger Speicher (chronik.yml, schemas/, Einträge) mit einer \
                    optionalen version.yml (date, author, message, tag). Alles wird geprüft, bevor etwas geschrieben wird. Der \
                    Speicher wird angelegt, wenn es ihn nicht gibt; ein zweiter Lauf fügt nichts hinzu. Siehe docs/import.md.

                    Beispiele:
                      chronik import snapshots entwuerfe --store mein-speicher
                    """,
                arguments: [
                    "directory": "Der Ordner mit den Ständen, ein Unterordner je Version.",
                    "store": "Der Speicher, in den importiert wird; angelegt, wenn er fehlt oder leer ist (Standard: der Speicher um den aktuellen Ordner, sonst der aktuelle Ordner).",
                ])
        case .importNotion:
            return CommandHelp(
                abstract: "Einen Notion-Export (Zip oder Ordner, Markdown & CSV oder HTML) als eine neue Version in einen Speicher holen.",
                discussion: """
                    Jede Datenbank wird eine Sammlung, jede Eigenschaft ein Feld (Typen aus allen Zeilen erschlossen), freie \
                    Seiten die Sammlung `pages`. --plan schreibt die vorgeschlagene Zuordnung (notion-mapping.yml) zur Durchsicht \
                    und sonst nichts; --mapping wendet eine durchgesehene an. Ein späterer Export desselben Notion-Arbeitsbereichs \
                    wird die nächste Version, mit genau dem, was sich geändert hat. Siehe docs/import-notion.md.

                    Beispiele:
                      chronik import notion Export.zip --plan
                      chronik import notion Export.zip --mapping notion-mapping.yml
                    """,
                arguments: [
                    "export": "Der Export aus Notion: das heruntergeladene Zip oder sein entpackter Ordner.",
                    "store": "Der Speicher, in den importiert wird; angelegt, wenn er fehlt oder leer ist.",
                    "plan": "Die vorgeschlagene Zuordnung nach notion-mapping.yml (oder in die --mapping-Datei) schreiben und aufhören.",
                    "mapping": "Eine durchgesehene Zuordnung, die angewandt wird (mit --plan: wohin der Vorschlag geschrieben wird).",
                ])
        case .demo:
            return CommandHelp(
                abstract: "Den Berliner Beispielspeicher mit seiner Geschichte bauen und zeigen, was chronik darüber sagt, samt öffentlicher Website.",
                discussion: """
                    Das Beispiel ist in chronik eingebaut: fünf Entwürfe des Berliner Smart-City-Strategieprozesses \
                    (2021–2022), importiert als fünf Versionen mit je einem Tag. Ohne ORDNER kommt der Speicher in einen neuen \
                    temporären Ordner.

                    Beispiele:
                      chronik demo
                      chronik demo beispiel
                    """,
                arguments: [
                    "directory": "Wo der Speicher gebaut wird; der Ordner muss fehlen oder leer sein (Standard: ein neuer temporärer Ordner).",
                ])
        case .validate:
            return CommandHelp(
                abstract: "Einträge gegen ihre Schemas und die Regeln des Speichers prüfen (Verweise, eindeutige Felder, Daten).",
                discussion: """
                    Ohne EINTRAG der ganze Speicher. Exit-Code 1, wenn etwas ungültig ist. Regeln: docs/validation.md.

                    Beispiele:
                      chronik validate
                      chronik validate events/forum --lang de
                      chronik validate --format github
                    """,
                arguments: [
                    "entries": "Zu prüfende Einträge (sammlung/id oder eine eindeutige ID); ihre Verweise werden gegen den ganzen Speicher geprüft.",
                    "at": "Die Version bei dieser Revision prüfen statt des Arbeitsordners.",
                    "format": "Ausgabeformat: text, json oder github (Anmerkungen als Workflow-Befehle).",
                ])
        case .mv:
            return CommandHelp(
                abstract: "Einen Eintrag umbenennen (auch in eine andere Sammlung) und jeden Verweis darauf anpassen, bereit zum Festhalten.",
                discussion: """
                    Beispiele:
                      chronik mv glossary/betreibermodell glossary/betriebsmodell
                      chronik commit -m "Betriebsmodell statt Betreibermodell"
                    """,
                arguments: [
                    "source": "Der umzubenennende Eintrag: sammlung/id, oder eine ID, die über alle Sammlungen eindeutig ist.",
                    "target": "Der neue Name: sammlung/id.",
                ])
        case .diff:
            return CommandHelp(
                abstract: "Zeigen, was sich zwischen zwei Versionen geändert hat, Feld für Feld und Wort für Wort.",
                discussion: """
                    Ohne Revisionen: die letzte Version gegen den Arbeitsordner; mit einer: diese Revision gegen den \
                    Arbeitsordner; mit zweien: die erste gegen die zweite. Die ersten Argumente, die sich als Revisionen \
                    auflösen lassen (höchstens zwei), sind die Revisionen; die übrigen sind Einträge (sammlung/id, eine ID oder \
                    ein Pfad) oder Sammlungen (ein Name oder ein Ordner). Nach `--` ist jedes Argument ein Eintrag, wie bei git. \
                    Geht auch in jedem Git-Repository mit Markdown-Dateien (ohne chronik.yml): jede *.md-Datei ist ein Eintrag.

                    Beispiele:
                      chronik diff
                      chronik diff ambitionen aktionen --stat
                      chronik diff 2022-03-01 HEAD glossary
                    """,
                arguments: [
                    "arguments": "Bis zu zwei Revisionen, dann Einträge oder Sammlungen, auf die der Vergleich beschränkt wird.",
                    "collection": "Nur Einträge dieser Sammlung.",
                    "format": "Ausgabeformat: text, patch, markdown, html oder json.",
                    "stat": "Je Eintrag hinzugefügte und entfernte Wörter und geänderte Felder, und Summen (text oder json).",
                    "publicOnly": "Öffentliche Ausgabe (docs/privacy.md): keine privaten Werte in keiner Tiefe, keine E-Mail-Adressen, keine Blob-IDs (nicht mit --format patch).",
                    "lang": "Die Sprache der Meldungen und Beschriftungen (Markdown- und HTML-Seiten, Feldbeschriftungen): de oder en (Standard: CHRONIK_LANG, die Locale, dann die Sprache in chronik.yml, sonst aus dem Inhalt erkannt).",
                ])
        case .changelog:
            return CommandHelp(
                abstract: "Das öffentliche Änderungsprotokoll: was sich am Inhalt geändert hat, je Release (oder je Version), als Markdown, HTML, JSON oder Atom.",
                discussion: """
                    Aus dem Inhalt selbst gebildet (Einträge hinzugefügt, entfernt, umbenannt; Felder von -> zu mit ihren \
                    Beschriftungen; wie viel vom Text sich geändert hat), ohne je private Werte (x-chronik-private, in jeder \
                    Tiefe), E-Mail-Adressen oder Blob-IDs zu zeigen (docs/privacy.md). Geht mit jedem Git-Repository mit \
                    Markdown-Dateien. Änderungen werden in .git/chronik/changelog-cache zwischengespeichert (darf gelöscht \
                    werden). Siehe docs/changelog.md.

                    Beispiele:
                      chronik changelog --format html -o changelog.html
                      chronik changelog --from ambitionen --to aktionen --exclude-tag '*-rc*'
                      chronik changelog --format atom --base-url https://example.org/ -o feed.xml
                    """,
                arguments: [
                    "from": "Nach dieser Revision beginnen, einem Vorgänger von --to (Standard: die erste Version).",
                    "to": "Bei dieser Revision enden (Standard: HEAD).",
                    "by": "Nach Release gruppieren (Tags, dazu Unveröffentlicht) oder jede Version zeigen (commit).",
                    "format": "Ausgabeformat: markdown, html, json oder atom.",
                    "lang": "Die Sprache der Meldungen und Beschriftungen: de oder en (Standard: CHRONIK_LANG, die Locale, dann die Sprache in chronik.yml, sonst aus dem Inhalt erkannt).",
                    "detail": "Die Änderungen am Text Wort für Wort zeigen, und den Text hinzugefügter und entfernter Einträge.",
                    "excerptWords": "Mit --detail: so viele Wörter eines hinzugefügten oder entfernten Eintrags zeigen (Abschnitte der Strategie ganz).",
                    "baseURL": "Wo das Änderungsprotokoll veröffentlicht wird (Standard: public_url aus chronik.yml): der Atom-Feed verweist auf sich selbst (URL + Name der -o-Datei, sonst feed.xml) und jeder Eintrag auf seinen Teil von URL/changelog.html.",
                    "htmlURL": "Atom: die Adresse des HTML-Änderungsprotokolls, auf das die Einträge verweisen (Standard: --base-url + changelog.html).",
                    "output": "In diese Datei schreiben statt auf die Standardausgabe.",
                    "stylesheet": "HTML: dieses Stylesheet einbetten statt des Standard-Stylesheets.",
                    "defaultStylesheet": "Das Standard-Stylesheet für HTML ausgeben (ein Ausgangspunkt für ein eigenes) und beenden.",
                    "noCache": "Den Zwischenspeicher der Änderungen nicht lesen oder schreiben.",
                    "store": "Das Repository (Standard: der aktuelle Ordner oder ein übergeordneter).",
                ])
        case .release:
            return CommandHelp(
                abstract: "Eine Version als benannten Entwurf markieren (ein annotiertes Tag); die Version muss gültig sein.",
                discussion: """
                    Ein Release-Name ist ein Git-Tag-Name: keine Leerzeichen, keins von ~ ^ : ? * [ \\, kein .., beginnt nicht \
                    mit - und endet nicht mit . oder /. Zu einem abgelehnten Namen nennt chronik eine gültige Form \
                    („Entwurf 2“ -> entwurf-2).

                    Beispiele:
                      chronik release ambitionen -m "Ambitionen in der Kommentierung"
                      chronik release entwurf-2 --at HEAD~1
                    """,
                arguments: [
                    "name": "Der Name des Release: ein neuer, gültiger Git-Tag-Name (z. B. strategieentwurf-2).",
                    "message": "Was das Release ist (Standard: sein Name).",
                    "at": "Die zu benennende Version (Standard: die letzte Version).",
                ])
        case .releases:
            return CommandHelp(
                abstract: "Die Releases zeigen (einfache und annotierte Tags auf Versionen), neueste zuerst, mit Datum und Titel.",
                discussion: """
                    Mehrere Tags auf einer Version sind ein Release, benannt nach seinem annotierten Tag (sonst dem letzten \
                    Namen in numerischer Ordnung); die anderen stehen dahinter. --tag-pattern und --exclude-tag (oder \
                    releases: in chronik.yml) wählen, welche Tags zählen. Siehe docs/changelog.md.

                    Beispiele:
                      chronik releases
                      chronik releases --exclude-tag '*-rc*' --format json
                    """)
        case .doctor:
            return CommandHelp(
                abstract: "Sperrdateien abgebrochener Schreibvorgänge entfernen und ein unterbrochenes `chronik mv` zurücknehmen.",
                discussion: """
                    Eine Sperrdatei unter .git (index.lock, refs/**.lock, packed-refs.lock, HEAD.lock, config.lock, die \
                    Objektsperre und temporären Dateien von libgit2) ist verwaist, wenn kein chronik-Schreibvorgang \
                    .git/chronik.lock hält und sie zuletzt vor mindestens --stale-after Sekunden geschrieben wurde; --force \
                    entfernt auch jüngere. Exit-Code 0, wenn der Speicher in Ordnung ist oder repariert wurde, 1, wenn etwas \
                    Sie braucht. Siehe docs/cli.md.

                    Beispiele:
                      chronik doctor --dry-run
                      chronik doctor
                    """,
                arguments: [
                    "dryRun": "Nur berichten, was getan würde.",
                    "force": "Auch Sperrdateien entfernen, die jünger als --stale-after sind (vorher sicherstellen, dass kein git-Befehl im Repository läuft), und das Journal eines unterbrochenen mv verwerfen, auch wenn sich manche seiner Dateien seither geändert haben.",
                    "staleAfter": "Eine Sperrdatei, die vor so vielen Sekunden oder früher zuletzt geschrieben wurde, ist verwaist.",
                ])
        case .publish:
            return CommandHelp(
                abstract: "Den Speicher als statische Website (Seiten, Feeds, JSON, Suche) in einen Ordner veröffentlichen.",
                discussion: """
                    Die Website zeigt den Speicher bei REV (Standard: HEAD) mit der Geschichte jedes Eintrags, den Releases \
                    und dem Änderungsprotokoll; sie geht von der Festplatte und auf jedem Webserver, ohne externe Anfragen, und \
                    zeigt keinen privaten Wert (x-chronik-private) und keine E-Mail-Adresse. Der Ordner wird als Ganzes ersetzt \
                    (daneben gebaut, dann ausgetauscht); unveränderte Dateien werden nicht neu geschrieben. Siehe docs/publish.md.

                    Beispiele:
                      chronik publish -o ../website
                      chronik publish aktionen -o ../website --releases
                    """,
                arguments: [
                    "revision": "Die zu veröffentlichende Version: ein Release-Tag, Zweig oder Commit (Standard: HEAD).",
                    "output": "Der Ordner, in den die Website geschrieben wird (wird angelegt, oder eine Website, die chronik schon veröffentlicht hat).",
                    "baseURL": "Die öffentliche Adresse der Website, für absolute Links in Feeds und der Sitemap (Standard: public_url aus chronik.yml).",
                    "lang": "Die Sprache der Meldungen und Beschriftungen: de oder en (Standard: CHRONIK_LANG, die Locale, dann die Sprache in chronik.yml, sonst erkannt).",
                    "theme": "Ein Ordner mit Vorlagen und/oder chronik.css, die die gleichnamigen Dateien des Standard-Themes ersetzen.",
                    "exportTheme": "Das Standard-Theme in diesen Ordner schreiben (ein Ausgangspunkt für ein eigenes) und beenden.",
                    "releases": "Auch die Website jedes Release unter v/<release>/ veröffentlichen, mit Links zwischen ihnen.",
                    "noCache": "Die Zwischenspeicher der Änderungen und der Veröffentlichung nicht lesen oder schreiben (jede Seite wird erzeugt).",
                ])
        case .list:
            return helpList()
        case .serve:
            return CommandHelp(
                abstract: "Die öffentliche Website des Speichers auf diesem Rechner ansehen (http://127.0.0.1:PORT/), neu gebaut, wenn sich der Speicher ändert.",
                discussion: """
                    Baut die Website, die `chronik publish` baut (von REV, Standard: die Spitze des aktuellen Zweigs), in einen \
                    temporären Ordner und stellt sie bereit. Einmal je Sekunde sieht chronik nach der Spitze des Zweigs (oder \
                    nach dem, was REV nennt, z. B. ein Zweig oder Tag): hat sie sich geändert, wird die Website neu gebaut und \
                    bereitgestellt, sobald sie fertig ist. Mit --folder stellt chronik einen Ordner bereit, den `chronik \
                    publish` geschrieben hat, wie er ist. Nur 127.0.0.1 wird geöffnet; nur GET und HEAD von Dateien der Website \
                    werden beantwortet. Strg-C (SIGINT) oder SIGTERM beendet den Server (Exit-Code 0) und entfernt den \
                    temporären Ordner. Siehe docs/publish.md, „Preview“.

                    Beispiele:
                      chronik serve
                      chronik serve --port 0 --lang en
                    """,
                arguments: [
                    "revision": "Die zu zeigende Version: ein Commit, Tag oder Zweig (Standard: die Spitze des aktuellen Zweigs).",
                    "port": "Der Port auf 127.0.0.1; 0 wählt einen freien (wird ausgegeben).",
                    "lang": "Die Sprache der Meldungen und Beschriftungen: de oder en (Standard: CHRONIK_LANG, die Locale, dann die des Speichers).",
                    "theme": "Ein Ordner mit Vorlagen und chronik.css, die die des Standard-Themes ersetzen.",
                    "folder": "Diesen veröffentlichten Ordner bereitstellen, wie er ist (kein Speicher, kein Neubau).",
                ])
        }
    }

    func recordWarning(_ warning: RecordWarning) -> String {
        switch warning {
        case .workingTreeChanged(let files):
            return "die Version wurde festgehalten, aber der Arbeitsordner nicht aktualisiert: \(files.joined(separator: ", ")) \(files.count == 1 ? "wurde" : "wurden") inzwischen geändert; `git status` zeigt den Unterschied, `git checkout -f` übernimmt die festgehaltene Version"
        case .workingTreeNotUpdated(let reason):
            return "die Version wurde festgehalten, aber der Arbeitsordner ließ sich nicht aktualisieren (\(reason)); `git checkout -f` übernimmt die festgehaltene Version"
        }
    }

    // (end of the commands section)

    // MARK: - notion import: reading the export (helper notionread adds here)

    func notionExportUnreadable(_ path: String, reason: String) -> String {
        "der Notion-Export \(path) lässt sich nicht lesen: \(reason)"
    }

    func notionNotAnExport(_ path: String) -> String {
        "\(path) ist kein Notion-Export: er enthält keine Seiten mit Namen wie „Titel <32 Hex-Ziffern>.md“ oder „.html“"
    }

    func notionUnsafePath(_ path: String) -> String {
        "der Export enthält \(path), einen Namen, der aus dem Export hinausführt oder an der Wurzel beginnt; nichts wurde importiert"
    }

    func notionSymlink(_ path: String) -> String {
        "der Export enthält einen symbolischen Link, \(path); nichts wurde importiert"
    }

    func notionCompressionRatio(_ path: String, ratio: Int, limit: Int) -> String {
        "\(path) entpackt sich auf das \(ratio)-Fache seiner gepackten Größe (Grenze \(limit)), so sehen Zip-Bomben aus; nichts wurde importiert"
    }

    func notionExportTooLarge(_ path: String, limit: Int64) -> String {
        "der Export ist entpackt größer als \(limit) Bytes (bei \(path)); nichts wurde importiert"
    }

    func notionTooManyFiles(_ path: String, limit: Int) -> String {
        "der Export enthält mehr als \(limit) Dateien (bei \(path)); nichts wurde importiert"
    }

    func notionNameNotUTF8(_ path: String) -> String {
        "der Dateiname \(path) ist kein UTF-8; nichts wurde importiert"
    }

    func notionCorruptEntry(_ path: String) -> String {
        "\(path) im Zip passt nicht zu seinem Kopf (Größe oder Prüfsumme): das Zip ist beschädigt; nichts wurde importiert"
    }

    func notionCSVFieldCount(_ path: String, line: Int, expected: Int, found: Int) -> String {
        "\(path), Zeile \(line): \(found) Felder, wo die Kopfzeile \(expected) hat; nichts wurde importiert"
    }

    func notionCSVUnterminatedQuote(_ path: String, line: Int) -> String {
        "\(path), Zeile \(line): ein Feld in Anführungszeichen wird nicht geschlossen; nichts wurde importiert"
    }

    func notionSkippedDatabaseView() -> String {
        "eine Ansicht der Datenbank; ihre _all.csv enthält alle Zeilen"
    }

    func notionSkippedDatabasePage() -> String {
        "die Seite einer Datenbank; ihre Zeilen werden aus der Datenbank gelesen"
    }

    func notionSkippedUnlinked() -> String {
        "keine Seite verweist darauf"
    }

    func notionSkippedSystemFile() -> String {
        "eine Datei des Betriebssystems (__MACOSX, .DS_Store), nicht Teil des Exports"
    }

    func notionSkippedDuplicate() -> String {
        "in zwei Teilen des Downloads; der erste wurde gelesen"
    }

    func notionSkippedRowWithoutPage(_ row: String) -> String {
        "zur Zeile „\(row)“ gibt es im Export keine Seitendatei"
    }

    // (end of the notion reading section)

    // MARK: - notion import: mapping and writing (helper notionmap adds here)

    func notionMappingYAML(_ message: String) -> String { message }
    func notionMappingUnknownKey(_ key: String, known: [String]) -> String {
        "unbekannter Schlüssel „\(key)“ (bekannt: \(known.joined(separator: ", ")))"
    }
    func notionMappingInvalid(key: String, expected: String) -> String {
        let shape = ["mapping": "eine Zuordnung (mapping)", "text": "ein Text", "list": "eine Liste", "list of texts": "eine Liste von Texten",
                     "true or false": "true oder false"][expected] ?? expected
        return "„\(key)“ muss \(shape) sein"
    }
    func notionMappingUnknownDatabase(_ name: String, id: String?) -> String {
        "der Export enthält keine Datenbank „\(name)“" + (id.map { " mit der Kennung \($0)" } ?? "")
    }
    func notionMappingUnknownProperty(_ property: String, database: String) -> String {
        "die Datenbank „\(database)“ hat keine Eigenschaft „\(property)“"
    }
    func notionMappingUnsupportedType(property: String, type: String, format: String?) -> String {
        "Eigenschaft „\(property)“: den Typ \(type)\(format.map { " mit dem Format \($0)" } ?? "") kann chronik nicht abbilden (string, integer, number, boolean, array, object; Formate date, date-time, uri, email, date-range, date-time-range)"
    }
    func notionMappingValueDoesNotFit(property: String, database: String, page: String, value: String, expected: String) -> String {
        "Eigenschaft „\(property)“ von „\(database)“: der Wert „\(value)“ (Seite „\(page)“) passt nicht zu \(expected)"
    }
    func notionMappingDuplicateKey(_ key: String, collection: String) -> String {
        "die Sammlung „\(collection)“ hat zwei Felder mit dem Schlüssel „\(key)“"
    }
    func notionMappingDuplicateCollection(_ name: String) -> String { "zwei Datenbanken (oder eine Datenbank und die Seiten) werden der Sammlung „\(name)“ zugeordnet" }
    func notionMappingInvalidName(_ name: String, reason: String) -> String { "„\(name)“ ist hier kein gültiger Name: \(reason)" }
    func notionMappingUnknownRef(_ ref: String, property: String) -> String {
        "die Eigenschaft „\(property)“ verweist auf „\(ref)“, aber keine Datenbank der Zuordnung (und nicht die Seiten) wird so abgebildet"
    }
    func notionMappingUnknownTimeZone(_ zone: String) -> String { "unbekannte Zeitzone „\(zone)“ (ein IANA-Name wie Europe/Berlin)" }
    func notionStoreRequired() -> String { "--store DIR fehlt: der Speicher, in den importiert wird (wird angelegt, wenn es ihn nicht gibt oder er leer ist)" }
    func notionMappingUnreadable(path: String, reason: String) -> String { "die Zuordnung \(path) kann nicht gelesen werden: \(reason)" }
    func notionMappingUnwritable(path: String, reason: String) -> String { "die Zuordnung \(path) kann nicht geschrieben werden: \(reason)" }
    func notionMappingExists(path: String) -> String {
        "\(path) gibt es schon; --plan überschreibt keine Zuordnung, die vielleicht bearbeitet wurde: Datei entfernen oder mit --mapping eine andere nennen"
    }
    func notionForeignEntries(store: String, entries: [String]) -> String {
        let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", …" : "")
        return "der Speicher \(store) enthält \(entries.count == 1 ? "1 Eintrag, den" : "\(entries.count) Einträge, die") kein Notion-Import angelegt hat (\(shown)); ein Import ersetzt den Inhalt des Speichers durch den des Exports: in einen neuen oder leeren Ordner importieren"
    }
    func notionPlanWritten(path: String, collections: [String]) -> String {
        "\(path) geschrieben: \(collections.count) \(collections.count == 1 ? "Datenbank als Sammlung" : "Datenbanken als Sammlungen") \(collections.joined(separator: ", "))."
    }
    func notionPlanNext(path: String) -> String { "Prüfen, dann importieren mit: chronik import notion EXPORT --store DIR --mapping \(path)" }
    func notionCounts(rows: Int, databases: Int, pages: Int) -> String {
        "\(rows) \(rows == 1 ? "Zeile" : "Zeilen") aus \(databases) \(databases == 1 ? "Datenbank" : "Datenbanken") und \(pages) \(pages == 1 ? "Seite" : "Seiten") gelesen."
    }
    func notionImported(store: String, version: String, message: String, created: Bool) -> String {
        (created ? "chronik-Speicher in \(store) angelegt" : "In \(store) importiert") + ": Version \(version) (\(message))."
    }
    func notionAlreadyImported(version: String) -> String { "Nichts zu importieren: Version \(version) enthält genau diesen Export schon." }
    func notionUnmappedHeading(_ count: Int) -> String { "Nicht abgebildete Eigenschaften (\(count)):" }
    func notionUnresolvedHeading(_ count: Int) -> String { "Nicht aufgelöste Verknüpfungen, weggelassen (\(count)):" }
    func notionSkippedHeading(_ count: Int) -> String { "Übersprungene Dateien (\(count)):" }
    func notionCollisionsHeading(_ count: Int) -> String { "Titel, die dieselbe Kennung ergeben, nummeriert (\(count)):" }
    func notionAttachmentsHeading(_ count: Int) -> String { "Anhänge, neben ihre Einträge kopiert (\(count)):" }
    func notionUnmappedDatabasesHeading(_ count: Int) -> String { "Datenbanken ohne Zuordnung, nicht importiert (\(count)):" }
    func notionUnresolvedRelation(entry: String, property: String, target: String, pageID: String?, reason: String) -> String {
        let page = pageID.map { " (Seite \($0))" } ?? ""
        switch reason {
        case "ambiguous": return "\(entry), Eigenschaft „\(property)“: mehrere Einträge heißen „\(target)“\(page)"
        case "other-collection": return "\(entry), Eigenschaft „\(property)“: „\(target)“\(page) wird in eine andere Sammlung importiert als die, auf die das Feld verweist"
        case "itself": return "\(entry), Eigenschaft „\(property)“: die Seite verweist auf sich selbst, was ein Eintrag nicht kann"
        default: return "\(entry), Eigenschaft „\(property)“: kein Eintrag für „\(target)“\(page)"
        }
    }
    func notionIDCollision(collection: String, id: String, titles: [String]) -> String {
        "\(collection)/\(id): " + titles.map { "„\($0)“" }.joined(separator: ", ")
    }

    // MARK: - attachments of entries (issue 17) (helper attach17 adds here)

    func attachmentTooLarge(bytes: Int, limit: Int) -> String {
        "der Anhang ist \(bytes) Bytes groß; Anhänge dürfen höchstens \(limit) Bytes groß sein (attachments: max_file_bytes in chronik.yml)"
    }
    func attachmentsTooLarge(bytes: Int, limit: Int) -> String {
        "die Anhänge dieser Version sind zusammen \(bytes) Bytes groß; erlaubt sind höchstens \(limit) Bytes (attachments: max_total_bytes in chronik.yml)"
    }
    func attachmentWithoutEntry(_ entry: String) -> String {
        "Anhänge eines Eintrags, den es nicht gibt: \(entry) fehlt; die Anhänge eines Eintrags liegen im Ordner seines Namens, daneben"
    }
    func attachmentLinkMissing(target: String, path: String) -> String {
        "verweist auf den Anhang \(target), den es nicht gibt (erwartet unter \(path))"
    }

    func attachmentChange(_ change: AttachmentChange) -> String {
        let bytes = { (n: Int) in n == 1 ? "1 Byte" : "\(n) Bytes" }
        switch change.kind {
        case .added: return "Anhang hinzugefügt: \(change.name)" + (change.newSize.map { " (\(bytes($0)))" } ?? "")
        case .removed: return "Anhang entfernt: \(change.name)" + (change.oldSize.map { " (\(bytes($0)))" } ?? "")
        case .modified, .renamed:
            guard let old = change.oldSize, let new = change.newSize else { return "Anhang geändert: \(change.name)" }
            return "Anhang geändert: \(change.name) (\(old) → \(bytes(new)))"
        }
    }
    func notionAttachmentCopied(source: String, path: String, bytes: Int) -> String {
        "\(path) (\(bytes == 1 ? "1 Byte" : "\(bytes) Bytes"), aus \(source))"
    }
    func diffAttachmentsHeading() -> String { "Anhänge:" }
    // attachments in every output (helper attach17b)
    func attachmentsLabel() -> String { "Anhänge" }
    func publicAttachmentChange(_ change: AttachmentChange) -> String {
        let size = { (n: Int) in AttachmentSize.words(n, decimalComma: true, bytes: n == 1 ? "Byte" : "Bytes") }
        switch change.kind {
        case .added: return "Anhang hinzugefügt: \(change.name)" + (change.newSize.map { " (\(size($0)))" } ?? "")
        case .removed: return "Anhang entfernt: \(change.name)"
        case .modified, .renamed:
            guard let old = change.oldSize, let new = change.newSize else { return "Anhang geändert: \(change.name)" }
            return "Anhang geändert: \(change.name) (\(size(old)) → \(size(new)))"
        }
    }
    func statAttachments(_ count: Int) -> String { count == 1 ? "1 Anhang" : "\(count) Anhänge" }
    // (end of the attach17 section)

    // MARK: - pager and colour (issue 18) (helper term18 adds here)

    func pagerNotFound(_ command: String) -> String { "Pager „\(command)“ lässt sich nicht ausführen: kein solches Programm; Ausgabe ohne Pager" }
    func pagerNotStarted(_ command: String, reason: String) -> String { "Pager „\(command)“ lässt sich nicht starten: \(reason); Ausgabe ohne Pager" }

    // (end of the term18 section)

    // MARK: - JSON contract, JSON answers of every command (issue 18) (helper json18 adds here)

    // (end of the json18 section)

    // MARK: - chronik list, completion, manuals (issue 18) (helper list18 adds here)

    func listColumnTitle() -> String { "Titel" }
    func listColumnID() -> String { "Id" }
    func listColumnCollection() -> String { "Sammlung" }
    func listColumnPath() -> String { "Pfad" }
    func listBoolean(_ value: Bool) -> String { value ? "ja" : "nein" }
    func listUnknownField(_ field: String) -> String {
        "kein Feld „\(field)“ im Schema oder in einem der gelisteten Einträge (--where, --sort und --fields nennen Felder)"
    }
    func listFieldsHint(_ fields: [String]) -> String { "Felder: " + fields.joined(separator: ", ") }
    func listWrongValue(_ condition: String, field: String, value: String, kind: String) -> String {
        switch kind {
        case "number": return "--where \(condition): „\(value)“ ist keine Zahl, \(field) enthält aber Zahlen"
        case "date": return "--where \(condition): „\(value)“ ist kein Datum (JJJJ-MM-TT), \(field) enthält aber Daten"
        default: return "--where \(condition): „\(value)“ ist weder true noch false, \(field) enthält aber ja oder nein"
        }
    }
    func listNotAllowed(_ condition: String, value: String, field: String, allowed: [String]) -> String {
        "--where \(condition): „\(value)“ ist kein Wert von \(field) (erlaubt: \(allowed.joined(separator: ", ")))"
    }
    func listNotOrdered(_ condition: String, field: String) -> String {
        "--where \(condition): <, >, <= und >= vergleichen nur Daten und Zahlen, und \(field) enthält keines von beiden"
    }
    func listBadCondition(_ condition: String) -> String {
        "--where „\(condition)“ hat nicht die Form FELD=WERT (auch FELD!=WERT, <, >, <=, >=)"
    }
    func listBOMNeedsCSV() -> String { "--bom gehört zu --format csv (eine Byte-Reihenfolge-Marke für Tabellenkalkulationen)" }
    /// The help of `chronik list` (its case of `helpCommand`), here to keep the list18 section in one place.
    private func helpList() -> CommandHelp {
        CommandHelp(
            abstract: "Die Einträge einer Sammlung als Tabelle zeigen (oder als JSON, NDJSON, CSV).",
            discussion: """
                Liest die letzte Version (oder --at REV). Die Spalten sind die der Sammlung: x-chronik-columns des \
                Schemas, sonst site.columns aus chronik.yml, sonst der Titel und die Pflichtfelder; Beschriftungen in der \
                Sprache des Speichers. Ohne SAMMLUNG: alle Einträge aller Sammlungen, mit Titel und Pfad. Private Felder \
                werden gezeigt (die Sicht des Teams auf seinen eigenen Speicher); --public lässt sie weg wie öffentliche \
                Ausgaben. JSON und NDJSON enthalten alle Felder jedes Eintrags (mit --fields nur diese); CSV die Spalten \
                der Tabelle mit einer Kopfzeile aus Beschriftungen, wie Tabellenkalkulationen es lesen (RFC 4180, CRLF; \
                --bom für Excel).

                Beispiele:
                  chronik list events
                  chronik list events --where status=laufend --sort -start
                  chronik list events --where "start>=2022-01-01" --where "start<2023-01-01"
                  chronik list results --fields title,date,status --resolve
                  chronik list events --format csv --bom > termine.csv
                  chronik list --at strategischer-rahmen --format json
                """,
            arguments: [
                "collection": "Die Sammlung (ein in chronik.yml genannter Ordner); ohne sie alle Sammlungen.",
                "conditions": "Nur Einträge, für die FELD=WERT gilt (auch !=, und <, >, <=, >= bei Daten und Zahlen); mehrere müssen alle gelten.",
                "sort": "Nach diesen Feldern sortieren (a,b); -FELD absteigend. Vorgabe: nach Titel.",
                "reverse": "Die Reihenfolge umkehren.",
                "fields": "Die Spalten als Feldnamen (a,b); title, id, collection und path gibt es immer.",
                "at": "Die Einträge so zeigen, wie sie bei dieser Revision oder an diesem Datum waren (Vorgabe: die letzte Version).",
                "resolve": "Verweise mit dem Titel des verwiesenen Eintrags zeigen.",
                "publicOnly": "Private Felder und E-Mail-Adressen weglassen, wie öffentliche Ausgaben es tun.",
                "format": "table, json, ndjson oder csv.",
                "bom": "Mit --format csv: mit einer Byte-Reihenfolge-Marke beginnen, damit Tabellenkalkulationen UTF-8 lesen.",
            ])
    }

    // (end of the list18 section)

    // MARK: - publish (issue 15) (helper pub15 adds here)

    // (end of the pub15 section)

    // MARK: - scale (issue 19) (helper scale19 adds here)

    // (end of the scale19 section)

    // MARK: - start-up: chronik serve's own program (issue 19) (helper start19 adds here)

    func serveProgramMissing(_ path: String) -> String { "chronik serve braucht das Programm chronik-serve neben chronik, unter \(path): es fehlt" }
    func serveProgramMissingHint() -> String { "chronik-serve neben chronik installieren (`make install` installiert beide)" }
    func serveProgramFailed(_ path: String, reason: String) -> String { "\(path) lässt sich nicht starten: \(reason)" }

    // (end of the start19 section)

    /// "a", "a oder b", "a, b oder c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " oder " + (items.last ?? "")
    }
}

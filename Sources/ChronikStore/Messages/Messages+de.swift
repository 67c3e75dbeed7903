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
        "gehört nicht in einen chronik-Bestand (erlaubt sind im Hauptordner: chronik.yml, schemas/, README.md, .gitignore, .gitattributes und ein Ordner je Sammlung)"
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
        "\(problems) \(problems == 1 ? "Problem" : "Probleme") im Bestand; es wurde nichts geschrieben:"
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

    func onBranch(_ branch: String) -> String { "Auf Branch \(branch)" }

    func plainStatusNote() -> String { "Keine chronik.yml: ein einfaches Repository, jede .md-Datei ein Eintrag (chronik init übernimmt es)." }

    func noVersionsYet() -> String { "Noch keine Fassungen." }

    func workingTreeClean(plain: Bool) -> String {
        plain ? "Keine Änderungen, der Arbeitsordner ist sauber." : "Nichts festzuhalten, der Arbeitsordner ist sauber."
    }

    func changesHeading(plain: Bool) -> String {
        plain ? "Noch nicht committete Änderungen:" : "Noch nicht festgehaltene Änderungen (chronik commit -m NACHRICHT):"
    }

    func refusedHeading(plain: Bool) -> String {
        plain ? "Nicht gezählt (ein Bestand würde sie ablehnen):" : "Abgelehnt (vor dem Festhalten beheben):"
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

    // (end of the commands section)

    // MARK: - notion import: reading the export (helper notionread adds here)

    // (end of the notion reading section)

    // MARK: - notion import: mapping and writing (helper notionmap adds here)

    /// "a", "a oder b", "a, b oder c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " oder " + (items.last ?? "")
    }
}

// Der deutsche Katalog: eine Funktion je Anforderung von `MessageCatalog` (Messages.swift), in derselben Reihenfolge.

struct GermanMessages: MessageCatalog {
    var language: StoreLanguage { .de }

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
}

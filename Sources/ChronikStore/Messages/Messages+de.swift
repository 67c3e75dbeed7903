// Der deutsche Katalog: eine Funktion je Anforderung von `MessageCatalog` (Messages.swift), in derselben Reihenfolge.

struct GermanMessages: MessageCatalog {
    var language: StoreLanguage { .de }

    // MARK: - labels of public output: changelog, diff, site (helper labels16 adds here)

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

    func errorPlace(line: Int, column: Int?) -> String {
        guard let column else { return "Zeile \(line)" }
        return "Zeile \(line), Spalte \(column)"
    }

    func notAStore(_ path: String) -> String { "kein chronik-Bestand (auch in keinem übergeordneten Ordner): \(path)" }
    func notAStoreHint() -> String {
        "rufen Sie chronik in einem Bestand auf, geben Sie --store ORDNER an oder legen Sie einen mit `chronik init` an"
    }
    func repositoryWithoutConfig(_ path: String) -> String {
        "\(path) ist ein Git-Repository, aber kein chronik-Bestand: es hat keine chronik.yml (`chronik init` macht es dort zu einem)"
    }
    func directoryNotEmpty(_ path: String) -> String {
        "\(path) ist nicht leer und kein chronik-Bestand; wählen Sie einen leeren oder neuen Ordner"
    }
    func storeLocked(_ lockFile: String, waited: Double) -> String {
        "der Bestand lässt sich nicht sperren: \(lockFile) ist vorhanden (\(Self.seconds(waited)) s gewartet); ein anderer Vorgang schreibt in dieses Repository"
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
        case .unexpectedFile: return outsideCollections()
        case .symlink: return "symbolische Links sind in einem Bestand nicht erlaubt"
        case .executable: return "Dateien eines Bestands dürfen nicht ausführbar sein (chmod -x)"
        case .submodule: return "Submodule sind in einem Bestand nicht erlaubt"
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
        "der Bestand \(path) hat ungespeicherte Änderungen, die der Import überschreiben würde; speichern Sie sie zuerst mit `chronik commit` (oder verwerfen Sie sie)"
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
        "Verweise lassen sich nicht suchen: \(problems) \(problems == 1 ? "Problem" : "Probleme") im Bestand; nichts wurde geändert:"
    }

    func siteIntroductionNotFound(_ name: String) -> String {
        "chronik.yml: site.introduction: „\(name)“ ist in dieser Version weder ein Eintrag (Sammlung/Id) noch eine .md-Datei des Bestands"
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
        }
    }

    func notBefore(field: String, earlier: String, later: String) -> String {
        "darf nicht vor \(field) (\(earlier)) liegen; gefunden: `\(later)`"
    }
    func referenceToItself(_ target: String) -> String {
        "verweist auf den Eintrag selbst (\(target)); ein Eintrag kann nicht auf sich selbst verweisen"
    }
    func referenceMissing(id: String, path: String) -> String { "verweist auf `\(id)`, aber es gibt keinen Eintrag \(path)" }
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
        case .introduction: return "„introduction“ muss einen Eintrag (Sammlung/Id) oder eine Markdown-Datei des Bestands nennen"
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
    func usageHint(_ command: String) -> String { "`\(command) --help` zeigt, wie der Befehl aufgerufen wird" }
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
    func notionAttachmentsHeading(_ count: Int) -> String { "Nicht kopierte Anhänge, das Speicherformat hat noch keinen Platz für Dateien (\(count)):" }
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

    /// "a", "a oder b", "a, b oder c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " oder " + (items.last ?? "")
    }
}

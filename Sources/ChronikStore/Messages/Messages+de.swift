// Der deutsche Katalog: eine Funktion je Anforderung von `MessageCatalog` (Messages.swift), in derselben Reihenfolge.

struct GermanMessages: MessageCatalog {
    var language: StoreLanguage { .de }

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
}

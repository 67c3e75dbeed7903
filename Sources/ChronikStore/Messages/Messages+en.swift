// The English catalog: one function per requirement of `MessageCatalog` (Messages.swift), in the same order.

struct EnglishMessages: MessageCatalog {
    var language: StoreLanguage { .en }

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
}

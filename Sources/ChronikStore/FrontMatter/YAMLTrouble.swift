/// What a YAML parser message (libyaml's, through Yams) means for someone editing an entry: the table behind the
/// explanations `chronik validate` and `chronik commit` give instead of the parser's words (issue 16). The raw
/// message stays in `StoreProblem.message` (and so in the JSON output).
public enum YAMLTrouble: String, Sendable, Hashable, CaseIterable {
    /// `term: Open Data: offene Daten`: a second `: ` in a value.
    case colonInValue
    /// A tab used to indent (YAML indents with spaces only).
    case tab
    /// A quote opened and never closed.
    case unclosedQuote
    /// A line indented more or less than its neighbours, or a list item where a field is expected.
    case badIndentation
    /// A line that is neither `name: value` nor a list item.
    case missingColon
    /// `[` or `{` opened and never closed.
    case unclosedBracket
    /// A value starting with a character YAML reserves (`@`, `` ` ``, `%`, `|`/`>` misplaced).
    case reservedCharacter

    /// The trouble behind a parser message (problem and context, as `FrontMatterError.malformedYAML` carries
    /// them); nil when the table has no entry for it.
    public init?(parserMessage message: String) {
        let m = message.lowercased()
        if m.contains("mapping values are not allowed") {
            self = .colonInValue
        } else if m.contains("tab character") || (m.contains("cannot start any token") && m.contains("\t")) {
            self = .tab
        } else if m.contains("quoted scalar") {
            self = .unclosedQuote
        } else if m.contains("expected ',' or ']'") || m.contains("expected ',' or '}'") || m.contains("flow sequence")
                    || m.contains("flow mapping") {
            self = .unclosedBracket
        } else if m.contains("could not find expected ':'") {
            self = .missingColon
        } else if m.contains("did not find expected key") || m.contains("did not find expected '-'")
                    || m.contains("bad indentation") || m.contains("block sequence entries are not allowed") {
            self = .badIndentation
        } else if m.contains("cannot start any token") {
            self = .reservedCharacter
        } else {
            return nil
        }
    }
}

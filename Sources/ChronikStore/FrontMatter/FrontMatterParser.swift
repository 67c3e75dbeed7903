import Foundation
import OrderedCollections
import Yams

// How an entry file is read. These rules are the contract of the store format (docs/store-format.md).
//
// File layout
// 1. An entry file is `---` LF, the front matter (a YAML mapping), a line `---`, then the Markdown body, which may be
//    empty. Line 1 must be exactly `---` (no spaces after it). The front matter ends at the first later line that is
//    exactly `---`; a YAML document end marker `...` is NOT accepted as a closing line (it would be ambiguous inside
//    the YAML). No `---` on line 1 → `missingFrontMatter`; no closing line → `unterminated(line: 1)`.
// 2. The body is everything after the closing line's line break, byte for byte (its line endings are kept).
// 3. Line endings: LF or CRLF. The ending of line 1 decides `lineEnding`, which is used again when writing. For
//    parsing, CR LF in the front matter is read as LF; lines and columns are the same either way.
//
// Checks made before any YAML is parsed (in this order)
// 4. The file is at most `maxFileBytes` (1 MiB) → else `fileTooLarge`.
// 5. A UTF-8 byte order mark is refused (`byteOrderMark`: "save as UTF-8 without BOM").
// 6. The whole file must be valid UTF-8 (`invalidUTF8(line:)`) and contain no NUL byte (`nulByte(line:)`).
// 7. The front matter is at most `maxFrontMatterBytes` (256 KiB) → else `frontMatterTooLarge`.
// 8. A linear pre-scan (YAMLPreScan) refuses nesting far beyond `maxDepth` (`tooDeep`) and keys that are aliases,
//    flow collections or complex `? ` keys (`nonScalarKey`), so that Yams never recurses deeply nor hashes an alias
//    bomb used as a key.
//
// Parsing
// 9. The front matter is read straight from its bytes by `FrontMatterFastReader` when it is in the subset that
//    reader takes (what real front matter uses), else from libyaml's parser events by `YAMLEventReader`, both under
//    the budgets below (the pre-scan of rule 8 runs before the event reader only: it can refuse nothing the byte
//    reader takes); whatever the event reader does not take (errors, anchors and aliases, tags, non-scalar, merge
//    and duplicate keys, a budget exceeded) is read by the reference: `Yams.compose` (never `Yams.load`, which would
//    construct values and expand aliases), then the node tree is walked by our code: every node visit counts
//    against `maxNodes` (an alias is visited again at each use, so an alias bomb hits the budget at once, without
//    expanding), each mapping may hold at most `maxKeysPerMapping` keys, nesting may be at most `maxDepth` (the
//    top-level mapping is depth 1).
// 10. The top level must be a mapping (`notAMapping` otherwise); empty front matter is an empty mapping.
//
// From YAML to JSONValue (YAML 1.1's traps are closed)
// 11. Only plain (unquoted, untagged) scalars are typed; quoted and block (`|`, `>`) scalars are always strings.
// 12. Plain `true`/`True`/`TRUE`/`false`/`False`/`FALSE` are booleans (the YAML 1.2 core forms).
//     `yes`, `no`, `on`, `off`, `y`, `n` (any case) stay strings.
// 13. Plain `null`/`Null`/`NULL`/`~` and the empty value are null.
// 14. A plain scalar in JSON number syntax (`0`, `-12`, `1.10`, `1e3`, `-0.5E+2`) is a number and keeps its literal
//     (`1.10` stays `1.10`). Everything else stays the string as written: `012`, `0x1F`, `0o17`, `1_000`, `+1`, `.5`,
//     `.inf`, `.nan`, dates such as `2022-03-01` and timestamps.
// 15. Tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null` on scalars, `!!seq` on sequences and `!!map` on mappings
//     are honoured and validated (`!!int abc` → `invalidTaggedValue`; `!!int` takes `-?(0|[1-9][0-9]*)`, `!!float`
//     any JSON number, `!!bool` and `!!null` the forms of rules 12 and 13). Any other tag (`!foo`, `!!binary`,
//     `!!timestamp`, `!!set`, `!!omap`, `!!python/...`) → `unsupportedTag`.
// 16. Keys must be scalars (else `nonScalarKey`) and are the string as written: `1:` is the key "1", `on:` is "on".
//     Keys may carry no tag but `!!str`. The plain key `<<` (a YAML merge key) → `mergeKey`; `"<<"` quoted is a key.
// 17. A key may appear once per mapping (`duplicateKey`, at the first occurrence; `1` and `"1"` count as the same).
//
// Locations
// 18. `locations` maps the JSON Pointer of each node ("" for the top level, "/status", "/authors/0") to where it
//     starts in the file: line (front matter starts on line 2) and column (counted in Unicode code points). A node
//     reached through an alias reports where its anchor is.

/// The parts of an entry file as they were written, kept so that writing can reuse untouched text.
struct FrontMatterLayout {
    var lineEnding: LineEnding
    /// Line 1 with its line break.
    var openingFence: ArraySlice<UInt8>
    /// The front matter's lines, each with its line break as written.
    var lines: [ArraySlice<UInt8>]
    /// The closing `---` line with its line break (if any).
    var closingFence: ArraySlice<UInt8>
    /// For each top-level key, the 0-based index in `lines` of the line it starts on; nil when the top-level mapping
    /// is not written one key per line from column 1 (e.g. in flow style), so its text can't be reused piecewise.
    var keyLines: [(key: String, line: Int)]?
}

enum FrontMatterReader {
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Which reader turns the front matter's YAML into values: the byte reader for the common subset, then
    /// libyaml's events, then the reference (`fast`, what chronik uses); libyaml's events with the reference as the
    /// fallback (`events`); or the reference alone (`Yams.compose` and `NodeWalker`). Tests hold the three side by
    /// side.
    enum YAMLReader {
        case fast, events, reference
    }

    static func read(_ data: Data, limits: FrontMatterLimits, reader: YAMLReader = .fast) throws(FrontMatterError)
        -> (EntryDocument, FrontMatterLayout) {
        if data.count > limits.maxFileBytes { throw .fileTooLarge(bytes: data.count, limit: limits.maxFileBytes) }
        return try read(bytes: [UInt8](data), limits: limits, body: true, reader: reader)
    }

    /// The reference reader: `Yams.compose` builds the node tree, `NodeWalker` maps it under the budgets and says
    /// what is wrong and where (rules 9–18).
    static func reference(_ yaml: [UInt8], limits: FrontMatterLimits) throws(FrontMatterError) -> ParsedFrontMatter {
        let text = String(decoding: yaml, as: UTF8.self)
        let root: Node?
        do {
            // The basic resolver (no rules): chronik types plain scalars itself (rules 11-14), so Yams need not run
            // its YAML 1.1 regular expressions on every scalar; an explicit encoding spares a look at the
            // environment per parse. Both showed up as a third of the parsing time in profiles.
            root = try Yams.compose(yaml: text, Resolver.basic, Constructor.default, .utf8)
        } catch let error as YamlError {
            throw map(error, text: text, limits: limits)
        } catch {
            throw .malformedYAML(line: 2, column: 1, message: String(describing: error))
        }
        var walker = NodeWalker(limits: limits)
        guard let root else {
            walker.locations[""] = SourceLocation(line: 2, column: 1)
            return ParsedFrontMatter(fields: [:], locations: walker.locations, hasRoot: false, topKeys: [])
        }
        guard case .mapping(let mapping) = root else {
            let found: String
            switch root {
            case .sequence: found = "a list"
            default: found = "a single value"
            }
            throw .notAMapping(line: walker.location(of: root).line, found: found)
        }
        let fields = try walker.mappingFields(mapping, node: root, pointer: "", depth: 1)
        // (Yams takes a mapping's style from its end event, which carries none: `.flow` is not seen here, and a flow
        // mapping's layout is refused by its keys' columns instead. The event reader does the same.)
        var topKeys: [(name: String, line: Int, column: Int)]? = mapping.style == .flow ? nil : []
        for (key, _) in mapping where topKeys != nil {
            guard let mark = key.mark, let name = key.scalar?.string else {
                topKeys = nil
                break
            }
            topKeys?.append((name, mark.line, mark.column))
        }
        return ParsedFrontMatter(fields: fields, locations: walker.locations, hasRoot: true, topKeys: topKeys)
    }

    /// How `read(bytes:…)` checks the encoding and makes the body: each byte validated once (the front matter by
    /// `UTF8Validation`, the body by the String made of it: `singlePass`, what chronik uses), or the whole file
    /// validated first and the body's String made (and so validated) again after (`wholeFileFirst`, the reference
    /// that tests hold beside it: the same documents and errors).
    enum EncodingCheck {
        case singlePass, wholeFileFirst
    }

    /// Reads an entry file's bytes; without `body`, the document's body is left empty (the rest, errors included,
    /// is the same): making a String of it is most of the cost of reading an entry whose fields alone are wanted.
    ///
    /// Without `layout`, the layout returned is empty (no lines, no key lines): for a caller that wants the document
    /// alone (`EntryDocument.parseFields`), the same document and errors without a slice per line.
    static func read(bytes: [UInt8], limits: FrontMatterLimits, body wantBody: Bool, reader: YAMLReader = .fast,
                     encodingCheck: EncodingCheck = .singlePass, layout wantLayout: Bool = true)
        throws(FrontMatterError) -> (EntryDocument, FrontMatterLayout) {
        let parts = try readParts(bytes: bytes, limits: limits, body: wantBody, reader: reader, encodingCheck: encodingCheck,
                                  topKeys: wantLayout, locationList: false)
        let parsed = parts.parsed
        let lineEnding = parts.lineEnding
        let fields = parsed.fields
        var document = EntryDocument(fields: fields, body: parts.body, lineEnding: lineEnding)
        document.locations = parsed.locations
        guard wantLayout else {
            return (document, FrontMatterLayout(lineEnding: lineEnding, openingFence: [], lines: [], closingFence: [], keyLines: nil))
        }
        let lines = parts.lines
        var keyLines: [(key: String, line: Int)]? = []
        if parsed.hasRoot {
            // libyaml also breaks lines at a lone CR, NEL, LS and PS, so its line numbers are not indices of `lines`
            // (which break at LF) when the YAML holds one: the layout is then unknown, as for a flow mapping.
            if parsed.topKeys == nil || parts.loneCarriageReturns || hasOtherLineBreaks(parts.yaml) { keyLines = nil }
            var previous = -1
            for key in parsed.topKeys ?? [] where keyLines != nil {
                guard key.column == 1, key.line - 1 > previous, key.line - 1 < lines.count else {
                    keyLines = nil
                    break
                }
                previous = key.line - 1
                keyLines?.append((key.name, key.line - 1))
            }
        }

        let layout = FrontMatterLayout(
            lineEnding: lineEnding, openingFence: bytes[...parts.firstBreak], lines: lines.map { bytes[$0] },
            closingFence: bytes[parts.closing], keyLines: keyLines)
        return (document, layout)
    }

    /// The fields of an entry file and where each starts, as `read(bytes:…, body: false, layout: false)` reads them
    /// (the same fields and errors), the locations as the reader listed them: for checks of the fields alone
    /// (`EntryDocument.parseFieldsLocated`).
    /// (`direct` false: without `fieldsLocatedDirectly`, its reference in the tests.)
    static func readFieldsLocated(bytes: [UInt8], limits: FrontMatterLimits, direct: Bool = true) throws(FrontMatterError)
        -> (fields: OrderedDictionary<String, JSONValue>, locations: FieldLocations) {
        if direct, let found = fieldsLocatedDirectly(bytes, limits: limits) { return found }
        let parsed = try readParts(bytes: bytes, limits: limits, body: false, reader: .fast, encodingCheck: .singlePass,
                                   topKeys: false, locationList: true).parsed
        return (parsed.fields, parsed.locationList.map { FieldLocations(listed: $0) } ?? FieldLocations(parsed.locations))
    }

    /// `readFieldsLocated` for the common case, or nil: a file within the limits, valid UTF-8 without NUL, opening
    /// and closing with a `---` line, whose front matter is taken by `FrontMatterFastReader` (so holds no CR). Those
    /// are the steps `readParts` takes to the same result, without what only its other callers and paths want: the
    /// array of the front matter's line ranges and the copy of the front matter's bytes (the YAML text is the bytes
    /// themselves when they hold no CR), two allocations per entry of a cold `chronik validate`. Anything else, an
    /// error above all, is nil, and `readParts` reads the file again and words it. `FieldsLocatedDirectlyTests` hold
    /// the two ways to each other (on damaged envelopes too), as `FrontMatterFastReaderTests` do on every document.
    static func fieldsLocatedDirectly(_ bytes: [UInt8], limits: FrontMatterLimits)
        -> (fields: OrderedDictionary<String, JSONValue>, locations: FieldLocations)? {
        guard bytes.count <= limits.maxFileBytes, !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> (fields: OrderedDictionary<String, JSONValue>, locations: FieldLocations)? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            // The lines up to the closing fence, found on the buffer (`isFence` of a slice per line retained and
            // released the array for every line).
            func lineEnd(from start: Int) -> Int? {
                memchr(base + start, Int32(lf), count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
            }
            guard let firstBreak = lineEnd(from: 0), isFence(buffer, 0, firstBreak + 1) else { return nil }
            var closing: Int?
            var start = firstBreak + 1
            while start < count {
                let end = lineEnd(from: start).map { $0 + 1 } ?? count
                if isFence(buffer, start, end) {
                    closing = start
                    break
                }
                start = end
            }
            guard let closing, closing - (firstBreak + 1) <= limits.maxFrontMatterBytes else { return nil }
            // (A CR in the front matter, which `readParts` would take out of CR LF, is declined by the fast reader,
            // as every control character but LF.)
            let yaml = (firstBreak + 1)..<closing
            guard UTF8Validation.isValid(buffer), memchr(base, 0, count) == nil,
                  let parsed = FrontMatterFastReader.read(UnsafeBufferPointer(rebasing: buffer[yaml]), limits: limits,
                                                          topKeys: false, locationList: true),
                  let listed = parsed.locationList else { return nil }
            return (parsed.fields, FieldLocations(listed: listed))
        }
    }

    /// What `read(bytes:…)` makes of a file before its document and layout.
    private struct Parts {
        var parsed: ParsedFrontMatter
        var body: String
        var lineEnding: LineEnding
        var firstBreak: Int
        var closing: Range<Int>
        var lines: [Range<Int>]
        var yaml: [UInt8]
        var loneCarriageReturns: Bool
    }

    private static func readParts(bytes: [UInt8], limits: FrontMatterLimits, body wantBody: Bool, reader: YAMLReader,
                                  encodingCheck: EncodingCheck, topKeys: Bool, locationList: Bool) throws(FrontMatterError) -> Parts {
        if bytes.count > limits.maxFileBytes { throw .fileTooLarge(bytes: bytes.count, limit: limits.maxFileBytes) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw .byteOrderMark }
        if encodingCheck == .wholeFileFirst { try checkEncoding(bytes) }

        // The fences are found on the bytes as they are (a line is `---` or not, whatever the rest of the file
        // holds); what they decide is thrown only after the encoding was checked, which is wrong first.
        let firstBreak = firstIndex(of: lf, in: bytes, from: 0)
        let opens = firstBreak.map { isFence(bytes[..<$0]) } ?? false

        // The front matter's lines, up to the closing fence: their ranges (a slice per line retained the bytes, for
        // a layout that most readers do not want).
        var lines: [Range<Int>] = []
        lines.reserveCapacity(24)
        var closing: Range<Int>? = nil
        if let firstBreak, opens {
            var start = firstBreak + 1
            while start < bytes.count {
                let end = firstIndex(of: lf, in: bytes, from: start).map { $0 + 1 } ?? bytes.count
                if isFence(bytes[start..<end]) {
                    closing = start..<end
                    break
                }
                lines.append(start..<end)
                start = end
            }
        }

        var body = ""
        if encodingCheck == .singlePass {
            // Valid UTF-8 is valid exactly when its parts are, cut after a line break (LF is never inside a
            // multi-byte sequence): the head up to the closing fence's line break is validated here, the body by
            // making its String (`String(validating:)` validates as it copies; `String(decoding:)` after a whole-file
            // check validated the body twice). Anything invalid goes to `checkEncoding`, which finds its line.
            if wantBody, opens, let closing {
                let headValid = bytes.withUnsafeBufferPointer {
                    UTF8Validation.isValid(UnsafeBufferPointer(rebasing: $0[..<closing.upperBound]))
                }
                if headValid, let made = String(validating: bytes[closing.upperBound...], as: UTF8.self) {
                    body = made
                    try checkNul(bytes)
                } else {
                    try checkEncoding(bytes)
                    // (Not reached while both validators agree, as `UTF8ValidationTests` hold them.)
                    body = String(decoding: bytes[closing.upperBound...], as: UTF8.self)
                }
            } else {
                try checkEncoding(bytes)
            }
        }

        // Line 1: the opening fence.
        guard let firstBreak else {
            if isFence(bytes[...]) { throw .unterminated(line: 1) }
            throw .missingFrontMatter
        }
        guard opens else { throw .missingFrontMatter }
        let lineEnding: LineEnding = firstBreak > 0 && bytes[firstBreak - 1] == cr ? .crlf : .lf
        guard let closing else { throw .unterminated(line: 1) }
        let frontMatterBytes = closing.lowerBound - (firstBreak + 1)
        if frontMatterBytes > limits.maxFrontMatterBytes {
            throw .frontMatterTooLarge(bytes: frontMatterBytes, limit: limits.maxFrontMatterBytes)
        }
        if encodingCheck == .wholeFileFirst, wantBody { body = String(decoding: bytes[closing.upperBound...], as: UTF8.self) }

        // LF-normalised YAML text for the scan and for Yams.
        let (yaml, loneCarriageReturns) = yamlText(bytes, lines: lines)
        // The common subset straight from the bytes (FrontMatterFastReader); whatever it declines goes the way it
        // always went: the pre-scan, libyaml's events straight into values, and anything but the common case (an
        // error above all) read again by the reference reader, which words it (YAMLEventReader). The pre-scan can
        // refuse nothing the fast reader takes (no complex or non-scalar keys, nesting counted exactly within the
        // limit), so it need not run before it.
        let parsed: ParsedFrontMatter
        if reader == .fast, let quick = FrontMatterFastReader.read(yaml, limits: limits, topKeys: topKeys, locationList: locationList) {
            parsed = quick
        } else {
            switch YAMLPreScan.check(yaml, maxDepth: limits.maxDepth) {
            case .tooDeep(let line)?: throw .tooDeep(line: line + 1, limit: limits.maxDepth)
            case .nonScalarKey(let line, let column)?: throw .nonScalarKey(line: line + 1, column: column)
            case nil: break
            }
            if reader != .reference, let fast = YAMLEventReader.read(yaml, limits: limits) {
                parsed = fast
            } else {
                parsed = try reference(yaml, limits: limits)
            }
        }
        return Parts(parsed: parsed, body: body, lineEnding: lineEnding, firstBreak: firstBreak, closing: closing, lines: lines,
                     yaml: yaml, loneCarriageReturns: loneCarriageReturns)
    }

    /// Whether a line without its line break (LF or CR LF) is exactly `---`. (The bytes are valid UTF-8 by then,
    /// and no other text equals `---`.)
    /// True when the (LF-normalised) YAML holds a line break other than LF: a CR not before an LF, NEL (U+0085),
    /// LS (U+2028) or PS (U+2029), each of which libyaml counts as one.
    private static func hasOtherLineBreaks(_ yaml: [UInt8]) -> Bool {
        for k in yaml.indices {
            switch yaml[k] {
            case 0x0D: if k + 1 == yaml.count || yaml[k + 1] != 0x0A { return true }
            case 0xC2: if k + 1 < yaml.count, yaml[k + 1] == 0x85 { return true }
            case 0xE2: if k + 2 < yaml.count, yaml[k + 1] == 0x80, yaml[k + 2] == 0xA8 || yaml[k + 2] == 0xA9 { return true }
            default: break
            }
        }
        return false
    }

    /// `isFence(bytes[start..<end])` on a buffer.
    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var end = end
        if end > start, bytes[end - 1] == lf { end -= 1 }
        if end > start, bytes[end - 1] == cr { end -= 1 }
        return end - start == 3 && bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "-") && bytes[start + 2] == UInt8(ascii: "-")
    }

    private static func isFence(_ line: ArraySlice<UInt8>) -> Bool {
        var line = line
        if line.last == lf { line = line.dropLast() }
        if line.last == cr { line = line.dropLast() }
        return line.count == 3 && line.allSatisfy { $0 == UInt8(ascii: "-") }
    }

    /// The front matter's `lines` (ranges of `bytes`, one after another) as LF-normalised YAML: CR LF read as LF, and
    /// every CR left a lone one, which libyaml reads as a line break (as LF, in scalars too), made one for the pre-scan
    /// as well, so that both see the same lines (`?` then a lone CR is an explicit key on the next line); same length,
    /// so columns stay. Without a CR, the lines copied as one (`yamlTextLineByLine` is the reference).
    static func yamlText(_ bytes: [UInt8], lines: [Range<Int>]) -> (yaml: [UInt8], loneCarriageReturns: Bool) {
        guard let first = lines.first, let last = lines.last else { return ([], false) }
        let all = first.lowerBound..<last.upperBound
        if firstIndex(of: cr, in: bytes, within: all) == nil { return (Array(bytes[all]), false) }
        return yamlTextLineByLine(bytes, lines: lines)
    }

    /// `yamlText` line by line.
    static func yamlTextLineByLine(_ bytes: [UInt8], lines: [Range<Int>]) -> (yaml: [UInt8], loneCarriageReturns: Bool) {
        var yaml: [UInt8] = []
        yaml.reserveCapacity(lines.last.map { $0.upperBound - lines[0].lowerBound } ?? 0)
        for range in lines {
            let line = bytes[range]
            if line.count >= 2, line[line.endIndex - 2] == cr, line.last == lf {
                yaml.append(contentsOf: line.dropLast(2))
                yaml.append(lf)
            } else {
                yaml.append(contentsOf: line)
            }
        }
        var loneCarriageReturns = false
        for k in yaml.indices where yaml[k] == cr {
            yaml[k] = lf
            loneCarriageReturns = true
        }
        return (yaml, loneCarriageReturns)
    }

    /// The first `byte` in `range` (memchr).
    private static func firstIndex(of byte: UInt8, in bytes: [UInt8], within range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The first `byte` at or after `start` (memchr).
    private static func firstIndex(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private static func checkEncoding(_ bytes: [UInt8]) throws(FrontMatterError) {
        // One pass that validates without building a String (`String(validating:)` would copy the whole file).
        if !bytes.withUnsafeBufferPointer({ UTF8Validation.isValid($0) }) {
            // LF never occurs inside a multi-byte sequence, so validating line by line finds the culprit.
            var number = 0
            for line in bytes.split(separator: lf, omittingEmptySubsequences: false) {
                number += 1
                if String(validating: line, as: UTF8.self) == nil { throw .invalidUTF8(line: number) }
            }
            throw .invalidUTF8(line: number)
        }
        try checkNul(bytes)
    }

    /// The first NUL byte is an error (on its line).
    private static func checkNul(_ bytes: [UInt8]) throws(FrontMatterError) {
        if let nul = firstIndex(of: 0, in: bytes, from: 0) {
            throw .nulByte(line: bytes[..<nul].count(where: { $0 == lf }) + 1)
        }
    }

    /// Whether line `index` (0-based) of `text` has a tab in its leading white space.
    static func indentedWithTab(text: String, line index: Int) -> Bool {
        var n = 0
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if n == index { return row.prefix { $0 == " " || $0 == "\t" }.contains("\t") || row.hasPrefix("\t") }
            n += 1
        }
        return false
    }

    private static func map(_ error: YamlError, text: String, limits: FrontMatterLimits) -> FrontMatterError {
        func message(_ context: YamlError.Context?, _ problem: String) -> String {
            if let context, !context.text.isEmpty { return "\(problem) (\(context.text))" }
            return problem
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            if problem.localizedCaseInsensitiveContains("nesting level") {
                return .tooDeep(line: mark.line + 1, limit: limits.maxDepth)
            }
            var said = message(context, problem)
            // libyaml names a tab used for indentation only as a character "that cannot start any token": said
            // outright, so that the explanation (`YAMLTrouble.tab`) can be the right one.
            if problem.contains("cannot start any token"), indentedWithTab(text: text, line: mark.line) {
                said += " (a tab character)"
            }
            return .malformedYAML(line: mark.line + 1, column: mark.column, message: said)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .duplicateKey(key: duplicates.first ?? "", line: context.mark.line + 1, column: context.mark.column)
        case let .reader(problem, offset, _, _):
            var line = 2
            if let offset {
                line += text.prefix(offset).count(where: { $0 == "\n" || $0 == "\r\n" })
            }
            return .malformedYAML(line: line, column: 1, message: problem)
        default:
            return .malformedYAML(line: 2, column: 1, message: String(describing: error))
        }
    }
}

/// Maps a composed YAML node tree to `JSONValue`s under the caps of `FrontMatterLimits`.
struct NodeWalker {
    let limits: FrontMatterLimits
    var visited = 0
    var locations: [String: SourceLocation] = [:]

    init(limits: FrontMatterLimits) {
        self.limits = limits
        // Room for a typical entry's nodes, instead of growing the table four times.
        locations.reserveCapacity(16)
    }

    /// Where a node starts in the file (Yams counts from the front matter's first line, the file from the fence).
    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(line: 2, column: 1) }
        return SourceLocation(line: mark.line + 1, column: mark.column)
    }

    private static let yamlPrefix = "tag:yaml.org,2002:"

    private static func displayTag(_ name: Tag.Name) -> String {
        name.rawValue.hasPrefix(yamlPrefix) ? "!!" + name.rawValue.dropFirst(yamlPrefix.count) : name.rawValue
    }

    private mutating func visit(_ node: Node, pointer: String) throws(FrontMatterError) -> SourceLocation {
        let here = location(of: node)
        visited += 1
        if visited > limits.maxNodes { throw .tooManyNodes(line: here.line, limit: limits.maxNodes) }
        // The first location of a pointer stays: the defaulted subscript inserts `here` only when the pointer is
        // new, with one look-up.
        Self.keep(&locations[pointer, default: here])
        return here
    }

    @inline(__always) private static func keep(_: inout SourceLocation) {}

    mutating func value(_ node: Node, pointer: String, depth: Int) throws(FrontMatterError) -> JSONValue {
        let here = try visit(node, pointer: pointer)
        // The tag as written: `Node.tag` would resolve (and store) an implicit tag by YAML 1.1 rules.
        let tag: Tag.Name
        switch node {
        case .scalar(let scalar): tag = Tag.Name(rawValue: scalar.tag.rawValue)
        case .sequence(let sequence): tag = Tag.Name(rawValue: sequence.tag.rawValue)
        case .mapping(let mapping): tag = Tag.Name(rawValue: mapping.tag.rawValue)
        case .alias: tag = .implicit
        }
        switch node {
        case .scalar(let scalar):
            return try Self.scalarValue(scalar, at: here)
        case .sequence(let sequence):
            guard tag == .implicit || tag == .seq else {
                if tag == .map { throw .invalidTaggedValue(tag: "!!map", value: "a list", line: here.line, column: here.column) }
                throw Self.tagError(tag, at: here)
            }
            if depth > limits.maxDepth { throw .tooDeep(line: here.line, limit: limits.maxDepth) }
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                items.append(try value(item, pointer: pointer + "/\(index)", depth: depth + 1))
            }
            return .array(items)
        case .mapping(let mapping):
            guard tag == .implicit || tag == .map else {
                if tag == .seq { throw .invalidTaggedValue(tag: "!!seq", value: "a section", line: here.line, column: here.column) }
                throw Self.tagError(tag, at: here)
            }
            return .object(try mappingFields(mapping, node: node, pointer: pointer, depth: depth, visitedAlready: true))
        case .alias:
            // Yams resolves aliases while composing; an unresolved one means a malformed tree.
            throw .malformedYAML(line: here.line, column: here.column, message: "unresolved alias")
        }
    }

    mutating func mappingFields(
        _ mapping: Node.Mapping, node: Node, pointer: String, depth: Int, visitedAlready: Bool = false
    ) throws(FrontMatterError) -> OrderedDictionary<String, JSONValue> {
        let here = visitedAlready ? location(of: node) : try visit(node, pointer: pointer)
        if depth > limits.maxDepth { throw .tooDeep(line: here.line, limit: limits.maxDepth) }
        if mapping.count > limits.maxKeysPerMapping {
            throw .tooManyKeys(line: here.line, limit: limits.maxKeysPerMapping)
        }
        var fields = OrderedDictionary<String, JSONValue>()
        fields.reserveCapacity(mapping.count)
        for (keyNode, valueNode) in mapping {
            let keyHere = location(of: keyNode)
            visited += 1
            if visited > limits.maxNodes { throw .tooManyNodes(line: keyHere.line, limit: limits.maxNodes) }
            guard case .scalar(let keyScalar) = keyNode else {
                throw .nonScalarKey(line: keyHere.line, column: keyHere.column)
            }
            let key = keyScalar.string
            // Yams' duplicate check has already resolved (and stored) the implicit tags of plain keys with our
            // resolver (which gives !!str), so a plain key's tag is "as written" when it is that.
            var keyTag = Tag.Name(rawValue: keyScalar.tag.rawValue)
            if keyScalar.style == .plain, keyTag == .str || keyTag == Resolver.basic.resolveTag(of: Node(key)) { keyTag = .implicit }
            if keyTag == .implicit, keyScalar.style == .plain, key == "<<" {
                throw .mergeKey(line: keyHere.line, column: keyHere.column)
            }
            guard keyTag == .implicit || keyTag == .str else { throw Self.tagError(keyTag, at: keyHere) }
            // The keys before this one are those of `fields` (a key is added once its value is read).
            if fields[key] != nil {
                let first = mapping.first { $0.key.scalar?.string == key }.map { location(of: $0.key) } ?? keyHere
                throw .duplicateKey(key: key, line: first.line, column: first.column)
            }
            fields[key] = try value(valueNode, pointer: pointer + "/" + Self.escape(key), depth: depth + 1)
        }
        return fields
    }

    static func escape(_ key: String) -> String {
        // Almost every key has neither character; Foundation's replacing costs microseconds even when nothing changes.
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func tagError(_ tag: Tag.Name, at here: SourceLocation) -> FrontMatterError {
        .unsupportedTag(tag: displayTag(tag), line: here.line, column: here.column)
    }

    static let trueForms: Set<String> = ["true", "True", "TRUE"]
    static let falseForms: Set<String> = ["false", "False", "FALSE"]
    static let nullForms: Set<String> = ["null", "Null", "NULL", "~", ""]

    /// What an untagged plain scalar means (rules 12–14); everything else is its text.
    static func plainValue(_ text: String) -> JSONValue {
        // Most scalars are text: the forms above are at most 5 bytes long, and a JSON number starts with `-` or a
        // digit, so most texts need no set look-up and no number parse.
        let utf8 = text.utf8
        if utf8.count <= 5 {
            switch asciiForm(utf8) {
            case .known(let value): return value
            case .text: break
            case .unknown:
                if trueForms.contains(text) { return .bool(true) }
                if falseForms.contains(text) { return .bool(false) }
                if nullForms.contains(text) { return .null }
            }
        }
        if let first = utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
           let number = JSONNumber(literal: text) {
            return .number(number)
        }
        return .string(text)
    }

    /// `plainValue`'s look-up in the sets of forms above, by bytes, for a text of at most 5 ASCII bytes (the bytes
    /// and the count packed in a word, compared with the forms' words): `.known(value)` for a form, `.text` for
    /// anything else, `.unknown` for a text with a byte outside ASCII (which the sets decide, by `String ==`). Three
    /// set look-ups hashing the String were a good part of typing a short value (dates, ids, numbers, names).
    /// `NodeWalkerPlainValueTests` hold it to the sets.
    enum Form: Equatable {
        case known(JSONValue), text, unknown
    }

    static func asciiForm(_ utf8: String.UTF8View) -> Form {
        var word = UInt64(utf8.count) << 56
        var shift: UInt64 = 0
        for byte in utf8 {
            guard byte < 0x80, shift < 40 else { return .unknown }
            word |= UInt64(byte) << shift
            shift += 8
        }
        switch word {
        case 0x0400_0000_6575_7274, 0x0400_0000_6575_7254, 0x0400_0000_4555_5254: return .known(.bool(true)) // true True TRUE
        case 0x0500_0065_736C_6166, 0x0500_0065_736C_6146, 0x0500_0045_534C_4146: return .known(.bool(false)) // false False FALSE
        case 0x0400_0000_6C6C_756E, 0x0400_0000_6C6C_754E, 0x0400_0000_4C4C_554E, 0x0100_0000_0000_007E, 0: // null Null NULL ~ ""
            return .known(.null)
        default: return .text
        }
    }

    private static func isIntegerSyntax(_ s: String) -> Bool {
        JSONNumber.isJSONNumberSyntax(s) && !s.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }

    private static func scalarValue(_ scalar: Node.Scalar, at here: SourceLocation) throws(FrontMatterError) -> JSONValue {
        let text = scalar.string
        let tag = Tag.Name(rawValue: scalar.tag.rawValue)
        func invalid(_ name: String) -> FrontMatterError {
            .invalidTaggedValue(tag: name, value: text, line: here.line, column: here.column)
        }
        switch tag {
        case .implicit:
            return scalar.style == .plain ? plainValue(text) : .string(text)
        case .str:
            return .string(text)
        case .int:
            guard isIntegerSyntax(text), let number = JSONNumber(literal: text) else { throw invalid("!!int") }
            return .number(number)
        case .float:
            guard let number = JSONNumber(literal: text) else { throw invalid("!!float") }
            return .number(number)
        case .bool:
            if trueForms.contains(text) { return .bool(true) }
            if falseForms.contains(text) { return .bool(false) }
            throw invalid("!!bool")
        case .null:
            guard nullForms.contains(text) else { throw invalid("!!null") }
            return .null
        case .seq:
            throw invalid("!!seq")
        case .map:
            throw invalid("!!map")
        default:
            throw tagError(tag, at: here)
        }
    }
}

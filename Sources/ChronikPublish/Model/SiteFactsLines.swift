import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

/// A facts file of the publish cache's folder (`SiteReleaseFacts`, `SiteHistoryFacts`): one per repository, for one
/// language and change-record format (its first two lines), checksummed (`SiteFactsLines`).
protocol SiteFactsFile: Equatable {
    /// The file's first line.
    static var header: String { get }
    /// The file's name in the publish cache's folder.
    static var fileName: String { get }
    /// The language of the changes the facts were taken from.
    var language: String { get }
    /// The facts in `data` (a file `serialized` wrote), nil when it is anything else.
    static func parse(_ data: Data) -> Self?
    /// The file's bytes.
    func serialized() -> [UInt8]
}

extension SiteFactsFile {
    static func file(in directory: URL) -> URL { directory.appendingPathComponent(fileName) }

    /// The facts kept in `directory` for `language`, nil when there are none or they do not verify.
    static func read(directory: URL, language: String) -> Self? {
        guard let data = FileManager.default.contents(atPath: file(in: directory).path),
              let facts = parse(data), facts.language == language else { return nil }
        return facts
    }

    /// Writes the facts (a temporary file renamed into place). Best effort: facts that cannot be written only make
    /// the next publish read the records; an old file that could not be replaced is removed.
    func write(directory: URL) {
        SiteCacheFile.replace(Self.file(in: directory), in: directory, with: serialized())
    }
}

/// The lines of a checksummed facts file of the publish cache's folder (`SiteReleaseFacts`, `SiteHistoryFacts`):
/// fields between tabs, one record a line, the last line `end\t<checksum of every byte before it>`. Read on the file's
/// bytes (splitting the medium store's 1.2 MB release facts into `String` lines was 2 % of an incremental publish).
struct SiteFactsLines {
    typealias Field = Slice<UnsafeBufferPointer<UInt8>>

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where the checksum's line begins, less one (the line break before it).
    private let lastBreak: Int
    private var position = 0

    /// The lines of `raw`; nil when it does not end in a checksum line whose checksum is that of the bytes before it.
    init?(_ raw: UnsafeRawBufferPointer) {
        let bytes = raw.bindMemory(to: UInt8.self)
        let newline = UInt8(ascii: "\n")
        guard bytes.last == newline, let lastBreak = bytes[..<(bytes.count - 1)].lastIndex(of: newline) else { return nil }
        let sum = Checksum.of(UnsafeRawBufferPointer(rebasing: raw[..<(lastBreak + 1)]))
        guard bytes[(lastBreak + 1)..<(bytes.count - 1)].elementsEqual(Array("end\t\(Checksum.hex(sum))".utf8)) else { return nil }
        self.bytes = bytes
        self.lastBreak = lastBreak
    }

    /// Whether every line before the checksum's was read.
    var atEnd: Bool { position >= lastBreak }

    /// The next line (without its line break), as fields between tabs; nil after the last line.
    mutating func next() -> [Field]? {
        var fields: [Field] = []
        return next(into: &fields) ? fields : nil
    }

    /// `next()` into `fields` (emptied first, its storage kept: one array for every line of a file, not one per
    /// line); false after the last line.
    mutating func next(into fields: inout [Field]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        guard position <= lastBreak else { return false }
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")
        var start = position
        while position < lastBreak, bytes[position] != newline {
            if bytes[position] == tab {
                fields.append(bytes[start..<position])
                start = position + 1
            }
            position += 1
        }
        fields.append(bytes[start..<position])
        position += 1
        return true
    }

    static func text(_ field: Field) -> String { String(decoding: field, as: UTF8.self) }

    /// `Int(text(field))`, read on the bytes (no `String` made: two per line of the history facts, inc15r): an optional
    /// sign, then one or more ASCII digits, nil beyond `Int`'s range.
    static func integer(_ field: Field) -> Int? {
        var position = field.startIndex
        var negative = false
        if position < field.endIndex, field[position] == UInt8(ascii: "-") || field[position] == UInt8(ascii: "+") {
            negative = field[position] == UInt8(ascii: "-")
            position += 1
        }
        guard position < field.endIndex else { return nil }
        var value = 0
        while position < field.endIndex {
            let digit = field[position] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            // Negative values built as such (`Int.min` has no positive counterpart).
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int(digit)) : times.addingReportingOverflow(Int(digit))
            guard !o1, !o2 else { return nil }
            value = next
            position += 1
        }
        return value
    }

    /// Whether `field`'s bytes are `text`'s UTF-8.
    static func field(_ field: Field, is text: StaticString) -> Bool {
        field.count == text.utf8CodeUnitCount
            && field.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// An object id, or none for `-` (`SiteFactsWriter.add(idOrNone:)`): nil when the field is neither, `.some(nil)`
    /// for `-`.
    static func idOrNone(_ field: Field) -> ObjectID?? {
        if field.elementsEqual(CollectionOfOne(UInt8(ascii: "-"))) { return .some(nil) }
        return ObjectID(hex: text(field)).map { .some($0) }
    }

    /// A date from its two fields (`SiteFactsWriter.add(_:)`): the bits of its time interval in hexadecimal, its offset
    /// in minutes.
    static func timestamp(_ bits: Field, _ offset: Field) -> Timestamp? {
        guard let bits = UInt64(text(bits), radix: 16), let offset = Int(text(offset)) else { return nil }
        return Timestamp(date: Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits)), offsetMinutes: offset)
    }

    /// Reads the file's first two lines, `header` and `language\t<language>\t<change-record format>`: the language, nil
    /// when they are other lines or the format is not this build's (`ChangeRecord.formatVersion`).
    mutating func language(header: String) -> String? {
        guard let first = next(), first.count == 1, Self.text(first[0]) == header,
              let head = next(), head.count == 3, Self.text(head[0]) == "language",
              Self.text(head[2]) == String(ChangeRecord.formatVersion) else { return nil }
        return Self.text(head[1])
    }
}

/// The writing side of `SiteFactsLines`: a facts file's bytes appended as they are made (`String` concatenation was 3 %
/// of an incremental publish, which wrote the history facts anew), then sealed with the checksum line it verifies.
struct SiteFactsWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Lines to be added to the bytes of a file without its checksum line.
    init(unsealed bytes: [UInt8]) { self.bytes = bytes }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func tab() { bytes.append(0x09) }
    mutating func newline() { bytes.append(0x0A) }

    /// The first two lines `SiteFactsLines.language(header:)` reads (`language` as it is: the caller escapes it or
    /// knows it has no tab or line break).
    mutating func addHead(_ header: String, language: String) {
        add(header + "\n" + "language\t\(language)\t\(ChangeRecord.formatVersion)\n")
    }

    /// An object id, or `-` for none (`SiteFactsLines.idOrNone`).
    mutating func add(idOrNone id: ObjectID?) { add(id?.hex ?? "-") }

    /// A date as two fields (`SiteFactsLines.timestamp`).
    mutating func add(_ date: Timestamp) {
        add(String(date.date.timeIntervalSinceReferenceDate.bitPattern, radix: 16)); tab(); add(String(date.offsetMinutes))
    }

    /// Adds the last line for lines that go on a file's first `count` bytes (`bytes` holds only what follows them):
    /// `sum` is those bytes' checksum (the file verified), `tail` their last `count % 8` bytes
    /// (`Checksum.of(_:after:count:tail:)`: the file is not read again).
    mutating func seal(after sum: UInt64, count: Int, tail: UnsafeRawBufferPointer) {
        let total = bytes.withUnsafeBytes { Checksum.of($0, after: sum, count: count, tail: tail) }
        add("end\t\(Checksum.hex(total))\n")
    }

    /// Adds the last line, `end\t<checksum of every byte before it>`.
    mutating func seal() {
        let sum = bytes.withUnsafeBytes { Checksum.of($0) }
        add("end\t\(Checksum.hex(sum))\n")
    }
}

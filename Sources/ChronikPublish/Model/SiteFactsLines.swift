import ChronikStore

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
        guard position <= lastBreak else { return nil }
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")
        var fields: [Field] = []
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
        return fields
    }

    static func text(_ field: Field) -> String { String(decoding: field, as: UTF8.self) }
}

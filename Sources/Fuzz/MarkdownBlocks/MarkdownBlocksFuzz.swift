import ChronikDiff
import FuzzSupport

/// Fuzz target of Markdown block parsing (libcmark-gfm through `MarkdownBlocks.split`): any bytes as a body.
///
/// The blocks come in order without overlapping, each inside the body, its text exactly the body's bytes in its
/// range, its lines ascending and inside the body's lines; blocks and the separators between them concatenate back
/// to the body.
public enum MarkdownBlocksFuzz {
    public static func check(_ input: [UInt8]) throws(FuzzFailure) {
        MarkdownBlocks.prepare()
        let body = String(decoding: input, as: UTF8.self)
        let bytes = Array(body.utf8)
        let lineCount = 1 + bytes.indices.filter { k in
            bytes[k] == 0x0A || (bytes[k] == 0x0D && (k + 1 == bytes.count || bytes[k + 1] != 0x0A))
        }.count
        let blocks = MarkdownBlocks.split(body)
        var end = 0, lastLine = 0
        var rebuilt: [UInt8] = []
        for (n, block) in blocks.enumerated() {
            try require(block.range.lowerBound >= end, "block \(n) starts at \(block.range.lowerBound), before the end \(end) of the one before")
            try require(block.range.upperBound <= bytes.count, "block \(n) ends at \(block.range.upperBound), after the body (\(bytes.count) bytes)")
            try require(Array(block.text.utf8) == Array(bytes[block.range]), "block \(n)'s text is not the body's bytes in its range")
            try require(block.lines.lowerBound > lastLine, "block \(n) starts on line \(block.lines.lowerBound), not after line \(lastLine)")
            try require(block.lines.upperBound <= lineCount, "block \(n) ends on line \(block.lines.upperBound) of \(lineCount)")
            rebuilt += bytes[end..<block.range.lowerBound]
            rebuilt += block.text.utf8
            end = block.range.upperBound
            lastLine = block.lines.upperBound
        }
        rebuilt += bytes[end...]
        try require(rebuilt == bytes, "blocks and separators do not concatenate to the body")
    }
}

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzMarkdownBlocks(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, MarkdownBlocksFuzz.check)
}

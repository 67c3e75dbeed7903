import ChronikDiff
import Foundation
import FuzzSupport

/// Fuzz target of the patch writer (`chronik diff --format patch`): the input is an old and a new file, cut at the
/// first NUL byte (without one, the file is compared with itself with its lines reversed).
///
/// `git apply` per input would run at a few inputs a second, so the round trip is checked in process: the patch of
/// a changed, an added and a removed file, applied to the old side by `PatchApplier` (a strict reader of the
/// unified format as git writes and applies it), gives the new side byte for byte. A file that is not UTF-8 is
/// reported as binary. The same round trip through the real `git apply` runs on a seeded sample in
/// `PatchGitApplyTests`.
public enum UnifiedPatchFuzz {
    public static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let (first, second) = splitAtNUL(input)
        let old = Data(first)
        let new = second.map { Data($0) } ?? Data(first.split(separator: 0x0A, omittingEmptySubsequences: false).reversed().joined(separator: [0x0A]))
        let cases = [
            ("changed", PatchFile(oldPath: "a b/entry.md", newPath: "a b/entry.md", oldMode: 0o100644, newMode: 0o100644, old: old, new: new), old, new),
            ("added", PatchFile(oldPath: nil, newPath: "entry.md", oldMode: nil, newMode: 0o100644, old: Data(), new: new), Data(), new),
            ("removed", PatchFile(oldPath: "entry.md", newPath: nil, oldMode: 0o100644, newMode: nil, old: old, new: Data()), old, Data()),
        ]
        for (name, file, from, to) in cases {
            for context in [3, 0] {
                let patch = UnifiedPatch.render([file], context: context)
                if from == to {
                    try require(!patch.contains("@@") && !patch.contains("Binary files "), "\(name): changes in an unchanged file:\n\(patch)")
                    continue
                }
                if file.isBinary {
                    try require(patch.contains("Binary files "), "\(name): a binary file without its line:\n\(patch)")
                    continue
                }
                do {
                    let applied = try PatchApplier.apply(Array(patch.utf8), to: Array(from))
                    try require(applied == Array(to), "\(name), context \(context): the patch applied gives \(applied), not \(Array(to)):\n\(patch)")
                } catch {
                    throw FuzzFailure("\(name), context \(context): \(error.description):\n\(patch)")
                }
            }
        }
    }
}

/// Applies the hunks of a one-file unified patch to a file's bytes, refusing anything it does not expect: a hunk
/// whose counts do not match its lines, context or removed lines that are not the old file's, hunks out of order.
public enum PatchApplier {
    public static func apply(_ patch: [UInt8], to old: [UInt8]) throws(FuzzFailure) -> [UInt8] {
        let oldLines = lines(old)
        var patchLines = patch.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        try require(patchLines.last == [], "the patch does not end with a line break")
        patchLines.removeLast()
        guard let start = patchLines.firstIndex(where: { $0.starts(with: Array("+++ ".utf8)) }) else {
            throw FuzzFailure("no +++ line")
        }
        var out: [UInt8] = []
        var cursor = 0  // old lines copied so far
        var k = start + 1
        while k < patchLines.count {
            let header = String(decoding: patchLines[k], as: UTF8.self)
            let (oldStart, oldCount, newCount) = try hunkHeader(header)
            k += 1
            // Lines of the hunk: (operation, text with its line break), a "\ No newline" line taking the break off
            // the line before.
            var hunk: [(op: UInt8, text: [UInt8])] = []
            while k < patchLines.count, let op = patchLines[k].first, op == 0x20 || op == 0x2D || op == 0x2B || op == 0x5C {
                if op == 0x5C {
                    try require(!hunk.isEmpty && hunk[hunk.count - 1].text.last == 0x0A, "a \\ line without a line before it")
                    hunk[hunk.count - 1].text.removeLast()
                } else {
                    hunk.append((op, Array(patchLines[k].dropFirst()) + [0x0A]))
                }
                k += 1
            }
            try require(hunk.count { $0.op != 0x2B } == oldCount, "hunk \(header): \(hunk.count { $0.op != 0x2B }) old lines")
            try require(hunk.count { $0.op != 0x2D } == newCount, "hunk \(header): \(hunk.count { $0.op != 0x2D }) new lines")
            // Unified diffs name the line before an empty old range.
            let first = oldCount == 0 ? oldStart : oldStart - 1
            try require(first >= cursor && first <= oldLines.count, "hunk \(header) out of order or outside the file")
            for line in oldLines[cursor..<first] { out += line }
            cursor = first
            for line in hunk {
                if line.op == 0x2B { out += line.text; continue }
                try require(cursor < oldLines.count && oldLines[cursor] == line.text,
                            "hunk \(header): line \(cursor + 1) of the old file is not \(line.text)")
                if line.op == 0x20 { out += line.text }
                cursor += 1
            }
        }
        for line in oldLines[cursor...] { out += line }
        return out
    }

    /// `@@ -a,b +c,d @@` (a count of 1 left out): the old start and count and the new count.
    static func hunkHeader(_ line: String) throws(FuzzFailure) -> (Int, Int, Int) {
        let parts = line.split(separator: " ")
        guard parts.count == 4, parts[0] == "@@", parts[3] == "@@", parts[1].first == "-", parts[2].first == "+" else {
            throw FuzzFailure("not a hunk header: \(line)")
        }
        func range(_ text: Substring) -> (Int, Int)? {
            let numbers = text.dropFirst().split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            switch numbers.count {
            case 1: return numbers[0].map { ($0, 1) }
            case 2: if let s = numbers[0], let c = numbers[1] { return (s, c) } else { return nil }
            default: return nil
            }
        }
        guard let (oldStart, oldCount) = range(parts[1]), let (_, newCount) = range(parts[2]) else {
            throw FuzzFailure("not a hunk header: \(line)")
        }
        return (oldStart, oldCount, newCount)
    }

    /// Lines with their line breaks; the last one may have none.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            result.append(Array(bytes[start...k]))
            start = k + 1
        }
        if start < bytes.count { result.append(Array(bytes[start...])) }
        return result
    }
}

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzUnifiedPatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, UnifiedPatchFuzz.check)
}

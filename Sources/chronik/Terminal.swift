import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stdout is data, stderr is talk.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("chronik: error: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("chronik: warning: " + message + "\n").utf8))
    }

    static func hint(_ message: String) {
        FileHandle.standardError.write(Data(("hint: " + message + "\n").utf8))
    }

    /// Writes to stdout as it is, without a newline added.
    static func write(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    /// Makes content safe for a terminal: control characters (ANSI escapes among them) are shown as `\u{…}`, tabs and newlines kept.
    static func sanitize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let category = s.properties.generalCategory
            if (category == .control && s != "\n" && s != "\t") || category == .format && s.value != 0x200D
                || category == .lineSeparator || category == .paragraphSeparator {
                out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}

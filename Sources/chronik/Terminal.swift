import ChronikDiff
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

    /// Makes content safe for a terminal (see `TerminalText.sanitize`).
    static func sanitize(_ text: String) -> String {
        TerminalText.sanitize(text)
    }
}

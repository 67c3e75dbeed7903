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

    /// Writes text to stdout as UTF-8 straight from the string's storage (a large diff is tens of megabytes: no
    /// copy into a `Data` first).
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let n = Glibc.write(STDOUT_FILENO, base + offset, bytes.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    return // a closed pipe: the reader has gone
                }
            }
        }
    }

    /// Makes content safe for a terminal (see `TerminalText.sanitize`).
    static func sanitize(_ text: String) -> String {
        TerminalText.sanitize(text)
    }
}

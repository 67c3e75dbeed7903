import ChronikDiff
import Foundation

/// Stdout is data, stderr is talk. Data goes through `StandardOutput` (Output.swift); talk comes here.
package enum Terminal {
    static func error(_ message: String) {
        StandardError.write("chronik: error: " + message + "\n")
    }

    package static func warning(_ message: String) {
        StandardError.write("chronik: warning: " + message + "\n")
    }

    static func hint(_ message: String) {
        StandardError.write("hint: " + message + "\n")
    }

    /// Makes content safe for a terminal (see `TerminalText.sanitize`).
    static func sanitize(_ text: String) -> String {
        TerminalText.sanitize(text)
    }
}

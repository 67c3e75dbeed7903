import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The columns a terminal gives a text, for tables that line up (`list`, `releases`, `diff --stat`): two for East
/// Asian wide and full-width characters and most emoji, none for a lone combining mark, one for anything else, by
/// glibc's `wcwidth` in the C.UTF-8 locale (Unicode's East_Asian_Width and emoji data, as terminals and git's
/// `utf8_strwidth` count), one character (grapheme cluster) at a time: the width of its first scalar, or two when an
/// emoji presentation selector (U+FE0F) makes it an emoji. Pure ASCII (the common case) is its byte count. Control
/// characters are shown escaped before text reaches a table, so they are not counted specially here.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        var columns = 0
        for character in text {
            let scalars = character.unicodeScalars
            if scalars.contains(where: { $0.value == 0xFE0F }) {
                columns += 2
                continue
            }
            columns += width(of: scalars.first!)
        }
        return columns
    }

    /// `text` with spaces after it up to `width` columns (never cut).
    public static func padded(_ text: String, to width: Int) -> String {
        let missing = width - of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    #if canImport(Glibc)
    /// The C.UTF-8 locale (built into glibc since 2.35), made once; nil when the C library lacks it.
    nonisolated(unsafe) private static let utf8Locale: locale_t? = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)
    /// glibc's `wcwidth` (declared under `_XOPEN_SOURCE`, which Swift's Glibc module does not set), looked up once.
    private static let wcwidthFunction: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "wcwidth") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()
    #endif

    private static func width(of scalar: Unicode.Scalar) -> Int {
        if scalar.isASCII { return 1 }
        #if canImport(Glibc)
        if let locale = utf8Locale, let wcwidth = wcwidthFunction {
            let previous = uselocale(locale)
            defer { uselocale(previous) }
            let columns = Int(wcwidth(Int32(bitPattern: scalar.value)))
            return columns < 0 ? 1 : columns
        }
        #endif
        return 1
    }
}

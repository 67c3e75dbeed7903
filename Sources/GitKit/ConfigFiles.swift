#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The repository's view of Git's configuration (system, XDG, global, then the repository's own file, later files
/// winning, the last value in a file winning), read by GitKit itself for the settings a read-only command asks
/// (`core.bare` and `core.worktree` on opening, `color.*`, `core.pager`), so that such a command need not start
/// libgit2 (issue 19).
///
/// It reads only what it is sure of, the configuration files git and libgit2 write and people usually write: sections
/// `[name]` and `[name "subsection"]`, `key = value` lines and `#`/`;` comments. Anything else — an `include` or
/// `includeIf` section, a quoted or escaped value, a continued line, a key without `=`, a carriage return, a byte
/// order mark, a line it cannot read — and a home folder it cannot name as libgit2 does (no `HOME`, or a process
/// whose user and effective user differ) makes the whole configuration unreadable here (nil), and libgit2 answers.
struct ConfigFiles {
    /// Values by key (`section.key` or `section.subsection.key`, section and key in lower case), later files' last.
    private var values: [String: String] = [:]

    /// The configuration libgit2 builds for the repository whose common folder is `commonDirectory` (ending in `/`):
    /// `/etc/gitconfig`, `$XDG_CONFIG_HOME/git/config` (else `$HOME/.config/git/config`), `$HOME/.gitconfig` and
    /// the repository's `config`; nil when any of them is not read the usual way.
    static func load(commonDirectory: String) -> ConfigFiles? {
        guard getuid() == geteuid(), let home = environment("HOME"), !home.isEmpty else { return nil }
        let xdg = environment("XDG_CONFIG_HOME").map { $0 + "/git/config" } ?? home + "/.config/git/config"
        var files = ConfigFiles()
        for path in ["/etc/gitconfig", xdg, home + "/.gitconfig", commonDirectory + "config"] {
            guard let text = readFile(path) else { return nil }
            if let text, !files.parse(text) { return nil }
        }
        return files
    }

    /// The value of `key` (`color.ui`, `core.pager`, `remote.origin.url`); nil when unset.
    func string(_ key: String) -> String? {
        values[Self.normalized(key)]
    }

    /// Whether any variable of section `name` (lower case) is set.
    func hasSection(_ name: String) -> Bool {
        values.keys.contains { $0.hasPrefix(name + ".") }
    }

    /// `key` as the parser stores it: section and variable name in lower case, a subsection as written.
    static func normalized(_ key: String) -> String {
        guard let first = key.firstIndex(of: "."), let last = key.lastIndex(of: ".") else { return key.lowercased() }
        let section = key[..<first].lowercased(), name = key[key.index(after: last)...].lowercased()
        if first == last { return section + "." + name }
        return section + "." + key[key.index(after: first)..<last] + "." + name
    }

    /// Reads one file's lines into `values`; false when a line is not of the usual kinds.
    ///
    /// An ASCII line is read byte by byte (`asciiSectionHeader`, `asciiVariable`); a line with other characters by
    /// the `Substring` readers, which are also the reference the byte readers are held to (`parseReference`). The
    /// byte readers need no generic `String` machinery, whose first use costs a start-up its type metadata and
    /// protocol conformance look-ups (issue 19: `log -n1`).
    mutating func parse(_ text: [UInt8]) -> Bool {
        guard !text.contains(0x0D), !text.starts(with: [0xEF, 0xBB, 0xBF]), !text.contains(0x5C),
              String(validating: text, as: UTF8.self) != nil else { return false }
        var section: String?
        var start = 0
        while start <= text.count {
            let end = text[start...].firstIndex(of: 0x0A) ?? text.count
            defer { start = end + 1 }
            if !text[start..<end].allSatisfy({ $0 < 0x80 }) {
                // Not ASCII: by `Character`s, as `parseReference` reads every line.
                let string = String(decoding: text[start..<end], as: UTF8.self)
                let line = string.drop { $0 == " " || $0 == "\t" }
                guard let first = line.first, first != "#", first != ";" else { continue }
                if first == "[" {
                    guard let header = Self.sectionHeader(line) else { return false }
                    section = header
                    continue
                }
                guard let section, let (name, value) = Self.variable(line) else { return false }
                values[section + "." + name] = value
                continue
            }
            var first = start
            while first < end, Self.isBlank(text[first]) { first += 1 }
            guard first < end, text[first] != 0x23, text[first] != 0x3B else { continue }
            let line = text[first..<end]
            if line.first == 0x5B {
                guard let header = Self.asciiSectionHeader(line) else { return false }
                section = header
                continue
            }
            guard let section, let (name, value) = Self.asciiVariable(line) else { return false }
            values[section + "." + name] = value
        }
        return true
    }

    /// `parse` as it read every line before the byte readers: by `Character`s of a `String` (the reference of
    /// `ConfigFilesTests`).
    mutating func parseReference(_ text: [UInt8]) -> Bool {
        guard !text.contains(0x0D), !text.starts(with: [0xEF, 0xBB, 0xBF]), !text.contains(0x5C),
              let string = String(validating: text, as: UTF8.self) else { return false }
        var section: String?
        for rawLine in string.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first, first != "#", first != ";" else { continue }
            if first == "[" {
                guard let header = Self.sectionHeader(line) else { return false }
                section = header
                continue
            }
            guard let section, let (name, value) = Self.variable(line) else { return false }
            values[section + "." + name] = value
        }
        return true
    }

    /// The values read, for tests.
    var allValues: [String: String] { values }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// An ASCII letter, digit or `-` (what `sectionHeader` and `variable` allow in a name).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// `sectionHeader` of an ASCII line (starting with `[`), byte by byte.
    private static func asciiSectionHeader(_ line: ArraySlice<UInt8>) -> String? {
        guard let close = line.firstIndex(of: 0x5D) else { return nil }
        var rest = close + 1
        while rest < line.endIndex, isBlank(line[rest]) { rest += 1 }
        guard rest == line.endIndex || line[rest] == 0x23 || line[rest] == 0x3B else { return nil }
        let inside = line[(line.startIndex + 1)..<close]
        let name: ArraySlice<UInt8>, subsection: ArraySlice<UInt8>?
        if let space = inside.firstIndex(of: 0x20) {
            name = inside[..<space]
            let quoted = inside[(space + 1)...]
            guard quoted.count >= 2, quoted.first == 0x22, quoted.last == 0x22 else { return nil }
            let inner = quoted.dropFirst().dropLast()
            guard !inner.contains(0x22) else { return nil }
            subsection = inner
        } else {
            (name, subsection) = (inside, nil)
        }
        guard !name.isEmpty, name.allSatisfy(isNameByte) else { return nil }
        let lower = lowercased(name)
        guard lower != "include", lower != "includeif" else { return nil }
        return subsection.map { lower + "." + String(decoding: $0, as: UTF8.self) } ?? lower
    }

    /// `variable` of an ASCII line, byte by byte.
    private static func asciiVariable(_ line: ArraySlice<UInt8>) -> (String, String)? {
        guard let equals = line.firstIndex(of: 0x3D) else { return nil }
        var keyEnd = equals
        while keyEnd > line.startIndex, isBlank(line[keyEnd - 1]) { keyEnd -= 1 }
        let key = line[line.startIndex..<keyEnd]
        guard let head = key.first, (head >= 0x41 && head <= 0x5A) || (head >= 0x61 && head <= 0x7A),
              key.allSatisfy(isNameByte) else { return nil }
        var valueStart = equals + 1
        while valueStart < line.endIndex, isBlank(line[valueStart]) { valueStart += 1 }
        var value = line[valueStart...]
        guard !value.contains(0x22) else { return nil }
        if let comment = value.firstIndex(where: { $0 == 0x23 || $0 == 0x3B }) { value = value[..<comment] }
        while let last = value.last, isBlank(last) { value = value.dropLast() }
        return (lowercased(key), String(decoding: value, as: UTF8.self))
    }

    /// `[name]` or `[name "subsection"]` with nothing but a comment after it: `name` lower-cased, or
    /// `name.subsection`; nil for anything else, and for the sections that include other files.
    private static func sectionHeader(_ line: Substring) -> String? {
        guard let close = line.firstIndex(of: "]") else { return nil }
        let rest = line[line.index(after: close)...].drop { $0 == " " || $0 == "\t" }
        guard rest.isEmpty || rest.first == "#" || rest.first == ";" else { return nil }
        let inside = line[line.index(after: line.startIndex)..<close]
        let name: Substring, subsection: Substring?
        if let space = inside.firstIndex(of: " ") {
            name = inside[..<space]
            let quoted = inside[inside.index(after: space)...]
            guard quoted.count >= 2, quoted.first == "\"", quoted.last == "\"" else { return nil }
            subsection = quoted.dropFirst().dropLast()
            guard !subsection!.contains("\"") else { return nil }
        } else {
            (name, subsection) = (inside, nil)
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        let lower = name.lowercased()
        guard lower != "include", lower != "includeif" else { return nil }
        return subsection.map { lower + "." + $0 } ?? lower
    }

    /// `key = value` (the value up to a comment, without surrounding blanks): the key lower-cased and the value; nil
    /// for a key without `=`, a quoted value or anything else.
    private static func variable(_ line: Substring) -> (String, String)? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals].reversed().drop { $0 == " " || $0 == "\t" }.reversed()
        guard let head = key.first, head.isASCII, head.isLetter,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        var value = line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
        guard !value.contains("\"") else { return nil }
        if let comment = value.firstIndex(where: { $0 == "#" || $0 == ";" }) { value = value[..<comment] }
        while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
        return (String(key).lowercased(), String(value))
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The bytes of the file at `path`; `.some(nil)` when there is none; nil when it exists but cannot be read as a
    /// plain file (libgit2 would give an error or read it differently).
    private static func readFile(_ path: String) -> [UInt8]?? {
        var status = stat()
        if stat(path, &status) != 0 { return errno == ENOENT || errno == ENOTDIR ? .some(nil) : nil }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_size < 1 << 20 else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return ReferenceFiles.readAll(fd, count: Int(status.st_size)).map { .some($0) }
    }
}

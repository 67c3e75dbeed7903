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
    mutating func parse(_ text: [UInt8]) -> Bool {
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

    private static func environment(_ name: String) -> String? {
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

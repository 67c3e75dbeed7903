#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// References read by GitKit itself from a repository it opened (`RepositoryLayout`): `HEAD`, loose reference
/// files and `packed-refs`, as git and libgit2 write them (issue 19). Anything else — a reference name git would
/// not accept, a file with other content than one id or one `ref: ` line, an unreadable `packed-refs` line, more
/// than five symbolic steps — is nil, and libgit2 answers (or words the error).
struct ReferenceFiles {
    /// The `.git` folder, ending in `/`.
    let gitDirectory: String

    enum Value: Equatable {
        case direct(ObjectID)
        case symbolic(String)
        /// No such reference (neither a loose file nor a line of `packed-refs`).
        case missing
    }

    /// Reference `name` (`HEAD`, `refs/heads/main`) as stored, not followed; nil: leave it to libgit2.
    func read(_ name: String) -> Value? {
        guard Self.isPlainName(name) else { return nil }
        switch Self.readFile(gitDirectory + name) {
        case .none: return nil
        case .some(.none): break
        case .some(.some(let bytes)): return Self.parseLoose(bytes)
        }
        guard name != "HEAD" else { return nil }
        return packed(name)
    }

    /// Follows `name` through symbolic references to the id it ends in (`git_reference_name_to_id`);
    /// `.some(nil)` when a reference on the way does not exist (an unborn branch); nil: leave it to libgit2.
    func resolve(_ name: String) -> ObjectID?? {
        var current = name
        for _ in 0..<5 {
            switch read(current) {
            case nil: return nil
            case .direct(let id)?: return .some(id)
            case .symbolic(let next)?: current = next
            case .missing?: return .some(nil)
            }
        }
        return nil
    }

    /// The line of `name` in `packed-refs`; `.missing` when it has none or there is no such file.
    private func packed(_ name: String) -> Value? {
        switch Self.readFile(gitDirectory + "packed-refs") {
        case .none: return nil
        case .some(.none): return .missing
        case .some(.some(let bytes)):
            var found: Value = .missing
            let target = Array(name.utf8)
            let usual = Self.forEachPackedLine(bytes) { id, lineName in
                if lineName.elementsEqual(target) { found = .direct(id) }
                return true
            }
            return usual ? found : nil
        }
    }

    /// The names of `packed-refs`' lines that start with `prefix`, without it (`[]` when there is no such file);
    /// nil when a line is not read the usual way (as `packed`).
    func packedNames(prefix: String) -> [String]? {
        switch Self.readFile(gitDirectory + "packed-refs") {
        case .none: return nil
        case .some(.none): return []
        case .some(.some(let bytes)):
            var names: [String] = []
            let start = Array(prefix.utf8)
            let usual = Self.forEachPackedLine(bytes) { _, name in
                guard name.starts(with: start) else { return true }
                guard let text = String(validating: name.dropFirst(start.count), as: UTF8.self) else { return false }
                names.append(text)
                return true
            }
            return usual ? names : nil
        }
    }

    /// Calls `body` with the id and the name of each reference line of a `packed-refs` file (its header comment
    /// and the `^` lines of peeled tags are checked and skipped); false when a line is not read the usual way (a
    /// line without its line break, another comment, a malformed id) or `body` returned false.
    private static func forEachPackedLine(_ bytes: [UInt8], _ body: (ObjectID, ArraySlice<UInt8>) -> Bool) -> Bool {
        var lineStart = 0
        while lineStart < bytes.count {
            guard let end = bytes[lineStart...].firstIndex(of: 0x0A) else { return false }
            let line = bytes[lineStart..<end]
            lineStart = end + 1
            if line.first == UInt8(ascii: "#") {
                guard line.starts(with: Array("# pack-refs with:".utf8)) else { return false }
                continue
            }
            if line.first == UInt8(ascii: "^") {
                guard line.count == 41, ObjectID(hexBytes: line.dropFirst()) != nil else { return false }
                continue
            }
            guard line.count > 41, line[line.startIndex + 40] == 0x20,
                  let id = ObjectID(hexBytes: line.prefix(40)) else { return false }
            guard body(id, line.dropFirst(41)) else { return false }
        }
        return true
    }

    /// `ref: NAME\n` or `HEX\n`, exactly.
    private static func parseLoose(_ bytes: [UInt8]) -> Value? {
        guard bytes.last == 0x0A else { return nil }
        let body = bytes.dropLast()
        if body.count == 40, let id = ObjectID(hexBytes: body) { return .direct(id) }
        let prefix = Array("ref: ".utf8)
        guard body.starts(with: prefix), let name = String(validating: body.dropFirst(prefix.count), as: UTF8.self),
              isPlainName(name), name != "HEAD" else { return nil }
        return .symbolic(name)
    }

    /// `HEAD`, or `refs/…` with components of letters, digits, `-`, `_` and `.` that git accepts (no leading dot,
    /// no `..`, no `.lock` ending).
    static func isPlainName(_ name: String) -> Bool {
        if name == "HEAD" { return true }
        guard name.hasPrefix("refs/") else { return false }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count >= 2 else { return false }
        for component in components {
            guard !component.isEmpty, component.first != ".", !component.hasSuffix(".lock"), !component.hasSuffix("."),
                  !component.contains(".."),
                  component.utf8.allSatisfy({ $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E) })
            else { return false }
        }
        return true
    }

    /// The bytes of the regular file at `path`; `.some(nil)` when there is none; nil when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]?? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return errno == ENOENT || errno == ENOTDIR ? .some(nil) : nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size < 64 << 20 else { return nil }
        return readAll(fd, count: Int(status.st_size)).map { .some($0) }
    }

    /// Exactly `count` bytes read from `fd` (reads interrupted by a signal are repeated); nil when fewer could be read.
    static func readAll(_ fd: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }
}

extension ObjectID {
    /// Parses exactly 40 hex digits given as bytes; nil for anything else.
    init?(hexBytes: some Collection<UInt8>) {
        guard hexBytes.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        var index = 0, high: UInt8 = 0
        for c in hexBytes {
            let nibble: UInt8
            switch c {
            case 0x30...0x39: nibble = c - 0x30
            case 0x61...0x66: nibble = c - 0x61 + 10
            case 0x41...0x46: nibble = c - 0x41 + 10
            default: return nil
            }
            if index & 1 == 0 { high = nibble } else { bytes[index >> 1] = high << 4 | nibble }
            index += 1
        }
        self.init(bytes: bytes)
    }
}

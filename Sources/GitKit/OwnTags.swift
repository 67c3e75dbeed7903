#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Repository {
    /// `tags()` read by GitKit (issue 19): the names of the loose files under `refs/tags` and the `refs/tags/` lines
    /// of `packed-refs` (as `git_tag_list` lists them), each a plain reference read by `ReferenceFiles`, its object
    /// read by the own reader: a commit, tree or blob (a lightweight tag), or a tag object of the usual form
    /// (`TagObject`) peeled to the first object that is not a tag (what `git_object_peel` to a commit, else to any
    /// type, gives). nil, and libgit2 lists them, for anything else: a symbolic or unreadable reference, a name or
    /// file it does not take, an object it cannot read or parse.
    func ownTags() -> [Tag]? {
        guard let layout else { return nil }
        let files = ReferenceFiles(gitDirectory: layout.gitDirectory)
        guard var names = Self.looseNames(in: layout.gitDirectory + "refs/tags", prefix: ""),
              let packed = files.packedNames(prefix: "refs/tags/") else { return nil }
        names.formUnion(packed)
        var tags: [Tag] = []
        for name in names.sorted() {
            guard case .direct(let id)? = files.read("refs/tags/" + name), let (type, bytes) = objectReader()?.read(id) else { return nil }
            switch type {
            case 1, 2, 3:
                tags.append(Tag(name: name, id: id, targetID: id, tagger: nil, message: nil, isAnnotated: false))
            case 4:
                guard let object = TagObject(bytes) else { return nil }
                var target = object.target
                for _ in 0..<16 {
                    guard let (targetType, targetBytes) = objectReader()?.read(target) else { return nil }
                    guard targetType == 4 else { break }
                    guard let inner = TagObject(targetBytes) else { return nil }
                    target = inner.target
                }
                guard let (last, _) = objectReader()?.read(target), last != 4 else { return nil }
                tags.append(Tag(name: name, id: id, targetID: target, tagger: object.tagger, message: object.message, isAnnotated: true))
            default:
                return nil
            }
        }
        return tags
    }

    /// The names of the regular files below `folder` (relative, `/` between folders); an empty set when there is no
    /// such folder; nil for a name or a file of another kind (a symbolic link) that libgit2 should judge.
    private static func looseNames(in folder: String, prefix: String) -> Set<String>? {
        guard let directory = opendir(folder) else { return errno == ENOENT ? [] : nil }
        defer { closedir(directory) }
        var names: Set<String> = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let relative = prefix + name
            guard ReferenceFiles.isPlainName("refs/tags/" + relative) else { return nil }
            var status = stat()
            guard lstat(folder + "/" + name, &status) == 0 else { return nil }
            switch status.st_mode & S_IFMT {
            case S_IFREG: names.insert(relative)
            case S_IFDIR:
                guard let inner = looseNames(in: folder + "/" + name, prefix: relative + "/") else { return nil }
                names.formUnion(inner)
            default: return nil
            }
        }
        return names
    }
}

/// A tag object as git and libgit2 write it: `object HEX`, `type commit|tree|blob|tag`, `tag NAME`, an optional
/// `tagger` line (`CommitParser.signature`, as strict), then a blank line and the message (`git_tag_message`: nil
/// when the object ends after its header). Anything else is nil (libgit2's to parse or reject).
struct TagObject {
    var target: ObjectID
    var tagger: Signature?
    var message: String?

    init?(_ bytes: [UInt8]) {
        guard let parsed = bytes.withUnsafeBufferPointer({ Self.parse($0) }) else { return nil }
        self = parsed
    }

    private init(target: ObjectID, tagger: Signature?, message: String?) {
        self.target = target
        self.tagger = tagger
        self.message = message
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> TagObject? {
        var p = 0
        func line(_ header: String) -> Range<Int>? { CommitParser.headerLine(header, in: b, at: &p) }
        guard let objectLine = line("object "), let target = ObjectID(hexBytes: b[objectLine]),
              let typeLine = line("type "), ["commit", "tree", "blob", "tag"].contains(where: { b[typeLine].elementsEqual($0.utf8) }),
              let nameLine = line("tag "), !nameLine.isEmpty else { return nil }
        var tagger: Signature?
        if b[p...].starts(with: "tagger ".utf8) {
            guard let taggerLine = line("tagger "), let signature = CommitParser.signature(b[taggerLine]) else { return nil }
            tagger = signature
        }
        guard p < b.count else { return TagObject(target: target, tagger: tagger, message: nil) }
        if b[p] != 0x0A {
            // Other header lines up to the blank line (libgit2 looks for the first "\n\n").
            var q = p
            while q + 1 < b.count, !(b[q] == 0x0A && b[q + 1] == 0x0A) { q += 1 }
            guard q + 1 < b.count else { return nil }
            p = q + 1
        }
        let message = b[(p + 1)...]
        // `git_tag_message` is a C string: a NUL would end it early.
        guard !message.contains(0) else { return nil }
        return TagObject(target: target, tagger: tagger, message: String(decoding: message, as: UTF8.self))
    }
}

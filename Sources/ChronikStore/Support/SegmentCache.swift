import Foundation

/// A disposable key-value cache in one folder: segment files of `KEY TAB VALUE NEWLINE` lines, where the value is
/// bytes without a newline (compact JSON, say). The changelog's change records and `log`'s change sets use it.
///
/// One file per value cost more than the work it saved on a fresh cache (creating a file and a folder, and an
/// fsync, per version: 17 % of a cold changelog and most of its wall time), so each run reads every segment once
/// and writes the values it computed as one new segment (to a temporary name, then renamed, so readers see whole
/// files only; no fsync: a lost or torn segment is a cache miss). Once there are `compactionThreshold` segments,
/// the run that writes merges them into one. A torn last line is ignored; a value the caller cannot decode is
/// skipped (the caller computes it again and adds it anew, and the newer line wins).
///
/// Everything is best effort: a cache that cannot be read or written only costs time. Confine an instance to one
/// task.
public final class SegmentCache {
    public static let segmentExtension = "records"
    public static let compactionThreshold = 8

    public let folder: URL
    private var segments: [URL] = []
    /// Every segment's bytes, and where each key's values are in them, oldest first.
    private var contents: [Data] = []
    private var lines: [String: [(segment: Int, range: Range<Int>)]] = [:]
    private var pending: [(key: String, value: Data)] = []

    /// Reads every segment of `folder` (which need not exist).
    public init(folder: URL) {
        self.folder = folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasSuffix("." + Self.segmentExtension) {
            let file = folder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: file) else { continue }
            segments.append(file)
            contents.append(data)
            index(data, segment: contents.count - 1)
        }
    }

    /// How many keys the segments read at `init` hold.
    public var count: Int { lines.count }

    private func index(_ data: Data, segment: Int) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            while start < bytes.count {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else { break } // a torn last line
                if let tab = bytes[start..<newline].firstIndex(of: 0x09) {
                    let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self)
                    lines[key, default: []].append((segment, (tab + 1)..<newline))
                }
                start = newline + 1
            }
        }
    }

    /// The newest value stored under `key` that `decode` accepts (returns non-nil for).
    public func value<T>(forKey key: String, _ decode: (Data) -> T?) -> T? {
        for (segment, range) in (lines[key] ?? []).reversed() {
            if let value = decode(contents[segment].subdata(in: range)) { return value }
        }
        return nil
    }

    /// Stores `value` under `key` at the next `flush`. A key with a tab or newline, or a value with a newline, is
    /// not stored.
    public func add(_ value: Data, forKey key: String) {
        guard !key.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }), !value.contains(0x0A) else { return }
        pending.append((key, value))
    }

    /// Writes the values added since the last flush as one new segment (merging all segments once there are
    /// `compactionThreshold`). Best effort.
    public func flush() {
        guard !pending.isEmpty else { return }
        var out = Data()
        func append(_ key: String, _ value: Data) {
            out.append(contentsOf: key.utf8)
            out.append(0x09)
            out.append(value)
            out.append(0x0A)
        }
        let compact = segments.count + 1 >= Self.compactionThreshold
        if compact {
            for (key, places) in lines.sorted(by: { $0.key < $1.key }) {
                guard let last = places.last else { continue }
                append(key, contents[last.segment].subdata(in: last.range))
            }
        }
        for (key, value) in pending { append(key, value) }
        let name = UUID().uuidString
        let temporary = folder.appendingPathComponent(".\(name).tmp")
        let file = folder.appendingPathComponent("\(name).\(Self.segmentExtension)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try out.write(to: temporary)
            try FileManager.default.moveItem(at: temporary, to: file)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return
        }
        if compact {
            for old in segments { try? FileManager.default.removeItem(at: old) }
            segments = [file]
        } else {
            segments.append(file)
        }
        pending = []
    }
}

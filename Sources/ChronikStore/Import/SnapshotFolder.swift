import Foundation

/// Reads a folder of snapshots from disk: every subfolder is one snapshot.
public enum SnapshotFolder {
    /// The snapshots in `url`, in the byte order of their folder names. Files directly in `url` (a README, say)
    /// and hidden entries are skipped. Problems with single files (symbolic links, unreadable or oversized files)
    /// are kept in `Snapshot.readProblems`, so that the check can report them with the rest.
    public static func load(from url: URL, limits: FrontMatterLimits = FrontMatterLimits()) throws(ImportError) -> [Snapshot] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw .missingFolder(path: url.path) }
        guard isDirectory.boolValue else { throw .notAFolder(path: url.path) }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: url.path)
        } catch {
            throw .unreadable(path: url.path, message: error.localizedDescription)
        }
        var snapshots: [Snapshot] = []
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) where !name.hasPrefix(".") {
            let folder = url.appendingPathComponent(name)
            guard (try? folder.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true else { continue }
            snapshots.append(readSnapshot(named: name, at: folder, limits: limits))
        }
        return snapshots
    }

    private static func readSnapshot(named name: String, at folder: URL, limits: FrontMatterLimits) -> Snapshot {
        var snapshot = Snapshot(name: name, files: [:])
        func walk(_ directory: URL, _ prefix: String) {
            let children: [String]
            do {
                children = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                snapshot.readProblems.append(StoreProblem(file: name + "/" + prefix, message: "cannot be read: \(error.localizedDescription)"))
                return
            }
            for child in children.sorted() {
                let path = prefix + child
                let url = directory.appendingPathComponent(child)
                let values = try? url.resourceValues(forKeys: [.isSymbolicLinkKey, .isDirectoryKey, .isRegularFileKey, .fileSizeKey])
                if values?.isSymbolicLink == true {
                    snapshot.readProblems.append(StoreProblem(file: "\(name)/\(path)", message: PathProblem.symlink.description))
                } else if values?.isDirectory == true {
                    if child == ".git" {
                        snapshot.readProblems.append(StoreProblem(file: "\(name)/\(path)", message: "a snapshot must not contain a Git repository"))
                    } else {
                        walk(url, path + "/")
                    }
                } else if values?.isRegularFile == true {
                    if let size = values?.fileSize, size > limits.maxFileBytes {
                        snapshot.readProblems.append(StoreProblem(
                            file: "\(name)/\(path)", message: FrontMatterError.fileTooLarge(bytes: size, limit: limits.maxFileBytes).description))
                        continue
                    }
                    do {
                        let data = try Data(contentsOf: url)
                        if path == Snapshot.versionFileName { snapshot.versionFile = data } else { snapshot.files[path] = data }
                    } catch {
                        snapshot.readProblems.append(StoreProblem(file: "\(name)/\(path)", message: "cannot be read: \(error.localizedDescription)"))
                    }
                } else {
                    snapshot.readProblems.append(StoreProblem(file: "\(name)/\(path)", message: PathProblem.notAFile.description))
                }
            }
        }
        walk(folder, "")
        return snapshot
    }
}

extension SampleBerlin {
    /// The Berlin sample's snapshots, decoded from the embedded manifest and contents.
    public static var snapshots: [Snapshot] {
        var order: [String] = []
        var byName: [String: Snapshot] = [:]
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let index = Int(parts[1]), contents.indices.contains(index),
                  let slash = parts[0].firstIndex(of: "/") else {
                preconditionFailure("SampleBerlin.manifest is malformed; run scripts/embed-resources.py")
            }
            let name = String(parts[0][..<slash])
            let path = String(parts[0][parts[0].index(after: slash)...])
            if byName[name] == nil {
                order.append(name)
                byName[name] = Snapshot(name: name, files: [:])
            }
            let data = Data(contents[index].utf8)
            if path == Snapshot.versionFileName { byName[name]?.versionFile = data } else { byName[name]?.files[path] = data }
        }
        return order.compactMap { byName[$0] }
    }

    /// A name for where the sample comes from, used in messages.
    public static let displayName = "sample:berlin"
}

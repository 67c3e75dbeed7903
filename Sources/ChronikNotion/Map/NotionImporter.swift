import ChronikSchema
import ChronikStore
import Foundation
import GitKit

/// Why an import of a Notion export stops before anything is written.
public enum NotionImportError: Error, Sendable {
    /// The target store holds entries an import of Notion did not make (no `notion_id`): a re-import replaces the
    /// store's content, so it refuses to delete them.
    case foreignEntries(store: String, entries: [String])
    /// The store or the version refused (validation, a lock, a full disk).
    case importing(ImportError)
}

/// `chronik import notion` (issue 17) without the command line: plan a mapping, or import an export as one new
/// version of a store, created when missing.
///
/// ```swift
/// let export = try NotionReader().read(url)
/// let result = try NotionImporter.run(export, into: storeURL, options: .init(author: me, committer: me, exportDate: "2025-02-05"))
/// ```
public enum NotionImporter {
    public struct Options: Sendable {
        public var author: Signature
        public var committer: Signature
        /// The export's date as the version's message names it (`Import from Notion, export of 2025-02-05`).
        public var exportDate: String
        /// A reviewed mapping (`--mapping`); nil infers one.
        public var mapping: NotionMapping?
        /// `chronik.yml`'s title and language for a new store (an existing store keeps its own).
        public var title = "Notion"
        public var language: StoreLanguage = .de

        public init(author: Signature, committer: Signature, exportDate: String, mapping: NotionMapping? = nil) {
            self.author = author
            self.committer = committer
            self.exportDate = exportDate
            self.mapping = mapping
        }
    }

    /// What an import did.
    public struct Outcome: Sendable {
        public var findings: NotionImportFindings
        /// The store's root; whether this import created it.
        public var store: URL
        public var createdStore: Bool
        /// The new version, or the version that already holds exactly this export.
        public var version: ObjectID
        public var recordedVersion: Bool
        public var warnings: [RecordWarning]
        /// Seconds spent converting (mapping, ids, files) and writing (checks and the commit).
        public var convertSeconds: Double
        public var writeSeconds: Double
    }

    /// The mapping `--plan` proposes and what an import with it would report (id collisions with both titles).
    public static func plan(_ export: NotionExport) -> (mapping: NotionMapping, findings: NotionImportFindings) {
        let mapping = NotionMapping.infer(from: export)
        return (mapping, NotionStoreBuilder(export: export, mapping: mapping).build().findings)
    }

    /// Imports `export` into the store at `url` as one new version: the mapping (given or inferred) turns it into a
    /// complete store, which is checked as `chronik commit` checks (schemas, references) before anything is written;
    /// entries keep the ids an earlier import gave their pages; pages gone from Notion are removed.
    public static func run(_ export: NotionExport, into url: URL, options: Options) throws(NotionImportError) -> Outcome {
        let start = Date()
        let url = url.standardizedFileURL
        var previous: [String: EntryID] = [:]
        var title = options.title
        var language = options.language
        if Store.isStore(at: url) {
            do {
                let store = try Store(at: url)
                if let tip = try store.tip() {
                    let (ids, foreign) = try pageIDs(in: store, at: tip)
                    guard foreign.isEmpty else { throw NotionImportError.foreignEntries(store: url.path, entries: foreign) }
                    previous = ids
                    if let config = try? store.config(at: tip) {
                        title = config.title
                        language = config.language
                    }
                }
            } catch let error as NotionImportError {
                throw error
            } catch let error as StoreError {
                throw .importing(.store(error))
            } catch {
                throw .importing(.store(Store.wrap(error)))
            }
        }
        let mapping = options.mapping ?? NotionMapping.infer(from: export)
        let result = NotionStoreBuilder(export: export, mapping: mapping, previous: previous, title: title, language: language).build()
        let converted = Date()

        var snapshot = Snapshot(name: snapshotName(result.files, date: options.exportDate), files: result.files)
        snapshot.message = "Import from Notion, export of \(options.exportDate)"
        var importOptions = ImportOptions(fallbackAuthor: options.author, fallbackCommitter: options.committer)
        importOptions.checker = StoreValidator()
        let report: ImportReport
        do {
            report = try SnapshotImporter.run([snapshot], into: url, root: url.path, options: importOptions)
        } catch .invalidSnapshots(let root, var problems) {
            // Paths as the store will hold them, without the snapshot's name in front.
            for index in problems.indices where problems[index].file.hasPrefix(snapshot.name + "/") {
                problems[index].file.removeFirst(snapshot.name.count + 1)
            }
            throw .importing(.invalidSnapshots(root: root, problems: problems))
        } catch {
            throw .importing(error)
        }
        guard let item = report.snapshots.first else { preconditionFailure("one snapshot in, one result out") }
        return Outcome(
            findings: result.findings, store: report.store, createdStore: report.createdStore, version: item.commit,
            recordedVersion: item.outcome == .imported, warnings: report.warnings,
            convertSeconds: converted.timeIntervalSince(start), writeSeconds: Date().timeIntervalSince(converted))
    }

    /// The Notion page id of every entry of a version (its `notion_id`), and the entries without one.
    static func pageIDs(in store: Store, at commit: Commit) throws -> (ids: [String: EntryID], foreign: [String]) {
        var ids: [String: EntryID] = [:]
        var foreign: [String] = []
        guard let config = try? store.config(at: commit) else { return ([:], []) }
        let collections = config.collectionNames
        for path in try store.allPaths(inTree: commit.treeID) {
            guard case .success(.entry(let entry)) = PathRules.classify(path, collections: collections),
                  let data = try store.blob(at: path, inTree: commit.treeID) else { continue }
            if let document = try? EntryDocument.parse(data), case .string(let id)? = document.fields[NotionMapping.pageIDField] {
                ids[id] = entry
            } else {
                foreign.append(entry.description)
            }
        }
        return (ids, foreign.sorted())
    }

    /// `notion-2025-02-05-1a2b3c4d`: the version's trailer; the same export imported again finds its version.
    static func snapshotName(_ files: [String: Data], date: String) -> String {
        // FNV-1a over paths and contents, in path order: stable across runs and machines.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0) &* 0x100_0000_01b3
            for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        return "notion-\(date)-\(String(hash, radix: 16))"
    }
}

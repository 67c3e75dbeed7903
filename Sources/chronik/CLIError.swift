import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikPublish
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

/// The one error type of the command line: a kind (which decides the exit code), a message and an optional hint.
package struct CLIError: Error {
    package enum Kind {
        /// The user's input or content is wrong.
        case user
        /// The command line itself is wrong.
        case usage
        /// The store or the machine failed.
        case store
        /// A bug in chronik.
        case `internal`

        var exitCode: Int32 {
            switch self {
            case .user: return 1
            case .usage: return 2
            case .store, .internal: return 3
            }
        }
    }

    package var kind: Kind
    package var message: String
    package var hint: String?

    package init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// Maps any error of the layers below to a CLI error, worded by the catalog the running command chose
    /// (`CurrentCatalog`).
    init(_ error: Error) {
        self = ErrorMapping(catalog: CurrentCatalog.catalog).map(error)
    }
}

extension CLIError {
    /// A refusal of content (`StoreError.invalidContent`) in the one shape of every command (issue 16): the count
    /// and "nothing was written" in the message language, then one `<file>:<line>: <field>: …` line per problem
    /// (`ProblemText`, which names fields by their labels); any other error as `init(_:)` maps it.
    init(_ error: Error, text: ProblemText) {
        self = ErrorMapping(catalog: text.catalog, text: text).map(error)
    }
}

/// Runs `body`, turning every error into a `CLIError`, content refusals worded by `text`.
func cli<T>(_ text: ProblemText, _ body: () throws -> T) throws(CLIError) -> T {
    do {
        return try body()
    } catch {
        throw CLIError(error, text: text)
    }
}

/// Runs `body`, turning every error into a `CLIError`.
func cli<T>(_ body: () throws -> T) throws(CLIError) -> T {
    do {
        return try body()
    } catch {
        throw CLIError(error)
    }
}

/// The one mapping from every error of the layers below to a kind (exit code 1 input or content, 2 usage, 3 store
/// or internal), a message and a hint, all worded by one catalog (issues 16 and 18). Each library error type is
/// switched over without `default`, so a new case does not compile until it is mapped here.
///
/// Library errors keep their English `description` for tests and logs; people read this. Words that come from
/// outside chronik (libgit2's and the operating system's messages, a YAML or Mustache parser's, a hook's output)
/// are quoted as they are.
struct ErrorMapping {
    let catalog: any MessageCatalog
    /// Words problems with field labels when a command has the schemas at hand; else by key.
    let text: ProblemText

    init(catalog: any MessageCatalog, text: ProblemText? = nil) {
        self.catalog = catalog
        self.text = text ?? ProblemText(catalog: catalog)
    }

    func map(_ error: Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as StoreError: return map(error)
        case let error as GitError: return map(error)
        case let error as UnreadableObjectError: return map(error)
        case let error as PathProblem:
            if case .invalidID(let id, _) = error {
                return CLIError(.user, catalog.invalidID(PathRules.printable(id), suggestion: Slug.make(id)))
            }
            return CLIError(.user, catalog.pathProblem(error))
        case let error as WorkingTreeFileError:
            if case .unreadable = error { return CLIError(.store, catalog.workingTreeFile(error)) }
            return CLIError(.user, catalog.workingTreeFile(error))
        case let error as FrontMatterError: return CLIError(.user, located(catalog.frontMatter(error), line: error.line, column: error.column))
        case let error as StoreConfigError:
            return CLIError(.user, text.line(StoreProblem(file: StoreConfig.fileName, config: error)))
        case let error as JSONParseError:
            return CLIError(.user, catalog.jsonSyntax(line: error.line, column: error.column, reason: error.message))
        case let error as SnapshotMetadataError:
            return CLIError(.user, located(error.message, line: error.line, column: nil, file: "version.yml"))
        case let error as ImportError: return map(error)
        case let error as ChangelogError: return map(error)
        case let error as SnapshotDiffError: return map(error)
        case let error as ProseDiffError:
            switch error {
            case .mismatch: return CLIError(.internal, catalog.internalError(String(describing: error)))
            }
        case let error as SchemaError: return map(error)
        case let error as MoveError: return map(error)
        case let error as ListError: return map(error)
        case let error as SiteModelError: return map(error)
        case let error as SiteThemeError: return map(error)
        case let error as SiteWriterError: return map(error)
        case let error as RevisionError: return CLIError(.user, PathRules.printable(error.description))
        case let error as ValidationError: return CLIError(.usage, error.message)
        case let error as CocoaError:
            if let failure = WriteFailure(error) {
                return CLIError(.store, catalog.fileFailed(PathRules.printable(error.filePath ?? ""), reason: catalog.writeFailure(failure)))
            }
            return CLIError(.store, catalog.fileFailed(PathRules.printable(error.filePath ?? ""), reason: error.localizedDescription))
        case let error as POSIXError:
            if let failure = WriteFailure(error) { return CLIError(.store, catalog.writeFailure(failure)) }
            return CLIError(.store, String(cString: strerror(error.code.rawValue)))
        default:
            return CLIError(.internal, catalog.internalError(PathRules.printable(String(describing: error))))
        }
    }

    /// `events/forum.md: line 3, column 5: …`, as much of it as is known.
    private func located(_ message: String, line: Int?, column: Int?, file: String? = nil) -> String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line { parts.append(catalog.errorPlace(line: line, column: column)) }
        return (parts + [message]).joined(separator: ": ")
    }

    /// The count line (`nothingWritten`, …) and one indented line per problem.
    private func problems(_ head: String, _ problems: [StoreProblem], prefix: String = "") -> String {
        let lines = problems.map { problem -> String in
            var located = problem
            if !prefix.isEmpty { located.file = prefix + problem.file }
            return "  " + text.line(located)
        }
        return ([head] + lines).joined(separator: "\n")
    }

    // MARK: chronik list (ChronikChangelog's listing): a usage error each, but for an unknown collection, which is
    // wrong input as an unknown entry is (exit 1, as `log`, `diff`, `new` and `mv` say it)

    private func map(_ error: ListError) -> CLIError {
        switch error {
        case .unknownCollection(let name, let suggestions, let known):
            return CLIError(.user, catalog.unknownCollection(Terminal.sanitize(name), collections: known),
                            hint: suggestions.isEmpty ? nil : catalog.didYouMeanName(suggestions))
        case .unknownField(let field, let suggestions, let known):
            return CLIError(.usage, catalog.listUnknownField(field),
                            hint: suggestions.isEmpty ? catalog.listFieldsHint(known) : catalog.didYouMeanName(suggestions))
        case .wrongType(let condition, let expected):
            return CLIError(.usage, catalog.listWrongValue(condition.text, field: condition.field, value: condition.value, kind: expected.rawValue))
        case .notAllowed(let condition, let allowed):
            let close = Suggestions.closest(to: condition.value, among: allowed)
            return CLIError(.usage, catalog.listNotAllowed(condition.text, value: condition.value, field: condition.field, allowed: allowed),
                            hint: close.isEmpty ? nil : catalog.didYouMeanName(close))
        case .notOrdered(let condition):
            return CLIError(.usage, catalog.listNotOrdered(condition.text, field: condition.field))
        case .badCondition(let text):
            return CLIError(.usage, catalog.listBadCondition(text))
        }
    }

    // MARK: ChronikStore

    private func map(_ error: StoreError) -> CLIError {
        switch error {
        case .notAStore(let path):
            return CLIError(.user, catalog.notAStore(PathRules.printable(path)), hint: catalog.notAStoreHint())
        case .missingConfig(let path):
            return CLIError(.user, catalog.repositoryWithoutConfig(PathRules.printable(path)))
        case .invalidConfig(let problem):
            return CLIError(.user, text.line(problem))
        case .directoryNotEmpty(let path):
            return CLIError(.user, catalog.directoryNotEmpty(PathRules.printable(path)))
        case .invalidContent(let list):
            return CLIError(.user, problems(catalog.nothingWritten(problems: list.count), list))
        case .locked(let lockFile, let waited):
            return CLIError(.store, catalog.storeLocked(PathRules.printable(lockFile), waited: waited), hint: catalog.lockHint())
        case .raceLost(let attempts):
            return CLIError(.store, catalog.raceLost(attempts: attempts))
        case .detachedHead:
            return CLIError(.user, catalog.detachedHead())
        case .bareRepository(let path):
            return CLIError(.user, catalog.bareRepository(PathRules.printable(path)))
        case .badRevision(let spec, let reason):
            if reason == StoreError.revisionNotFoundReason {
                return CLIError(.user, catalog.unknownRevision(PathRules.printable(spec)))
            }
            return CLIError(.user, catalog.badRevision(PathRules.printable(spec), reason: PathRules.printable(reason)))
        case .entryNotFound(let spec, let revision, let reason):
            let shown = PathRules.printable(spec)
            guard let reason else { return CLIError(.user, catalog.entryNotFound(shown, revision: revision)) }
            if revision == nil, let slash = spec.firstIndex(of: "/"),
               reason == "\"\(PathRules.printable(String(spec[..<slash])))\" is not a collection" {
                return CLIError(.user, catalog.entryInUnknownCollection(shown, collection: PathRules.printable(String(spec[..<slash]))))
            }
            return CLIError(.user, catalog.entryNotFound(shown, revision: revision, reason: PathRules.printable(reason)))
        case .ambiguousEntry(let spec, let candidates):
            return CLIError(.user, catalog.ambiguousEntry(PathRules.printable(spec), candidates: candidates.map { PathRules.printable($0.description) }))
        case .noAuthor:
            return CLIError(.user, catalog.noAuthor())
        case .git(let gitError):
            return map(gitError)
        case .io(let path, let message):
            let reason = WriteFailure(strerrorText: message).map(catalog.writeFailure) ?? PathRules.printable(message)
            return CLIError(.store, catalog.fileFailed(PathRules.printable(path), reason: reason))
        case .hookFailed(let hook, let reason):
            return CLIError(.user, catalog.hookFailed(PathRules.printable(hook), reason: PathRules.printable(reason)))
        case .signingFailed(let program, let reason):
            return CLIError(.store, catalog.signingFailed(PathRules.printable(program), reason: PathRules.printable(reason)))
        case .writeFailed(let path, let failure):
            return CLIError(.store, catalog.writeFailed(PathRules.printable(path), failure: failure))
        case .unreadableObject(let unreadable):
            return map(unreadable)
        }
    }

    private func map(_ error: ImportError) -> CLIError {
        switch error {
        case .missingFolder(let path): return CLIError(.user, catalog.importMissingFolder(PathRules.printable(path)))
        case .notAFolder(let path): return CLIError(.user, catalog.importNotAFolder(PathRules.printable(path)))
        case .unreadable(let path, let message):
            return CLIError(.store, catalog.importUnreadable(PathRules.printable(path), reason: PathRules.printable(message)))
        case .noSnapshots(let path): return CLIError(.user, catalog.importNoSnapshots(PathRules.printable(path)))
        case .invalidSnapshots(let root, let list):
            let prefix = root.isEmpty || root.hasSuffix("/") ? root : root + "/"
            return CLIError(.user, problems(catalog.importInvalidSnapshots(problems: list.count), list, prefix: prefix))
        case .uncommittedChanges(let path): return CLIError(.user, catalog.importUncommittedChanges(PathRules.printable(path)))
        case .store(let storeError): return map(storeError)
        }
    }

    // MARK: GitKit

    private func map(_ error: GitError) -> CLIError {
        if error.code == .locked {
            return CLIError(.store, catalog.gitFailed(operation: error.operation, message: PathRules.printable(error.message)), hint: catalog.lockHint())
        }
        if let code = error.systemError, let failure = WriteFailure(errno: code) {
            return CLIError(.store, catalog.fileFailed(PathRules.printable(error.path ?? ""), reason: catalog.writeFailure(failure)))
        }
        return CLIError(.store, catalog.gitFailed(operation: error.operation, message: PathRules.printable(error.message)))
    }

    private func map(_ error: UnreadableObjectError) -> CLIError {
        CLIError(.store, catalog.unreadableObject(error.id.hex, path: error.path.map(PathRules.printable), version: error.version?.short(),
                                                  reason: PathRules.printable(error.underlying.message)),
                 hint: catalog.damagedRepositoryHint())
    }

    // MARK: ChronikSchema

    private func map(_ error: SchemaError) -> CLIError {
        func place(_ pointer: String) -> String { pointer.isEmpty ? catalog.schemaRoot() : PathRules.printable(pointer) }
        switch error {
        case .unknownMetaSchema(let uri): return CLIError(.user, catalog.schemaUnknownMetaSchema(PathRules.printable(uri)))
        case .unresolvedReference(let uri, let pointer):
            return CLIError(.user, catalog.schemaUnresolvedReference(PathRules.printable(uri), at: place(pointer)))
        case .invalidKeyword(let keyword, let pointer, let message):
            return CLIError(.user, catalog.schemaInvalidKeyword(PathRules.printable(keyword), at: place(pointer), reason: PathRules.printable(message)))
        case .invalidPattern(let pattern, let pointer, let message):
            return CLIError(.user, catalog.schemaInvalidPattern(PathRules.printable(pattern), at: place(pointer), reason: PathRules.printable(message)))
        case .tooDeep(let pointer, let limit): return CLIError(.user, catalog.schemaTooDeep(at: place(pointer), limit: limit))
        case .unsupportedVocabulary(let uri): return CLIError(.user, catalog.schemaUnsupportedVocabulary(PathRules.printable(uri)))
        }
    }

    private func map(_ error: MoveError) -> CLIError {
        switch error {
        case .sourceMissing(let id):
            return CLIError(.user, catalog.moveSourceMissing(PathRules.printable(id.description), path: PathRules.printable(id.path)))
        case .targetExists(let id): return CLIError(.user, catalog.moveTargetExists(PathRules.printable(id.path)))
        case .sameEntry(let id): return CLIError(.user, catalog.moveSameEntry(PathRules.printable(id.description)))
        case .referencesCannotFollow(let from, let to, let referrers):
            return CLIError(.user, catalog.moveReferencesCannotFollow(PathRules.printable(from.description), toCollection: to.collection,
                                                                      fromCollection: from.collection, referrers: referrers.map(PathRules.printable)))
        case .invalidContent(let list): return CLIError(.user, problems(catalog.moveCannotReadReferences(problems: list.count), list))
        case .store(let storeError): return map(storeError)
        }
    }

    // MARK: ChronikDiff, ChronikChangelog

    private func map(_ error: SnapshotDiffError) -> CLIError {
        switch error {
        case .git(let gitError): return map(gitError)
        case .unreadableObject(let unreadable): return map(unreadable)
        case .io(let path, let message): return map(StoreError.io(path: path, message: message))
        case .noWorkingTree: return CLIError(.user, catalog.noWorkingTree())
        }
    }

    private func map(_ error: ChangelogError) -> CLIError {
        switch error {
        case .git(let gitError): return map(gitError)
        case .diff(let diffError): return map(diffError)
        case .noVersions: return CLIError(.user, catalog.noVersions())
        case .notAnAncestor(let from, let to): return CLIError(.user, catalog.notAnAncestor(from.short(), to.short()))
        }
    }

    // MARK: ChronikPublish

    private func map(_ error: SiteModelError) -> CLIError {
        switch error {
        case .store(let storeError): return map(storeError)
        case .changelog(let changelogError): return map(changelogError)
        case .invalidEntry(let path, let line, let message):
            return CLIError(.user, located(PathRules.printable(message), line: line, column: nil, file: PathRules.printable(path)))
        case .introductionNotFound(let name): return CLIError(.user, catalog.siteIntroductionNotFound(PathRules.printable(name)))
        }
    }

    private func map(_ error: SiteThemeError) -> CLIError {
        let message: String
        switch error {
        case .missing(let name): message = catalog.themeMissing(PathRules.printable(name))
        case .template(let file, let line, let column, let reason):
            message = catalog.themeTemplate(PathRules.printable(file), line: line, column: column, reason: PathRules.printable(reason))
        case .notAFolder(let path): message = catalog.themeNotAFolder(PathRules.printable(path))
        case .unreadable(let path, let why): message = catalog.themeUnreadable(PathRules.printable(path), reason: PathRules.printable(why))
        case .unknownFile(let path):
            message = catalog.themeUnknownFile(PathRules.printable(path), expected: ["chronik.css"] + SiteTheme.templateNames.map { $0 + ".mustache" })
        }
        return CLIError(.user, message, hint: catalog.themeHint())
    }

    private func map(_ error: SiteWriterError) -> CLIError {
        switch error {
        case .targetNotAFolder(let path): return CLIError(.user, catalog.siteTargetNotAFolder(PathRules.printable(path)))
        case .notASite(let path):
            return CLIError(.user, catalog.siteNotASite(PathRules.printable(path), manifest: SiteWriter.manifestName), hint: catalog.siteNotASiteHint())
        case .writeFailed(let path, let reason):
            // The site writer gives the system's text (`strerror`) or `WriteFailure`'s own.
            let known: [WriteFailure] = [.noSpace, .readOnly, .permissionDenied, .quotaExceeded, .ioError]
            let failure = WriteFailure(strerrorText: reason) ?? known.first { $0.description == reason }
            return CLIError(.store, catalog.siteWriteFailed(PathRules.printable(path), reason: failure.map(catalog.writeFailure) ?? PathRules.printable(reason)))
        case .temporaryFileUnreadable(let reason):
            let failure = WriteFailure(strerrorText: reason)
            return CLIError(.store, catalog.siteTemporaryFileUnreadable(reason: failure.map(catalog.writeFailure) ?? PathRules.printable(reason)))
        }
    }
}

import ArgumentParser
import ChronikStore
import Foundation
import GitKit

/// `--author` and `--date`, shared by the commands that write versions.
struct IdentityOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Help.shared("author"), valueName: "name <email>"))
    var author: String?

    @Option(help: ArgumentHelp(Help.shared("date"), valueName: "date"))
    var date: String?

    /// The author and committer. The committer is the configured identity (else the author); with `--date`, both
    /// carry that date, so that versions recorded with fixed dates are reproducible.
    /// `messages` words a malformed `--author` or `--date` (default: the environment's language).
    func signatures(configFrom repository: Repository?, messages: (any MessageCatalog)? = nil) throws(CLIError) -> (author: Signature, committer: Signature) {
        let messages = messages ?? messageCatalog()
        var when = Timestamp(date: Date(), offsetMinutes: TimeZone.current.secondsFromGMT() / 60)
        if let date {
            guard let parsed = Timestamp(iso8601: date) else {
                throw CLIError(.usage, messages.badDateOption(Terminal.sanitize(date)))
            }
            when = parsed
        }
        let configured = try configuredIdentity(repository)
        var author: Signature
        if let text = self.author {
            guard let parsed = Self.parse(text) else {
                throw CLIError(.usage, messages.badAuthorOption(Terminal.sanitize(text)))
            }
            author = Signature(name: parsed.name, email: parsed.email, date: when.date, timeZoneOffsetMinutes: when.offsetMinutes)
        } else if let configured {
            author = Signature(name: configured.name, email: configured.email, date: when.date, timeZoneOffsetMinutes: when.offsetMinutes)
        } else {
            throw CLIError(StoreError.noAuthor)
        }
        var committer = author
        if let configured {
            committer = Signature(name: configured.name, email: configured.email, date: when.date, timeZoneOffsetMinutes: when.offsetMinutes)
        }
        if self.date == nil { author.date = when.date }
        return (author, committer)
    }

    private func configuredIdentity(_ repository: Repository?) throws(CLIError) -> (name: String, email: String)? {
        do {
            if let repository, let signature = try repository.defaultSignature(at: nil) {
                return (signature.name, signature.email)
            }
            if repository == nil, let signature = try Repository.globalSignature() {
                return (signature.name, signature.email)
            }
        } catch {
            return nil
        }
        return nil
    }

    /// Parses `Name <email>`.
    static func parse(_ text: String) -> (name: String, email: String)? {
        guard let open = text.lastIndex(of: "<"), text.hasSuffix(">") else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        guard !name.isEmpty, !email.isEmpty, !email.contains("<"), !email.contains(">"),
              !name.contains("<"), !name.contains(">"), !(name + email).contains(where: { $0.isNewline }) else { return nil }
        return (name, email)
    }
}

/// `--sign`/`--no-sign`, shared by the commands that write commits or tags.
struct SigningOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(Help.shared("sign")))
    var sign: Bool?

    func signer(for store: Store, configKey: String, messages: any MessageCatalog) throws(CLIError) -> ProgramSigner? {
        try ProgramSigner.configured(store.repository, sign: sign, configKey: configKey, directory: store.root, messages: messages)
    }
}

import Foundation
import Testing

let sshKeygenAvailable: Bool = {
    let found = FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")
    if !found { print("ssh signing tests skipped: /usr/bin/ssh-keygen is not installed") }
    return found
}()

let gpgAvailable: Bool = {
    let found = FileManager.default.isExecutableFile(atPath: "/usr/bin/gpg") && FileManager.default.isExecutableFile(atPath: "/usr/bin/gpgconf")
    if !found { print("gpg signing tests skipped: /usr/bin/gpg is not installed") }
    return found
}()

@Suite("Hooks (--run-hooks) and signed commits and releases")
struct HooksAndSigningTests {
    func writeHook(_ text: String, to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try writeExecutable(text, to: file)
    }

    func commit(_ box: Sandbox, _ store: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        try box.chronik(["commit", "--author", Fixture.author, "--date", Fixture.date] + arguments, in: store, extraEnvironment: environment)
    }

    /// A failing pre-commit hook stops `chronik commit --run-hooks` before anything is written; its output reaches
    /// the user. Without `--run-hooks`, no hook runs.
    @Test func failingPreCommitHookStopsTheCommit() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try writeHook("#!/bin/sh\necho \"checked by pre-commit in $(pwd)\"\necho 'no commits today' >&2\nexit 1\n",
                      to: store.appendingPathComponent(".git/hooks/pre-commit"))
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        let before = try fileBytes(below: store)
        let refused = try commit(box, store, ["-m", "Reallabor", "--run-hooks"])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout == "")
        #expect(refused.stderr == "checked by pre-commit in \(store.path)\nno commits today\nchronik: error: the pre-commit hook exited with status 1; nothing was recorded\n")
        #expect(changedPaths(try fileBytes(below: store), before).isEmpty)

        let plain = try commit(box, store, ["-m", "Reallabor"])
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stderr == "")
        try box.expectFsckClean(store)
    }

    /// The pre-commit hook runs before the working tree is read: what it writes is checked and recorded.
    @Test func preCommitHookChangesAreCheckedAndRecorded() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try writeHook("#!/bin/sh\nprintf -- '---\\nterm: 12\\n---\\nText.\\n' > glossary/reallabor.md\n",
                      to: store.appendingPathComponent(".git/hooks/pre-commit"))
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        let refused = try commit(box, store, ["-m", "Reallabor", "--run-hooks"])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.hasPrefix("chronik: error: 1 problem in the store; nothing was written:\n  glossary/reallabor.md:2:7: Term (term):"), "\(refused)")
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: store).stdout == "1\n")
    }

    /// A commit-msg hook from `core.hooksPath` rewrites the message; one that fails stops the commit.
    @Test func commitMessageHookRewritesTheMessage() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let hooks = box.url("team-hooks")
        try box.git(["config", "core.hooksPath", hooks.path], in: store)
        try writeHook("#!/bin/sh\nprintf 'Geprüft: %s\\n\\nTicket: 42\\n' \"$(head -n1 \"$1\")\" > \"$1.neu\" && mv \"$1.neu\" \"$1\"\n",
                      to: hooks.appendingPathComponent("commit-msg"))
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        let result = try commit(box, store, ["-m", "Reallabor", "--run-hooks"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Recorded version ") && result.stdout.hasSuffix(": Geprüft: Reallabor (1 added)\n"), "\(result)")
        #expect(try box.git(["log", "-1", "--format=%B"], in: store).stdout == "Geprüft: Reallabor\n\nTicket: 42\n\n")

        try writeHook("#!/bin/sh\nexit 3\n", to: hooks.appendingPathComponent("commit-msg"))
        try box.write(entryText("term: Smart City"), to: "glossary/smart-city.md", in: store)
        let refused = try commit(box, store, ["-m", "Smart City", "--run-hooks"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "chronik: error: the commit-msg hook exited with status 3; nothing was recorded\n")
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: store).stdout == "2\n")
        try box.expectFsckClean(store)
    }

    /// With `gpg.format ssh` and `commit.gpgsign`/`tag.gpgsign`, commits and releases are signed with a key made for
    /// the test; `git verify-commit` and `git verify-tag` accept them. `--no-sign` and a broken key behave.
    @Test(.enabled(if: sshKeygenAvailable, "needs ssh-keygen"))
    func sshSignedCommitAndRelease() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let key = box.url("signing-key")
        let made = try run(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.path],
                           in: box.root, environment: box.environment)
        try #require(made.status == 0, "\(made)")
        let publicKey = try String(contentsOf: box.url("signing-key.pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("test@example.org namespaces=\"git\" \(publicKey)\n".utf8).write(to: box.url("allowed-signers"))
        for (name, value) in [("gpg.format", "ssh"), ("user.signingkey", key.path), ("commit.gpgsign", "true"), ("tag.gpgsign", "true"),
                              ("gpg.ssh.allowedSignersFile", box.url("allowed-signers").path)] {
            try box.git(["config", name, value], in: store)
        }
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        try box.commit(store, "Reallabor")
        let verified = try box.git(["verify-commit", "HEAD"], in: store)
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stderr.hasPrefix("Good \"git\" signature for test@example.org with ED25519 key"), "\(verified)")
        let release = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 0, "\(release)")
        let tag = try box.git(["verify-tag", "entwurf"], in: store)
        #expect(tag.status == 0, "\(tag)")
        #expect(try box.git(["cat-file", "-p", "entwurf"], in: store).stdout.hasPrefix(
            "object \(try box.git(["rev-parse", "HEAD"], in: store).stdout)type commit\ntag entwurf\ntagger Test Author <test@example.org> 1646125200 +0100\n\nentwurf\n-----BEGIN SSH SIGNATURE-----\n"))

        try box.write(entryText("term: Smart City"), to: "glossary/smart-city.md", in: store)
        let unsigned = try commit(box, store, ["-m", "Smart City", "--no-sign"])
        #expect(unsigned.status == 0, "\(unsigned)")
        #expect(try box.git(["verify-commit", "HEAD"], in: store).status != 0)

        try box.git(["config", "user.signingkey", box.url("missing-key").path], in: store)
        try box.write(entryText("term: Quartier"), to: "glossary/quartier.md", in: store)
        let before = try fileBytes(below: store)
        let failed = try commit(box, store, ["-m", "Quartier"])
        #expect(failed.status == 3, "\(failed)")
        #expect(failed.stderr.hasPrefix("chronik: error: signing with ssh-keygen failed: exited with status 255"), "\(failed)")
        #expect(failed.stderr.hasSuffix("; nothing was recorded\n"), "\(failed)")
        // The working tree, index and references are as they were; the objects written before signing are
        // unreachable (as when `git commit -S` fails), the validation cache may have learnt something.
        let changed = changedPaths(try fileBytes(below: store), before).filter { !$0.hasPrefix(".git/objects/") && !$0.hasPrefix(".git/chronik/") }
        #expect(changed.isEmpty, "\(changed)")
        // A text larger than a pipe holds: ssh-keygen exits before reading it all, so writing it always meets a
        // closed pipe (EPIPE). That is the signing program's failure, never chronik killed by SIGPIPE (status 13).
        let long = try commit(box, store, ["-m", "Quartier\n\n" + String(repeating: "Ein langer Absatz über das Quartier. ", count: 2_500)])
        #expect(long.status == 3, "\(long)")
        #expect(long.stderr.hasPrefix("chronik: error: signing with ssh-keygen failed: exited with status 255"), "\(long)")
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: store).stdout == "3\n")
        try box.expectFsckClean(store)
    }

    /// With `gpg.format openpgp` (the default), a key made for the test in its own GNUPGHOME signs the commit.
    @Test(.enabled(if: gpgAvailable, "needs gpg"))
    func gpgSignedCommit() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let gnupg = box.url("gnupg")
        try FileManager.default.createDirectory(at: gnupg, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let environment = box.environment.merging(["GNUPGHOME": gnupg.path]) { $1 }
        defer { _ = try? run(URL(fileURLWithPath: "/usr/bin/gpgconf"), ["--kill", "gpg-agent"], in: box.root, environment: environment) }
        let made = try run(URL(fileURLWithPath: "/usr/bin/gpg"), ["--batch", "--passphrase", "", "--quick-gen-key", "Test Author <test@example.org>", "ed25519", "sign", "never"],
                           in: box.root, environment: environment)
        try #require(made.status == 0, "\(made)")
        try box.git(["config", "user.signingkey", "test@example.org"], in: store)
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        let signed = try commit(box, store, ["-m", "Reallabor", "--sign"], environment: ["GNUPGHOME": gnupg.path])
        #expect(signed.status == 0, "\(signed)")
        let verified = try run(URL(fileURLWithPath: "/usr/bin/git"), ["verify-commit", "HEAD"], in: store, environment: environment)
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stderr.contains("Good signature from \"Test Author <test@example.org>\""), "\(verified)")
        try box.expectFsckClean(store)
    }
}

import Foundation
import Testing

/// Shell completion (issue 18): the scripts the argument parser generates, with chronik's own completions of
/// revisions, collections and entry ids, run in a real shell.
@Suite("shell completion")
struct CompletionTests {
    /// Runs `script` in `bash --norc` with the built chronik first on PATH, in `directory`.
    private func bash(_ script: String, in directory: URL, sandbox: Sandbox) throws -> RunResult {
        var environment = sandbox.environment
        environment["PATH"] = chronikBinary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try run(URL(fileURLWithPath: "/bin/bash"), ["--norc", "--noprofile", "-c", script], in: directory, environment: environment)
    }

    /// Completes the last word of `line` as bash does on Tab: COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set,
    /// then the function `complete -p chronik` names called; prints COMPREPLY, one per line.
    private func complete(_ words: [String], in directory: URL, sandbox: Sandbox, script: URL) throws -> RunResult {
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let line = words.joined(separator: " ")
        return try bash("""
            source '\(script.path)'
            spec=$(complete -p chronik) || exit 1
            function=$(printf '%s\\n' "$spec" | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
            COMP_WORDS=(\(quoted)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            "$function" chronik "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """, in: directory, sandbox: sandbox)
    }

    @Test func bashCompletesTagsCollectionsAndEntries() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.sample()
        let generated = try sandbox.chronik(["--generate-completion-script", "bash"], in: store)
        #expect(generated.status == 0 && generated.stderr.isEmpty, "\(generated)")
        let script = sandbox.url("chronik.bash")
        try Data(generated.stdout.utf8).write(to: script)

        let loaded = try bash("source '\(script.path)' && complete -p chronik", in: store, sandbox: sandbox)
        #expect(loaded.status == 0, "\(loaded)")
        #expect(loaded.stdout.contains("-F ") && loaded.stdout.hasSuffix(" chronik\n"), "\(loaded)")

        // A tag name (the sample's drafts are tags), completed from its first letters.
        let tag = try complete(["chronik", "show", "--at", "strategieen"], in: store, sandbox: sandbox, script: script)
        #expect(tag.status == 0, "\(tag)")
        #expect(tag.stdout == "strategieentwurf\n", "\(tag)")
        let both = try complete(["chronik", "diff", "strateg"], in: store, sandbox: sandbox, script: script)
        let lines = both.stdout.split(separator: "\n").map(String.init)
        // `diff` takes revisions and entries: the tags first, then the strategy's sections.
        #expect(Array(lines.prefix(2)) == ["strategieentwurf", "strategischer-rahmen"], "\(both)")
        #expect(lines.count > 2 && lines.dropFirst(2).allSatisfy { $0.hasPrefix("strategy/") }, "\(both)")
        // Branches too.
        let branch = try complete(["chronik", "list", "--at", "ma"], in: store, sandbox: sandbox, script: script)
        #expect(branch.stdout == "main\n", "\(branch)")
        // Collections, and entry ids.
        let collection = try complete(["chronik", "list", "ev"], in: store, sandbox: sandbox, script: script)
        #expect(collection.stdout == "events\n", "\(collection)")
        let entry = try complete(["chronik", "show", "events/smart"], in: store, sandbox: sandbox, script: script)
        #expect(entry.stdout == "events/smart-city-forum-2022\n", "\(entry)")
        // `--store` on the command line names the store, wherever the shell is.
        let elsewhere = try complete(["chronik", "list", "--store", store.path, "gl"], in: sandbox.root, sandbox: sandbox, script: script)
        #expect(elsewhere.stdout == "glossary\n", "\(elsewhere)")
        // Outside any store: nothing, and no error on the terminal.
        let outside = try complete(["chronik", "show", "--at", "s"], in: sandbox.home, sandbox: sandbox, script: script)
        #expect(outside.status == 0 && outside.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && outside.stderr.isEmpty, "\(outside)")
    }

    @Test func zshAndFishScriptsCallChronikForRevisions() throws {
        let sandbox = try Sandbox()
        for shell in ["zsh", "fish"] {
            let generated = try sandbox.chronik(["--generate-completion-script", shell])
            #expect(generated.status == 0 && generated.stderr.isEmpty, "\(shell): \(generated)")
            // Each calls chronik's own completion for `show --at` (the argument parser's `---completion` request).
            #expect(generated.stdout.contains("---completion show -- --at"), "\(shell)")
            #expect(generated.stdout.contains("---completion list -- positional@0"), "\(shell)")
        }
    }
}

/// The plainest command lines of the commands run most often, read without ArgumentParser (issue 19: start-up).
///
/// ArgumentParser's parse reflects over the command's properties (`Mirror`) and looks up, on the first use of each
/// property's type, its protocol conformances: each such look-up scans the conformance records of the whole static
/// binary. For `chronik log -n1` that was about a quarter of its run (1.5 of 6 ms on the benchmark VM, `perf
/// record` of 200 runs). A command that reads its plainest lines here (`ValidateCommand.parsedPlainly`,
/// `LogRequest.parsedPlainly`) takes only lines this reader fully understands and gives nil for everything else,
/// which ArgumentParser then parses as before: help, versions, completion scripts and every error keep coming from
/// the parser, and `CommandLineTests` holds each plain parse to the parser's value line by line.
///
/// Arrays, not sets or dictionaries: a handful of names, and the first `Set<String>` or `[String: String]` of a run
/// costs a conformance look-up of its own (`String: Hashable`), a scan of the conformance records (~40 µs here).
struct PlainCommandLine {
    /// The options given with their values, in order (`--store`, `-n`).
    private var values: [(name: String, value: String)] = []
    /// The flags given (`--no-cache`, `-P`).
    private var flags: [String] = []
    /// The arguments that are neither, in order.
    private(set) var positionals: [String] = []

    /// Reads `arguments` (the words after the command's name): each of `options` as `--name value` or
    /// `--name=value` (a short one only as `-n value`), each of `flags` alone, and at most `positionals` other
    /// words. Nil as soon as anything is not that plain: a name neither knows, an option or flag given twice, an
    /// option without a value or with an empty one or one that starts with `-` (the parser may read it as an
    /// option), `--`, a positional that starts with `-` or is `help`, or more positionals than allowed.
    init?(_ arguments: ArraySlice<String>, options: [String], flags: [String], positionals: Int = 0) {
        var rest = arguments
        while let argument = rest.popFirst() {
            if flags.contains(argument) {
                guard !self.flags.contains(argument) else { return nil }
                self.flags.append(argument)
                continue
            }
            if argument.hasPrefix("-") {
                let name: String, value: String
                if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                    name = String(argument[..<equals])
                    value = String(argument[argument.index(after: equals)...])
                } else {
                    guard let next = rest.popFirst() else { return nil }
                    name = argument
                    value = next
                }
                guard options.contains(name), !values.contains(where: { $0.name == name }), !value.isEmpty,
                      !value.hasPrefix("-") else { return nil }
                values.append((name, value))
                continue
            }
            guard self.positionals.count < positionals, argument != "help" else { return nil }
            self.positionals.append(argument)
        }
    }

    /// The value of the one of `names` given (an option's short and long name): `conflict` is true if more than one
    /// was, and the line is then the parser's.
    func value(_ names: String...) -> (value: String?, conflict: Bool) {
        let given = values.filter { names.contains($0.name) }
        return (given.first?.value, given.count > 1)
    }

    /// Whether the flag was given.
    func flag(_ name: String) -> Bool {
        flags.contains(name)
    }
}

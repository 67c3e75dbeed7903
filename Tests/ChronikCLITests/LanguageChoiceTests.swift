import ChronikStore
import Foundation
import Testing
@testable import ChronikCLI

/// `languageChoice` (issue 19: start-up) asks for the store's language only when `--lang` and the environment leave
/// the choice to it, and then chooses as `Messages.language` does; `Environment.variables` reads what
/// `ProcessInfo.environment` holds.
@Suite struct LanguageChoiceTests {
    @Test func choosesAsMessagesLanguageAndAsksTheStoreOnlyWhenItCounts() {
        let flags: [String?] = [nil, "de", "en", "fr", ""]
        let values: [String?] = [nil, "", "de", "en_US.UTF-8", "C.UTF-8", "POSIX", "de-AT", "fr_FR"]
        let stores: [StoreLanguage?] = [nil, .de, .en]
        var asked = 0, notAsked = 0
        for flag in flags {
            for chronik in values {
                for lcAll in values.prefix(4) {
                    for lang in values {
                        var environment: [String: String] = [:]
                        environment["CHRONIK_LANG"] = chronik
                        environment["LC_ALL"] = lcAll
                        environment["LANG"] = lang
                        for store in stores {
                            var calls = 0
                            let chosen = languageChoice(flag: flag, environment: environment) { calls += 1; return store }
                            #expect(chosen == Messages.language(flag: flag, environment: environment, store: store),
                                    "\(String(describing: flag)) \(environment) \(String(describing: store))")
                            // Decided without the store: a flag or CHRONIK_LANG naming a language, or the first locale
                            // variable that is set and not empty naming one.
                            let locale = [lcAll, lang].compactMap { $0 }.first { !$0.isEmpty }
                            let decided = flag.flatMap(Messages.parse) != nil || chronik.flatMap(Messages.parse) != nil
                                || locale.flatMap(Messages.parse) != nil
                            #expect(calls == (decided ? 0 : 1), "\(String(describing: flag)) \(environment)")
                            if calls == 0 { notAsked += 1 } else { asked += 1 }
                        }
                    }
                }
            }
        }
        #expect(asked > 0 && notAsked > 0)
    }

    @Test func readsTheEnvironmentAsProcessInfoHoldsIt() {
        let all = ProcessInfo.processInfo.environment
        let names = Array(all.keys.prefix(20)) + ["CHRONIK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "TERM", "NO_COLOR", "CHRONIK_NO_SUCH_VARIABLE"]
        for name in names {
            #expect(Environment.variables(name)[name] == all[name], "\(name)")
        }
        #expect(Environment.language == all.filter { ["CHRONIK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"].contains($0.key) })
    }
}

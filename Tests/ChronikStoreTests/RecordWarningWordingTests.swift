import ChronikStore
import Testing

/// The warnings after an import recorded a version but could not update the working tree, in both languages.
struct RecordWarningWordingTests {
    @Test func bothLanguages() {
        let changed = RecordWarning.workingTreeChanged(["glossary/kiez.md"])
        #expect(Messages.catalog(.en).recordWarning(changed)
            == "the version was recorded, but the working tree was not updated: glossary/kiez.md changed meanwhile; `git status` shows the difference, `git checkout -f` takes the recorded version")
        #expect(Messages.catalog(.de).recordWarning(changed)
            == "die Version wurde festgehalten, aber der Arbeitsordner nicht aktualisiert: glossary/kiez.md wurde inzwischen geändert; `git status` zeigt den Unterschied, `git checkout -f` übernimmt die festgehaltene Version")
        #expect(Messages.catalog(.de).recordWarning(.workingTreeChanged(["a.md", "b.md"])).contains("a.md, b.md wurden inzwischen geändert"))
        #expect(Messages.catalog(.de).recordWarning(.workingTreeNotUpdated(reason: "disk full"))
            == "die Version wurde festgehalten, aber der Arbeitsordner ließ sich nicht aktualisieren (disk full); `git checkout -f` übernimmt die festgehaltene Version")
    }
}

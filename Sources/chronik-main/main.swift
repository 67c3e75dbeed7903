import ChronikCLI
#if canImport(CMimalloc)
import CMimalloc

// mimalloc is this program's malloc on Linux (Package.swift): naming one of its functions keeps the library among
// the program's, whatever the linker's `--as-needed`.
_ = mi_version()
// A site's publish returns the segments it frees to the system at once instead of 25 ms later: the large store's
// full publish peaked 60–80 MB lower (917–926 MB against 972–1,005 MB, four runs each) for about 3 % more system time
// (BENCHMARKS.md, "The large publish's peak, the allocator's delay"). `demo` and `serve` from the start; `publish` only
// once it knows it renders the whole site (`AllocatorSettings`): an incremental publish, whose peak is far lower,
// spent 4–6 % of its CPU in the page faults of pages returned and taken again ("… for full publishes only").
AllocatorSettings.returnFreedMemoryAtOnce = { mi_option_set(mi_option_decommit_delay, 0) }
if CommandLine.arguments.dropFirst().contains(where: { $0 == "demo" || $0 == "serve" }) {
    mi_option_set(mi_option_decommit_delay, 0)
}
#endif

// `chronik`: every command is in ChronikCLI (Sources/chronik), which `chronik-serve` shares.
runChronik()

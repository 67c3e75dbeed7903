import ChronikCLI
#if canImport(CMimalloc)
import CMimalloc

// mimalloc is this program's malloc on Linux, as chronik's (Package.swift).
_ = mi_version()
// A site's publish (`publish`, `demo`, `serve`) returns the segments it frees to the system at once instead of
// 25 ms later: the large store's full publish peaked 60–80 MB lower (917–926 MB against 972–1,005 MB, four runs
// each) for about 3 % more system time (BENCHMARKS.md, "The large publish's peak, the allocator's delay").
if CommandLine.arguments.dropFirst().contains(where: { $0 == "publish" || $0 == "demo" || $0 == "serve" }) {
    mi_option_set(mi_option_decommit_delay, 0)
}
#endif

// `chronik-serve`: chronik's command line with the preview server of `chronik serve` (ServeProgram.swift), which
// `chronik serve` replaces itself by. Every other command runs as in chronik.
ServeProgram.server = FlyingFoxPreview()
runChronik()

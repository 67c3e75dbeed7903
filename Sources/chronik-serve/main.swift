import ChronikCLI
#if canImport(CMimalloc)
import CMimalloc

// mimalloc is this program's malloc on Linux, as chronik's (Package.swift).
_ = mi_version()
#endif

// `chronik-serve`: chronik's command line with the preview server of `chronik serve` (ServeProgram.swift), which
// `chronik serve` replaces itself by. Every other command runs as in chronik.
ServeProgram.server = FlyingFoxPreview()
runChronik()

import ChronikCLI
#if canImport(CMimalloc)
import CMimalloc

// mimalloc is this program's malloc on Linux (Package.swift): naming one of its functions keeps the library among
// the program's, whatever the linker's `--as-needed`.
_ = mi_version()
#endif

// `chronik`: every command is in ChronikCLI (Sources/chronik), which `chronik-serve` shares.
runChronik()

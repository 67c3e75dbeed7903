import ChronikCLI

// `chronik`: every command is in ChronikCLI (Sources/chronik), which `chronik-serve` shares.
runChronik()

import ChronikCLI

// `chronik-serve`: chronik's command line with the preview server of `chronik serve` (ServeProgram.swift), which
// `chronik serve` replaces itself by. Every other command runs as in chronik.
ServeProgram.server = FlyingFoxPreview()
runChronik()

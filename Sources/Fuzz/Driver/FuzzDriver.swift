import CFuzzerDriver
import FuzzFrontMatter
import FuzzMarkdownBlocks
import FuzzRawTree
import FuzzSchema
import FuzzUnifiedPatch
import FuzzWordDiff
#if canImport(Glibc)
import Glibc
#endif

/// `chronik-fuzz TARGET [libFuzzer options and corpus folders]`: runs libFuzzer on one fuzz target. One binary
/// holds them all and hands libFuzzer the chosen target's callback (`LLVMFuzzerRunDriver`), so no target needs the
/// global `LLVMFuzzerTestOneInput` and the corpus tests can link them side by side. Built and run by scripts/fuzz.sh.
@main
enum FuzzDriver {
    typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    static let targets: [(name: String, callback: Callback)] = [
        ("front-matter", fuzzFrontMatter),
        ("schema", fuzzSchema),
        ("word-diff", fuzzWordDiff),
        ("markdown-blocks", fuzzMarkdownBlocks),
        ("raw-tree", fuzzRawTree),
        ("unified-patch", fuzzUnifiedPatch),
    ]

    /// The chosen target's callback: a C function pointer cannot capture it.
    nonisolated(unsafe) static var selected: Callback?

    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = targets.first(where: { $0.name == arguments[1] }) else {
            let names = targets.map(\.name).joined(separator: ", ")
            let usage = "usage: chronik-fuzz TARGET [libFuzzer options] [corpus folders]\ntargets: \(names)\n"
            _ = usage.withCString { write(2, $0, strlen($0)) }
            exit(2)
        }
        // libFuzzer's argv without the target's name; kept for the whole run (libFuzzer may re-read it).
        let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count)
        argv[0] = strdup(arguments[0])
        for (k, argument) in arguments.dropFirst(2).enumerated() { argv[k + 1] = strdup(argument) }
        argv[arguments.count - 1] = nil
        var argc = CInt(arguments.count - 1)
        var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        selected = target.callback
        exit(LLVMFuzzerRunDriver(&argc, &pointer) { data, size in FuzzDriver.selected?(data, size) ?? 0 })
    }
}

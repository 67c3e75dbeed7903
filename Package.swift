// swift-tools-version:6.0
import PackageDescription

// On Linux libgit2 is opened on first use (CLibGit2Loader), so pkg-config's `-lgit2` must not link it at start-up; its
// headers are in the system's include path there.
#if os(Linux)
let libgit2PkgConfig: String? = nil
#else
let libgit2PkgConfig: String? = "libgit2"
#endif

// How `chronik` is linked on Linux (issue 19: a `chronik log -n1` is mostly loading and start-up). Both matter only to
// the static build (`--static-swift-stdlib`, the release binary), whose toolchain arguments link libstdc++ dynamically
// and export every symbol of the program:
// - `-L scripts/link`: `-lstdc++` finds scripts/link/libstdc++.so, a linker script naming libstdc++.a and libgcc_eh.a,
//   so no run loads, relocates and initialises libstdc++.so.6 and libgcc_s.so.1 (see the script);
// - `--no-export-dynamic`: the toolchain's `-export-dynamic` put chronik's own Swift symbols into the dynamic symbol
//   table (11,893 entries, 537 without), which no library looks up and the Swift runtime's start-up scans once
//   (`dladdr`, locating swift-backtrace); crash backtraces read the full symbol table, which stays.
// A build with the shared Swift libraries (debug) links no libstdc++ and exports nothing, so neither changes it.
let chronikStartUpLinking: [LinkerSetting] = [
    .unsafeFlags(["-L", Context.packageDirectory + "/scripts/link", "-Xlinker", "--no-export-dynamic"],
                 .when(platforms: [.linux])),
]

// The allocator (issue 15): on Linux chronik's programs link mimalloc (Debian's libmimalloc-dev), which replaces
// glibc's malloc for the whole process (the library exports malloc, free and the rest; it is named among the program's
// libraries before libc, so the dynamic linker binds the Swift runtime's, Foundation's and the C libraries' calls to
// it). glibc's malloc serialised the publish's render and write threads on one arena lock (57,257 futex calls in a
// medium publish): with mimalloc the medium store's warm full publish took 2.75 s instead of 3.9-4.2 s (4.2 instead of
// 5.7 s user), the large store's 29 s instead of 40 s, the large diff 2.95 instead of 3.3 s and the large cold
// changelog 22.7 s instead of 24-29 s at 644 instead of 743 MB peak; start-up grew by about 0.25 ms (BENCHMARKS.md,
// "The allocator"). jemalloc and tcmalloc were measured too: both between.
let allocator: [Target.Dependency] = [.target(name: "CMimalloc", condition: .when(platforms: [.linux]))]

let package = Package(
    name: "chronik",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chronik", targets: ["chronik"]),
        // `chronik serve`'s HTTP server (FlyingFox), run by `chronik serve` (issue 19): chronik itself does not link
        // FlyingFox and FoundationNetworking (libcurl and its two dozen libraries), so every other command starts sooner.
        .executable(name: "chronik-serve", targets: ["chronik-serve"]),
        .library(name: "ChronikKit", targets: ["GitKit", "ChronikStore", "ChronikSchema", "ChronikDiff", "ChronikChangelog", "ChronikPublish", "ChronikNotion"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: libgit2PkgConfig,
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // zlib, for GitKit's own reader of pack and loose objects (ObjectReader); named apart from ZIPFoundation's `CZlib`.
        .systemLibrary(name: "CGitKitZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        // On Linux libgit2 is not linked but opened on the first call of one of its functions (CLibGit2Loader, issue 19):
        // commands that GitKit answers with its own reader do not load it and its fifteen shared libraries at all.
        .target(name: "CLibGit2Loader", dependencies: ["CLibGit2"]),
        .target(name: "GitKit", dependencies: ["CLibGit2", "CLibGit2Loader", "CGitKitZlib"],
                linkerSettings: [.linkedLibrary("git2", .when(platforms: [.macOS, .windows]))]),
        // UTF-8 validation with AVX2 (Keiser and Lemire's lookup algorithm) for the front matter reader: C, because
        // Swift's SIMD types do not lower to `vpshufb` and `vpalignr` (see Sources/CChronikUTF8/CChronikUTF8.c).
        .target(name: "CChronikUTF8"),
        .target(
            name: "ChronikStore",
            dependencies: [
                "GitKit", "CChronikUTF8",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(name: "ChronikSchema", dependencies: ["ChronikStore"]),
        .target(
            name: "ChronikDiff",
            dependencies: [
                "ChronikStore", "GitKit", "CCmark",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "ChronikChangelog",
            dependencies: [
                "ChronikDiff", "ChronikSchema", "ChronikStore", "GitKit",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "ChronikPublish",
            dependencies: [
                "ChronikChangelog", "ChronikDiff", "ChronikSchema", "ChronikStore", "GitKit", "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            // The default theme's source files; the binary carries them as Pages/DefaultTheme.swift
            // (scripts/embed-resources.py).
            exclude: ["Theme"]
        ),
        // `chronik import notion` (issue 17): reads Notion's exports (zip through ZIPFoundation) and maps them to a store.
        .target(
            name: "ChronikNotion",
            dependencies: [
                "ChronikSchema", "ChronikStore", "GitKit",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The command line (Sources/chronik): every command, shared by the two programs below.
        .target(
            name: "ChronikCLI",
            dependencies: [
                "ChronikStore", "ChronikSchema", "ChronikDiff", "ChronikChangelog", "ChronikPublish", "ChronikNotion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/chronik"
        ),
        .executableTarget(name: "chronik", dependencies: ["ChronikCLI"] + allocator, path: "Sources/chronik-main",
                          linkerSettings: chronikStartUpLinking),
        // chronik with the preview server; `chronik serve` replaces itself by this program (ServeProgram.swift).
        .executableTarget(
            name: "chronik-serve",
            dependencies: ["ChronikCLI", .product(name: "FlyingFox", package: "FlyingFox")] + allocator
        ),
        .executableTarget(
            name: "chronik-bench",
            dependencies: [
                "GitKit", "ChronikStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "ChronikStore"]),
        .testTarget(name: "ChronikStoreTests", dependencies: ["ChronikStore", "GitKit"]),
        .testTarget(name: "ChronikSchemaTests", dependencies: ["ChronikSchema", "ChronikStore"], exclude: ["Resources"]),
        .testTarget(
            name: "ChronikDiffTests",
            dependencies: [
                "ChronikDiff", "ChronikStore", "GitKit",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .testTarget(name: "ChronikChangelogTests", dependencies: ["ChronikChangelog", "ChronikDiff", "ChronikStore", "GitKit"], exclude: ["Snapshots"]),
        .testTarget(name: "ChronikPublishTests", dependencies: ["ChronikPublish", "ChronikChangelog", "ChronikDiff", "ChronikStore", "GitKit"], exclude: ["Snapshots"]),
        .testTarget(
            name: "ChronikNotionTests",
            dependencies: ["ChronikNotion", "ChronikStore", "ChronikSchema", "GitKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "ChronikCLITests",
            dependencies: ["ChronikCLI", "ChronikStore", "ChronikSchema", "ChronikDiff", "ChronikChangelog", "ChronikPublish", "GitKit",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (docs/fuzzing.md): each a library that every `swift build` compiles and `FuzzTargetTests` runs over
// its seed corpus (Tests/FuzzCorpus), so they never rot. The libFuzzer driver `chronik-fuzz` links libFuzzer
// (`-sanitize=fuzzer`), so it exists only when scripts/fuzz.sh builds with CHRONIK_FUZZ=1.
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzFrontMatter", ["ChronikStore"]),
    ("FuzzSchema", ["ChronikSchema", "ChronikStore"]),
    ("FuzzWordDiff", ["ChronikDiff"]),
    ("FuzzMarkdownBlocks", ["ChronikDiff"]),
    ("FuzzRawTree", ["GitKit"]),
    ("FuzzUnifiedPatch", ["ChronikDiff"]),
]
package.targets.append(.target(name: "FuzzSupport", path: "Sources/Fuzz/Support"))
for target in fuzzTargets {
    package.targets.append(.target(name: target.name, dependencies: ["FuzzSupport"] + target.dependencies,
                                   path: "Sources/Fuzz/" + target.name.dropFirst(4)))
}
package.targets.append(.testTarget(name: "FuzzTargetTests",
                                     dependencies: ["ChronikDiff", "ChronikStore"] + fuzzTargets.map { .target(name: $0.name) }))
if Context.environment["CHRONIK_FUZZ"] == "1" {
    package.targets.append(.target(name: "CFuzzerDriver", path: "Sources/Fuzz/CFuzzerDriver"))
    package.targets.append(.executableTarget(name: "chronik-fuzz",
                                             dependencies: ["CFuzzerDriver"] + fuzzTargets.map { .target(name: $0.name) },
                                             path: "Sources/Fuzz/Driver"))
    package.products.append(.executable(name: "chronik-fuzz", targets: ["chronik-fuzz"]))
}

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "chronik",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chronik", targets: ["chronik"]),
        .library(name: "ChronikKit", targets: ["GitKit", "ChronikStore", "ChronikSchema", "ChronikDiff", "ChronikChangelog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "GitKit", dependencies: ["CLibGit2"]),
        .target(
            name: "ChronikStore",
            dependencies: [
                "GitKit",
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
        .executableTarget(
            name: "chronik",
            dependencies: [
                "ChronikStore", "ChronikSchema", "ChronikDiff", "ChronikChangelog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
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
        .testTarget(name: "ChronikCLITests", dependencies: ["chronik", "ChronikStore"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)

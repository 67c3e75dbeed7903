import Foundation
@testable import ChronikStore
@testable import GitKit

/// Runs git in `directory` with no user or system configuration; returns the exit status and standard output. The
/// oracle of the commit suites (`CommitObjectsTests`, `PlainCommitTests`, `MaintenanceRaceTests`).
func isolatedGit(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": directory.path, "PATH": "/usr/bin:/bin"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The fixed author and committer of the commit suites' histories.
let commitSuitesAuthor = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_128_800),
                                   timeZoneOffsetMinutes: 60)

@testable import ChronikStore
import Foundation
@testable import GitKit
import Testing

/// A write that fails on a full disk names the file of the store, never a stale path from libgit2's last message.
struct WriteFailurePathTests {
    private func noSpace(_ message: String) -> GitError {
        GitError(code: .other(-1), errorClass: 2, message: message, operation: "git_odb_write", errno: ENOSPC)
    }

    @Test func aStalePathOutsideTheRepositoryIsNotNamed() {
        let stale = noSpace("the global file '/home/someone/.gitconfig' doesn't exist: No space left on device")
        #expect(StoreError.writing(stale, fallbackPath: "/srv/store/.git/objects").description.contains("/srv/store/.git/objects"))
        #expect(!StoreError.writing(stale, fallbackPath: "/srv/store/.git/objects").description.contains(".gitconfig"))
    }

    @Test func aPathInTheRepositoryIsNamed() {
        let error = noSpace("failed to write '/srv/store/.git/objects/ab/cdef.lock': No space left on device")
        guard case .writeFailed(let path, let reason) = StoreError.writing(error, fallbackPath: "/srv/store/.git/objects") else {
            Issue.record("not a write failure")
            return
        }
        #expect(path == "/srv/store/.git/objects/ab/cdef.lock")
        #expect(reason == .noSpace)
    }
}

import Foundation

/// git's commit hooks, run for `Store.commit` by the caller (the store itself never starts a program): chronik runs
/// no hook unless it is given one of these (`chronik commit --run-hooks`). See docs/hooks-and-signing.md.
public protocol CommitHooks {
    /// Runs the `pre-commit` hook, before the working tree is read; throwing (`StoreError.hookFailed`) stops the
    /// commit before anything is written. The hook may change files: what it leaves is what is checked and recorded.
    func preCommit() throws(StoreError)
    /// Runs the `commit-msg` hook on the message; returns the message as the hook left it (throwing stops the commit).
    func commitMessage(_ message: String) throws(StoreError) -> String
}

/// Signs commits and tags for the store (by running `gpg` or `ssh-keygen`, as git does), given by the caller.
public protocol ObjectSigner {
    /// A detached, armoured signature of `content` (a commit's or tag's text).
    func sign(_ content: String) throws(StoreError) -> String
}

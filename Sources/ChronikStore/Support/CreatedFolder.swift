import Foundation

// Shared by every command that creates a store (issue 17): `import snapshots`, `import notion` and `init`
// (plain and `--sample`) take back what they created when they fail (a full disk after `.git` was made).

/// What creating a store at a folder made, to be undone: the topmost folder that did not exist (removed whole),
/// or, when the folder existed empty, everything in it.
package struct CreatedFolder {
    package var folder: URL
    /// The topmost missing folder on the way to `folder`, nil when `folder` existed (then empty).
    package var topmost: URL?

    package init(before folder: URL) {
        self.folder = folder
        var missing: URL?
        var current = folder
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing = current
            current = current.deletingLastPathComponent()
        }
        topmost = missing
    }

    package func undo() {
        if let topmost {
            try? FileManager.default.removeItem(at: topmost)
        } else {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }
}

import Foundation
import ChronikStore
#if canImport(Glibc)
import Glibc
#endif

/// Standard output: the one way every command writes its data (docs/cli.md, "Output and write errors").
///
/// Every `write(2)` is checked, as git's `write_or_die` does: EINTR is retried, EAGAIN waits until the descriptor
/// takes more; a full disk or an I/O error is `cannot write to standard output: <reason>` (exit 3); EPIPE (the
/// reader has gone, and SIGPIPE is ignored, as under systemd) ends the process as git does: the default action of
/// SIGPIPE restored and the signal raised, so the process ends quietly, killed by SIGPIPE (141 in a shell).
/// Nothing is buffered here: callers hand over whole texts or blocks of their own size. An armed pager (`Pager`)
/// starts before the first byte.
package enum StandardOutput {
    /// Writes text as UTF-8, as it is, straight from the string's storage (a large diff is tens of megabytes: no
    /// copy into a `Data` first).
    static func write(_ text: String) throws(CLIError) {
        Pager.startIfArmed()
        var text = text
        try check(text.withUTF8 { Descriptor.writeAll(STDOUT_FILENO, UnsafeRawBufferPointer($0)) })
    }

    static func write(_ bytes: [UInt8]) throws(CLIError) {
        Pager.startIfArmed()
        try check(bytes.withUnsafeBytes { Descriptor.writeAll(STDOUT_FILENO, $0) })
    }

    static func write(_ data: Data) throws(CLIError) {
        Pager.startIfArmed()
        try check(data.withUnsafeBytes { Descriptor.writeAll(STDOUT_FILENO, $0) })
    }

    /// Writes a line: the text and a newline.
    package static func print(_ line: String = "") throws(CLIError) {
        try write(line)
        try write("\n")
    }

    /// The check at exit, as git's `run_builtin` makes it: whatever went through the C library's buffers (nothing
    /// of chronik's own, but a library may print) is flushed, and a write error it meets, or one that closing
    /// reports (NFS reports some only then), is an error. Call it once, as the last thing before exiting with
    /// success: it closes standard output.
    static func finish() throws(CLIError) {
        errno = 0
        if fflush(nil) != 0 { try check(errno != 0 ? errno : EIO) }
        var status = stat()
        // Pipes and sockets report nothing more on close (git skips them too).
        guard fstat(STDOUT_FILENO, &status) == 0, (status.st_mode & S_IFMT) != S_IFIFO, (status.st_mode & S_IFMT) != S_IFSOCK else { return }
        if close(STDOUT_FILENO) != 0, errno != EINTR { try check(errno) }
    }

    /// Turns the result of `Descriptor.writeAll` into the outcome described above.
    private static func check(_ error: Int32) throws(CLIError) {
        guard error != 0 else { return }
        if error == EPIPE { endAsKilledBySIGPIPE() }
        throw CLIError(.store, "cannot write to standard output: \(Descriptor.reason(error))")
    }

    /// What git's `check_pipe` does on EPIPE: dies of SIGPIPE, whether SIGPIPE was ignored or not.
    static func endAsKilledBySIGPIPE() -> Never {
        signal(SIGPIPE, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(SIGPIPE)
        // Not reached where SIGPIPE's default action ends the process; the exit status a shell would show.
        _exit(141)
    }
}

/// Standard error: talk. Written with plain `write(2)` (Foundation's `FileHandle.write(_:)` traps on an error);
/// a failure to write there is ignored, as there is nowhere left to report it.
package enum StandardError {
    package static func write(_ text: String) {
        var text = text
        _ = text.withUTF8 { Descriptor.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}


/// `-o FILE`: a file written atomically. The text goes into a temporary file beside the target (same folder,
/// created with O_EXCL), which is synced and renamed over the target, so the target is either as it was or
/// complete. Rules (docs/cli.md, "Output and write errors"):
/// - only a regular file is replaced: a symbolic link, directory, FIFO, device or socket at the target is refused
///   (exit 1), before anything is written and again just before the rename;
/// - a replaced file keeps its permission bits (and its owner and group where the process may set them); a new
///   file gets 0666 minus the umask, as a shell's `>` creates it;
/// - the temporary file is removed when writing fails, and when SIGINT, SIGTERM or SIGHUP ends the process.
final class OutputFile {
    /// The target as given (for messages).
    let path: String
    private let target: String
    private let temporary: String
    private var descriptor: Int32
    private var done = false

    init(path: String) throws(CLIError) {
        self.path = path
        target = path
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        temporary = folder + "/." + url.lastPathComponent + "." + UUID().uuidString + ".tmp"
        let existing = try Self.regularFileOrNothing(at: path)
        SignalCleanup.arm(temporary)
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard descriptor >= 0 else {
            let error = errno
            SignalCleanup.disarm()
            throw Self.openError(error, path: path)
        }
        if let existing {
            // Owner and group first: a change of owner clears set-id bits, which the mode then restores.
            if existing.st_uid != geteuid() || existing.st_gid != getegid() { _ = fchown(descriptor, existing.st_uid, existing.st_gid) }
            _ = fchmod(descriptor, existing.st_mode & 0o7777)
        }
    }

    deinit { discard() }

    /// Writes every byte (see `Descriptor.writeAll`).
    func write(_ bytes: [UInt8]) throws(CLIError) {
        let error = bytes.withUnsafeBytes { Descriptor.writeAll(descriptor, $0) }
        if error != 0 { throw writeError(error) }
    }

    /// Syncs and closes the temporary file and renames it over the target, then syncs the folder.
    func commit() throws(CLIError) {
        guard !done else { return }
        if fsync(descriptor) != 0 { throw writeError(errno) }
        let closed = close(descriptor)
        let closeError = errno
        descriptor = -1
        if closed != 0, closeError != EINTR { throw writeError(closeError) }
        // Checked again: a link or a device put there while the text was written is refused too.
        _ = try Self.regularFileOrNothing(at: target)
        if rename(temporary, target) != 0 { throw writeError(errno) }
        done = true
        SignalCleanup.disarm()
        let folder = open(URL(fileURLWithPath: temporary).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    /// Removes the temporary file (after an error); the target stays as it was.
    func discard() {
        guard !done else { return }
        done = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporary)
        SignalCleanup.disarm()
    }

    private func writeError(_ error: Int32) -> CLIError {
        discard()
        return CLIError(.store, "cannot write to \(Terminal.sanitize(path)): \(Descriptor.reason(error)); \(Terminal.sanitize(path)) was left as it was")
    }

    /// The target's status when it is a regular file, nil when there is none; any other kind of file is refused.
    private static func regularFileOrNothing(at path: String) throws(CLIError) -> stat? {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            let error = errno
            if error == ENOENT { return nil }
            throw openError(error, path: path)
        }
        let kind: String
        switch status.st_mode & S_IFMT {
        case S_IFREG: return status
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw CLIError(.user, "will not write to \(Terminal.sanitize(path)): it is \(kind); -o replaces regular files only",
                       hint: "give the path of a regular file (or a new one), or write to standard output and redirect it")
    }

    /// A target that cannot be created is the user's to fix (a wrong folder, no permission), unless the machine failed.
    private static func openError(_ error: Int32, path: String) -> CLIError {
        let user: Set<Int32> = [ENOENT, ENOTDIR, EACCES, EPERM, EISDIR, ENAMETOOLONG, ELOOP, EROFS]
        return CLIError(user.contains(error) ? .user : .store, "cannot write to \(Terminal.sanitize(path)): \(Descriptor.reason(error))")
    }
}

/// Removes an `OutputFile`'s temporary file when SIGINT, SIGTERM or SIGHUP ends the process, then lets the signal
/// end it as it would have (the default action, re-raised). A signal the process ignores stays ignored.
private enum SignalCleanup {
    /// The temporary file's path as a C string, read by the handler (which may only make async-signal-safe calls).
    nonisolated(unsafe) static var path: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var previous: [Int32: sighandler_t?] = [:]
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func arm(_ temporary: String) {
        disarm()
        path = strdup(temporary)
        for signal in signals {
            let old = Glibc.signal(signal, handle)
            if unsafeBitCast(old, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                _ = Glibc.signal(signal, SIG_IGN)
            } else {
                previous[signal] = old
            }
        }
    }

    static func disarm() {
        for (signal, handler) in previous { _ = Glibc.signal(signal, handler) }
        previous = [:]
        let old = path
        path = nil
        free(old)
    }

    private static let handle: @convention(c) (Int32) -> Void = { signal in
        if let path = SignalCleanup.path { unlink(path) }
        _ = Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }
}

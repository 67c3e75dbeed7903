#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of its own for a short piece of work that waits (an fsync, `DurableWrites.syncAll`) or that halves a
/// scan (`PlainCommit.scanInParallel`): started with `start`, waited for with `join`. A pthread, not a dispatch queue:
/// dispatch's pool has one thread per core and does not grow for work that blocks in the kernel.
final class SecondThread: @unchecked Sendable {
    private let thread: pthread_t

    private init(_ thread: pthread_t) { self.thread = thread }

    /// A thread running `body`, or nil when none can be started (the caller does the work itself then).
    static func start(_ body: @escaping @Sendable () -> Void) -> SecondThread? {
        final class Work: @unchecked Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Glibc)
        return SecondThread(thread)
        #else
        return thread.map(SecondThread.init)
        #endif
    }

    /// Waits until the thread's work is done.
    func join() {
        pthread_join(thread, nil)
    }
}

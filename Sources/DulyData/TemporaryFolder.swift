import DulySource
import Foundation
import Glibc

/// A private folder in the temporary directory for the files a run writes on the side (spilled
/// events, a workbook turned into CSV, a checked-out revision), removed when the run ends however
/// it ends. It lives here, with the case data that needs it most; DulyKit uses it for `diff`.
///
/// - The folder is made by `mkdtemp`, so it is new, owned by the user and mode 0700: another user
///   on the machine can neither read the case data in it nor plant a file or a link for the run to
///   write through. Files inside are opened with `O_EXCL | O_NOFOLLOW` (`createFile(_:)`).
/// - Its name carries the process ID (`duly-<pid>-<purpose>-XXXXXX`). Once the executable calls
///   `removeFoldersOnSignals()`, SIGINT, SIGTERM and SIGHUP remove every live folder before the
///   process dies with the signal. SIGKILL cannot be caught, so the first folder a run makes
///   first removes the folders of runs whose process no longer exists (`removeAbandoned`).
/// - A temporary directory that cannot be written to is an error naming it
///   (`TemporaryFolderError`), which the command line reports with exit status 4.
public final class TemporaryFolder: @unchecked Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Makes a new private folder under `$TMPDIR` (else `/tmp`).
    ///
    /// `purpose` is a short word in the name (`events`, `test`, `diff`) so a user who finds one
    /// knows what wrote it.
    public init(purpose: String) throws(TemporaryFolderError) {
        TemporaryFolder.prepare()
        let base = TemporaryFolder.baseDirectory
        var template = Array("\(base)/duly-\(getpid())-\(purpose)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in mkdtemp(buffer.baseAddress!) != nil }
        guard made else {
            throw TemporaryFolderError(directory: base, reason: String(cString: strerror(errno)))
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        TemporaryFolder.registry.add(path)
    }

    deinit { remove() }

    /// Removes the folder and everything in it; safe to call more than once.
    public func remove() {
        TemporaryFolder.registry.remove(path)
        TemporaryFolder.removeTree(path)
    }

    /// Creates `name` inside the folder for writing: a new regular file (never an existing one,
    /// never through a symbolic link), mode 0600. Returns the descriptor, or -1 with `errno` set.
    public func createFile(_ name: String) -> Int32 {
        open(path + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    }

    /// Writes `text` to a new file `name` inside the folder (see `createFile`).
    public func write(_ text: String, to name: String) throws(TemporaryFolderError) {
        let fd = createFile(name)
        guard fd >= 0 else { throw TemporaryFolderError(directory: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if !writeFully(fd, Array(text.utf8)) { throw TemporaryFolderError(directory: path, reason: String(cString: strerror(errno))) }
    }

    // MARK: - The temporary directory

    /// `$TMPDIR` when set and not empty, else `/tmp`; without a trailing slash.
    public static var baseDirectory: String {
        var base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Removes the `duly-<pid>-…` folders in the temporary directory whose process is gone (a run
    /// killed with SIGKILL, or a machine that lost power). Only folders owned by this user are
    /// touched, and only when the process ID no longer exists.
    public static func removeAbandoned() {
        let base = baseDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix("duly-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = pid_t(parts[1]), pid > 0, pid != getpid() else { continue }
            let full = base + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid() else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            removeTree(full)
        }
    }

    /// Removes a folder tree without following symbolic links.
    static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                for name in names { removeTree(path + "/" + name) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    // MARK: - Signals

    private static let registry = Registry()
    private static let prepared: Void = removeAbandoned()
    private static let watching: Void = registry.watch([SIGINT, SIGTERM, SIGHUP])

    /// Cleans up after earlier runs, once per process.
    static func prepare() { _ = prepared }

    /// Makes SIGINT, SIGTERM and SIGHUP remove every live folder before the process dies of
    /// them. A process-wide setting, so the executable opts in (on its main thread, before any
    /// work); a library user keeps its own signal handling. The three signals are unblocked on
    /// the calling thread, since a parent may have started the process with them blocked.
    public static func removeFoldersOnSignals() { _ = watching }

    /// The live folders, and the signal handling that removes them.
    ///
    /// A signal handler may only do async-signal-safe work, so it writes the signal's number to a
    /// pipe; a thread of its own reads the pipe, removes the folders and then lets the signal take
    /// the process (so the caller's shell sees the usual status, 143 for SIGTERM). The thread does
    /// not wait for the busy evaluation threads.
    final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var folders: Set<String> = []
        private var started = false

        func add(_ path: String) { lock.lock(); folders.insert(path); lock.unlock() }
        func remove(_ path: String) { lock.lock(); folders.remove(path); lock.unlock() }

        func watch(_ signals: [Int32]) {
            var set = sigset_t()
            sigemptyset(&set)
            for sig in signals { sigaddset(&set, sig) }
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return }
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            signalPipe = fds[1]
            let reader = fds[0]
            let thread = Thread { [self] in
                var byte: UInt8 = 0
                while true {
                    let n = read(reader, &byte, 1)
                    if n < 0 && errno == EINTR { continue }
                    guard n == 1 else { return }
                    lock.lock()
                    let live = folders
                    lock.unlock()
                    for folder in live { TemporaryFolder.removeTree(folder) }
                    signal(Int32(byte), SIG_DFL)
                    raise(Int32(byte))
                }
            }
            thread.start()
            for sig in signals {
                var current = sigaction()
                sigaction(sig, nil, &current)
                // A signal already ignored (nohup's SIGHUP) stays ignored.
                if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
                var action = sigaction()
                action.__sigaction_handler.sa_handler = { sig in
                    var byte = UInt8(truncatingIfNeeded: sig)
                    _ = Glibc.write(signalPipe, &byte, 1)
                }
                sigemptyset(&action.sa_mask)
                action.sa_flags = SA_RESTART
                sigaction(sig, &action, nil)
            }
        }
    }
}

/// The write end of the pipe the signal handler reports on (set once, before any handler).
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// The temporary directory cannot hold the files a run needs.
public struct TemporaryFolderError: Error, Sendable, CustomStringConvertible {
    /// The directory that failed (`$TMPDIR`, or the folder a file was written into).
    public var directory: String
    public var reason: String
    public var description: String { text.en }
    /// What failed, in both languages (`reason` is the system's own words).
    public var text: LocalizedText {
        LocalizedText(en: "cannot write temporary files in `\(directory)`: \(reason)", zh: "无法在 `\(directory)` 中写入临时文件:\(reason)")
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and interrupted calls; false on an error
/// (`errno` says which). Public because `duly fmt` rewrites policy files in place the same way.
public func writeFully(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeFully(fd, $0) }
}

/// The same for bytes in place (a string's UTF-8).
public func writeFully(_ fd: Int32, _ b: UnsafeRawBufferPointer) -> Bool {
    var done = 0
    while done < b.count {
        let n = Glibc.write(fd, b.baseAddress! + done, b.count - done)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return false }
        done += n
    }
    return true
}

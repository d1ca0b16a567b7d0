import Foundation

#if canImport(Glibc)
// `stat` is declared in several C modules once ZIPFoundation is linked; name the ones that load it here.
import CoreFoundation
import CDispatch
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only the account Baomi runs as may read or write (S2): the SQLite database and its `-wal` and `-shm`, the
/// audit signing key, the checkpoint journal — and the data folder that holds them, when Baomi creates it.
///
/// Each file is created with its final mode in the same system call (`open(…, O_CREAT | O_EXCL, 0600)`), never
/// created readable and narrowed after. A file that already exists with wider permissions (an older Baomi, a copy
/// made with another umask) loses its group and other bits at start-up: nothing but Baomi has reason to read them.
public enum PrivateFiles {
    /// Creates `directory` (and missing parents) unless it exists; the folder itself is created 0700. A folder that
    /// exists keeps its mode: it may be a mount point the operator set up.
    public static func createDirectory(_ directory: URL) throws {
        let path = directory.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        try FileManager.default.createDirectory(
            at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw PrivateFileError(operation: "mkdir", path: path) }
    }

    /// Creates an empty file at `path`, mode 0600, unless one exists; `true` when this call created it.
    @discardableResult
    static func createFile(atPath path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw PrivateFileError(operation: "create", path: path)
        }
        close(descriptor)
        return true
    }

    /// Removes the group and other permissions of the file at `path`, if it exists and has any.
    public static func restrict(path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw PrivateFileError(operation: "stat", path: path)
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 != 0 else { return }
        guard chmod(path, mode & ~0o077) == 0 else { throw PrivateFileError(operation: "chmod", path: path) }
    }
}

/// A file of Baomi's could not be created or protected.
public struct PrivateFileError: Error, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    init(operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "\(operation) \(path) failed: \(String(cString: strerror(code)))" }
}

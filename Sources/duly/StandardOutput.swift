@preconcurrency import Glibc

/// The C library's standard output stream, which `print` writes through: read once the
/// command has finished, on the main thread, to learn whether everything reached the file.
func standardOutputStream() -> UnsafeMutablePointer<FILE> { stdout }

@preconcurrency import Glibc

/// The C library's standard output stream, which `print` writes through: read once the
/// command has finished, on the main thread, to learn whether everything reached the file.
func standardOutputStream() -> UnsafeMutablePointer<FILE> { stdout }

/// The width tables are cut to: the terminal's columns when standard output is a terminal
/// (`COLUMNS` when the terminal does not say, else 80), and no limit when it is a file or a
/// pipe, so a saved or piped table keeps every cell whole.
func tableWidth() -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let raw = getenv("COLUMNS"), let columns = Int(String(cString: raw)), columns > 0 { return columns }
    return 80
}

import Foundation

/// Writes a line to standard output at once (not buffered), so CI logs show progress as it happens.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

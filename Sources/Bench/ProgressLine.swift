import Foundation
import Synchronization

/// A one-line progress display on standard error: redrawn in place on a terminal, and written as a
/// line every few seconds otherwise (so logs stay readable).
public final class ProgressLine: Sendable {
    private let isTerminal = isatty(2) == 1
    private let lastLine = Mutex<ContinuousClock.Instant?>(nil)
    private let isQuiet: Bool

    /// A progress line; `quiet` writes nothing (tests).
    public init(quiet: Bool = false) {
        self.isQuiet = quiet
    }

    /// Shows `text` as the current state.
    public func update(_ text: String) {
        guard !isQuiet else { return }
        if isTerminal {
            write("\r\u{1B}[K" + text)
            return
        }
        let now = ContinuousClock.now
        let due = lastLine.withLock { last -> Bool in
            if let last, now - last < .seconds(5) { return false }
            last = now
            return true
        }
        if due { write(text + "\n") }
    }

    /// Ends the progress with a final line.
    public func finish(_ text: String) {
        guard !isQuiet else { return }
        write(isTerminal ? "\r\u{1B}[K" + text + "\n" : text + "\n")
    }

    /// Writes a note on its own line.
    public func note(_ text: String) {
        finish(text)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

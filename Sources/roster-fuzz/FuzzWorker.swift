import Glibc

/// One client thread's connection and tallies: sends cases and judges the replies.
final class FuzzWorker {
    /// What went wrong with one case.
    struct Failure: Error {
        let reason: String
        let response: [UInt8]
    }

    let port: Int
    let timeout: Int
    private var connection: FuzzConnection?
    /// Statuses, kinds, closes and bytes so far. `cleanCloses` counts raw cases the server closed without
    /// answering (unparseable framing); `silentCloses` kept-alive connections found closed before reuse although
    /// the last response did not say `close`.
    var tally = FuzzTally()

    init(port: Int, timeout: Int) {
        self.port = port
        self.timeout = timeout
    }

    /// Sends `fuzzCase` and checks every reply; throws the first problem.
    func run(_ fuzzCase: FuzzCase) throws(Failure) {
        tally.kinds[fuzzCase.kind, default: 0] += 1
        tally.bytesSent += fuzzCase.bytes.count
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tally.seconds[fuzzCase.kind, default: 0] += seconds
            if seconds > (tally.slowest.last?.seconds ?? 0) || tally.slowest.count < 5 {
                tally.slowest.append((fuzzCase.index, seconds))
                tally.slowest.sort { $0.seconds > $1.seconds }
                if tally.slowest.count > 5 { tally.slowest.removeLast() }
            }
        }
        switch fuzzCase.delivery {
        case .keepAlive: try keepAlive(fuzzCase)
        case .raw:
            tally.raw += 1
            try raw(fuzzCase)
        }
    }

    private func connect() throws(Failure) -> FuzzConnection {
        for _ in 0..<50 {
            if let fresh = FuzzConnection(port: port, timeout: timeout) { return fresh }
            usleep(100_000)
        }
        throw Failure(reason: "cannot connect to the server", response: [])
    }

    private func keepAlive(_ fuzzCase: FuzzCase) throws(Failure) {
        if let existing = connection, existing.isClosedByPeer {
            tally.silentCloses += 1
            connection = nil
        }
        let client: FuzzConnection
        if let existing = connection {
            client = existing
        } else {
            client = try connect()
            connection = client
        }
        let sendError = client.send(fuzzCase.bytes)
        while true {
            switch client.readResponse(isHead: fuzzCase.isHead) {
            case .response(let response):
                try judge(response)
                if response.status == 100 { continue }
                if response.header("Connection")?.lowercased().contains("close") ?? false {
                    // Bytes after a closing response would be a smuggled second answer.
                    _ = client.readToEnd()
                    if fuzzCase.isHead, !client.buffer.isEmpty, Self.isHeadErrorBody(response, client.buffer) {
                        tally.headErrorBodies += 1
                        client.consume(client.buffer.count)
                    }
                    if !client.buffer.isEmpty {
                        throw Failure(reason: "bytes after a Connection: close response", response: client.buffer)
                    }
                    connection = nil
                } else if !client.buffer.isEmpty {
                    throw Failure(reason: "more bytes than one response", response: client.buffer)
                }
                return
            case .closed(let partial, let reset):
                connection = nil
                // The server may close while a large body is still being sent (413, 431): then the send fails.
                if sendError != nil, partial.isEmpty { return }
                throw Failure(
                    reason: "connection \(reset ? "reset" : "closed") without a complete response", response: partial)
            case .malformed(let reason):
                connection = nil
                throw Failure(reason: "malformed response: \(reason)", response: client.buffer)
            case .timedOut:
                connection = nil
                throw Failure(reason: "no response within \(timeout) s", response: client.buffer)
            }
        }
    }

    private func raw(_ fuzzCase: FuzzCase) throws(Failure) {
        let client = try connect()
        defer { client.close() }
        _ = client.send(fuzzCase.bytes)
        client.shutdownWrite()
        let (finished, _) = client.readToEnd()
        guard finished else {
            throw Failure(reason: "no close within \(timeout) s after the client half-closed", response: client.buffer)
        }
        if client.buffer.isEmpty {
            tally.cleanCloses += 1
            return
        }
        var isHead = fuzzCase.isHead
        while !client.buffer.isEmpty {
            switch ResponseParser.parse(client.buffer[...], isHead: isHead) {
            case .complete(var response):
                if isHead, case .complete(let full) = ResponseParser.parse(client.buffer[...], isHead: false),
                    Self.isHeadErrorBody(response, Array(client.buffer[response.consumed..<full.consumed]))
                {
                    tally.headErrorBodies += 1
                    response = full
                }
                try judge(response)
                client.consume(response.consumed)
                if response.status != 100 { isHead = false }
            case .incomplete:
                throw Failure(reason: "truncated response before the close", response: client.buffer)
            case .malformed(let reason):
                throw Failure(reason: "malformed response: \(reason)", response: client.buffer)
            }
        }
    }

    /// Whether `rest` is the body of `response` to a `HEAD` request that the server rejected before it knew
    /// the method (a framing error: it answers with a body and closes).
    static func isHeadErrorBody(_ response: ParsedResponse, _ rest: [UInt8]) -> Bool {
        guard response.status >= 400, response.header("Connection")?.lowercased() == "close",
            Int(response.header("Content-Length") ?? "") == rest.count
        else { return false }
        return (ResponseChecker.json(rest) as? [String: Any])?["schemas"] != nil
    }

    private func judge(_ response: ParsedResponse) throws(Failure) {
        tally.statuses[response.status, default: 0] += 1
        tally.bytesReceived += response.consumed
        if let problem = ResponseChecker.problem(with: response) {
            throw Failure(reason: problem, response: response.body)
        }
    }
}

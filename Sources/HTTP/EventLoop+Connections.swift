import Glibc

extension EventLoop {
    /// Accepts pending connections, at most 256 per wake-up so a connect flood cannot starve the rest.
    func acceptConnections() {
        guard let listener else { return }
        for _ in 0..<256 {
            let accepted: (fd: Int32, address: String)
            do {
                switch try Socket.accept(listener, api: api) {
                case .wouldBlock: return
                case .done(let value): accepted = value
                }
            } catch {
                switch error.errno {
                case ECONNABORTED, EPROTO, EPERM:
                    continue  // that one connection failed; others may be waiting
                default:
                    // EMFILE, ENFILE, ENOBUFS, ENOMEM: the listener stays readable, so stop watching it
                    // for a moment instead of spinning; the timer check resumes it.
                    pauseAccepting()
                    return
                }
            }
            counters.acceptedConnections.bump()
            if connections.count >= configuration.maxConnections {
                reject(accepted.fd)
                continue
            }
            Socket.setNoDelay(accepted.fd)
            let events = LinuxAPI.input | LinuxAPI.output | LinuxAPI.readHangUp | LinuxAPI.edgeTriggered
            do {
                try epoll.add(accepted.fd, events: events)
            } catch {
                closeDescriptor(accepted.fd)
                continue
            }
            nextSerial += 1
            let id = ConnectionID(fd: accepted.fd, serial: nextSerial)
            connections[accepted.fd] = Connection(id: id, remoteAddress: accepted.address, limits: limits, now: now)
            counters.openConnections.bump()
        }
    }

    private func pauseAccepting() {
        guard let listener else { return }
        try? epoll.modify(listener, events: 0)
        acceptPausedUntil = now + .milliseconds(100)
    }

    /// Resumes accepting after a pause.
    func resumeAcceptingIfDue() {
        guard let paused = acceptPausedUntil, now >= paused, let listener else { return }
        try? epoll.modify(listener, events: LinuxAPI.input)
        acceptPausedUntil = nil
    }

    /// Refuses a connection over `maxConnections`: a best-effort `503`, then close, no state kept.
    private func reject(_ fd: Int32) {
        counters.rejectedConnections.bump()
        var response = configuration.makeErrorResponse(503, "too many open connections")
        response.status = 503
        response.headers.set("Retry-After", "1")
        let bytes = ResponseWriter.serialize(
            response, isHeadRequest: false, version: .http1_1, keepAlive: false, date: date.current()
        ).bytes
        _ = bytes.withUnsafeBytes { try? Socket.send(fd, $0) }
        closeDescriptor(fd)
    }

    /// Reads what the socket has, feeding the parser, until it would block, a request goes to a worker,
    /// or the connection used its turn (then it is queued for the next turn).
    func readInput(_ connection: Connection) {
        var reads = 0
        while connection.mayRead {
            let lingering: Bool
            switch connection.state {
            case .reading: lingering = false
            case .lingering: lingering = true
            case .processing, .writing, .closed: return
            }
            if reads == Self.readsPerTurn {
                pendingReads.append(connection.fd)
                return
            }
            reads += 1
            let count: Int
            do {
                switch try Socket.receive(connection.fd, into: readBuffer) {
                case .wouldBlock:
                    connection.mayRead = false
                    return
                case .done(let value):
                    count = value
                }
            } catch {
                close(connection)
                return
            }
            if count == 0 {
                // End of stream: nothing more can arrive; a partial request is abandoned.
                close(connection)
                return
            }
            // A short read drained the socket; new data raises a new edge. After EPOLLRDHUP no edge
            // follows, so keep reading until end-of-stream.
            if count < readBuffer.count && !connection.inputClosed {
                connection.mayRead = false
            }
            if lingering { continue }
            if connection.requestStartedAt == nil { connection.requestStartedAt = now }
            connection.parser.feed(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            processInput(connection)
        }
    }

    /// Acts on what the parser can tell from the buffered bytes.
    func processInput(_ connection: Connection) {
        while case .reading = connection.state {
            switch connection.parser.next() {
            case .needMore:
                if !connection.parser.isMidRequest { connection.requestStartedAt = nil }
                return
            case .continueExpected:
                // RFC 9110 §10.1.1: the head is acceptable, so invite the body.
                send(ResponseWriter.continueResponse, to: connection, then: .requestBody, resume: false)
            case .request(var request):
                request.remoteAddress = connection.remoteAddress
                request.receivedAt = connection.requestStartedAt ?? now
                if let response = configuration.inlineResponder?(request) {
                    // Answered here; a kept-alive connection goes on parsing what is buffered.
                    answerInline(request, with: response, on: connection)
                    continue
                }
                dispatch(request, from: connection)
                return
            case .error(let error):
                respond(to: connection, with: error)
                return
            }
        }
    }

    /// Writes a response made on the event loop by the configuration's inline responder.
    private func answerInline(_ request: HTTPRequest, with response: HTTPResponse, on connection: Connection) {
        counters.requestsServed.bump()
        connection.requestStartedAt = nil
        let keepAlive = request.isKeepAlive && drainDeadline == nil
        let (bytes, staysOpen) = ResponseWriter.serialize(
            response, isHeadRequest: request.method == .head, version: request.version, keepAlive: keepAlive,
            date: date.current())
        send(bytes, to: connection, then: staysOpen ? .nextRequest : .close, resume: false)
    }

    /// Hands a request to the workers, or answers `503` at once when the queue is full.
    private func dispatch(_ request: HTTPRequest, from connection: Connection) {
        var request = request
        if drainDeadline != nil { request.isKeepAlive = false }
        connection.state = .processing
        connection.requestStartedAt = nil
        let affinity = configuration.affinityKey?(request)
        guard queue.tryEnqueue(Job(connection: connection.id, request: request), affinity: affinity) else {
            counters.overloadResponses.bump()
            connection.state = .reading
            sendError(503, "server busy, retry later", to: connection)
            return
        }
    }

    /// Answers a request error with its status and closes.
    func respond(to connection: Connection, with error: HTTPError) {
        counters.errorResponses.bump()
        sendError(error.status ?? 400, error.detail, to: connection)
    }

    private func sendError(_ status: Int, _ reason: String, to connection: Connection) {
        var response = configuration.makeErrorResponse(status, reason)
        response.status = status
        if status == 503 { response.headers.set("Retry-After", "1") }
        let bytes = ResponseWriter.serialize(
            response, isHeadRequest: false, version: .http1_1, keepAlive: false, date: date.current()
        ).bytes
        send(bytes, to: connection, then: .close, resume: false)
    }

    /// Closes the descriptor and forgets the connection (closing also removes it from epoll).
    func close(_ connection: Connection) {
        guard connections[connection.fd] === connection else { return }
        connections[connection.fd] = nil
        connection.state = .closed
        closeDescriptor(connection.fd)
        counters.openConnections.bump(-1)
    }
}

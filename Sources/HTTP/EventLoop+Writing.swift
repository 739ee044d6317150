extension EventLoop {
    /// Writes a worker's response to its connection, if the connection is still waiting for it.
    func complete(_ completion: Completion) {
        guard let connection = connections[completion.connection.fd], connection.id == completion.connection,
            case .processing = connection.state
        else { return }
        if connection.peerGone {
            close(connection)
            return
        }
        var bytes = completion.bytes
        var keepAlive = completion.keepAlive
        if keepAlive && drainDeadline != nil {
            // Shutdown began after the worker looked: say `Connection: close` as promised.
            (bytes, keepAlive) = ResponseWriter.serialize(
                completion.response, isHeadRequest: completion.isHeadRequest, version: completion.version,
                keepAlive: false, date: date.current())
        }
        send(bytes, to: connection, then: keepAlive ? .nextRequest : .close, resume: true)
    }

    /// Starts writing `bytes`; what is not sent now is sent when epoll reports the socket writable.
    func send(_ bytes: [UInt8], to connection: Connection, then next: Connection.AfterWrite, resume: Bool) {
        connection.output = bytes
        connection.outputSent = 0
        connection.state = .writing(then: next)
        flush(connection, resume: resume)
    }

    /// Sends pending output, then takes the after-write step. With `resume`, a connection that goes
    /// back to reading also parses buffered input and reads again (not when the caller is already
    /// parsing it).
    func flush(_ connection: Connection, resume: Bool) {
        guard case .writing(let next) = connection.state else { return }
        while connection.outputSent < connection.output.count {
            let sent = connection.output.withUnsafeBytes { raw -> IOResult<Int>? in
                let pending = UnsafeRawBufferPointer(rebasing: raw[connection.outputSent...])
                return try? Socket.send(connection.fd, pending)
            }
            switch sent {
            case .done(let count)?:
                connection.outputSent += count
                connection.lastActivity = now
            case .wouldBlock?:
                return
            case nil:
                close(connection)
                return
            }
        }
        connection.output = []
        connection.outputSent = 0
        connection.lastActivity = now
        switch next {
        case .close:
            linger(connection)
            return
        case .requestBody:
            connection.state = .reading
        case .nextRequest:
            connection.state = .reading
            if connection.parser.isMidRequest {
                connection.requestStartedAt = now
            } else {
                connection.requestStartedAt = nil
                connection.parser.releaseMemoryIfIdle()
                if drainDeadline != nil {
                    close(connection)
                    return
                }
            }
        }
        if resume {
            processInput(connection)
            if case .reading = connection.state, connection.mayRead { readInput(connection) }
        }
    }

    /// Half-closes after the final response and drops input until the peer closes, briefly.
    private func linger(_ connection: Connection) {
        if connection.peerGone {
            close(connection)
            return
        }
        Socket.shutdownWrite(connection.fd)
        connection.parser = RequestParser(limits: limits)
        var until = now + Self.lingerTimeout
        if let deadline = drainDeadline { until = min(until, deadline) }
        connection.state = .lingering(until: until)
        if connection.mayRead { readInput(connection) }
    }

    /// Applies the timeouts: idle keep-alive (silent close), request (408), stalled write and linger
    /// (close). Also resumes accepting after a descriptor shortage.
    func sweep() {
        resumeAcceptingIfDue()
        var timedOut: [Connection] = []
        var expired: [Connection] = []
        for connection in connections.values {
            switch connection.state {
            case .reading:
                if let started = connection.requestStartedAt {
                    if started + configuration.requestTimeout <= now { timedOut.append(connection) }
                } else if connection.lastActivity + configuration.idleTimeout <= now {
                    expired.append(connection)
                }
            case .writing:
                if connection.lastActivity + configuration.idleTimeout <= now { expired.append(connection) }
            case .lingering(let until):
                if until <= now { expired.append(connection) }
            case .processing, .closed:
                break
            }
        }
        for connection in expired {
            close(connection)
        }
        for connection in timedOut {
            counters.timedOutRequests.bump()
            respond(to: connection, with: HTTPError(.requestTimeout, "request not received in time"))
        }
    }
}

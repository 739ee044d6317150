@testable import HTTP

/// One instant for every parsed request, so events compare equal regardless of parse time.
let fixedInstant = ContinuousClock.now

/// Feeds `input` in pieces of `chunkSize` bytes (everything at once when nil) and collects events,
/// continuing after each request the way the server does, until the parser needs more or fails.
func parseEvents(
    _ input: [UInt8], chunkSize: Int? = nil, limits: RequestParser.Limits = RequestParser.Limits()
) -> [RequestParser.Event] {
    var parser = RequestParser(limits: limits)
    var events: [RequestParser.Event] = []
    var offset = 0
    let size = max(1, chunkSize ?? input.count)
    repeat {
        let end = min(input.count, offset + size)
        parser.feed(input[offset..<end])
        offset = end
        while true {
            var event = parser.next()
            if event == .needMore { break }
            if case .request(var request) = event {
                request.receivedAt = fixedInstant
                event = .request(request)
            }
            events.append(event)
            if case .error = event { return events }
        }
    } while offset < input.count
    return events
}

func parseEvents(
    _ text: String, chunkSize: Int? = nil, limits: RequestParser.Limits = RequestParser.Limits()
) -> [RequestParser.Event] {
    parseEvents(Array(text.utf8), chunkSize: chunkSize, limits: limits)
}

/// The requests among `events`.
func requests(_ events: [RequestParser.Event]) -> [HTTPRequest] {
    events.compactMap { if case .request(let request) = $0 { return request } else { return nil } }
}

/// The status of the error among `events`, if any.
func errorStatus(_ events: [RequestParser.Event]) -> Int? {
    for event in events {
        if case .error(let error) = event { return error.status }
    }
    return nil
}

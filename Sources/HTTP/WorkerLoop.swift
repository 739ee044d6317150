/// The body of one worker thread: make the per-thread state, then answer jobs until the queue closes.
enum WorkerLoop {
    static func run<Responder: HTTPResponder>(
        index: Int, responder: Responder, queue: JobQueue, mailbox: Mailbox, counters: ServerCounters
    ) {
        let state = responder.makeWorkerState(workerIndex: index)
        var date = HTTPDate()
        while let job = queue.dequeue(worker: index) {
            counters.busyWorkers.bump()
            let request = job.request
            let response = responder.respond(to: request, state: state)
            let isHead = request.method == .head
            let keepAlive = request.isKeepAlive && !counters.isDraining.load(ordering: .acquiring)
            // Serialized here, off the event loop; the loop only sends the bytes.
            let (bytes, staysOpen) = ResponseWriter.serialize(
                response, isHeadRequest: isHead, version: request.version, keepAlive: keepAlive,
                date: date.current())
            counters.busyWorkers.bump(-1)
            counters.requestsServed.bump()
            mailbox.post(
                Completion(
                    connection: job.connection, bytes: bytes, keepAlive: staysOpen, response: response,
                    isHeadRequest: isHead, version: request.version))
        }
    }
}

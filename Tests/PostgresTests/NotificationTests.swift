import Postgres
import TestSupport
import Testing

@Suite struct NotificationTests {
    @Test func deliversNotificationsToListeners() throws {
        let listener = try TestDatabase.connectShared()
        let sender = try TestDatabase.connectShared()
        // Safe: a literal valid identifier.
        let channel = SQLIdentifier("roster_test_channel")!
        try listener.listen(channel)
        #expect(try listener.waitForNotifications(timeout: 0).isEmpty)
        try sender.notify(channel, payload: "hello 'world'")
        var received: [PostgresNotification] = []
        for _ in 0..<50 where received.isEmpty {
            received += try listener.waitForNotifications(timeout: 0.2)
        }
        #expect(received.map(\.payload) == ["hello 'world'"])
        #expect(received.first?.channel == "roster_test_channel")
        #expect(received.first?.senderPID == sender.backendPID)
    }

    @Test func deliversOnlyAfterCommit() throws {
        let listener = try TestDatabase.connectShared()
        let sender = try TestDatabase.connectShared()
        // Safe: a literal valid identifier.
        let channel = SQLIdentifier("roster_test_commit")!
        try listener.listen(channel)
        try sender.withTransaction { conn in
            try conn.notify(channel, payload: "one")
            #expect(try listener.waitForNotifications(timeout: 0.1).isEmpty)
        }
        var received: [PostgresNotification] = []
        for _ in 0..<50 where received.isEmpty {
            received += try listener.waitForNotifications(timeout: 0.2)
        }
        #expect(received.map(\.payload) == ["one"])
    }
}

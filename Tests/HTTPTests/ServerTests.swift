import Testing

/// Tests over real sockets. One serialized parent suite, so timing-sensitive cases do not compete for
/// the two cores with each other.
@Suite(.serialized) struct ServerTests {}

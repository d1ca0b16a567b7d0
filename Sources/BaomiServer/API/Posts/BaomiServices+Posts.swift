import BaomiPersistence

extension BaomiServices {
    /// The register of secret posts (A2, T9); as cheap to make as the store it wraps.
    var posts: PostRepository { PostRepository(store: store) }
    /// Putting people on posts (A2, A4, T8, T9, A7).
    var postAssignments: PostAssignments { PostAssignments(store: store, clock: clock) }
}

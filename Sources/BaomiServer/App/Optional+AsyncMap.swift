extension Optional {
    /// `map` whose transform awaits (reading a related row, parsing with the database).
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import Foundation
import Synchronization

/// Values decoded from JSON text columns that repeat across rows — an approval step's specification, a person's
/// compartments — decoded once per distinct text instead of on every read (issue #4: Foundation's JSON decoder
/// was 3 % of a hand-over). Bounded: when full it starts again empty.
final class JSONTextCache<Value: Decodable & Sendable>: Sendable {
    private let decoded = Mutex<[String: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// `text` decoded, or nil when it is not JSON of `Value` (not kept: the caller decides what that means).
    func value(of text: String) -> Value? {
        if let known = decoded.withLock({ $0[text] }) { return known }
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else { return nil }
        decoded.withLock {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[text] = value
        }
        return value
    }
}

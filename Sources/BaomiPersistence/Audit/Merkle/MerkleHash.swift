import BaomiDomain
import Crypto

/// A 32-byte SHA-256 value: a leaf hash, an interior node hash or a tree root (RFC 6962 §2.1).
///
/// Encodes to and decodes from a 64-character lowercase hex string, both in `Codable` and via `hex`.
public struct MerkleHash: Hashable, Sendable {
    /// The size of every hash in bytes.
    public static let byteCount = 32

    // Four words rather than `[UInt8]` so a `[MerkleHash]` is one flat buffer of 32-byte records:
    // tree hashing can then read sibling pairs straight from it without a heap object per hash.
    // The words only ever hold raw bytes in memory order; they are never read as numbers.
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0

    /// The all-zero hash; only useful as a placeholder.
    public static let zero = MerkleHash()

    private init() {}

    /// Wraps exactly 32 bytes; returns `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init()
        Swift.withUnsafeMutableBytes(of: &self) { $0.copyBytes(from: bytes) }
    }

    /// Decodes 64 hex digits (either case); returns `nil` for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 2 * Self.byteCount else { return nil }
        self.init()
        let ok = Swift.withUnsafeMutableBytes(of: &self) { out in
            for index in 0..<Self.byteCount {
                guard let high = utf8[2 * index].hexDigitValue, let low = utf8[2 * index + 1].hexDigitValue else {
                    return false
                }
                out[index] = high << 4 | low
            }
            return true
        }
        guard ok else { return nil }
    }

    @usableFromInline
    init(digest: SHA256Digest) {
        self.init()
        digest.withUnsafeBytes { source in
            Swift.withUnsafeMutableBytes(of: &self) { $0.copyMemory(from: source) }
        }
    }

    /// The 32 bytes as an array.
    public var bytes: [UInt8] {
        Swift.withUnsafeBytes(of: self) { Array($0) }
    }

    /// Lowercase hex, 64 characters.
    public var hex: String {
        Swift.withUnsafeBytes(of: self) { raw in
            String(unsafeUninitializedCapacity: 2 * Self.byteCount) { out in
                for (index, byte) in raw.enumerated() {
                    out[2 * index] = Self.hexDigits[Int(byte >> 4)]
                    out[2 * index + 1] = Self.hexDigits[Int(byte & 0x0f)]
                }
                return 2 * Self.byteCount
            }
        }
    }

    /// Calls `body` with the 32 bytes, without copying them.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: self, body)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

}

extension MerkleHash: CustomStringConvertible {
    /// The lowercase hex form.
    public var description: String { hex }
}

extension MerkleHash: Codable {
    /// Decodes a 64-character hex string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = MerkleHash(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected 64 hex digits for a Merkle hash")
        }
        self = hash
    }

    /// Encodes as a 64-character lowercase hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension TOTP {
    /// The Key URI that authenticator apps read from a QR code:
    /// `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
    ///
    /// Issuer and account are percent-encoded (RFC 3986 unreserved characters only, so a space becomes
    /// `%20` and a `:` inside either part cannot be mistaken for the separator). An empty issuer is left out.
    public func provisioningURI(account: String, issuer: String) -> String {
        let label =
            issuer.isEmpty
            ? Self.percentEncoded(account)
            : Self.percentEncoded(issuer) + ":" + Self.percentEncoded(account)
        var query = ["secret=" + Base32.encode(secret)]
        if !issuer.isEmpty { query.append("issuer=" + Self.percentEncoded(issuer)) }
        query.append("algorithm=" + algorithm.rawValue)
        query.append("digits=\(digits)")
        query.append("period=\(period)")
        return "otpauth://totp/" + label + "?" + query.joined(separator: "&")
    }

    private static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}

import Foundation
import NIOSSL
import Vapor

/// Baomi serving HTTPS itself (`--tls-cert`, `--tls-key`): a PEM certificate chain — an internal CA's, as an
/// intranet has — and its private key. With it, cookies are `Secure` and every answer carries HSTS (S3).
public struct ServerTLS: Sendable {
    public var certificateFile: String
    public var keyFile: String
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey

    /// Reads both files now, so a wrong path or a key that is not the certificate's stops the start with the reason.
    public init(certificateFile: String, keyFile: String) throws {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw TLSSetupError("证书文件无法读取（须为 PEM）/ The certificate cannot be read (PEM expected): \(certificateFile)")
        }
        guard !chain.isEmpty else { throw TLSSetupError("证书文件中没有证书 / No certificate in \(certificateFile)") }
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw TLSSetupError("私钥文件无法读取（须为 PEM）/ The private key cannot be read (PEM expected): \(keyFile)")
        }
        // OpenSSL checks the key against the certificate when a context is made from them.
        guard (try? NIOSSLContext(configuration: serverConfiguration)) != nil else {
            throw TLSSetupError("私钥与证书不匹配 / The private key does not belong to the certificate")
        }
    }

    /// When the server's own certificate stops being valid.
    public var expiry: Date { Date(timeIntervalSince1970: TimeInterval(chain.first?.notValidAfter ?? 0)) }

    var serverConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// HSTS for a year: a browser that once reached Baomi over TLS never sends a session cookie in clear again.
    static let strictTransportSecurity = "max-age=31536000"
}

public struct TLSSetupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

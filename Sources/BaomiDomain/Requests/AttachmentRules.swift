/// What a request may carry as an attachment (S4, principle 11): a non-secret scan or document — a signed paper
/// form, a PDF, an image — whose type is judged by its first bytes, never by its name or the type the browser
/// claims, and whose size stays under the configured limit.
public enum AttachmentType: String, Sendable, CaseIterable, Codable {
    case pdf, png, jpeg, tiff

    /// The media type it is served as (always as a download).
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .tiff: "image/tiff"
        }
    }

    /// The type the content's first bytes show, or nil for any other content.
    public static func sniff(_ head: some Collection<UInt8>) -> AttachmentType? {
        let bytes = Array(head.prefix(8))
        func starts(_ magic: [UInt8]) -> Bool {
            bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        return nil
    }
}

public enum AttachmentRules {
    /// The default largest attachment: 20 MB.
    public static let defaultLimit = 20 * 1024 * 1024

    /// The attachment's type when it may be kept; otherwise the refusal naming why (S4).
    public static func check(
        head: some Collection<UInt8>, size: Int, limit: Int, declaredNonSecret: Bool
    ) -> Result<AttachmentType, Refusal> {
        guard declaredNonSecret else {
            return .failure(
                Refusal(
                    rule: .s4, zh: "上传前须确认附件不含涉密内容（非涉密）",
                    en: "Confirm that the attachment holds nothing classified (non-secret) before uploading it"))
        }
        guard size > 0 else {
            return .failure(Refusal(rule: .s4, zh: "附件为空", en: "The attachment is empty"))
        }
        guard size <= limit else { return .failure(tooLarge(limit: limit)) }
        guard let type = AttachmentType.sniff(head) else {
            return .failure(
                Refusal(
                    rule: .s4, zh: "附件只能是 PDF、PNG、JPEG 或 TIFF 文件（按文件内容判断）",
                    en: "An attachment must be a PDF, PNG, JPEG or TIFF file (judged by its content)"))
        }
        return .success(type)
    }

    public static func tooLarge(limit: Int) -> Refusal {
        let megabytes = limit / (1024 * 1024)
        let size = megabytes > 0 ? "\(megabytes) MB" : "\(limit) B"
        return Refusal(rule: .s4, zh: "附件不得超过 \(size)", en: "An attachment may not exceed \(size)")
    }
}

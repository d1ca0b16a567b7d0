import BaomiDomain
import FluentKit
import Foundation

/// A non-secret file attached to a request (a scanned signed form, a PDF, an image): its name, type judged by
/// content, size and SHA-256; the bytes are kept by `AttachmentContent`, addressed by that hash.
public final class RequestAttachmentModel: Model, @unchecked Sendable {
    public static let schema = "request_attachments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    /// The name it was uploaded under, cleaned to a plain file name.
    @Field(key: "file_name") public var fileName: String
    /// `AttachmentType` raw value.
    @Field(key: "type") public var type: String
    @Field(key: "size") public var size: Int64
    @Field(key: "sha256") public var sha256: String
    @Field(key: "uploaded_by_name") public var uploadedByName: String
    @OptionalField(key: "uploaded_by_id") public var uploadedByID: UUID?
    @Field(key: "uploaded_at") public var uploadedAt: Date

    public init() {}

    // Listed by hand rather than found by reflection on every row (see `ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _request, _fileName, _type, _size, _sha256, _uploadedByName, _uploadedByID, _uploadedAt]
    }
}

/// An attachment's bytes in the database, for PostgreSQL deployments whose instances share no folder.
final class AttachmentBlobModel: Model, @unchecked Sendable {
    static let schema = "attachment_blobs"

    @ID(custom: "sha256", generatedBy: .user) var id: String?
    @Field(key: "content") var content: Data

    init() {}

    var properties: [any AnyProperty] { [_id, _content] }
}

import Foundation

/// The pages of the register of secret posts (A2, T9, #16).
enum PostPage: Hashable, Sendable {
    case list
    case new
    case edit(UUID)
    case retire(UUID)
    /// 申请上岗/调岗: the appointment request's form (`?person=`).
    case appoint

    var path: String {
        switch self {
        case .list: "/org/posts"
        case .new: "/org/posts/new"
        case .edit(let id): "/org/posts/\(id.uuidString.lowercased())"
        case .retire(let id): "/org/posts/\(id.uuidString.lowercased())/retire"
        case .appoint: "/org/posts/appointments/new"
        }
    }
}

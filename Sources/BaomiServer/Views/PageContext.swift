import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// What every page needs to know about its request: the language, the viewer, the CSRF token, where it is.
struct PageContext {
    let language: Language
    let viewer: Viewer?
    let csrfToken: String
    let path: String
    let query: [String: String]
    /// The viewer's open findings, counted once per page by `FindingsBadgeMiddleware` (REMIND).
    let openFindings: Int?
    /// How many requests wait for the viewer's decision (and whom they stand in for), by `InboxBadgeMiddleware`.
    let inboxCount: Int?

    init(_ request: Request, csrfToken: String? = nil) {
        self.language = request.language
        self.viewer = request.viewer
        self.csrfToken =
            csrfToken ?? request.viewer?.session.csrfToken ?? request.cookies[CSRF.cookieName]?.string ?? ""
        self.path = request.url.path
        self.query = (try? request.query.decode([String: String].self)) ?? [:]
        self.openFindings = request.storage[OpenFindingsKey.self]
        self.inboxCount = request.storage[InboxCountKey.self]
    }

    /// Picks the text of the viewer's language; every string on a page goes through here, so English is complete.
    /// The current page with its query, for links that come back here.
    var pathWithQuery: String {
        guard !query.isEmpty else { return path }
        let items = query.filter { $0.key != "saved" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    func t(_ zh: String, _ en: String) -> String {
        language == .en ? en : zh
    }

    func t(_ text: LocalizedText) -> String {
        text.text(in: language)
    }

    func can(_ capability: Capability) -> Bool {
        viewer?.can(capability) ?? false
    }

    /// Dates in the organisation's time zone (Asia/Shanghai), as `YYYY-MM-DD HH:MM`.
    func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        return DisplayTime.format(date)
    }
}

enum DisplayTime {
    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    /// An audit timestamp (UTC text) shown in the organisation's zone.
    static func format(auditTime text: String) -> String {
        guard let date = UTCTimestamp.date(from: text) else { return text }
        return format(date)
    }
}

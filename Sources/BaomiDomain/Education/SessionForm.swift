/// How a secrecy-education session was held (E6.1–E6.7): the 形式 column of the 保密教育培训台账.
public enum SessionForm: String, CaseIterable, Codable, Sendable {
    /// A meeting or study session of the annual plan (E6.1).
    case meeting
    /// A lecture or course (E6.1).
    case lecture
    /// An exhibition (E6.3).
    case exhibition
    /// A media campaign: posters, bulletins, the intranet (E6.4).
    case media
    /// The secrecy lecture of a training class (E6.6(2)).
    case classLecture
    /// Superiors' training attended outside (E6.7).
    case external

    public var title: LocalizedText {
        switch self {
        case .meeting: LocalizedText(zh: "会议", en: "Meeting")
        case .lecture: LocalizedText(zh: "讲座", en: "Lecture")
        case .exhibition: LocalizedText(zh: "展览", en: "Exhibition")
        case .media: LocalizedText(zh: "媒体宣传", en: "Media campaign")
        case .classLecture: LocalizedText(zh: "培训班保密课", en: "Secrecy lecture of a training class")
        case .external: LocalizedText(zh: "参加上级培训", en: "Superiors' training attended outside")
        }
    }
}

/// How an attendance came to be recorded: on the organiser's list, or confirmed by the attendee on their own page.
public enum AttendanceSource: String, CaseIterable, Codable, Sendable {
    case list
    case confirmed

    public var title: LocalizedText {
        switch self {
        case .list: LocalizedText(zh: "组织者登记", en: "Organiser's list")
        case .confirmed: LocalizedText(zh: "本人确认", en: "Confirmed by the attendee")
        }
    }
}

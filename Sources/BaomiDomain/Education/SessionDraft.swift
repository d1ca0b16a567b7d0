import Foundation

/// A secrecy-education session as recorded (E6.1–E6.7): checked once here for the page, the API and the command
/// line alike.
public struct SessionDraft: Hashable, Sendable {
    public var title: String
    public var form: SessionForm
    public var purpose: TrainingPurpose
    /// `YYYY-MM-DD`: the day it was (or will be) held. A session in the future is an offering people can be sent
    /// to; attendance is recorded once the day has come.
    public var heldOn: String
    public var place: String
    public var trainer: String
    public var areas: [ContentArea]
    public var hours: Double
    /// The organising department; nil for the organisation as a whole.
    public var departmentID: UUID?
    /// The planned session of an annual plan this session holds (E6.1).
    public var plannedSessionID: UUID?
    /// 考试情况: how the session was examined, if it was.
    public var examNote: String?
    /// The holiday or activity a briefing is for (E6.5).
    public var calendarEventID: UUID?

    public init(
        title: String, form: SessionForm, purpose: TrainingPurpose, heldOn: String, place: String, trainer: String,
        areas: [ContentArea], hours: Double, departmentID: UUID? = nil, plannedSessionID: UUID? = nil,
        examNote: String? = nil, calendarEventID: UUID? = nil
    ) {
        self.calendarEventID = calendarEventID
        self.title = title
        self.form = form
        self.purpose = purpose
        self.heldOn = heldOn
        self.place = place
        self.trainer = trainer
        self.areas = areas
        self.hours = hours
        self.departmentID = departmentID
        self.plannedSessionID = plannedSessionID
        self.examNote = examNote
    }

    /// The raw values of a form or a JSON body.
    public struct Input: Sendable {
        public var title: String?
        public var form: String?
        public var purpose: String?
        public var heldOn: String?
        public var place: String?
        public var trainer: String?
        public var areas: [String]
        public var hours: Double?
        public var departmentID: UUID?
        public var plannedSessionID: UUID?
        public var examNote: String?
        public var calendarEventID: UUID?

        public init(
            title: String?, form: String?, purpose: String?, heldOn: String?, place: String?, trainer: String?,
            areas: [String], hours: Double?, departmentID: UUID? = nil, plannedSessionID: UUID? = nil,
            examNote: String? = nil, calendarEventID: UUID? = nil
        ) {
            self.calendarEventID = calendarEventID
            self.title = title
            self.form = form
            self.purpose = purpose
            self.heldOn = heldOn
            self.place = place
            self.trainer = trainer
            self.areas = areas
            self.hours = hours
            self.departmentID = departmentID
            self.plannedSessionID = plannedSessionID
            self.examNote = examNote
        }
    }

    public static func parse(_ input: Input) throws(DomainError) -> SessionDraft {
        var validator = FieldValidator()
        let rule = RuleID("E6.1")
        let title = validator.required(input.title, field: "title", label: LocalizedText(zh: "主题", en: "Subject"))
        let form = SessionForm(rawValue: input.form?.trimmed ?? "")
        if form == nil {
            validator.add(
                field: "form", rule: rule, unknown: input.form ?? "", label: LocalizedText(zh: "形式", en: "Form"),
                accepted: .of(SessionForm.self, title: \.title))
        }
        let purpose = TrainingPurpose(rawValue: input.purpose?.trimmed ?? "")
        if purpose == nil {
            validator.add(
                field: "purpose", rule: rule, unknown: input.purpose ?? "",
                label: LocalizedText(zh: "培训类别", en: "Purpose"), accepted: .of(TrainingPurpose.self, title: \.title))
        }
        let dateLabel = LocalizedText(zh: "日期", en: "Date")
        let day = validator.date(input.heldOn, field: "heldOn", label: dateLabel)
        if (input.heldOn ?? "").trimmed.isEmpty { validator.add(field: "heldOn", zh: "请填写日期", en: "Date is required") }
        let place = validator.required(input.place, field: "place", label: LocalizedText(zh: "地点", en: "Place"))
        let trainer = validator.required(
            input.trainer, field: "trainer", label: LocalizedText(zh: "主讲人", en: "Trainer"), maxLength: 100)
        var areas: [ContentArea] = []
        for text in input.areas {
            guard let area = ContentArea(rawValue: text.trimmed) else {
                validator.add(
                    field: "areas", rule: RuleID("E5"), unknown: text,
                    label: LocalizedText(zh: "内容类别", en: "Content area"),
                    accepted: .of(ContentArea.self, title: \.title))
                continue
            }
            if !areas.contains(area) { areas.append(area) }
        }
        if input.areas.isEmpty {
            validator.add(
                field: "areas", rule: RuleID("E5"), zh: "请至少选择一个内容类别", en: "Choose at least one content area")
        }
        let hours = input.hours ?? 0
        if !(hours > 0 && hours <= 200) {
            validator.add(
                field: "hours", rule: rule, zh: "学时须在 0 到 200 之间", en: "Hours are more than 0 and at most 200")
        }
        let examNote = validator.optional(
            input.examNote, field: "examNote", label: LocalizedText(zh: "考试情况", en: "Examination"))
        try validator.check()
        guard let form, let purpose, let day else { throw DomainError.invalid([]) }
        return SessionDraft(
            title: title, form: form, purpose: purpose, heldOn: day.description, place: place, trainer: trainer,
            areas: areas, hours: hours, departmentID: input.departmentID, plannedSessionID: input.plannedSessionID,
            examNote: examNote, calendarEventID: input.calendarEventID)
    }
}

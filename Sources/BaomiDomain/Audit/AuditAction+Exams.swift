/// The question bank and exams (E6.2, #15).
extension AuditAction {
    public static let questionCreate = AuditAction("question.create")
    public static let questionUpdate = AuditAction("question.update")
    /// A file of questions (`baomi questions import`, the bank's import page), all or nothing.
    public static let questionImport = AuditAction("question.import")
    public static let questionExport = AuditAction("question.export")
    public static let examCreate = AuditAction("exam.create")
    public static let examStart = AuditAction("exam.start")
    public static let examAnswer = AuditAction("exam.answer")
    /// A submission, scored; its leaf is what a certificate's QR code names.
    public static let examSubmit = AuditAction("exam.submit")
    public static let examResultsExport = AuditAction("exam.resultsExport")
}

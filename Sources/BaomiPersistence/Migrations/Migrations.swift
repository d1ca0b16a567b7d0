import FluentKit

/// Every migration in order. Numbered folders keep the history readable; a migration never changes once released.
public enum BaomiMigrations {
    public static var all: [any Migration] {
        [
            CreateOrganisation(),
            CreateAccounts(),
            CreateAuditLog(),
            CreateCarriers(),
            CreateRequests(),
            KeyCarrierSearchByNumber(),
            AddCopyReceivingDepartment(),
            CreateClearances(),
            CreateLoans(),
            IndexLedgerForNarrowViewers(),
            CreateFindings(),
            AddAccountEmail(),
            CoverDepartmentCopiesForVisibility(),
            CreateAccountChanges(),
            RecordCarrierImports(),
            RecordHistoryAsItWas(),
            AddReturnsAndDeclassification(),
            ConfigureApprovalChains(),
            CreateRequestAttachments(),
            CreateTrainingCredits(),
            CreateExams(),
            CreateTrainingRecords(),
            AddClearanceToWaiting(),
            CreateAgreements(),
            CreateDepartures(),
            CreateTravelRecords(),
            CreatePostReviews(),
            CreatePosts(),
            AddKeyProjectTracking(),
            CreateCooperationContracts(),
        ]
    }
}

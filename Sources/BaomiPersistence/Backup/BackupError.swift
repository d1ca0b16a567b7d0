import Foundation

/// Why a backup could not be made or an archive not restored, in both languages: an operator reads it at 3 a.m.
public enum BackupError: Error, CustomStringConvertible, Equatable {
    case toolMissing(String)
    case targetNotEmpty(String)
    case notAnArchive(String)
    case tampered(String)
    case failed(String)

    public var description: String {
        switch self {
        case .toolMissing(let name):
            "备份或恢复 PostgreSQL 需要 \(name)，未找到（安装 postgresql-client）/ \(name) is needed to back up or restore "
                + "PostgreSQL and was not found (install postgresql-client)"
        case .targetNotEmpty(let target):
            "恢复目标不是空的，不会覆盖：\(target) / The restore target is not empty and will not be overwritten: \(target)"
        case .notAnArchive(let detail):
            "不是 Baomi 备份文件：\(detail) / Not a Baomi backup archive: \(detail)"
        case .tampered(let detail):
            "备份文件已被改动或不完整，拒绝恢复：\(detail) / The archive was altered or is incomplete; refused: \(detail)"
        case .failed(let detail): detail
        }
    }
}

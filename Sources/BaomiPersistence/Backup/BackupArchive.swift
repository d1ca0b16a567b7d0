import Crypto
import FluentKit
import Foundation
import ZIPFoundation

/// One Baomi backup: a zip archive of the database (an SQLite copy or a `pg_dump`), the audit signing key, the
/// checkpoint journal and the attachments folder, with a signed manifest (S2). Made online, while writes go on.
public enum BackupArchive {
    /// What goes in beside the database, from the data folder, when present.
    static let keyPart = CheckpointSigner.fileName
    static let journalPart = CheckpointJournal.fileName
    static let attachmentsFolder = "attachments"
    static let sqlitePart = "database/baomi.sqlite"
    static let postgresPart = "database/baomi.pgdump"

    public struct Source: Sendable {
        public var database: DatabaseLocation
        public var dataDirectory: URL
        public var journal: URL
        public var signer: CheckpointSigner

        public init(database: DatabaseLocation, dataDirectory: URL, journal: URL, signer: CheckpointSigner) {
            self.database = database
            self.dataDirectory = dataDirectory
            self.journal = journal
            self.signer = signer
        }
    }

    /// Writes the archive to `output` (never over an existing file) and returns its manifest.
    public static func make(
        _ source: Source, from database: any Database, to output: URL, now: Date = Date()
    ) async throws -> BackupManifest {
        guard !FileManager.default.fileExists(atPath: output.path) else {
            throw BackupError.failed("备份文件已存在，不会覆盖 / The backup file exists and is not overwritten: \(output.path)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-backup-\(UUID().uuidString)")
        try PrivateFiles.createDirectory(work)
        defer { try? FileManager.default.removeItem(at: work) }
        // The journal first: each of its lines was written after its checkpoint committed, so every line copied
        // now names a checkpoint the database copy taken next holds (S2).
        var files: [(name: String, url: URL)] = []
        if FileManager.default.fileExists(atPath: source.journal.path) {
            let copy = work.appendingPathComponent(journalPart)
            try FileManager.default.copyItem(at: source.journal, to: copy)
            files.append((journalPart, copy))
        }
        let snapshot: DatabaseSnapshot
        switch source.database {
        case .sqlite:
            snapshot = try await .sqlite(from: database, into: work.appendingPathComponent("baomi.sqlite"))
            files.append((sqlitePart, snapshot.file))
        case .postgres(let url):
            snapshot = try await .postgres(url: url, from: database, into: work.appendingPathComponent("baomi.pgdump"))
            files.append((postgresPart, snapshot.file))
        }
        files.append((keyPart, source.dataDirectory.appendingPathComponent(keyPart)))
        let attachments = source.dataDirectory.appendingPathComponent(attachmentsFolder)
        if let enumerator = FileManager.default.enumerator(
            at: attachments, includingPropertiesForKeys: [.isRegularFileKey])
        {
            for case let file as URL in enumerator
            where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?
                .isRegularFile == true
            {
                files.append((attachmentsFolder + "/" + file.path.dropFirst(attachments.path.count + 1), file))
            }
        }
        var manifest = BackupManifest(
            format: BackupManifest.currentFormat, createdAt: UTCTimestamp.string(from: now),
            database: source.database.kindName, migrations: snapshot.migrations, counts: snapshot.counts,
            checkpoint: snapshot.checkpoint, parts: [],
            publicKey: source.signer.publicKey.rawRepresentation.base64EncodedString(), signature: "")
        for file in files {
            let digest = try FileDigest.sha256(of: file.url)
            manifest.parts.append(.init(name: file.name, bytes: digest.bytes, sha256: digest.hex))
        }
        manifest.signature = try source.signer.privateKey.signature(for: manifest.signedBytes).base64EncodedString()
        let manifestFile = work.appendingPathComponent(BackupManifest.fileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: manifestFile)
        // Written beside its name and moved into place: a half-written archive never looks like a backup.
        let partial = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: partial)
        try PrivateFiles.createFile(atPath: partial.path)
        try FileManager.default.removeItem(at: partial)
        let archive = try Archive(url: partial, accessMode: .create)
        try archive.addEntry(with: BackupManifest.fileName, fileURL: manifestFile, compressionMethod: .deflate)
        for file in files {
            try archive.addEntry(with: file.name, fileURL: file.url, compressionMethod: .deflate)
        }
        try PrivateFiles.restrict(path: partial.path)
        try FileManager.default.moveItem(at: partial, to: output)
        return manifest
    }

    /// The archive's manifest after every part was checked against it and the manifest against its signature —
    /// by `trustedKey` when given (a key the restorer knows independently), else by the key the archive names.
    public static func unpack(_ archiveURL: URL, into folder: URL, trustedKey: String? = nil) throws -> BackupManifest {
        let archive: Archive
        do {
            archive = try Archive(url: archiveURL, accessMode: .read)
        } catch {
            throw BackupError.notAnArchive(archiveURL.path)
        }
        guard let entry = archive[BackupManifest.fileName] else { throw BackupError.notAnArchive("no manifest.json") }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw BackupError.tampered("manifest.json cannot be read (\(error))")
        }
        guard let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data) else {
            throw BackupError.notAnArchive("manifest.json unreadable")
        }
        guard manifest.format <= BackupManifest.currentFormat else {
            throw BackupError.notAnArchive("format \(manifest.format) is newer than this Baomi reads")
        }
        let key =
            trustedKey.flatMap { Data(base64Encoded: $0) }.flatMap {
                try? Curve25519.Signing.PublicKey(rawRepresentation: $0)
            } ?? manifest.signingKey
        if trustedKey != nil && manifest.publicKey != trustedKey {
            throw BackupError.tampered("signed by another key than the one given")
        }
        guard let key, manifest.isSigned(by: key) else { throw BackupError.tampered("manifest.json signature") }
        let names = Set(manifest.parts.map(\.name))
        for entry in archive where entry.path != BackupManifest.fileName && !names.contains(entry.path) {
            throw BackupError.tampered("\(entry.path) is not in the manifest")
        }
        for part in manifest.parts {
            guard !part.name.contains(".."), !part.name.hasPrefix("/"), let entry = archive[part.name] else {
                throw BackupError.tampered("\(part.name) is missing")
            }
            let target = folder.appendingPathComponent(part.name)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                _ = try archive.extract(entry, to: target)
            } catch {
                // A damaged entry fails its CRC-32 while it is read.
                throw BackupError.tampered("\(part.name) cannot be read (\(error))")
            }
            let digest = try FileDigest.sha256(of: target)
            guard digest.hex == part.sha256, digest.bytes == part.bytes else {
                throw BackupError.tampered("\(part.name) does not match its SHA-256")
            }
        }
        return manifest
    }
}

extension DatabaseLocation {
    /// `sqlite` or `postgres`, as a manifest names it.
    var kindName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }
}

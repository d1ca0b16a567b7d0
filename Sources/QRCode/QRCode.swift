/// A QR code symbol (ISO/IEC 18004 model 2, versions 1–40) encoded from text or bytes.
///
/// The symbol is an immutable square grid of dark and light modules. Use ``isDark(x:y:)`` to render it yourself or
/// ``svg(moduleSize:quietZone:)`` for a ready-made SVG document.
///
/// ```swift
/// let code = try QRCode.encode("otpauth://totp/Baomi:sysadmin?secret=JBSWY3DPEHPK3PXP&issuer=Baomi")
/// let markup = code.svg()
/// ```
public struct QRCode: Sendable, Equatable {
    /// Error correction level: the share of codewords that can be restored if the symbol is damaged.
    public enum ErrorCorrection: Sendable, CaseIterable {
        /// Recovers about 7 % of codewords.
        case low
        /// Recovers about 15 % of codewords.
        case medium
        /// Recovers about 25 % of codewords.
        case quartile
        /// Recovers about 30 % of codewords.
        case high
    }

    /// Reasons encoding can fail.
    public enum EncodingError: Error, Sendable, Equatable {
        /// The data does not fit in a version 40 symbol at the requested error correction level.
        case dataTooLong
    }

    /// Modules per side, without quiet zone (21 for version 1 up to 177 for version 40).
    public let size: Int

    /// Symbol version, 1–40; the smallest version that holds the data is chosen.
    public let version: Int

    /// Error correction level the symbol was encoded with.
    public let errorCorrection: ErrorCorrection

    /// Data mask pattern, 0–7, chosen by the standard penalty rules.
    public let mask: Int

    /// Row-major module colours, `true` meaning dark.
    private let modules: [Bool]

    private init(version: Int, errorCorrection: ErrorCorrection, mask: Int, modules: [Bool]) {
        self.size = SymbolTables.size(version: version)
        self.version = version
        self.errorCorrection = errorCorrection
        self.mask = mask
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; (0, 0) is the top-left corner.
    ///
    /// Coordinates outside `0..<size` report light, so callers can iterate over a quiet zone without bounds checks.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// Encodes text in the most compact single mode: numeric for digits only, alphanumeric for upper-case letters,
    /// digits, space and `$%*+-./:`, otherwise byte mode with the UTF-8 representation.
    ///
    /// No ECI header is written; readers detect UTF-8 byte content by themselves in practice.
    ///
    /// - Throws: ``EncodingError/dataTooLong`` if the text exceeds a version 40 symbol's capacity.
    public static func encode(_ text: String, correction: ErrorCorrection = .medium) throws(EncodingError) -> QRCode {
        try encode(segment: .bestFit(for: text), correction: correction, mask: nil)
    }

    /// Encodes arbitrary bytes in byte mode.
    ///
    /// - Throws: ``EncodingError/dataTooLong`` if the data exceeds a version 40 symbol's capacity
    ///   (2953 bytes at ``ErrorCorrection/low``, 2331 at ``ErrorCorrection/medium``).
    public static func encode(
        bytes: [UInt8],
        correction: ErrorCorrection = .medium
    ) throws(EncodingError) -> QRCode {
        try encode(segment: .bytes(bytes), correction: correction, mask: nil)
    }

    /// Byte-mode encoding with an optionally forced mask pattern, so tests can compare against reference symbols.
    static func encode(bytes: [UInt8], correction: ErrorCorrection, mask: Int?) throws(EncodingError) -> QRCode {
        try encode(segment: .bytes(bytes), correction: correction, mask: mask)
    }

    /// Text encoding (mode chosen as in ``encode(_:correction:)``) with an optionally forced mask pattern.
    static func encode(_ text: String, correction: ErrorCorrection, mask: Int?) throws(EncodingError) -> QRCode {
        try encode(segment: .bestFit(for: text), correction: correction, mask: mask)
    }

    /// The full pipeline: version selection, codeword construction, placement, masking, format and version info.
    static func encode(segment: Segment, correction: ErrorCorrection, mask: Int?) throws(EncodingError) -> QRCode {
        precondition(mask.map { (0..<8).contains($0) } ?? true, "mask pattern must be in 0..<8")
        let symbol = try unmaskedSymbol(for: segment, correction: correction)
        let version = symbol.version
        var grid = symbol.grid
        let chosenMask = mask ?? grid.bestMask()
        grid.applyMask(chosenMask)
        // Format and version information are drawn only after mask selection; see `ModuleGrid.bestMask()`.
        grid.drawFormatInformation(correction: correction, mask: chosenMask)
        grid.drawVersionInformation(version: version)
        return QRCode(version: version, errorCorrection: correction, mask: chosenMask, modules: grid.modules)
    }

    /// The smallest fitting version and its grid with function patterns and codewords placed, but without mask,
    /// format or version information. Separate so that tests can evaluate the mask choice.
    static func unmaskedSymbol(
        for segment: Segment,
        correction: ErrorCorrection
    ) throws(EncodingError) -> (version: Int, grid: ModuleGrid) {
        guard let version = smallestVersion(for: segment, correction: correction) else {
            throw .dataTooLong
        }
        let data = dataCodewords(for: segment, version: version, correction: correction)
        var grid = ModuleGrid(version: version)
        grid.placeCodewords(interleavedCodewords(data: data, version: version, correction: correction))
        return (version, grid)
    }

    /// The smallest version whose data capacity holds the segment, or `nil` if none does.
    private static func smallestVersion(for segment: Segment, correction: ErrorCorrection) -> Int? {
        SymbolTables.versions.first { version in
            guard let bits = segment.encodedBitCount(version: version) else { return false }
            return bits <= SymbolTables.dataCodewords(version: version, correction: correction) * 8
        }
    }

    /// Header, payload, terminator and padding, filling exactly the version's data codewords (7.4.9, 7.4.10).
    private static func dataCodewords(for segment: Segment, version: Int, correction: ErrorCorrection) -> [UInt8] {
        let capacityBits = SymbolTables.dataCodewords(version: version, correction: correction) * 8
        var buffer = BitBuffer()
        buffer.append(segment.mode.indicator, width: 4)
        buffer.append(segment.characterCount, width: segment.mode.characterCountWidth(version: version))
        buffer.append(contentsOf: segment.payload)
        // Terminator of up to four zero bits, then zero bits to the next byte boundary.
        buffer.append(0, width: min(4, capacityBits - buffer.count))
        buffer.append(0, width: (8 - buffer.count % 8) % 8)
        var bytes = buffer.bytes
        // Alternating pad codewords 11101100 and 00010001 fill the rest.
        var padIndex = 0
        while bytes.count * 8 < capacityBits {
            bytes.append(padIndex % 2 == 0 ? 0xEC : 0x11)
            padIndex += 1
        }
        return bytes
    }

    /// Splits data into blocks, appends Reed–Solomon codewords to each and interleaves them (7.5, 7.6).
    private static func interleavedCodewords(data: [UInt8], version: Int, correction: ErrorCorrection) -> [UInt8] {
        let blockCount = SymbolTables.blockCount(version: version, correction: correction)
        let eccLength = SymbolTables.eccCodewordsPerBlock(version: version, correction: correction)
        let totalCodewords = SymbolTables.totalCodewords(version: version)
        // Blocks differ in data length by at most one; the shorter ones come first.
        let longBlockCount = totalCodewords % blockCount
        let shortDataLength = totalCodewords / blockCount - eccLength
        let encoder = ReedSolomon(degree: eccLength)

        var dataBlocks: [ArraySlice<UInt8>] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for blockIndex in 0..<blockCount {
            let length = shortDataLength + (blockIndex >= blockCount - longBlockCount ? 1 : 0)
            let block = data[start..<(start + length)]
            dataBlocks.append(block)
            eccBlocks.append(encoder.remainder(of: block))
            start += length
        }

        var result: [UInt8] = []
        result.reserveCapacity(totalCodewords)
        for column in 0...shortDataLength {
            for block in dataBlocks where column < block.count {
                result.append(block[block.startIndex + column])
            }
        }
        for column in 0..<eccLength {
            for block in eccBlocks {
                result.append(block[column])
            }
        }
        return result
    }
}

extension QRCode.ErrorCorrection {
    /// Row in `SymbolTables`, ordered L, M, Q, H.
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }

    /// The two-bit indicator in the format information (table 12); deliberately not in L, M, Q, H order.
    var formatBits: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }
}

/// Reed–Solomon error correction codewords as specified for QR codes (ISO/IEC 18004, 7.5.2).
///
/// Arithmetic is in GF(2^8) with the QR code's primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and
/// generator element α = 2. The generator polynomial of degree n has the roots α^0 … α^(n-1).
struct ReedSolomon: Sendable {
    /// Generator polynomial coefficients, highest degree first, with the implicit leading 1 omitted.
    private let generator: [UInt8]

    /// Creates an encoder producing `degree` error correction codewords per block.
    init(degree: Int) {
        precondition((1...255).contains(degree), "Reed–Solomon degree out of range")
        // Start with the monomial 1 and multiply by (x - α^i) for each root; in GF(2^8) subtraction is XOR.
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = Self.multiply(coefficients[index], root)
                if index + 1 < degree {
                    coefficients[index] ^= coefficients[index + 1]
                }
            }
            root = Self.multiply(root, 2)
        }
        generator = coefficients
    }

    /// The remainder of `data(x) · x^degree` divided by the generator polynomial: the error correction codewords.
    func remainder(of data: ArraySlice<UInt8>) -> [UInt8] {
        let degree = generator.count
        var result = [UInt8](repeating: 0, count: degree)
        for byte in data {
            // Polynomial long division as a linear-feedback shift register.
            let factor = byte ^ result[0]
            for index in 0..<(degree - 1) {
                result[index] = result[index + 1]
            }
            result[degree - 1] = 0
            if factor != 0 {
                let factorLog = Int(Self.logTable[Int(factor)])
                for index in 0..<degree where generator[index] != 0 {
                    result[index] ^= Self.expTable[Int(Self.logTable[Int(generator[index])]) + factorLog]
                }
            }
        }
        return result
    }

    /// Multiplies two field elements.
    static func multiply(_ lhs: UInt8, _ rhs: UInt8) -> UInt8 {
        guard lhs != 0, rhs != 0 else { return 0 }
        return expTable[Int(logTable[Int(lhs)]) + Int(logTable[Int(rhs)])]
    }

    /// α^i for i in 0..<510; stored twice over so that a sum of two logarithms never needs a modulo.
    private static let expTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for exponent in 0..<255 {
            table[exponent] = UInt8(value)
            table[exponent + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 {
                value ^= 0x11D
            }
        }
        return table
    }()

    /// Discrete logarithm base α; entry 0 is unused because log(0) is undefined.
    private static let logTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for exponent in 0..<255 {
            table[Int(expTable[exponent])] = UInt8(exponent)
        }
        return table
    }()
}

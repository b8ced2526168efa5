import Foundation
import Hessian

/// Reader for the NumPy .npy files the Python side writes (format 1.0–3.0, little-endian
/// float64 '<f8'). A Fortran-order (column-major) 2-D array is read straight into a
/// `Matrix`'s storage, which is vec(X); a C-order one is transposed once.
enum NPY {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func readMatrix(_ path: String) throws -> Matrix {
        let (shape, fortran, data) = try read(path)
        switch shape.count {
        case 1: return Matrix(rows: shape[0], columns: 1, storage: data)
        case 2:
            if fortran { return Matrix(rows: shape[0], columns: shape[1], storage: data) }
            // C order holds vec(Xᵀ): read it as the d×N matrix Xᵀ and transpose.
            return Matrix(rows: shape[1], columns: shape[0], storage: data).transposed
        default: throw Failure(description: "\(path): expected a 1-D or 2-D array, found shape \(shape)")
        }
    }

    static func readVector(_ path: String) throws -> [Double] {
        let (shape, _, data) = try read(path)
        guard shape.count == 1 else { throw Failure(description: "\(path): expected a 1-D array, found shape \(shape)") }
        return data
    }

    /// Returns (shape, fortran_order, data) with data in file order.
    static func read(_ path: String) throws -> ([Int], Bool, [Double]) {
        guard let fp = fopen(path, "rb") else { throw Failure(description: "cannot open \(path)") }
        defer { fclose(fp) }
        var magic = [UInt8](repeating: 0, count: 8)
        guard fread(&magic, 1, 8, fp) == 8, magic[0] == 0x93, Array(magic[1...5]) == Array("NUMPY".utf8) else {
            throw Failure(description: "\(path) is not a .npy file")
        }
        let major = magic[6]
        var headerLength = 0
        if major == 1 {
            var b = [UInt8](repeating: 0, count: 2)
            guard fread(&b, 1, 2, fp) == 2 else { throw Failure(description: "\(path): truncated header") }
            headerLength = Int(b[0]) | Int(b[1]) << 8
        } else {
            var b = [UInt8](repeating: 0, count: 4)
            guard fread(&b, 1, 4, fp) == 4 else { throw Failure(description: "\(path): truncated header") }
            headerLength = Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24
        }
        var hb = [UInt8](repeating: 0, count: headerLength)
        guard fread(&hb, 1, headerLength, fp) == headerLength else { throw Failure(description: "\(path): truncated header") }
        let header = String(decoding: hb, as: UTF8.self)
        guard header.contains("'descr': '<f8'") else {
            throw Failure(description: "\(path): only little-endian float64 ('<f8') arrays are supported; header \(header)")
        }
        let fortran = header.contains("'fortran_order': True")
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw Failure(description: "\(path): no shape in header \(header)")
        }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
        let count = shape.reduce(1, *)
        var data = [Double](repeating: 0, count: count)
        let got = data.withUnsafeMutableBytes { fread($0.baseAddress, 8, count, fp) }
        guard got == count else { throw Failure(description: "\(path): expected \(count) values, read \(got)") }
        return (shape, fortran, data)
    }
}

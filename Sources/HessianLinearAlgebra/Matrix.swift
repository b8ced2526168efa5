/// A dense real matrix stored column-major, so that `storage` is exactly `vec(X)`:
/// `[X₁₁, …, X_m1, X₁₂, …, X_mn]`. This is the layout BLAS and LAPACK expect, so
/// every factorization and product works on `storage` without copying.
///
/// Row arrays from data are checked: `init(_:)` throws ``MatrixError`` for ragged rows. A matrix
/// literal (`let a: Matrix = [[1, 2], [3, 4]]`) is source code, so a ragged literal traps. Shape
/// mismatches between matrices in the operations (products, `storage` of the wrong count) are
/// programming errors and trap (like an out-of-range array index); numerical failures (a matrix that is not positive definite, a singular
/// pivot) are thrown as ``LinearAlgebraError``.
public struct Matrix: Equatable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// vec(X): column j occupies `storage[j*rows ..< (j+1)*rows]`.
    public var storage: [Double]

    /// A rows×columns matrix with every entry `value`.
    /// - Parameters:
    ///   - rows: m ≥ 0.
    ///   - columns: n ≥ 0.
    ///   - value: every entry (default 0).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// Wraps an existing column-major array (vec(X)) without copying.
    /// - Parameters:
    ///   - rows: m.
    ///   - columns: n.
    ///   - storage: m·n entries, column-major (another count traps).
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns,
                     "storage has \(storage.count) elements, expected \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from row arrays, the way it is written on paper.
    /// - Throws: ``MatrixError/raggedRows(row:entries:expected:)`` when the rows differ in length.
    /// - Parameter rowArrays: the rows, all of the same length.
    public init(_ rowArrays: [[Double]]) throws {
        let m = rowArrays.count
        let n = rowArrays.first?.count ?? 0
        if let i = rowArrays.firstIndex(where: { $0.count != n }) {
            throw MatrixError.raggedRows(row: i, entries: rowArrays[i].count, expected: n)
        }
        var s = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n { s[i + j * m] = rowArrays[i][j] }
        }
        self.init(rows: m, columns: n, storage: s)
    }

    /// A matrix literal, row by row: `[[1, 2], [3, 4]]`. Its rows must have equal lengths (a
    /// ragged literal is a programming error and traps).
    /// - Parameter rowArrays: the rows.
    public init(arrayLiteral rowArrays: [Double]...) {
        let n = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == n }, "matrix literal with rows of different lengths")
        try! self.init(rowArrays)
    }

    /// Builds an m×n matrix from a function of (row, column).
    /// - Parameters:
    ///   - rows: m.
    ///   - columns: n.
    ///   - entry: (i, j) ↦ Xᵢⱼ, 0-based.
    public init(rows: Int, columns: Int, _ entry: (Int, Int) -> Double) {
        var s = [Double](repeating: 0, count: rows * columns)
        for j in 0..<columns { for i in 0..<rows { s[i + j * rows] = entry(i, j) } }
        self.init(rows: rows, columns: columns, storage: s)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// diag(v): the square matrix with v on its diagonal.
    public static func diagonal(_ v: [Double]) -> Matrix {
        var m = Matrix(rows: v.count, columns: v.count)
        for i in 0..<v.count { m.storage[i + i * v.count] = v[i] }
        return m
    }

    /// A column vector (n×1) whose storage is v.
    public static func column(_ v: [Double]) -> Matrix {
        Matrix(rows: v.count, columns: 1, storage: v)
    }

    /// Entry (i, j), zero-based.
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Whether rows == columns.
    public var isSquare: Bool { rows == columns }

    /// Aᵀ.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        storage.withUnsafeBufferPointer { a in
            t.storage.withUnsafeMutableBufferPointer { b in
                for j in 0..<columns {
                    for i in 0..<rows { b[j + i * columns] = a[i + j * rows] }
                }
            }
        }
        return t
    }

    /// Row i as an array.
    /// - Parameter i: 0-based, < `rows`.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { self[i, $0] }
    }

    /// Column j as an array.
    /// - Parameter j: 0-based, < `columns`.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// The diagonal entries Aᵢᵢ.
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { self[$0, $0] }
    }

    /// tr A = Σ Aᵢᵢ (square matrices).
    public var trace: Double {
        diagonal.reduce(0, +)
    }

    /// Largest |Xᵢⱼ| (0 for an empty matrix).
    public var maxAbs: Double {
        storage.reduce(0) { Swift.max($0, abs($1)) }
    }

    /// Frobenius norm ‖X‖_F = ‖vec X‖₂.
    public var frobeniusNorm: Double { norm2(storage) }

    /// Whether every entry is finite.
    public var allFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// (X + Xᵀ)/2, used to remove rounding asymmetry before a symmetric factorization.
    public var symmetrized: Matrix {
        precondition(isSquare)
        // Raw pointers: the n² strided accesses stay free of per-element bounds and uniqueness checks.
        var s = self
        let n = rows
        s.storage.withUnsafeMutableBufferPointer { buffer in
            let a = buffer.baseAddress
            for j in 0..<n {
                for i in 0..<j {
                    let v = 0.5 * (a![i &+ j &* n] + a![j &+ i &* n])
                    a![i &+ j &* n] = v
                    a![j &+ i &* n] = v
                }
            }
        }
        return s
    }

    /// Copies the lower triangle into the upper one (LAPACK/BLAS symmetric routines
    /// write only one triangle; this makes the full matrix valid again).
    public mutating func fillUpperFromLower() {
        precondition(isSquare)
        let n = rows
        storage.withUnsafeMutableBufferPointer { a in
            for j in 0..<n { for i in 0..<j { a[i + j * n] = a[j + i * n] } }
        }
    }

    /// Adds s to every diagonal entry: X + sI.
    /// - Parameter s: the shift.
    public mutating func addToDiagonal(_ s: Double) {
        for i in 0..<Swift.min(rows, columns) { storage[i + i * rows] += s }
    }

    /// Adds d[i] to diagonal entry i: X + diag(d).
    /// - Parameter d: one entry per diagonal entry, min(rows, columns).
    public mutating func addToDiagonal(_ d: [Double]) {
        precondition(d.count == Swift.min(rows, columns))
        for i in 0..<d.count { storage[i + i * rows] += d[i] }
    }

    /// The entries row by row.
    public var description: String {
        var lines: [String] = []
        for i in 0..<rows {
            lines.append((0..<columns).map { j in formatEntry(self[i, j]) }.joined(separator: " "))
        }
        return "\(rows)×\(columns) [\n" + lines.joined(separator: "\n") + "\n]"
    }

    private func formatEntry(_ x: Double) -> String {
        let s = "\(x)"
        return s.count >= 12 ? String(s.prefix(12)) : String(repeating: " ", count: 12 - s.count) + s
    }
}

// MARK: - Elementwise arithmetic

extension Matrix {
    /// A + B (same shape).
    /// - Parameters:
    ///   - a: A.
    ///   - b: B, of A's shape (another shape traps).
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in +")
        var c = a
        axpy(1, b.storage, &c.storage)
        return c
    }

    /// A − B (same shape).
    /// - Parameters:
    ///   - a: A.
    ///   - b: B, of A's shape (another shape traps).
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in -")
        var c = a
        axpy(-1, b.storage, &c.storage)
        return c
    }

    /// −A.
    /// - Parameter a: A.
    public static prefix func - (a: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, storage: a.storage.map { -$0 })
    }

    /// sA.
    /// - Parameters:
    ///   - s: the scalar.
    ///   - a: A.
    public static func * (s: Double, a: Matrix) -> Matrix {
        var c = a
        scal(s, &c.storage)
        return c
    }

    /// Hadamard product A ⊙ B.
    /// - Parameter b: B, of this matrix's shape (another shape traps).
    public func hadamard(_ b: Matrix) -> Matrix {
        precondition(rows == b.rows && columns == b.columns, "shape mismatch in ⊙")
        var c = self
        for k in 0..<storage.count { c.storage[k] *= b.storage[k] }
        return c
    }

    /// Applies f to every entry.
    /// - Parameter f: the function applied entrywise.
    public func map(_ f: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, columns: columns, storage: storage.map(f))
    }

    /// Largest entrywise |A − B|.
    /// - Parameter b: B, of this matrix's shape.
    public func maxAbsDifference(_ b: Matrix) -> Double {
        precondition(rows == b.rows && columns == b.columns, "shape mismatch")
        var m = 0.0
        for k in 0..<storage.count { m = Swift.max(m, abs(storage[k] - b.storage[k])) }
        return m
    }
}

/// A numerical failure reported by LAPACK, turned into a sentence a user can act on.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// potrf: the leading minor of this order (1-based) is not positive.
    case notPositiveDefinite(leadingMinor: Int)
    /// getrf / sytrf: this pivot (1-based) is exactly zero, so the matrix is singular.
    case singular(pivot: Int)
    /// syevd: the algorithm failed to converge.
    case eigenNoConvergence(info: Int)
    /// A LAPACK argument was illegal: a bug in the caller, reported instead of trapping.
    case illegalArgument(routine: String, position: Int)
    /// The input already held NaN or ±∞, so no factorization was attempted.
    case nonFinite(routine: String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite: leading minor \(k) is not positive"
        case .singular(let k):
            return "matrix is singular: pivot \(k) is exactly zero"
        case .eigenNoConvergence(let info):
            return "symmetric eigensolver did not converge (\(info) off-diagonal elements did not converge to zero)"
        case .illegalArgument(let routine, let position):
            return "\(routine): argument \(position) had an illegal value"
        case .nonFinite(let routine):
            return "\(routine): the matrix contains NaN or infinite entries"
        }
    }
}

/// Maps a LAPACK `info` code to a thrown error; `positive` says what info > 0 means for this routine.
func checkInfo(_ info: Int32, _ routine: String, positive: (Int) -> LinearAlgebraError) throws {
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info)) }
    if info > 0 { throw positive(Int(info)) }
}

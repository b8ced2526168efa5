import Foundation
import Testing
import HessianTestSupport
@testable import HessianLinearAlgebra

@Suite struct LAPACKTests {
    @Test func choleskySolvesInvertsAndLogDeterminant() throws {
        var rng = SeededGenerator(seed: 10)
        let a = rng.spd(6)
        let b = rng.matrix(6, 2)
        let chol = try Cholesky(a)
        let x = try chol.solve(b)
        #expect((a * x).maxAbsDifference(b) < 1e-12)
        let inv = try chol.inverse()
        #expect((a * inv).maxAbsDifference(.identity(6)) < 1e-12)
        // log|A| = Σ log λᵢ from the eigenvalues: an independent route.
        let eig = try SymmetricEigen(a, vectors: false)
        #expect(abs(chol.logDeterminant - eig.values.map { log($0) }.reduce(0, +)) < 1e-11)
    }

    @Test func choleskyNamesTheFailingLeadingMinor() throws {
        // Leading 1×1 and 2×2 minors are positive, the 3×3 one is not.
        let a = try Matrix([[4, 1, 2], [1, 3, 1], [2, 1, -5]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 3)) { try Cholesky(a) }
        let message = LinearAlgebraError.notPositiveDefinite(leadingMinor: 7).description
        #expect(message == "matrix is not positive definite: leading minor 7 is not positive")
        #expect(throws: LinearAlgebraError.nonFinite(routine: "dpotrf")) {
            try Cholesky(try Matrix([[1, .nan], [.nan, 1]]))
        }
    }

    @Test func luSolvesAndDetectsSingularity() throws {
        var rng = SeededGenerator(seed: 12)
        let a = rng.matrix(5, 5)
        let b = rng.vector(5)
        let lu = try LU(a)
        expectClose(a * (try lu.solve(b)), b, relative: 1e-12)
        expectClose(a.transposed * (try lu.solve(.column(b), transposed: true)).storage, b, relative: 1e-12)
        let singular = try Matrix([[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) { try LU(singular) }
    }

    @Test func logAbsDeterminantMatchesClosedForm() throws {
        // det [[0, 2], [3, 1]] = −6
        let (sign, logAbs) = try Matrix([[0, 2], [3, 1]]).logAbsDeterminant()
        #expect(sign == -1)
        #expect(abs(logAbs - log(6)) < 1e-15)
    }

    @Test func symmetricEigenReconstructs() throws {
        var rng = SeededGenerator(seed: 13)
        let a = rng.matrix(6, 6).symmetrized
        let eig = try SymmetricEigen(a)
        #expect(eig.reconstruct().maxAbsDifference(a) < 1e-13)
        #expect(eig.values == eig.values.sorted())
        #expect((eig.vectors.transposed * eig.vectors).maxAbsDifference(.identity(6)) < 1e-13)
    }
}

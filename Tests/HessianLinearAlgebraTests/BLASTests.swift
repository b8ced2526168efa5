import Testing
import HessianTestSupport
@testable import HessianLinearAlgebra

/// Naive triple-loop products: an independent reference for the BLAS wrappers.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    Matrix(rows: a.rows, columns: b.columns) { i, j in
        (0..<a.columns).reduce(0) { $0 + a[i, $1] * b[$1, j] }
    }
}

@Suite struct BLASTests {
    @Test func gemmAllTransposeCombinations() {
        var rng = SeededGenerator(seed: 2)
        let a = rng.matrix(5, 3), b = rng.matrix(3, 4)
        let reference = naiveProduct(a, b)
        #expect((a * b).maxAbsDifference(reference) < 1e-14)
        #expect(product(a.transposed, b, transposeA: true).maxAbsDifference(reference) < 1e-14)
        #expect(product(a, b.transposed, transposeB: true).maxAbsDifference(reference) < 1e-14)
        #expect(product(a.transposed, b.transposed, transposeA: true, transposeB: true).maxAbsDifference(reference) < 1e-14)
        var c = Matrix(rows: 5, columns: 4, repeating: 1)
        gemm(2, a, b, 3, &c)
        #expect(c.maxAbsDifference(2 * reference + Matrix(rows: 5, columns: 4, repeating: 3)) < 1e-13)
    }

    @Test func gemvAndTransposedGemv() {
        var rng = SeededGenerator(seed: 3)
        let a = rng.matrix(6, 4), x = rng.vector(4), z = rng.vector(6)
        expectClose(a * x, naiveProduct(a, .column(x)).storage, relative: 1e-14)
        expectClose(transposeTimes(a, z), naiveProduct(a.transposed, .column(z)).storage, relative: 1e-14)
    }

    @Test func syrkIsFullSymmetricGram() {
        var rng = SeededGenerator(seed: 4)
        let a = rng.matrix(7, 5)
        let g = gram(a)
        #expect(g.maxAbsDifference(naiveProduct(a.transposed, a)) < 1e-13)
        #expect(g.maxAbsDifference(g.transposed) == 0)
    }

    @Test(arguments: [1, 3, 64, 1000])
    func weightedGramMatchesExplicitProductForAnyBlockSize(blockRows: Int) {
        var rng = SeededGenerator(seed: 5)
        let x = rng.matrix(257, 6)
        let positive = rng.vector(257, in: 0..<2)
        let signed = rng.vector(257)
        for w in [positive, signed, positive.map { -$0 }] {
            var c = Matrix(rows: 6, columns: 6)
            weightedGram(x, weights: w, into: &c, blockRows: blockRows)
            let reference = naiveProduct(x.transposed, naiveProduct(.diagonal(w), x))
            #expect(c.maxAbsDifference(reference) < 1e-12)
            #expect(c.maxAbsDifference(c.transposed) < 1e-15)
        }
    }

    @Test func vectorKernels() {
        let x = [3.0, -4.0, 0.0], y = [1.0, 2.0, 3.0]
        // Small integers: every partial sum and product is exact, so any kernel, order or FMA gives
        // these bits; dnrm2's kernels scale and may accumulate in extended precision, hence ulps.
        #expect(dot(x, y) == -5)
        expectWithinULPs(norm2(x), 5, ulps: 2)
        #expect(normInf(x) == 4)
        #expect(normInf([1, .nan]).isNaN)
        var z = y
        axpy(2, x, &z)
        #expect(z == [7, -6, 3])
        expectWithinULPs(norm2([1e200, 1e200]), 1e200 * 2.0.squareRoot(), ulps: 2)
    }
}

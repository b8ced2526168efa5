import Testing
import HessianTestSupport
@testable import HessianLinearAlgebra

@Suite struct MatrixTests {
    @Test func storageIsColumnMajorVec() throws {
        // [[1, 2, 3], [4, 5, 6]]: vec stacks the columns (1,4), (2,5), (3,6).
        let a = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a.storage == [1, 4, 2, 5, 3, 6])
        #expect(a[1, 2] == 6)
        #expect(a.transposed.storage == [1, 2, 3, 4, 5, 6])
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(2) == [3, 6])
    }

    @Test func arithmeticMatchesEntrywiseDefinition() {
        var rng = SeededGenerator(seed: 1)
        let a = rng.matrix(3, 4), b = rng.matrix(3, 4)
        let sum = a + b, diff = a - b, had = a.hadamard(b), s = 2.5 * a
        for i in 0..<3 {
            for j in 0..<4 {
                #expect(sum[i, j] == a[i, j] + b[i, j])
                #expect(diff[i, j] == a[i, j] - b[i, j])
                #expect(had[i, j] == a[i, j] * b[i, j])
                #expect(s[i, j] == 2.5 * a[i, j])
            }
        }
    }
}

import Testing
import HessianTestSupport
@testable import HessianLinearAlgebra

/// The shared comparison helpers themselves: what passes and what must not.
@Suite struct ApproximateEqualityTests {
    @Test func ulpDistanceCountsRepresentableDoubles() {
        #expect(ulpDistance(1, 1) == 0)
        #expect(ulpDistance(1, 1.0.nextUp) == 1)
        #expect(ulpDistance(1.0.nextDown, 1.0.nextUp) == 2)
        #expect(ulpDistance(0.0, -0.0) == 0)
        // Across zero: the smallest subnormals on either side are two apart (−d, ±0, +d).
        #expect(ulpDistance(-Double.leastNonzeroMagnitude, .leastNonzeroMagnitude) == 2)
        #expect(ulpDistance(.greatestFiniteMagnitude, .infinity) == 1)
        #expect(ulpDistance(-Double.infinity, .infinity) == UInt64(0x7FF0_0000_0000_0000) * 2)
        #expect(ulpDistance(.nan, 1) == .max && ulpDistance(.nan, .nan) == .max)
    }

    @Test func isCloseHonoursBothTolerancesAndScales() {
        #expect(isClose([1, 2], [1 + 1e-13, 2], relative: 1e-12))
        #expect(!isClose([1, 2], [1 + 1e-11, 2], relative: 1e-12))
        // A tiny entry next to a large one: norm-wise passes, entrywise does not.
        #expect(isClose([1e6, 1e-9], [1e6, 2e-9], relative: 1e-12))
        #expect(!isClose([1e6, 1e-9], [1e6, 2e-9], relative: 1e-12, scale: .entry))
        #expect(isClose([0], [1e-15], absolute: 1e-14))
        #expect(!isClose([0], [1e-15]))
        #expect(!isClose([.nan], [.nan], relative: 1))
        #expect(isClose([.infinity], [.infinity]) && !isClose([.infinity], [-.infinity], relative: 1))
        #expect(!isClose([1, 2], [1], relative: 1))
        #expect(!isClose(Matrix(rows: 2, columns: 1, storage: [1, 2]), Matrix(rows: 1, columns: 2, storage: [1, 2]), relative: 1))
    }
}

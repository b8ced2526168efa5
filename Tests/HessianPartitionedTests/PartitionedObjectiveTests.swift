import Foundation
import HessianTestSupport
import Testing
@testable import HessianPartitioned
import HessianLinearAlgebra
import HessianModels
import HessianSolvers
import HessianData

/// A partitioned objective over many tiny shards minimizes to the in-memory model's coefficients,
/// on the bundled data sets (internal scaling decided globally, penalty added once).
@Suite struct PartitionedObjectiveTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func dataset(_ name: String) throws -> (x: Matrix, y: [Double]) {
        let t = try CSVReader().read(file: Self.root.appendingPathComponent("Datasets/\(name).csv").path)
        let x = try t.matrix(Array(0..<(t.columnCount - 1)))
        return (x, try t.categories(t.columnCount - 1).codes.map(Double.init))
    }

    /// External coefficients of an internal solution under `scaling` (an empty design carries T).
    func external(_ w: [Double], _ scaling: ShardScaling, intercept: Bool) throws -> [Double] {
        let d = scaling.center.count
        return try Design(Matrix(rows: 0, columns: d), intercept: intercept, weights: nil, scaling: scaling).externalCoefficients(w)
    }

    @Test func leastSquaresNeedsOneDataPass() throws {
        let (x, y) = try dataset("diabetes")
        for l2 in [0.0, 10] {
            let memory = try LeastSquares(design: Design(x, intercept: true), targets: y, l2: l2)
            let rm = try minimize(memory, from: [Double](repeating: 0, count: memory.dimension), using: Newton())
            let rows = ChunkedRows(x: x, targets: y, chunkRows: 7, model: .leastSquares, intercept: true)
            let quadratic = try QuadraticShards(rows)
            let f = PartitionedObjective(source: quadratic,
                                         penaltyStrengths: ShardModel.leastSquares.penaltyStrengths(l2, scaling: rows.scaling, intercept: true))
            let rp = try minimize(f, from: [Double](repeating: 0, count: f.dimension), using: Newton())
            #expect(rp.converged)
            #expect(quadratic.dataPasses == 1)
            expectClose(try external(rp.solution, rows.scaling, intercept: true), memory.externalCoefficients(rm.solution), relative: 1e-10)
        }
    }

    @Test func logisticMatchesInMemoryWithSevenRowShards() throws {
        let (x, y) = try dataset("breast_cancer")
        let memory = try Logistic(design: Design(x, intercept: true), labels: y, l2: 1)
        let rm = try minimize(memory, from: [Double](repeating: 0, count: memory.dimension), using: Newton())
        let rows = ChunkedRows(x: x, targets: y, chunkRows: 7, model: .logistic, intercept: true)
        #expect(rows.scaling.isStandardized)
        let f = PartitionedObjective(source: rows, penaltyStrengths: ShardModel.logistic.penaltyStrengths(1, scaling: rows.scaling, intercept: true))
        let rp = try minimize(f, from: [Double](repeating: 0, count: f.dimension), using: Newton())
        #expect(rp.converged && rm.converged)
        expectClose(try external(rp.solution, rows.scaling, intercept: true), memory.externalCoefficients(rm.solution), relative: 1e-10)
        // Value, gradient and Hessian are folded into one pass per point: no more passes than
        // the solver's distinct evaluation points.
        #expect(f.passes <= rp.evaluations.values + rp.evaluations.gradients)
        #expect(f.passes >= rp.iterations)
    }

    @Test func multinomialMatchesInMemoryBothParametrizations() throws {
        let (x, y) = try dataset("wine")
        let codes = y.map { Int($0) }
        for (l2, par) in [(1.0, Multinomial.Parametrization.allClasses), (1.0, .referenceClass)] {
            let memory = try Multinomial(design: Design(x, intercept: true), labels: codes, classes: 3, l2: l2, parametrization: par)
            let rm = try minimize(memory, from: [Double](repeating: 0, count: memory.dimension), using: Newton())
            let kind = ShardModel.multinomial(classes: 3, parametrization: par)
            let rows = ChunkedRows(x: x, targets: y, chunkRows: 7, model: kind, intercept: true)
            let f = PartitionedObjective(source: rows, penaltyStrengths: kind.penaltyStrengths(l2, scaling: rows.scaling, intercept: true))
            let rp = try minimize(f, from: [Double](repeating: 0, count: f.dimension), using: Newton())
            #expect(rp.converged && rm.converged)
            let shell = try Multinomial(design: Design(Matrix(rows: 0, columns: x.columns), intercept: true, weights: nil, scaling: rows.scaling),
                                        labels: [], classes: 3, l2: l2, parametrization: par)
            // All classes free: the intercepts are determined up to a common shift; compare Σₖ bₖ = 0.
            func centred(_ w: [Double]) -> [Double] {
                guard par == .allClasses else { return w }
                var v = w
                let mean = (v[0] + v[1] + v[2]) / 3
                for k in 0..<3 { v[k] -= mean }
                return v
            }
            expectClose(centred(shell.externalCoefficients(rp.solution)), centred(memory.externalCoefficients(rm.solution)), relative: 1e-10, "\(par)")
        }
    }

    @Test func columnStatisticsMergeEqualsWholeColumn() throws {
        var g = SeededGenerator(seed: 14)
        var x = g.matrix(50, 3)
        for i in 0..<50 { x[i, 1] += 1e6 }
        var merged = ColumnStatistics(columns: 3)
        for r0 in stride(from: 0, to: 50, by: 7) {
            let r1 = min(50, r0 + 7)
            merged.merge(ColumnStatistics(try Matrix((r0..<r1).map { i in (0..<3).map { x[i, $0] } })))
        }
        for j in 0..<3 {
            let col = x.column(j)
            let mean = col.reduce(0, +) / 50
            let std = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 50).squareRoot()
            #expect(abs(merged.means[j] - mean) <= 1e-15 * max(1, abs(mean)))
            #expect(abs(merged.standardDeviations[j] - std) <= 1e-9 * std)
        }
        #expect(merged.count == 50)
    }

    @Test func failingSourceStopsTheSolverAndIsReported() throws {
        struct Broken: ShardSource {
            var dimension: Int { 2 }
            func forEachShard(at x: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws {
                throw DataError.unreadable(file: "f.csv", reason: "gone")
            }
        }
        let f = PartitionedObjective(source: Broken())
        #expect(f.value(at: [0, 0]) == .infinity)
        #expect(f.failure as? DataError == .unreadable(file: "f.csv", reason: "gone"))
        _ = f.value(at: [1, 0])
        #expect(f.passes == 1)
    }
}

import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianLinearAlgebra
import HessianModels
import HessianSolvers
import HessianData

/// Concurrent fits are bitwise the fits run alone (same code, same input, same thread budget, so
/// `==` on Doubles is the right comparison), and a cancelled Task stops a fit.
@Suite struct ConcurrencyTests {
    /// One fit: a Sendable closure that builds its model (fresh caches) and minimizes.
    struct Fit: Sendable {
        let name: String
        let run: @Sendable () throws -> OptimizationResult
    }

    static func fits() -> [Fit] {
        let (xl, yl) = SimulatedData.logistic(n: 40_000, d: 20, seed: 101)
        let (xm, ym) = SimulatedData.multinomial(n: 6_000, d: 8, classes: 4, seed: 102)
        var rng = SeededGenerator(seed: 103)
        let xs = rng.matrix(60_000, 30, in: -3..<3)
        let ys = rng.vector(60_000, in: -5..<5)
        let weights = rng.vector(60_000, in: 0.5..<2)
        let s = PrecisionEstimation.sampleCovariance(rng.matrix(2_000, 300))
        let q = Quadratic.random(40, seed: 104)
        @Sendable func zeros(_ n: Int) -> [Double] { [Double](repeating: 0, count: n) }
        return [
            Fit(name: "logistic newton ×2") {
                let m = try Logistic(design: try Design(xl), labels: yl, l2: 1)
                return try minimize(m, from: zeros(m.dimension), using: Newton(), threads: 2)
            },
            Fit(name: "logistic lbfgs ×4") {
                let m = try Logistic(design: try Design(xl, scaling: .standardize), labels: yl, l2: 0.5)
                return try minimize(m, from: zeros(m.dimension), using: LBFGS(), threads: 4)
            },
            Fit(name: "multinomial newton ×2") {
                let m = try Multinomial(design: try Design(xm), labels: ym, classes: 4, l2: 1, parametrization: .allClasses)
                return try minimize(m, from: zeros(m.dimension), using: Newton(), threads: 2)
            },
            Fit(name: "multinomial trust-region ×3") {
                let m = try Multinomial(design: try Design(xm), labels: ym, classes: 4, l2: 0, parametrization: .referenceClass)
                return try minimize(m, from: zeros(m.dimension), using: TrustRegion(), threads: 3)
            },
            Fit(name: "least squares newton-cg ×2") {
                let m = try LeastSquares(design: try Design(xs), targets: ys, l2: 1)
                return try minimize(m, from: zeros(m.dimension), using: NewtonCG(), threads: 2)
            },
            Fit(name: "weighted least squares newton ×4") {
                let m = try LeastSquares(design: try Design(xs, weights: weights), targets: ys, l2: 0)
                return try minimize(m, from: zeros(m.dimension), using: Newton(), threads: 4)
            },
            Fit(name: "precision newton ×2") {
                let m = try PrecisionEstimation(covariance: s, l2: 0.5)
                return try minimize(m, from: Matrix.identity(300).storage, using: Newton(), threads: 2)
            },
            Fit(name: "quadratic bfgs (default budget)") {
                try minimize(q, from: zeros(40), using: BFGS())
            },
        ]
    }

    static func expectIdentical(_ a: OptimizationResult, _ b: OptimizationResult, _ name: String) {
        #expect(a.solution == b.solution, "\(name): solutions differ")
        #expect(a.value == b.value, "\(name): \(a.value) vs \(b.value)")
        #expect(a.gradient == b.gradient, "\(name): gradients differ")
        #expect(a.iterations == b.iterations && a.termination == b.termination, "\(name)")
    }

    @Test func eightConcurrentFitsAreBitwiseTheSerialFits() async throws {
        let fits = Self.fits()
        let serial = try fits.map { try $0.run() }
        for (f, r) in zip(fits, serial) { #expect(r.converged, "\(f.name): \(r.message)") }
        let concurrent = try await withThrowingTaskGroup(of: (Int, OptimizationResult).self) { group in
            for (i, f) in fits.enumerated() { group.addTask { (i, try f.run()) } }
            var out = [OptimizationResult?](repeating: nil, count: fits.count)
            for try await (i, r) in group { out[i] = r }
            return out.map { $0! }
        }
        for i in fits.indices { Self.expectIdentical(concurrent[i], serial[i], fits[i].name) }
    }

    @Test func theMainTypesAreSendable() {
        // Compile-time: each type must conform to Sendable for this to build.
        func sendable<T: Sendable>(_: T.Type) -> Bool { true }
        #expect(sendable(Matrix.self) && sendable(Design.self) && sendable(Logistic.self) && sendable(Multinomial.self)
                && sendable(LeastSquares.self) && sendable(PrecisionEstimation.self) && sendable(LogDeterminant.self)
                && sendable((any Objective).self) && sendable((any Solver).self) && sendable(OptimizationResult.self)
                && sendable(Table.self) && sendable(CSVReader.self) && sendable(FitSpecification.self) && sendable(FittedModel.self))
    }

    @Test func theBudgetDecidesTheChunksAndIsTaskLocal() async {
        // The fits above really run in several chunks.
        #expect(ParallelFor.chunks(40_000, budget: 2, flopsPerRow: 4 * 21 + 40) == 2)
        #expect(ParallelFor.chunks(60_000, budget: 4, flopsPerRow: 31 * 32) == 4)
        #expect(ParallelFor.chunks(100, budget: 8, flopsPerRow: 10) == 1)
        #expect(ThreadBudget.withThreads(3) { ThreadBudget.current } == 3)
        #expect(ThreadBudget.withThreads(0) { ThreadBudget.current } == 1)
        let inChild = await ThreadBudget.withThreads(5) { await Task { ThreadBudget.current }.value }
        #expect(inChild == 5)
        #expect(ThreadBudget.current == ThreadBudget.defaultThreads)
        _ = dot([1], [1])
        #expect(BLASThreads.count == 1)
    }

    @Test func chunkedProductsMatchTheUnchunkedOnes() throws {
        var rng = SeededGenerator(seed: 7)
        let a = rng.matrix(300, 200), b = rng.matrix(200, 700)
        let one = ThreadBudget.withThreads(1) { a * b }
        let four = ThreadBudget.withThreads(4) { a * b }
        // Column chunks of C: each entry is the same dot product, so the chunking is exact here.
        expectClose(four.storage, one.storage, relative: 1e-15)
        let bt = b.transposed
        let viaTranspose = ThreadBudget.withThreads(3) { product(a, bt, transposeB: true) }
        expectClose(viaTranspose.storage, one.storage, relative: 1e-14)
    }

    @Test func aTaskCancelledDuringTheFitStopsAtTheNextIteration() async throws {
        let r = try await Task {
            try minimize(Rosenbrock(), from: [-1.2, 1], using: Newton()) { record in
                if record.iteration == 2 { withUnsafeCurrentTask { $0?.cancel() } }
                return .proceed
            }
        }.value
        #expect(r.termination == .cancelled, "\(r.message)")
        #expect(r.iterations == 2 && !r.converged)
        #expect(r.message.contains("cancelled"))
    }

    /// A flag shared between the fitting task and the test.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
        func set() { lock.lock(); value = true; lock.unlock() }
    }

    @Test func cancellingFromOutsideStopsTheFit() async throws {
        // The trace callback of iteration 1 announces the fit has started and waits (≤ 60 s) until
        // the test has cancelled the task; the solver must then stop with `.cancelled`.
        let started = Flag()
        let task = Task {
            try minimize(Rosenbrock(), from: [-1.2, 1], using: BFGS()) { record in
                if record.iteration == 1 {
                    started.set()
                    let deadline = Date().addingTimeInterval(60)
                    while !Task.isCancelled && Date() < deadline { usleep(1000) }
                }
                return .proceed
            }
        }
        while !started.isSet { try await Task.sleep(for: .milliseconds(2)) }
        task.cancel()
        let r = try await task.value
        #expect(r.termination == .cancelled, "\(r.message)")
        #expect(r.iterations == 1)
    }

    @Test func aCancelledTaskDoesNotStart() async throws {
        let task = Task {
            while !Task.isCancelled { await Task.yield() }
            return try minimize(Rosenbrock(), from: [-1.2, 1], using: BFGS())
        }
        task.cancel()
        let r = try await task.value
        #expect(r.termination == .cancelled && r.iterations == 0)
    }
}

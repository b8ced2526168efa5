import Foundation
import Testing
@testable import Hessian
import HessianTestSupport

@Suite struct QuasiNewtonTests {
    @Test func rosenbrockBFGSAndLBFGS() throws {
        let solvers: [any Solver] = [BFGS(), LBFGS(), LBFGS(memory: 3)]
        for s in solvers {
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: s)
            #expect(r.termination == .gradientTolerance, "\(s.name): \(r.message)")
            #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6, "\(s.name)")
            #expect(r.evaluations.hessians == 0 && r.evaluations.hessianVectorProducts == 0)
            // Value and gradient are always evaluated together by the Wolfe search.
            #expect(r.evaluations.values == r.evaluations.gradients)
        }
    }

    @Test func quadraticMatchesDirectSolve() throws {
        let q = Quadratic.random(20, seed: 5)
        let exact = directSolve(q.a, q.b)
        for s in [BFGS() as any Solver, LBFGS()] {
            let r = try minimize(q, from: [Double](repeating: 0, count: 20), using: s)
            #expect(r.converged, "\(s.name): \(r.message)")
            expectClose(r.solution, exact, relative: 1e-7, "\(s.name)")
        }
    }

    @Test func badlyScaledQuadraticConverges() throws {
        // γ = sᵀy/yᵀy scaling and the curvature pairs handle a diagonal spanning 1e-6…1e6.
        let (q, xStar) = Quadratic.badlyScaled(6)
        let r = try minimize(q, from: [Double](repeating: 0, count: 6), using: BFGS(stopping: .init(maxIterations: 500)))
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, xStar, relative: 1e-4, scale: .entry)
    }

    @Test func iterationLimitAndNaN() throws {
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: LBFGS(stopping: .init(maxIterations: 5)))
        #expect(r.termination == .iterationLimit && r.iterations == 5)
        #expect(r.value < Rosenbrock().value(at: [-1.2, 1]))
        let bad = try minimize(Corrupted(base: Rosenbrock(), nanGradientBeyond: 0.5), from: [-1.2, 1], using: BFGS())
        #expect(bad.termination == .nonFiniteValue, "\(bad.message)")
        #expect(bad.solution[0] <= 0.5 && bad.value.isFinite)
    }
}

@Suite struct NewtonCGTests {
    @Test func rosenbrock() throws {
        for ls in [LineSearchMethod.armijo, .wolfe] {
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: NewtonCG(lineSearch: ls))
            #expect(r.termination == .gradientTolerance, "\(r.message)")
            #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6)
            #expect(r.evaluations.hessians == 0)
            // One curvature operator per outer iteration, applied at least once.
            #expect(r.evaluations.hessianVectorProducts >= r.iterations)
        }
    }

    @Test func quadraticUsesOnlyHessianVectorProducts() throws {
        let q = Quadratic.random(30, seed: 9)
        let r = try minimize(q, from: [Double](repeating: 0, count: 30), using: NewtonCG())
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, directSolve(q.a, q.b), relative: 1e-8)
        #expect(r.evaluations.hessians == 0 && r.evaluations.hessianVectorProducts > 0)
    }

    @Test func negativeCurvatureDetected() throws {
        // At X = I the log-det Hessian is −K with gradient vec(I) in its −1 eigenspace: the first CG
        // direction has negative curvature, so the step is −∇f (noted) and f still decreases.
        let r = try minimize(LogDet3(), from: Matrix.identity(3).storage, using: NewtonCG(stopping: .init(maxIterations: 2)))
        #expect(r.notes.contains { $0.contains("negative curvature") }, "\(r.notes)")
        #expect(r.value < 0 && r.value.isFinite, "\(r.message)")
    }
}

@Suite struct GradientDescentTests {
    @Test func rosenbrockWithManyIterations() throws {
        let s = GradientDescent(stopping: .init(gradientTolerance: 1e-8, maxIterations: 200_000), recordTrace: false)
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: s)
        #expect(r.termination == .gradientTolerance, "\(r.message)")
        #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6)
        #expect(r.trace.isEmpty)
    }

    @Test func quadratic() throws {
        let q = Quadratic.random(10, seed: 2)
        let r = try minimize(q, from: [Double](repeating: 0, count: 10), using: GradientDescent(stopping: .init(gradientTolerance: 1e-11, maxIterations: 5000), lineSearch: .armijo))
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, directSolve(q.a, q.b), relative: 1e-7)
    }
}

@Suite struct SolverKindTests {
    @Test func everyNameRoundTrips() throws {
        for kind in SolverKind.allCases {
            #expect(SolverKind(name: kind.rawValue) == kind)
            #expect(kind.make(stopping: .init(maxIterations: 7)).name == kind.rawValue)
        }
        #expect(SolverKind(name: "Trust_Region") == .trustRegion)
        #expect(SolverKind(name: "LBFGS") == .lbfgs && SolverKind(name: "l-bfgs") == .lbfgs)
        #expect(SolverKind.names == ["newton", "trust-region", "newton-cg", "bfgs", "lbfgs", "gradient-descent"])
    }

    @Test func unknownNameIsNil() {
        for name in ["simplex", "", "newton ", "l_bfgs_b"] { #expect(SolverKind(name: name) == nil, "\(name)") }
    }

    @Test func stoppingReachesEverySolver() throws {
        for kind in SolverKind.allCases {
            let s = kind.make(stopping: .init(maxIterations: 2))
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: s)
            #expect(r.iterations <= 2, "\(kind)")
            #expect(r.termination == .iterationLimit, "\(kind): \(r.message)")
            #expect(r.solver == kind.rawValue)
        }
    }
}

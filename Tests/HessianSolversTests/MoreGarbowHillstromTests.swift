import Foundation
import HessianTestSupport
import Testing
@testable import HessianSolvers
import HessianCalculus

/// The Moré–Garbow–Hillstrom unconstrained set (problems 1–31) against every solver.
@Suite struct MoreGarbowHillstromTests {
    /// Solvers that must solve every problem, except the pairs listed in `exceptions`.
    static let required: [SolverKind] = [.newton, .trustRegion, .bfgs, .lbfgs, .newtonCG]

    /// (solver, problem) pairs that are allowed not to solve, with the reason. Their termination
    /// must still be honest (not `converged`).
    static let exceptions: [String: String] = [
        // From (1, 2, 1, 1, 1, 1) Newton's first damped steps enter the valley on which f decreases to
        // its asymptote 0.2427 as x₃, x₄, x₆ → ∞ (not one of the known minima 0 and 5.66e-3; ∇f → 0
        // only at infinity): it stops at the iteration limit, reported as not converged. The
        // spherical trust region avoids that valley (see `TrustRegion.scaled`).
        key(.newton, 18): "Biggs EXP6: Newton follows the valley to f ≈ 0.2427 to the iteration limit",
    ]

    static func key(_ kind: SolverKind, _ number: Int) -> String { "\(kind.rawValue)/\(number)" }

    @Test func thirtyOneProblems() {
        #expect(MGHProblem.all.map(\.number) == Array(1...31))
    }

    @Test(arguments: MGHProblem.all.map(\.number))
    func analyticDerivativesMatchFiniteDifferences(_ number: Int) {
        let p = MGHProblem.all[number - 1]
        // At the start and at a nearby point off any symmetry of the start.
        for x in [p.start, p.start.enumerated().map { $1 + 0.01 * Double($0 + 1) }] {
            let report = DerivativeChecker.check(value: { p.value(at: $0) }, gradient: { p.gradient(at: $0) },
                                                 hessian: { p.hessian(at: $0) }, at: x)
            #expect(report.passes(tolerance: 1e-5), "\(number) \(p.name): \(report)")
        }
    }

    @Test(arguments: MGHProblem.all.map(\.number))
    func everySolverOnProblem(_ number: Int) throws {
        let p = MGHProblem.all[number - 1]
        for kind in SolverKind.allCases {
            // Gradient descent is only checked for honesty, so a short run suffices.
            let limit = kind == .gradientDescent ? 100 : 1000
            let r = try minimize(p, from: p.start, using: kind.make(stopping: .init(maxIterations: limit)))
            let label = "\(kind.rawValue) on \(number) \(p.name): f = \(r.value), ‖∇f‖∞ = \(r.gradientNorm), \(r.termination): \(r.message)"
            // Honesty, for every solver: converged means the convergence test held.
            if r.converged {
                #expect(r.termination == .gradientTolerance && r.gradientNorm <= 1e-8, "\(label)")
            }
            #expect(r.value.isFinite && r.value <= p.value(at: p.start), "\(label)")
            guard Self.required.contains(kind) else { continue }
            let solved = p.atKnownMinimum(r.value) || r.gradientNorm <= 1e-6
            if let reason = Self.exceptions[Self.key(kind, number)] {
                #expect(!solved || r.converged, "listed exception now solves (\(reason)): \(label)")
                #expect(!r.converged || solved, "\(label)")
            } else {
                #expect(solved, "UNSOLVED \(label)")
            }
        }
    }

    /// The ellipsoidal (Jacobi-scaled) region on Biggs EXP6 takes the valley to the asymptote
    /// f ≈ 0.2427 (see `TrustRegion.scaled`): its run must end honestly, not as converged, and the
    /// default spherical region must reach the global minimum f = 0.
    @Test func scaledTrustRegionOnBiggsIsHonest() throws {
        let p = MGHProblem.all[17]
        #expect(p.name == "Biggs EXP6")
        let scaled = try minimize(p, from: p.start, using: TrustRegion(stopping: .init(maxIterations: 300), scaled: true))
        #expect(!scaled.converged && scaled.termination == .iterationLimit, "\(scaled.termination): \(scaled.message)")
        #expect(scaled.value > 0.24 && scaled.value < 0.25)
        let spherical = try minimize(p, from: p.start, using: TrustRegion())
        #expect(spherical.converged && spherical.value < 1e-12, "\(spherical.termination): \(spherical.message)")
    }
}

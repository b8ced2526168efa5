import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

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

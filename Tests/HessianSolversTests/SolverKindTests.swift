import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

@Suite struct SolverKindTests {
    @Test func everyNameRoundTrips() throws {
        for kind in SolverKind.allCases {
            let s = try makeSolver(named: kind.rawValue, stopping: .init(maxIterations: 7))
            #expect(s.name == kind.rawValue)
        }
        #expect(try makeSolver(named: "Trust_Region").name == "trust-region")
    }

    @Test func unknownNameThrowsListingChoices() {
        #expect(throws: UnknownSolverError.self) { try makeSolver(named: "simplex") }
        let message = UnknownSolverError(name: "simplex").description
        #expect(message.contains("simplex") && message.contains("lbfgs") && message.contains("trust-region"))
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

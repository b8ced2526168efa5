import Hessian

// Temporary: the solver registry arrives with the `solvers` branch (makeSolver(named:stopping:)).
func makeSolver(named name: String, stopping: StoppingCriteria) throws -> any Solver {
    switch name {
    case "newton": return Newton(stopping: stopping)
    case "trust-region": return TrustRegion(stopping: stopping)
    default: throw NPY.Failure(description: "solver \(name) not available in this build yet")
    }
}

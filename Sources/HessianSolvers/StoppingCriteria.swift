/// When a solver stops, shared by every solver (the CLI sets `--tol` and `--max-iter` here).
///
/// The convergence test, in order:
/// 1. **Gradient** (primary): ‖∇f(x)‖∞ ≤ `gradientTolerance`, absolute. The default 1e-8 is reachable
///    both for Rosenbrock and for losses summed over N ≈ 2·10⁵ samples with standardized columns: the
///    rounding error of a summed gradient is about N·ε·|term| ≈ 4·10⁻¹¹, well below it.
/// 2. **Step** ‖xₖ₊₁ − xₖ‖∞ ≤ `stepTolerance`·(1 + ‖xₖ₊₁‖∞) and **value** |fₖ − fₖ₊₁| ≤ `valueTolerance`·(1 + |fₖ₊₁|)
///    are secondary. Both are off (0) by default. When switched on they end the run as converged only
///    if the gradient is also small, ‖∇f‖∞ ≤ `acceptableGradientTolerance`; a tiny step with a large
///    gradient is a stall, not a solution, and the solver keeps going.
/// 3. **Rounding floor**: when the line search (or trust-region ratio test) cannot decrease f because the
///    decrease it predicts is below the rounding level of f itself, the run ends with `.valueStall`
///    (not converged: the gradient test did not hold) if ‖∇f‖∞ ≤ `acceptableGradientTolerance`,
///    otherwise `.lineSearchFailure`.
/// 4. Limits: `maxIterations`, `timeLimit` (seconds of wall-clock time, none by default).
public struct StoppingCriteria: Sendable, Equatable {
    /// Absolute tolerance on ‖∇f‖∞. Default 1e-8.
    ///
    /// The run converges with ``Termination/gradientTolerance`` as soon as ‖∇f(xₖ)‖∞ ≤ this value
    /// (at the start too, after zero iterations). Absolute, not relative to f: give the objective
    /// units (`ScaledObjective` with an `ObjectiveScale`, as every estimator does) to make the test
    /// independent of the units of the data.
    public var gradientTolerance: Double
    /// Relative step tolerance (0 = off). Default 0.
    ///
    /// Test: ‖xₖ₊₁ − xₖ‖∞ ≤ `stepTolerance`·(1 + ‖xₖ₊₁‖∞), which counts as convergence
    /// (``Termination/stepTolerance``) only when ‖∇f‖∞ ≤ ``acceptableGradientTolerance`` too.
    public var stepTolerance: Double
    /// Relative value-change tolerance (0 = off). Default 0.
    ///
    /// Test: |fₖ − fₖ₊₁| ≤ `valueTolerance`·(1 + |fₖ₊₁|), which counts as convergence
    /// (``Termination/valueTolerance``) only when ‖∇f‖∞ ≤ ``acceptableGradientTolerance`` too.
    public var valueTolerance: Double
    /// Iterations of the outer loop. Default 1000 (gradient descent usually needs far more).
    ///
    /// When k accepted iterations reach it without convergence the run ends with
    /// ``Termination/iterationLimit`` at the best point; 0 evaluates the start only.
    public var maxIterations: Int
    /// Wall-clock limit in seconds, or nil for none. Default nil.
    ///
    /// Checked after each accepted iteration, so a run may exceed it by one iteration; it then ends
    /// with ``Termination/timeLimit``.
    public var timeLimit: Double?
    /// How small ‖∇f‖∞ must be for a step/value/rounding stop to count as converged. Default 1e-5.
    ///
    /// It guards the secondary tests: a tiny step or value change with ‖∇f‖∞ above this bound is a
    /// stall, not a solution, and the run goes on; at the rounding floor it decides between
    /// ``Termination/valueStall`` (below) and ``Termination/lineSearchFailure`` (above). The bound
    /// used is max(`gradientTolerance`, `acceptableGradientTolerance`).
    public var acceptableGradientTolerance: Double

    /// Criteria with these tolerances and limits (defaults at the properties).
    ///
    /// - Parameters:
    ///   - gradientTolerance: absolute bound on ‖∇f‖∞, ≥ 0. Default 1e-8.
    ///   - stepTolerance: relative step bound, ≥ 0; 0 switches the test off. Default 0.
    ///   - valueTolerance: relative value-change bound, ≥ 0; 0 switches the test off. Default 0.
    ///   - maxIterations: the iteration limit, ≥ 0. Default 1000.
    ///   - timeLimit: seconds of wall-clock time, or nil for none. Default nil.
    ///   - acceptableGradientTolerance: the gradient bound of the secondary tests. Default 1e-5.
    public init(gradientTolerance: Double = 1e-8, stepTolerance: Double = 0, valueTolerance: Double = 0,
                maxIterations: Int = 1000, timeLimit: Double? = nil, acceptableGradientTolerance: Double = 1e-5) {
        precondition(gradientTolerance >= 0 && stepTolerance >= 0 && valueTolerance >= 0,
                     "tolerances must be non-negative")
        precondition(maxIterations >= 0, "maxIterations must be non-negative")
        self.gradientTolerance = gradientTolerance
        self.stepTolerance = stepTolerance
        self.valueTolerance = valueTolerance
        self.maxIterations = maxIterations
        self.timeLimit = timeLimit
        self.acceptableGradientTolerance = acceptableGradientTolerance
    }

    /// The gradient bound under which a secondary criterion counts as convergence.
    var secondaryGradientBound: Double { Swift.max(gradientTolerance, acceptableGradientTolerance) }
}

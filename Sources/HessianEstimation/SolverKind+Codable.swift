import HessianSolvers

/// Saved in model files by its command-line name ("newton", "trust-region", …).
extension SolverKind: Codable {}

import HessianData

/// Checks of a design plan read from a model file.
extension DesignPlan {
    /// Checks a plan read from a model file before it is used: every block names an existing
    /// factor with a coding its kind allows, categoricals have levels containing their reference,
    /// numeric expressions parse, and the blocks give exactly `columns`.
    public func validate() throws {
        if let why = inconsistency() { throw EstimationError.invalidOption("the model file's design is inconsistent: \(why)") }
    }
}

import HessianLinearAlgebra

// Every error of this layer is a `HessianError`: its `localizedDescription` is its one-line
// `description` (which names the file or "<array>", the row and the column).

extension DataError: HessianError {}
extension DesignError: HessianError {}
extension FormulaError: HessianError {}

import Foundation
import HessianLinearAlgebra

/// A model's Float32 copy of its design matrix X̃, made on first use and shared by copies of the model
/// (for single-precision Hessian-vector products; it costs half the memory of X̃).
final class SinglePrecisionCopy: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Float]?

    init() {}

    /// X̃ rounded to Float32, column-major like `x`.
    func values(of x: Matrix) -> [Float] {
        lock.lock(); defer { lock.unlock() }
        if let storage { return storage }
        let s = x.storage.map { Float($0) }
        storage = s
        return s
    }
}

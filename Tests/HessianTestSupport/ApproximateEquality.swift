import Testing
import HessianLinearAlgebra

/// The scale s that a relative tolerance multiplies.
public enum RelativeScale: Sendable {
    /// sᵢ = |eᵢ|: every entry to its own precision.
    case entry
    /// sᵢ = maxⱼ |eⱼ| (a norm-wise test): entries far below the largest, whose rounding error
    /// is set by the large ones they were computed with, are held to the largest one's scale.
    case largest
}

/// Expects |aᵢ − eᵢ| ≤ absolute + relative·sᵢ for every i (s from `scale`). A NaN on either side,
/// different lengths, or unequal infinities fail; on failure the worst entry is reported.
///
/// Use this, never `==`, for Doubles computed along different paths (BLAS kernels, blocking,
/// FMA or not, cached or recomputed, serial or parallel). Where the paths are algebraically
/// equal a few ulps or `relative: 1e-12` is the right tolerance; see ``expectWithinULPs(_:_:ulps:_:sourceLocation:)``.
public func expectClose(_ actual: [Double], _ expected: [Double], relative: Double = 0, absolute: Double = 0,
                        scale: RelativeScale = .largest, _ comment: Comment? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let mismatch = closeMismatch(actual, expected, relative: relative, absolute: absolute, scale: scale)
    #expect(mismatch == nil, comment, sourceLocation: sourceLocation)
}

/// ``expectClose(_:_:relative:absolute:scale:_:sourceLocation:)`` for two numbers.
public func expectClose(_ actual: Double, _ expected: Double, relative: Double = 0, absolute: Double = 0,
                        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    let mismatch = closeMismatch([actual], [expected], relative: relative, absolute: absolute, scale: .entry)
    #expect(mismatch == nil, comment, sourceLocation: sourceLocation)
}

/// ``expectClose(_:_:relative:absolute:scale:_:sourceLocation:)`` for two matrices of the same shape
/// (entries compared in column-major order; the largest scale is over the whole matrix).
public func expectClose(_ actual: Matrix, _ expected: Matrix, relative: Double = 0, absolute: Double = 0,
                        scale: RelativeScale = .largest, _ comment: Comment? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let mismatch = actual.rows == expected.rows && actual.columns == expected.columns
        ? closeMismatch(actual.storage, expected.storage, relative: relative, absolute: absolute, scale: scale,
                        rows: expected.rows)
        : "shape \(actual.rows)×\(actual.columns) differs from the expected \(expected.rows)×\(expected.columns)"
    #expect(mismatch == nil, comment, sourceLocation: sourceLocation)
}

/// The distance between two doubles in units in the last place: the number of representable
/// doubles between them plus one (0 for equal values; +0 and −0 are equal; NaN is `UInt64.max`).
public func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
    if a.isNaN || b.isNaN { return .max }
    // Sign-magnitude bit patterns mapped to a monotone integer line (−0 and +0 both to 0).
    func key(_ x: Double) -> Int64 {
        let magnitude = Int64(bitPattern: x.bitPattern & 0x7FFF_FFFF_FFFF_FFFF)
        return x.sign == .minus ? -magnitude : magnitude
    }
    let ka = key(a), kb = key(b)
    // The true difference is below 2⁶⁴, so the wrapped difference read unsigned is exact.
    return ka >= kb ? UInt64(bitPattern: ka &- kb) : UInt64(bitPattern: kb &- ka)
}

/// Expects every aᵢ within `ulps` units in the last place of eᵢ (see ``ulpDistance(_:_:)``).
/// Meaningful only away from zero: near 0 a tiny absolute error is many ulps.
public func expectWithinULPs(_ actual: [Double], _ expected: [Double], ulps: UInt64, _ comment: Comment? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    var mismatch: String? = nil
    if actual.count != expected.count {
        mismatch = "\(actual.count) values, expected \(expected.count)"
    } else if let worst = actual.indices.max(by: { ulpDistance(actual[$0], expected[$0]) < ulpDistance(actual[$1], expected[$1]) }),
              ulpDistance(actual[worst], expected[worst]) > ulps {
        let bad = actual.indices.filter { ulpDistance(actual[$0], expected[$0]) > ulps }.count
        mismatch = "\(bad) of \(actual.count) beyond \(ulps) ulps; worst [\(worst)]: \(actual[worst]) vs expected \(expected[worst]), "
            + "\(ulpDistance(actual[worst], expected[worst])) ulps apart"
    }
    #expect(mismatch == nil, comment, sourceLocation: sourceLocation)
}

/// ``expectWithinULPs(_:_:ulps:_:sourceLocation:)`` for two numbers.
public func expectWithinULPs(_ actual: Double, _ expected: Double, ulps: UInt64, _ comment: Comment? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    expectWithinULPs([actual], [expected], ulps: ulps, comment, sourceLocation: sourceLocation)
}

/// ``expectWithinULPs(_:_:ulps:_:sourceLocation:)`` for two matrices of the same shape.
public func expectWithinULPs(_ actual: Matrix, _ expected: Matrix, ulps: UInt64, _ comment: Comment? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.rows == expected.rows && actual.columns == expected.columns else {
        #expect(actual.rows == expected.rows && actual.columns == expected.columns, comment, sourceLocation: sourceLocation)
        return
    }
    expectWithinULPs(actual.storage, expected.storage, ulps: ulps, comment, sourceLocation: sourceLocation)
}

/// nil when |aᵢ − eᵢ| ≤ absolute + relative·sᵢ for all i, else a one-line account of the worst entry.
func closeMismatch(_ a: [Double], _ e: [Double], relative: Double, absolute: Double, scale: RelativeScale,
                   rows: Int? = nil) -> String? {
    guard a.count == e.count else { return "\(a.count) values, expected \(e.count)" }
    let largest = e.reduce(0) { Swift.max($0, $1.isFinite ? abs($1) : 0) }
    var bad = 0, worst = -1, worstExcess = 0.0
    for i in e.indices {
        let allowed = absolute + relative * (scale == .entry ? abs(e[i]) : largest)
        let d = abs(a[i] - e[i])
        let ok: Bool
        if a[i] == e[i] { ok = true }                     // covers equal infinities
        else if d.isNaN || d.isInfinite { ok = false }
        else { ok = d <= allowed }
        if ok { continue }
        bad += 1
        let excess = d.isNaN ? .infinity : d / Swift.max(allowed, .leastNonzeroMagnitude)
        if worst < 0 || excess > worstExcess { worst = i; worstExcess = excess }
    }
    guard worst >= 0 else { return nil }
    let place = rows.map { "[\(worst % $0), \(worst / $0)]" } ?? "[\(worst)]"
    let allowed = absolute + relative * (scale == .entry ? abs(e[worst]) : largest)
    return "\(bad) of \(e.count) beyond tolerance (relative \(relative) of \(scale == .entry ? "|expected|" : "max |expected| = \(largest)"), "
        + "absolute \(absolute)); worst \(place): \(a[worst]) vs expected \(e[worst]), |difference| \(abs(a[worst] - e[worst])) > \(allowed)"
}

/// Whether |aᵢ − eᵢ| ≤ absolute + relative·sᵢ for every i: the test of
/// ``expectClose(_:_:relative:absolute:scale:_:sourceLocation:)`` without recording an issue,
/// for conditions that combine it (e.g. "these two must *not* agree").
public func isClose(_ actual: [Double], _ expected: [Double], relative: Double = 0, absolute: Double = 0,
                    scale: RelativeScale = .largest) -> Bool {
    closeMismatch(actual, expected, relative: relative, absolute: absolute, scale: scale) == nil
}

/// ``isClose(_:_:relative:absolute:scale:)`` for two matrices (false when the shapes differ).
public func isClose(_ actual: Matrix, _ expected: Matrix, relative: Double = 0, absolute: Double = 0,
                    scale: RelativeScale = .largest) -> Bool {
    actual.rows == expected.rows && actual.columns == expected.columns
        && isClose(actual.storage, expected.storage, relative: relative, absolute: absolute, scale: scale)
}

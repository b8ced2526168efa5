import HessianData

/// A target value as given in memory: a number for regression and count models, or a class
/// label for classifiers. `Double`, `Int` and `String` conform, so ``/HessianModels/Logistic`` and
/// ``/HessianModels/Multinomial`` fits through ``Estimator`` accept the same label types.
///
/// Classes are sorted as the CSV reader sorts them: numerically when every label is a
/// number (so 2 < 10), otherwise by UTF-8 bytes.
public protocol FitLabel: Sendable {
    /// The label as a number (NaN when it is not one).
    var labelNumber: Double { get }
    /// The label as written in reports and model files.
    var labelText: String { get }
}

/// Numeric targets and numeric class labels (classes sorted numerically).
extension Double: FitLabel {
    /// The value itself.
    public var labelNumber: Double { self }
    /// "1" for 1.0, "2.5" for 2.5.
    public var labelText: String { Table.label(self) }
}

/// Integer class labels and counts (classes sorted numerically).
extension Int: FitLabel {
    /// The value as a `Double`.
    public var labelNumber: Double { Double(self) }
    /// The decimal numeral.
    public var labelText: String { String(self) }
}

/// Class labels as written; classes sort numerically when every label spells a finite number.
extension String: FitLabel {
    /// The decimal number the text spells, or NaN.
    public var labelNumber: Double { Double(self).flatMap { $0.isFinite ? $0 : nil } ?? .nan }
    /// The text itself.
    public var labelText: String { self }
}

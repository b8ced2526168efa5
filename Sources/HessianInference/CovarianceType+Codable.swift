/// Saved by statsmodels' name (``CovarianceType/label``: "nonrobust", "HC0"…"HC3", "cluster"),
/// which is what model files have always held; read case-insensitively.
extension CovarianceType {
    /// Decodes a statsmodels name such as "HC1" (any case).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let type = CovarianceType(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown covariance type \"\(name)\"")
        }
        self = type
    }

    /// Encodes ``label``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }
}

/// Range checks of numeric options, done in the CLI so the message names the flag.
enum OptionChecks {
    /// A finite x ≥ 0 (penalties and tolerances).
    static func nonNegative(_ flag: String, _ x: Double) throws {
        guard x.isFinite else { throw CLIError(description: "\(flag) must be a finite number ≥ 0, got \(x)", status: .usage) }
        guard x >= 0 else { throw CLIError(description: "\(flag) must be ≥ 0, got \(x)", status: .usage) }
    }
}

/// The package's identity shared by every executable (`fit --version`, `predict --version`,
/// `hessian-bench --version`).
public enum Hessian {
    /// The release version (semantic versioning).
    public static let version = "0.9.0"
}

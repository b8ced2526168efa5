import Foundation
import Hessian

/// One entry of data/<size>/problems.json, written by Benchmarks/python/datasets.py.
struct ProblemSpec: Decodable {
    init(name: String, kind: String, referenceObjective: Double, n: Int, d: Int? = nil, classes: Int? = nil,
         l2: Double, parametrization: String? = nil) {
        self.name = name; self.kind = kind; self.files = [:]; self.referenceObjective = referenceObjective
        self.referenceGradientNorm = nil; self.n = n; self.d = d; self.classes = classes; self.l2 = l2
        self.parametrization = parametrization; self.description = nil
    }

    let name: String
    let kind: String                 // logistic | multinomial | least_squares | poisson | precision | precision_dense
    let files: [String: String]      // x, y, s, reference → .npy file names
    let referenceObjective: Double
    let referenceGradientNorm: Double?
    let n: Int
    let d: Int?
    let classes: Int?
    let l2: Double
    let parametrization: String?
    let description: String?
}

struct Manifest: Decodable {
    let size: String
    let csv: String
    let problems: [ProblemSpec]

    static func load(_ dir: String) throws -> Manifest {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/problems.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Manifest.self, from: data)
    }
}

/// A problem's arrays in memory: X (N×d) and y, or the covariance S; and the reference.
struct LoadedProblem {
    let spec: ProblemSpec
    var x = Matrix(rows: 0, columns: 0)
    var y: [Double] = []
    var s = Matrix(rows: 0, columns: 0)
    /// The reference solution in the shared external layout (vec of the matrix for
    /// multinomial and precision problems; intercept first).
    var reference: [Double] = []

    init(spec: ProblemSpec, x: Matrix = Matrix(rows: 0, columns: 0), y: [Double] = [],
         s: Matrix = Matrix(rows: 0, columns: 0), reference: [Double] = []) {
        self.spec = spec
        self.x = x
        self.y = y
        self.s = s
        self.reference = reference
    }

    init(_ spec: ProblemSpec, directory dir: String) throws {
        self.spec = spec
        func path(_ key: String) throws -> String {
            guard let f = spec.files[key] else { throw NPY.Failure(description: "\(spec.name): no '\(key)' file") }
            return dir + "/" + f
        }
        if spec.files["x"] != nil {
            x = try NPY.readMatrix(try path("x"))
            y = try NPY.readVector(try path("y"))
        }
        if spec.files["s"] != nil { s = try NPY.readMatrix(try path("s")) }
        reference = try NPY.readMatrix(try path("reference")).storage
    }

    /// Multinomial (all classes) coefficients are identified only up to a common shift of
    /// the intercepts; the rest are unique.
    var centersIntercepts: Bool { spec.kind == "multinomial" && spec.parametrization != "referenceClass" }
    var freeClasses: Int { (spec.classes ?? 2) - (spec.parametrization == "referenceClass" ? 1 : 0) }
}

/// ‖θ − θ*‖∞ / max(‖θ*‖∞, 1e-12); for the all-classes multinomial the intercepts (the first
/// K entries of vec([b W])) are centred on both sides first. Mirrors `coef_error` in common.py.
func coefficientError(_ theta: [Double], _ reference: [Double], centerFirst k: Int = 0) -> Double {
    guard theta.count == reference.count else { return .nan }
    var a = theta, r = reference
    if k > 0 {
        let ma = a[0..<k].reduce(0, +) / Double(k), mr = r[0..<k].reduce(0, +) / Double(k)
        for i in 0..<k { a[i] -= ma; r[i] -= mr }
    }
    var diff = 0.0, scale = 0.0
    for i in 0..<a.count {
        diff = Swift.max(diff, abs(a[i] - r[i]))
        scale = Swift.max(scale, abs(r[i]))
    }
    return diff / Swift.max(scale, 1e-12)
}

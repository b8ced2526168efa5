import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianData
import HessianLinearAlgebra
import HessianInference

/// Streamed fits with a formula, --missing drop, weights, offsets and exposures, and count models
/// equal the in-memory fit of the same file (itself checked against statsmodels elsewhere):
/// coefficients to 1e-10, standard errors to 1e-8.
@Suite struct StreamedDesignTests {
    /// 300 rows: x1, x2 numeric; g text whose level "late" appears only after row 250 and "z…"
    /// levels sort before and after the others; k a numeric code for C(k); w weights with zeros;
    /// t > 0 an exposure, o an offset; n counts, b a 0/1 label, c three classes; m numbers that turn
    /// to text after row 200; a few NA cells.
    static func csv() -> String {
        var rng = SeededGenerator(seed: 14)
        var s = "x1,x2,g,k,w,t,o,n,b,c,m\n"
        for i in 0..<300 {
            let x1 = rng.uniform() * 2 - 1, x2 = rng.uniform() * 3
            let g = i >= 250 && i % 3 == 0 ? "late" : ["alpha", "beta", "zeta"][i % 3]
            let k = [1, 2, 5][(i / 2) % 3]
            let w = i % 11 == 0 ? 0 : 1 + i % 3
            let t = 0.5 + rng.uniform(), o = 0.2 * rng.uniform()
            let eta = 0.3 + 0.8 * x1 - 0.2 * x2 + (g == "beta" ? 0.4 : 0) + log(t) + o
            // Overdispersed: Poisson(λ G) with G ~ Gamma(2, 1/2) (α = 1/2), by Knuth's product of uniforms.
            let gamma = -(log(1 - rng.uniform()) + log(1 - rng.uniform())) / 2
            let limit = exp(-exp(eta) * gamma)
            var n = 0, product = rng.uniform()
            while product > limit { n += 1; product *= rng.uniform() }
            let b = rng.uniform() < 1 / (1 + exp(-(x1 - 0.3 * x2 + (g == "zeta" ? 0.5 : 0)))) ? 1 : 0
            let c = ["lo", "mid", "hi"][Int(rng.uniform() * 3) % 3]
            let x1Cell = i % 37 == 5 ? "NA" : "\(x1)"
            let gCell = i % 53 == 7 ? "" : g
            // m reads as numbers until row 200, then shows text: a categorical column found late.
            let m = i < 200 ? "\(i % 2 + 1)" : (i % 2 == 0 ? "u" : "01")
            s += "\(x1Cell),\(x2),\(gCell),\(k),\(w),\(t),\(o),\(n),\(b),\(c),\(m)\n"
        }
        return s
    }

    static let file: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-design-\(getpid()).csv").path
        try! csv().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    func flat(_ c: Coefficients?) -> [Double] {
        switch c { case .vector(let v)?: return v; case .matrix(let m)?: return m.flatMap { $0 }; default: return [] }
    }

    @discardableResult
    func compare(_ spec: FitSpecification, labels: Set<String> = [], chunkRows: Int = 16, spill: Bool = true,
                 _ comment: String) throws -> (FittedModel, FittedModel) {
        var reader = CSVReader()
        reader.textColumns = labels
        let memory = try Estimator.fit(try reader.read(file: Self.file), spec)
        let streamed = try StreamedEstimator.fit(file: Self.file, reader: reader, spec,
                                                 options: StreamOptions(chunkRows: chunkRows, spill: spill))
        #expect(memory.converged && streamed.converged, "\(comment)")
        #expect(streamed.features == memory.features, "\(comment)")
        #expect(streamed.classes == memory.classes, "\(comment)")
        #expect(streamed.rows == memory.rows, "\(comment)")
        #expect(streamed.design == memory.design, "\(comment)")
        #expect(streamed.rowsDropped == memory.rowsDropped && streamed.rowsDroppedByColumn == memory.rowsDroppedByColumn, "\(comment)")
        #expect(streamed.observations == memory.observations, "\(comment)")
        // Both fits stop at ‖∇f‖∞ ≤ 1e-8 along different paths (in memory Newton uses approximate
        // Hessians, the streamed sums exact ones), so the coefficients agree to what that test bounds.
        expectClose(flat(streamed.coefficients), flat(memory.coefficients), relative: 1e-8, "\(comment)")
        expectClose(streamed.objective, memory.objective, relative: 1e-10, "\(comment)")
        if spec.summary {
            #expect(!flat(memory.standardErrors).isEmpty, "\(comment)")
            expectClose(flat(streamed.standardErrors), flat(memory.standardErrors), relative: 1e-8, "\(comment)")
            expectClose(streamed.logLikelihood ?? .nan, memory.logLikelihood ?? 0, relative: 1e-10, "\(comment)")
            #expect(streamed.covariance == memory.covariance, "\(comment)")
        }
        return (streamed, memory)
    }

    @Test func formulaLevelsComeFromEveryChunk() throws {
        var spec = FitSpecification(model: .leastSquares, summary: true)
        spec.formula = "x2 ~ x1 + g + C(k) + x1:g"
        spec.missing = .drop
        let (s, _) = try compare(spec, "formula")
        #expect(s.features.contains("g[T.late]") && s.features.contains("C(k)[T.5]"))
        #expect(s.notes.contains { $0.contains("1 for the design's levels") })
        spec.formula = "x2 ~ x1 + m"
        let (late, _) = try compare(spec, "a column that shows text late")
        #expect(late.features == ["intercept", "m[T.1]", "m[T.2]", "m[T.u]", "x1"])
        #expect(late.notes.contains { $0.contains("2 for the design's levels") })
        spec.formula = "b ~ x1 + x2 + g"
        spec.model = .logistic
        try compare(spec, labels: ["b"], "logistic formula")
        spec.formula = "c ~ x1 + C(k)"
        spec.model = .multinomial
        try compare(spec, labels: ["c"], spill: false, "multinomial formula, re-parsed")
    }

    @Test func missingDropCountsLikeInMemory() throws {
        var spec = FitSpecification(model: .logistic, target: "b", features: ["x1", "x2"], summary: true)
        spec.missing = .drop
        let (s, _) = try compare(spec, labels: ["b"], "drop")
        #expect(s.rowsDropped == 8)
        var strict = spec
        strict.missing = .strict
        #expect(throws: DataError.self) {
            try StreamedEstimator.fit(file: Self.file, reader: CSVReader(), strict, options: StreamOptions(chunkRows: 16))
        }
    }

    @Test func weightsEqualInMemory() throws {
        var spec = FitSpecification(model: .leastSquares, target: "x2", features: ["x1", "k"], summary: true)
        spec.weights = "w"
        spec.missing = .drop
        let (s, _) = try compare(spec, "weighted least squares")
        #expect(s.notes.contains { $0.contains("frequency weight 0 left out") })
        spec.model = .logistic
        spec.target = "b"
        try compare(spec, labels: ["b"], "weighted logistic")
        spec.model = .multinomial
        spec.target = "c"
        try compare(spec, labels: ["c"], "weighted multinomial")
    }

    @Test func countModelsWithOffsetsAndExposures() throws {
        var spec = FitSpecification(model: .poisson, target: "n", features: ["x2", "k"], summary: true)
        spec.exposure = "t"
        spec.offset = "o"
        spec.weights = "w"
        let (p, pm) = try compare(spec, "poisson")
        expectClose(p.deviance ?? .nan, pm.deviance ?? 0, relative: 1e-10, "deviance")
        expectClose(p.pearsonChi2 ?? .nan, pm.pearsonChi2 ?? 0, relative: 1e-10, "pearson")
        #expect(p.exposure == "t" && p.offset == "o")
        spec.model = .negativeBinomial
        spec.weights = nil
        let (nb, nbm) = try compare(spec, chunkRows: 23, "negative binomial")
        #expect((nb.alpha ?? 0) > 0.1)
        // α = e^θ is a coefficient: the two paths to ‖∇f‖∞ ≤ 1e-8 agree to what that bounds.
        expectClose(nb.alpha ?? .nan, nbm.alpha ?? 0, relative: 1e-8, "alpha")
        expectClose(nb.alphaStandardError ?? .nan, nbm.alphaStandardError ?? 0, relative: 1e-8, "alpha SE")
        expectClose(nb.likelihoodRatio ?? .nan, nbm.likelihoodRatio ?? 0, relative: 1e-8, absolute: 1e-9, "LR")
        var formula = FitSpecification(model: .negativeBinomial, summary: true)
        formula.formula = "n ~ x2 + g"
        formula.exposure = "t"
        formula.missing = .drop
        try compare(formula, "negative binomial formula")
    }

    @Test(arguments: [CovarianceType.hc0, .hc1, .cluster])
    func robustCovariancesFromOneMorePass(_ type: CovarianceType) throws {
        func robust(_ s: FitSpecification) -> FitSpecification {
            var s = s
            s.covariance = type
            if type == .cluster { s.cluster = "g" }
            s.missing = .drop
            return s
        }
        let (ls, _) = try compare(robust(FitSpecification(model: .leastSquares, target: "x2", features: ["x1", "k"], summary: true)),
                                  "least squares \(type)")
        #expect(ls.covariance == type)
        if type == .cluster { #expect(ls.clusters == 4 && ls.clusterColumn == "g") }
        var weighted = robust(FitSpecification(model: .logistic, target: "b", features: ["x1", "x2"], summary: true))
        weighted.weights = "w"
        try compare(weighted, labels: ["b"], "weighted logistic \(type)")
        try compare(robust(FitSpecification(model: .multinomial, target: "c", features: ["x1"], summary: true)), labels: ["c"],
                    spill: false, "multinomial \(type)")
        var nb = robust(FitSpecification(model: .negativeBinomial, target: "n", features: ["x2"], summary: true))
        nb.exposure = "t"
        try compare(nb, chunkRows: 41, "NB \(type)")
    }

    @Test func standardizeUsesTheFirstPassMoments() throws {
        var spec = FitSpecification(model: .logistic, target: "b", features: ["x1", "x2", "k"], l2: 0.5, standardize: true)
        spec.missing = .drop
        let (s, m) = try compare(spec, labels: ["b"], "standardized logistic")
        #expect(s.standardize)
        expectClose(s.means ?? [], m.means ?? [.nan], relative: 1e-12, "means")
        expectClose(s.stds ?? [], m.stds ?? [.nan], relative: 1e-12, "stds")
        var summary = FitSpecification(model: .poisson, target: "n", features: ["x2", "k"], standardize: true, summary: true)
        summary.exposure = "t"
        try compare(summary, spill: false, "standardized Poisson")
        var weighted = spec
        weighted.weights = "w"
        #expect(throws: EstimationError.self) {
            try StreamedEstimator.fit(file: Self.file, reader: CSVReader(), weighted, options: StreamOptions(chunkRows: 16))
        }
    }
}

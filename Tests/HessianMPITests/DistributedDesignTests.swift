import Foundation
import HessianTestSupport
import Testing
import Hessian
@testable import HessianMPI

/// The data-parallel fit (K in-process ranks) with a formula, --missing drop, weights, offsets,
/// count models and --summary against the single-process in-memory fit: coefficients to 1e-10,
/// standard errors to 1e-8, and every rank holding bitwise the same estimate.
@Suite struct DistributedDesignTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func flat(_ c: Coefficients?) -> [Double] {
        switch c { case .vector(let v)?: return v; case .matrix(let m)?: return m.flatMap { $0 }; default: return [] }
    }

    static let cases: [(String, FitSpecification, Set<String>)] = {
        var formula = FitSpecification(model: .leastSquares, summary: true)
        formula.formula = "invest ~ value + capital + firm"
        var dropped = formula
        dropped.missing = .drop
        var logistic = FitSpecification(model: .logistic, summary: true)
        logistic.formula = "vote ~ C(educ, ref=3) + selfLR*age"
        var weighted = FitSpecification(model: .multinomial, target: "PID", features: ["age", "income"], summary: true)
        weighted.weights = "educ"
        var poisson = FitSpecification(model: .poisson, target: "mdvis", features: ["lncoins", "idp"], summary: true)
        poisson.offset = "lpi"
        var nb = FitSpecification(model: .negativeBinomial, target: "mdvis", features: ["lncoins", "idp", "physlm"], summary: true)
        nb.offset = "lpi"
        nb.weights = "hlthg"
        var hc1 = FitSpecification(model: .logistic, target: "vote", features: ["age", "income"], summary: true)
        hc1.covariance = .hc1
        var cluster = FitSpecification(model: .leastSquares, target: "invest", features: ["value", "capital"], summary: true)
        cluster.covariance = .cluster
        cluster.cluster = "year"
        var poissonCluster = poisson
        poissonCluster.covariance = .cluster
        poissonCluster.cluster = "idp"
        return [("Datasets/grunfeld.csv", formula, []),
                ("Tests/References/Formula/grunfeld_missing.csv", dropped, []),
                ("Datasets/anes96.csv", logistic, ["vote"]),
                ("Datasets/anes96.csv", weighted, ["PID"]),
                ("Datasets/randhie.csv", poisson, []),
                ("Datasets/randhie.csv", nb, []),
                ("Datasets/anes96.csv", hc1, ["vote"]),
                ("Datasets/grunfeld.csv", cluster, []),
                ("Datasets/randhie.csv", poissonCluster, [])]
    }()

    @Test(arguments: 0..<9, [2, 3])
    func matchesTheInMemoryFit(_ index: Int, ranks: Int) throws {
        let (file, spec, labels) = Self.cases[index]
        var reader = CSVReader(threads: 1)
        reader.textColumns = labels
        let single = try Estimator.fit(try reader.read(file: Self.path(file)), spec)
        let shared = reader
        let fits = ThreadGroup(size: ranks).run { rank in
            Result { try DistributedEstimator.fit(file: Self.path(file), spec, reader: shared,
                                                  agreement: Agreement(rank, status: { _ in 65 })) }
        }
        let first = try fits[0].get()
        #expect(first.converged && single.converged)
        #expect(first.features == single.features && first.rows == single.rows && first.classes == single.classes)
        #expect(first.design == single.design && first.rowsDropped == single.rowsDropped)
        #expect(first.rowsDroppedByColumn == single.rowsDroppedByColumn && first.observations == single.observations)
        expectClose(flat(first.coefficients), flat(single.coefficients), relative: 1e-10, "\(file)")
        #expect(!flat(single.standardErrors).isEmpty)
        expectClose(flat(first.standardErrors), flat(single.standardErrors), relative: 1e-8, "\(file)")
        #expect(first.covariance == single.covariance && first.clusters == single.clusters)
        expectClose(first.logLikelihood ?? .nan, single.logLikelihood ?? 0, relative: 1e-10, "\(file)")
        if spec.model == .negativeBinomial {
            expectClose(first.alpha ?? .nan, single.alpha ?? 0, relative: 1e-10, "alpha")
            expectClose(first.alphaStandardError ?? .nan, single.alphaStandardError ?? 0, relative: 1e-8, "alpha SE")
        }
        if spec.model == .poisson { expectClose(first.deviance ?? .nan, single.deviance ?? 0, relative: 1e-10, "deviance") }
        if spec.model == .multinomial { #expect(first.accuracy.map { abs($0 - single.accuracy!) <= 1e-12 } == true) }
        for f in fits.dropFirst() {
            let other = try f.get()
            expectWithinULPs(flat(other.coefficients), flat(first.coefficients), ulps: 0)
            expectWithinULPs(flat(other.standardErrors), flat(first.standardErrors), ulps: 0)
        }
    }
}

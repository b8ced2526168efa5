import Foundation
import HessianTestSupport
import Testing
import Hessian
@testable import HessianMPI

/// The data-parallel fit with K in-process ranks (``ThreadGroup``) against the single-process
/// `Estimator.fit` of the same file and options, and the collective handling of a bad row.
@Suite struct DistributedEstimatorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ name: String) -> String { root.appendingPathComponent("Datasets/\(name).csv").path }

    static func status(_ e: Error) -> Int32 { e is DataError ? 65 : 70 }

    func flat(_ c: Coefficients?) -> [Double] {
        switch c {
        case .vector(let v): return v
        case .matrix(let m): return m.flatMap { $0 }
        case nil: return []
        }
    }

    func reader(_ spec: FitSpecification) -> CSVReader {
        var r = CSVReader(threads: 1)
        if spec.model != .leastSquares { r.textOfLastColumn = true }
        return r
    }

    func distributed(_ file: String, _ spec: FitSpecification, ranks k: Int) -> [Result<FittedModel, Error>] {
        let group = ThreadGroup(size: k)
        var r = reader(spec)
        if let t = spec.target, spec.model != .leastSquares { r.textOfLastColumn = false; r.textColumns = [t] }
        let shared = r
        return group.run { rank in
            Result { try DistributedEstimator.fit(file: file, spec, reader: shared, agreement: Agreement(rank, status: Self.status)) }
        }
    }

    static let cases: [(String, FitSpecification)] = [
        ("diabetes", FitSpecification(model: .leastSquares)),
        ("diabetes", FitSpecification(model: .leastSquares, l2: 2, standardize: true)),
        ("breast_cancer", FitSpecification(model: .logistic, l2: 1, standardize: true)),
        ("iris", FitSpecification(model: .multinomial, l2: 0.5)),
        ("anes96", FitSpecification(model: .multinomial, target: "PID")),
    ]

    @Test(arguments: 0..<5, [2, 3])
    func matchesTheSingleProcessFit(_ index: Int, ranks: Int) throws {
        let (name, spec) = Self.cases[index]
        var r = reader(spec)
        if let t = spec.target { r.textOfLastColumn = false; r.textColumns = [t] }
        let single = try Estimator.fit(try r.read(file: Self.path(name)), spec)
        let fits = distributed(Self.path(name), spec, ranks: ranks)
        let first = try fits[0].get()
        #expect(first.converged)
        #expect(first.rows == single.rows)
        #expect(first.classes == single.classes)
        let a = flat(single.coefficients), b = flat(first.coefficients)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-10 * max(1, abs(x))) }
        // Every rank holds bitwise the same estimate (rank-ordered sums, identical steps).
        for f in fits.dropFirst() { expectWithinULPs(flat(try f.get().coefficients), b, ulps: 0) }
    }

    @Test func badRowInTheSecondRankIsReportedOnceByThatRank() throws {
        let lines = try String(contentsOfFile: Self.path("diabetes"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var edited = lines.map(String.init)
        var fields = edited[219].split(separator: ",").map(String.init)   // file line 220
        fields[2] = "abc"
        edited[219] = fields.joined(separator: ",")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mpi-bad-\(UUID().uuidString).csv").path
        try edited.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fits = distributed(file, FitSpecification(model: .leastSquares), ranks: 3)
        for (rank, f) in fits.enumerated() {
            guard case .failure(let e) = f else { Issue.record("rank \(rank) did not fail"); continue }
            if rank == 1 {
                #expect(e as? DataError == .notANumber(file: file, line: 220, column: "bmi", text: "abc"))
            } else {
                let c = try #require(e as? CollectiveFailure)
                #expect(c.status == 65 && c.failingRank == 1)
            }
        }
    }

    @Test func sumsAreAddedInRankOrder() {
        // (1e16 + 1) − 1e16 = 0 in doubles (1e16 + 1 rounds to 1e16), while 1 + (1e16 − 1e16) = 1:
        // rank order gives 0 on every rank.
        let group = ThreadGroup(size: 3)
        let parts: [Double] = [1e16, 1, -1e16]
        let sums = group.run { rank in rank.sumInRankOrder([parts[rank.rank]])[0] }
        #expect(sums == [0, 0, 0])
    }
}

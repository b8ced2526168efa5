import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianData

/// A fit streamed from the file in 7-row chunks equals the in-memory fit of the same file.
@Suite struct StreamedEstimatorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func path(_ name: String) -> String { Self.root.appendingPathComponent("Datasets/\(name).csv").path }

    func compare(_ name: String, _ spec: FitSpecification, classifier: Bool, chunkRows: Int = 7, spill: Bool = true) throws -> FittedModel {
        var reader = CSVReader()
        reader.textOfLastColumn = classifier
        let memory = try Estimator.fit(try reader.read(file: path(name)), spec)
        let streamed = try StreamedEstimator.fit(file: path(name), reader: reader, spec, options: StreamOptions(chunkRows: chunkRows, spill: spill))
        #expect(streamed.converged && memory.converged)
        #expect(streamed.features == memory.features)
        #expect(streamed.classes == memory.classes)
        #expect(streamed.rows == memory.rows)
        switch (streamed.coefficients, memory.coefficients) {
        case (.vector(let a)?, .vector(let b)?):
            expectClose(a, b, relative: 1e-10, "\(name)")
        case (.matrix(let a)?, .matrix(let b)?):
            expectClose(a.flatMap { $0 }, b.flatMap { $0 }, relative: 1e-10, "\(name)")
        default: Issue.record("coefficients of different shapes")
        }
        #expect(abs(streamed.objective - memory.objective) <= 1e-9 * abs(memory.objective))
        return streamed
    }

    @Test func leastSquaresReadsTheFileOnceAfterTheStatistics() throws {
        let f = try compare("diabetes", FitSpecification(model: .leastSquares), classifier: false)
        #expect(f.notes.contains { $0.contains("2 passes over the file (1 for column statistics and labels, 1 for evaluations)") })
        _ = try compare("diabetes", FitSpecification(model: .leastSquares, l2: 10), classifier: false)
    }

    @Test func logisticEqualsInMemory() throws {
        let f = try compare("breast_cancer", FitSpecification(model: .logistic, l2: 1), classifier: true)
        // One evaluation pass per Newton iteration, plus the start and at most a few rejected trials.
        let passes = f.notes.compactMap { n -> Int? in
            guard n.contains("for evaluations") else { return nil }
            return Int(n.split(separator: " ").first { Int($0) != nil && n.contains("\($0) passes") } ?? "")
        }.first
        #expect(passes != nil && passes! <= f.iterations + 4)
        #expect(f.notes.contains { $0.contains("binary copy") })
        let reparsed = try compare("breast_cancer", FitSpecification(model: .logistic, l2: 1), classifier: true, spill: false)
        #expect(!reparsed.notes.contains { $0.contains("binary copy") })
    }

    @Test func multinomialEqualsInMemory() throws {
        _ = try compare("wine", FitSpecification(model: .multinomial, l2: 1), classifier: true)
        _ = try compare("iris", FitSpecification(model: .multinomial, l2: 0.5), classifier: true, chunkRows: 11)
        _ = try compare("iris", FitSpecification(model: .multinomial, l2: 0.5), classifier: true, chunkRows: 11, spill: false)
    }

    @Test func poissonEqualsInMemory() throws {
        _ = try compare("randhie", FitSpecification(model: .poisson, target: "mdvis", features: ["lncoins", "idp", "lpi", "fmde", "physlm", "disea", "hlthg", "hlthf", "hlthp"]),
                        classifier: false, chunkRows: 500)
    }

    @Test func summaryEqualsInMemory() throws {
        for (name, spec, classifier) in [("longley", FitSpecification(model: .leastSquares, summary: true), false),
                                         ("breast_cancer", FitSpecification(model: .logistic, features: ["mean_radius", "mean_texture", "mean_smoothness"], summary: true), true),
                                         ("wine", FitSpecification(model: .multinomial, features: ["alcohol", "malic_acid"], summary: true), true)] {
            var reader = CSVReader()
            reader.textOfLastColumn = classifier
            let memory = try Estimator.fit(try reader.read(file: path(name)), spec)
            let streamed = try StreamedEstimator.fit(file: path(name), reader: reader, spec, options: StreamOptions(chunkRows: 7))
            func flat(_ c: Coefficients?) -> [Double] {
                switch c { case .vector(let v)?: return v; case .matrix(let m)?: return m.flatMap { $0 }; default: return [] }
            }
            #expect(!flat(memory.standardErrors).isEmpty, "\(name)")
            // Different paths to ‖∇f‖∞ ≤ 1e-8 (approximate Hessians in memory, exact ones streamed).
            expectClose(flat(streamed.coefficients), flat(memory.coefficients), relative: 1e-8, "\(name)")
            expectClose(flat(streamed.standardErrors), flat(memory.standardErrors), relative: 1e-8, "\(name)")
            #expect(abs(streamed.logLikelihood! - memory.logLikelihood!) <= 1e-9 * abs(memory.logLikelihood!), "\(name)")
            #expect(streamed.accuracy == memory.accuracy)
            #expect(streamed.covariance == memory.covariance)
        }
    }

    @Test func badRowInALaterChunkNamesItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "a,b,y\n"
        for i in 0..<40 { csv += i == 30 ? "1,oops,2\n" : "\(i),\(i % 7),\(2 * i + 1)\n" }
        let file = dir.appendingPathComponent("bad.csv").path
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        // Row 30 is file line 32 (header on line 1), in the fifth 7-row chunk.
        #expect(throws: DataError.notANumber(file: file, line: 32, column: "b", text: "oops")) {
            try StreamedEstimator.fit(file: file, reader: CSVReader(), FitSpecification(model: .leastSquares), options: StreamOptions(chunkRows: 7))
        }
        var short = "a,b,y\n"
        for i in 0..<20 { short += i == 15 ? "1,2\n" : "\(i),\(i % 7),\(2 * i + 1)\n" }
        try short.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: DataError.fieldCount(file: file, line: 17, expected: 3, found: 2)) {
            try StreamedEstimator.fit(file: file, reader: CSVReader(), FitSpecification(model: .leastSquares), options: StreamOptions(chunkRows: 7))
        }
        // The short row first in its chunk (row 14, line 16, starts the third chunk).
        var first = "a,b,y\n"
        for i in 0..<20 { first += i == 14 ? "1,2\n" : "\(i),\(i % 7),\(2 * i + 1)\n" }
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: DataError.fieldCount(file: file, line: 16, expected: 3, found: 2)) {
            try StreamedEstimator.fit(file: file, reader: CSVReader(), FitSpecification(model: .leastSquares), options: StreamOptions(chunkRows: 7))
        }
    }
}

import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianData
import HessianLinearAlgebra
import HessianInference

/// Estimability of streamed fits: collinear columns give the in-memory error (same columns named)
/// from the Gram accumulated in pass 0; a separated classifier ends as not converged.
@Suite struct StreamedEstimabilityTests {
    func write(_ csv: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("estimability-\(UUID().uuidString).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func collinearColumnsAreNamedAsInMemory() throws {
        var rng = SeededGenerator(seed: 3)
        var csv = "a,b,c,k,y\n"
        for _ in 0..<120 {
            let a = rng.uniform(), b = rng.uniform()
            csv += "\(a),\(b),\(2 * a - b),7,\(a + rng.uniform() > 1 ? 1 : 0)\n"
        }
        let file = try write(csv)
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (features, model) in [(["a", "b", "c"], ModelKind.leastSquares), (["a", "b", "c"], .logistic), (["a", "k"], .logistic)] {
            let spec = FitSpecification(model: model, target: "y", features: features)
            var reader = CSVReader()
            reader.textColumns = model == .logistic ? ["y"] : []
            var memoryError: EstimationError? = nil
            do { _ = try Estimator.fit(try reader.read(file: file), spec) } catch let e as EstimationError { memoryError = e }
            #expect(memoryError != nil)
            #expect(throws: memoryError!) {
                try StreamedEstimator.fit(file: file, reader: reader, spec, options: StreamOptions(chunkRows: 17))
            }
        }
        // A penalty makes the problem well posed: no check, as in memory.
        #expect(try StreamedEstimator.fit(file: file, reader: CSVReader(), FitSpecification(model: .leastSquares, target: "y", l2: 1),
                                          options: StreamOptions(chunkRows: 17)).converged)
    }

    @Test func separatedClassifierDoesNotConverge() throws {
        var csv = "x,z,y\n"
        for i in 0..<80 { csv += "\(Double(i) / 10),\(Double(i % 7)),\(i < 40 ? 0 : 1)\n" }
        let file = try write(csv)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var reader = CSVReader()
        reader.textColumns = ["y"]
        let f = try StreamedEstimator.fit(file: file, reader: reader, FitSpecification(model: .logistic, target: "y"),
                                          options: StreamOptions(chunkRows: 13))
        #expect(!f.converged)
        #expect(f.message.contains("separation"))
        // Overlapping classes still converge.
        var mixed = "x,z,y\n"
        for i in 0..<80 { mixed += "\(Double(i) / 10),\(Double(i % 7)),\((i * 7) % 5 < 2 ? 0 : 1)\n" }
        let ok = try write(mixed)
        defer { try? FileManager.default.removeItem(atPath: ok) }
        #expect(try StreamedEstimator.fit(file: ok, reader: reader, FitSpecification(model: .logistic, target: "y"),
                                          options: StreamOptions(chunkRows: 13)).converged)
    }
}

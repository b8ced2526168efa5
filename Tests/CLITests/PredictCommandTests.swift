import Foundation
import Testing

/// fit → model.json → predict, checked against predictions computed here, independently, from
/// the coefficients in the JSON and the CSV split by hand.
@Suite struct PredictCommandTests {
    /// The bundled CSV as a header and rows of fields (the bundled files have no quoting).
    func load(_ name: String) throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOf: CLI.root.appendingPathComponent("Datasets/\(name)"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    /// Fits, saves the model, predicts on the same file; returns the saved model and the prediction CSV.
    func roundTrip(_ arguments: [String], dataset: String) throws -> (model: [String: Any], header: [String], rows: [[String]]) {
        let dir = try CLI.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.root.appendingPathComponent("Datasets/\(dataset)").path
        let modelPath = dir.appendingPathComponent("model.json").path
        let fit = try CLI.fit(arguments + ["--output", modelPath, data])
        #expect(fit.status == 0, "\(fit.stderr)")
        let predictionPath = dir.appendingPathComponent("pred.csv").path
        let predict = try CLI.predict(["--model-file", modelPath, "--output", predictionPath, data])
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.isEmpty)
        let model = try CLI.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: modelPath)), as: UTF8.self))
        let text = try String(contentsOfFile: predictionPath, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        return (model, lines[0], Array(lines.dropFirst()))
    }

    /// The model's (standardized) feature rows: one array per data row, intercept not included.
    func features(_ model: [String: Any], dataset: String) throws -> [[Double]] {
        let (header, rows) = try load(dataset)
        var names = model["features"] as! [String]
        if model["intercept"] as! Bool { names.removeFirst() }
        let columns = names.map { header.firstIndex(of: $0)! }
        let means = model["means"] as? [Double], stds = model["stds"] as? [Double]
        return rows.map { row in
            columns.enumerated().map { j, c in
                let v = Double(row[c])!
                guard let means, let stds else { return v }
                return (v - means[j]) / stds[j]
            }
        }
    }

    @Test func logisticProbabilitiesAndLabels() throws {
        let (model, header, rows) = try roundTrip(["--model", "logistic", "--l2", "1", "--standardize"], dataset: "breast_cancer.csv")
        #expect(header == ["probability", "label"])
        let w = model["coefficients"] as! [Double]
        let classes = model["classes"] as! [String]
        let x = try features(model, dataset: "breast_cancer.csv")
        #expect(rows.count == x.count)
        for (i, xi) in x.enumerated() {
            var z = w[0]
            for j in xi.indices { z += w[j + 1] * xi[j] }
            let p = 1 / (1 + exp(-z))
            #expect(abs(Double(rows[i][0])! - p) <= 1e-12 * max(1, p), "row \(i)")
            #expect(rows[i][1] == (p >= 0.5 ? classes[1] : classes[0]))
        }
    }

    @Test func multinomialProbabilitiesAndLabels() throws {
        let (model, header, rows) = try roundTrip(["--model", "multinomial", "--l2", "1"], dataset: "iris.csv")
        let classes = model["classes"] as! [String]
        #expect(header == classes.map { "p_\($0)" } + ["label"])
        let w = model["coefficients"] as! [[Double]]
        let x = try features(model, dataset: "iris.csv")
        for (i, xi) in x.enumerated() {
            let scores = w.map { row in row[0] + xi.indices.reduce(0.0) { $0 + row[$1 + 1] * xi[$1] } }
            let top = scores.max()!
            let e = scores.map { exp($0 - top) }
            let total = e.reduce(0, +)
            for k in classes.indices {
                let p = e[k] / total
                #expect(abs(Double(rows[i][k])! - p) <= 1e-12, "row \(i) class \(k)")
            }
            #expect(rows[i].last == classes[scores.firstIndex(of: top)!])
        }
    }

    @Test func leastSquaresPredictions() throws {
        let (model, header, rows) = try roundTrip(["--model", "least-squares", "--standardize", "--l2", "10"], dataset: "diabetes.csv")
        #expect(header == ["prediction"])
        let w = model["coefficients"] as! [Double]
        let x = try features(model, dataset: "diabetes.csv")
        for (i, xi) in x.enumerated() {
            let y = w[0] + xi.indices.reduce(0.0) { $0 + w[$1 + 1] * xi[$1] }
            #expect(abs(Double(rows[i][0])! - y) <= 1e-10 * max(1, abs(y)), "row \(i)")
        }
    }

    @Test func missingColumnIsNamedAndNothingIsWritten() throws {
        let dir = try CLI.directory(["new.csv": "sepal_length,sepal_width,petal_length\n5,3,1\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = try CLI.fit(["--model", "multinomial", "--l2", "1", "--output", dir.appendingPathComponent("m.json").path,
                               CLI.root.appendingPathComponent("Datasets/iris.csv").path])
        #expect(fit.status == 0)
        let predict = try CLI.predict(["--model-file", "m.json", "--output", "out.csv", "new.csv"], in: dir)
        #expect(predict.status == 65)
        #expect(predict.stderr.contains("new.csv: no column named \"petal_width\""))
        #expect(predict.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.csv").path))
    }

    @Test func badModelFileAndMissingModelFile() throws {
        let dir = try CLI.directory(["new.csv": "a\n1\n", "bad.json": "{\"model\": 3}"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try CLI.predict(["--model-file", "bad.json", "new.csv"], in: dir)
        #expect(bad.status == 65 && bad.stderr.contains("bad.json: not a model file"))
        let missing = try CLI.predict(["--model-file", "none.json", "new.csv"], in: dir)
        #expect(missing.status == 66 && missing.stderr.contains("none.json: no such file"))
    }
}

import Foundation
import HessianTestSupport
import Testing

/// `fit --formula`, `--missing` and `predict` with formula models, end to end. (The statsmodels
/// formula references, Tests/References/formula_*.json, run in FitCommandTests.agreesWithReference.)
@Suite struct FormulaCommandTests {
    static let csv = "age,income,region,y\n30,1.5,north,1.2\n41,2.5,south,2.0\n35,0.5,north,0.7\n52,3.0,east,3.9\n"
        + "29,1.0,south,1.1\n47,2.0,east,2.8\n38,2.2,north,1.9\n60,3.5,south,3.0\n"

    @Test(arguments: [
        (["--formula", "y ~ age + agee"], "fit: --formula: unknown column \"agee\" at position 11"),
        (["--formula", ""], "fit: --formula: the formula is empty at position 1"),
        (["--formula", "y age"], "fit: --formula: the formula has no \"~\""),
        (["--formula", "y ~ age + y"], "fit: --formula: the response \"y\" also appears on the right side of \"~\" at position 11"),
        (["--formula", "y ~ age +"], "fit: --formula: the formula ends where a term was expected at position 10"),
        (["--formula", "y ~ age", "--target", "y"], "--formula and --target/--features are alternatives"),
        (["--formula", "y ~ age", "--features", "age"], "--formula and --target/--features are alternatives"),
        (["--formula", "y ~ age", "--missing", "maybe"], "unknown --missing \"maybe\""),
    ])
    func usageErrorsAreOneLineWithStatus64(_ extra: [String], _ message: String) throws {
        let dir = try CLI.directory(["data.csv": Self.csv])
        let result = try CLI.fit(["--model", "least-squares"] + extra + ["data.csv"], in: dir)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func stringColumnsAreCategoricalWithPatsyNames() throws {
        let dir = try CLI.directory(["data.csv": Self.csv])
        let result = try CLI.fit(["--model", "least-squares", "--formula", "y ~ age + C(region, ref='south'):income",
                                  "--format", "json", "data.csv"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        // With the intercept spanning the constant, region inside the interaction is full rank.
        #expect(json["features"] as? [String] == ["intercept", "age", "C(region, ref='south')[east]:income",
                                                  "C(region, ref='south')[north]:income", "C(region, ref='south')[south]:income"])
        let main = try CLI.fit(["--model", "least-squares", "--formula", "y ~ region + age", "--format", "json", "data.csv"], in: dir)
        #expect(try CLI.json(main.stdout)["features"] as? [String] == ["intercept", "region[T.north]", "region[T.south]", "age"])
    }

    @Test func backtickNamesAndTheOldOptionsStillWork() throws {
        let dir = try CLI.directory(["data.csv": "mean radius,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n"])
        let formula = try CLI.fit(["--model", "least-squares", "--formula", "y ~ `mean radius`", "--format", "json", "data.csv"], in: dir)
        let plain = try CLI.fit(["--model", "least-squares", "--format", "json", "data.csv"], in: dir)
        #expect(formula.status == 0 && plain.status == 0, "\(formula.stderr) \(plain.stderr)")
        let a = try CLI.json(formula.stdout), b = try CLI.json(plain.stdout)
        // A column name that is not a plain identifier keeps its back-quotes in the output.
        #expect(a["features"] as? [String] == ["intercept", "`mean radius`"])
        expectClose(numbers(a["coefficients"]), numbers(b["coefficients"]), relative: 1e-12)
    }

    @Test func strictMissingNamesRowColumnAndTheOption() throws {
        let dir = try CLI.directory(["data.csv": "a,b,y\n1,2,3\n2,NA,5\n3,4,8\n"])
        for extra in [[], ["--formula", "y ~ a + b"]] {
            let result = try CLI.fit(["--model", "least-squares"] + extra + ["data.csv"], in: dir)
            #expect(result.status == 65)
            #expect(result.stderr == "fit: data.csv: row 3, column \"b\": the value is missing (\"NA\"); use --missing drop to leave out rows with missing values\n")
        }
    }

    @Test func dropReportsRowsPerColumnWithAndWithoutFormula() throws {
        let csv = "a,b,unused,y\n1,2,,3\n2,,1,5\n3,4,1,8\n,5,1,9\n5,null,1,11\n6,7,1,12\n7,6,1,15\n"
        let dir = try CLI.directory(["data.csv": csv])
        for extra in [["--features", "a,b"], ["--formula", "y ~ a + b"]] {
            let json = try CLI.fit(["--model", "least-squares", "--missing", "drop", "--format", "json"] + extra + ["data.csv"], in: dir)
            #expect(json.status == 0, "\(json.stderr)")
            let object = try CLI.json(json.stdout)
            #expect(object["rows"] as? Int == 4)
            #expect(object["rowsDropped"] as? Int == 3)
            #expect(object["rowsDroppedByColumn"] as? [String: Int] == ["a": 1, "b": 2])
            let text = try CLI.fit(["--model", "least-squares", "--missing", "drop"] + extra + ["data.csv"], in: dir)
            #expect(text.stdout.contains("Missing:        3 rows dropped (rows with a missing cell per column: a: 1, b: 2)"), "\(text.stdout)")
            #expect(text.stdout.contains("data.csv: 4 rows"))
        }
    }

    @Test func predictRebuildsTheDesignAndFollowsTheMissingPolicy() throws {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent("Tests/References/formula_grunfeld_ols_missing_drop.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let used = try #require(reference["usedRows"] as? [Int]), fitted = try #require(reference["fittedValues"] as? [Double])
        let file = CLI.root.appendingPathComponent("Tests/References/Formula/grunfeld_missing.csv").path
        let dir = try CLI.directory([:])
        let fit = try CLI.fit(["--model", "least-squares", "--formula", "invest ~ value + capital + firm", "--missing", "drop",
                               "--output", "model.json", file], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let strict = try CLI.predict(["--model-file", "model.json", file], in: dir)
        #expect(strict.status == 65 && strict.stderr.contains("row 5, column \"value\": the value is missing (empty cell)"), "\(strict.stderr)")
        let result = try CLI.predict(["--model-file", "model.json", "--missing", "drop", file], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast().map(String.init)
        #expect(lines.count == 220)
        var k = 0
        for (row, line) in lines.enumerated() {
            if k < used.count && used[k] == row {
                let value = try #require(Double(line))
                #expect(abs(value - fitted[k]) <= 1e-9 * max(1, abs(fitted[k])), "row \(row)")
                k += 1
            } else if row == 100 {
                // Only the target ("null") is missing: predict does not need it.
                #expect(Double(line) != nil, "row \(row): \(line)")
            } else {
                #expect(line.isEmpty, "row \(row) should have no prediction: \(line)")
            }
        }
        #expect(k == used.count)
    }

    @Test func predictWithAnUnseenLevel() throws {
        let dir = try CLI.directory(["data.csv": Self.csv, "new.csv": "region,age\nnorth,30\nwest,40\n"])
        let fit = try CLI.fit(["--model", "least-squares", "--formula", "y ~ age + region", "--output", "m.json", "data.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let error = try CLI.predict(["--model-file", "m.json", "new.csv"], in: dir)
        #expect(error.status == 65)
        #expect(error.stderr == "predict: new.csv: row 3, column \"region\": level \"west\" was not seen when the model was fitted (known levels: \"east\", \"north\", \"south\")\n")
        let lenient = try CLI.predict(["--model-file", "m.json", "--unknown-level", "missing", "new.csv"], in: dir)
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let lines = lenient.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4 && lines[0] == "prediction" && Double(lines[1]) != nil && lines[2].isEmpty)
        let model = try CLI.json(try String(contentsOf: dir.appendingPathComponent("m.json"), encoding: .utf8))
        let design = try #require(model["design"] as? [String: Any])
        #expect(design["formula"] as? String == "y ~ age + region")
        let factors = try #require(design["factors"] as? [[String: Any]])
        #expect(factors.contains { $0["levels"] as? [String] == ["east", "north", "south"] && $0["reference"] as? String == "east" })
    }

    @Test func classifiersWithCategoricalPredictorsPredict() throws {
        let dir = try CLI.directory([:])
        let fit = try CLI.fit(["--model", "multinomial", "--formula", "PID ~ C(vote) + age + income", "--output", "m.json",
                               CLI.root.appendingPathComponent("Datasets/anes96.csv").path], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let result = try CLI.predict(["--model-file", "m.json", CLI.root.appendingPathComponent("Datasets/anes96.csv").path], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("p_0,p_1,p_2,p_3,p_4,p_5,p_6,label\n"))
        #expect(result.stdout.split(separator: "\n").count == 945)
    }

    @Test func anInconsistentDesignInTheModelFileIsBadDataNotACrash() throws {
        let dir = try CLI.directory(["data.csv": Self.csv, "new.csv": "region,age\nnorth,30\n"])
        let fit = try CLI.fit(["--model", "least-squares", "--formula", "y ~ age + region", "--output", "m.json", "data.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let path = dir.appendingPathComponent("m.json")
        var model = try CLI.json(try String(contentsOf: path, encoding: .utf8))
        var design = try #require(model["design"] as? [String: Any])
        var blocks = try #require(design["blocks"] as? [[String: Any]])
        blocks.append(["uses": [["factor": 7, "coding": "full"]]])
        design["blocks"] = blocks
        model["design"] = design
        try JSONSerialization.data(withJSONObject: model).write(to: path)
        let result = try CLI.predict(["--model-file", "m.json", "new.csv"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("m.json: the model file's design is inconsistent: a block names factor 7 of 2"), "\(result.stderr)")
    }
}

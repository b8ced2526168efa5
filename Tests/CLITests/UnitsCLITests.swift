import Foundation
import Testing
import HessianTestSupport

/// The fits that ended "did not converge" or returned zeros only because of the data's units:
/// a least-squares target of 2·10⁵ (the shape of California housing), one of 10⁻¹², counts near
/// 5·10⁴, frequency weights of 10⁻⁹ and 10⁻¹², and a feature of magnitude 10⁻²⁰⁰ — in memory and
/// streamed. Each is compared with the same data at unit scale, where the algebra says what the
/// answer must be.
struct UnitsCLITests {
    /// The coefficients of `fit … --format json` (exit 0 and converged expected).
    static func coefficients(_ arguments: [String], _ csv: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Double] {
        let dir = try CLI.directory(["data.csv": csv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.fit(arguments + ["--format", "json", "data.csv"], in: dir)
        #expect(r.status == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        guard r.status == 0 else { return [] }
        let out = try CLI.json(r.stdout)
        #expect(out["converged"] as? Bool == true, "\(arguments)", sourceLocation: sourceLocation)
        return numbers(out["coefficients"])
    }

    /// Rows of 8 housing-like columns (income, age, rooms, bedrooms, population, occupancy, latitude,
    /// longitude) and a value near 2·10⁵ clipped to [15 000, 500 001], as CSV text; `target` maps y.
    static func housing(rows n: Int = 20_000, target: (Double) -> Double = { $0 }) -> String {
        var rng = SeededGenerator(seed: 20_640)
        var csv = "MedInc,HouseAge,AveRooms,AveBedrms,Population,AveOccup,Latitude,Longitude,MedHouseVal\n"
        for _ in 0..<n {
            func normal() -> Double { (-2 * log(Double.random(in: 1e-12..<1, using: &rng))).squareRoot() * cos(2 * .pi * Double.random(in: 0..<1, using: &rng)) }
            let income = exp(1.2 + 0.45 * normal()), age = Double(Int.random(in: 1...52, using: &rng))
            let rooms = exp(1.6 + 0.25 * normal()), bedrooms = 0.2 * rooms + 0.05 * normal()
            let population = exp(7 + 0.7 * normal()), occupancy = exp(1 + 0.3 * normal())
            let latitude = Double.random(in: 32.5..<42, using: &rng), longitude = -124 + (42 - latitude) + 0.5 * normal()
            var y = -3.6e6 + 4e4 * income + 1e3 * age - 1e4 * rooms + 6e4 * bedrooms - 0.5 * population - 400 * occupancy
                - 4e4 * latitude - 4.3e4 * longitude + 7e4 * normal()
            y = min(500_001, max(15_000, y.rounded()))
            let cells = [income, age, rooms, bedrooms, population, occupancy, latitude, longitude, target(y)]
            csv += cells.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return csv
    }

    @Test(arguments: [[String](), ["--stream"]])
    func leastSquaresOfHousePrices(_ mode: [String]) throws {
        let args = ["--model", "least-squares"] + mode
        let prices = try Self.coefficients(args, Self.housing())
        // y/2¹⁷ (exact): every coefficient divided by 2¹⁷.
        let scaled = try Self.coefficients(args, Self.housing(target: { $0 / 131_072 }))
        expectClose(scaled.map { $0 * 131_072 }, prices, relative: 1e-10, "y/2¹⁷ \(mode)")
        // A target of 10⁻¹²: not zeros, the same fit times 10⁻¹².
        let tiny = try Self.coefficients(args, Self.housing(target: { $0 * 1e-12 }))
        expectClose(tiny.map { $0 * 1e12 }, prices, relative: 1e-9, "y·1e-12 \(mode)")
    }

    /// Poisson counts near 5·10⁴ on 20 000 rows, and the same with every count halved to unit
    /// scale's neighbour: the counts' scale moves only the intercept (by log 2 per halving).
    @Test(arguments: [[String](), ["--stream"]])
    func poissonWithLargeCounts(_ mode: [String]) throws {
        var rng = SeededGenerator(seed: 50_000)
        var large = "a,b,count\n", small = "a,b,count\n"
        for _ in 0..<20_000 {
            let a = Double.random(in: -1..<1, using: &rng), b = Double.random(in: -1..<1, using: &rng)
            let mean = 5e4 * exp(0.1 * a - 0.2 * b)
            let count = (mean + mean.squareRoot() * Double.random(in: -1.7..<1.7, using: &rng)).rounded()
            large += "\(a),\(b),\(count * 2)\n"
            small += "\(a),\(b),\(count)\n"
        }
        let args = ["--model", "poisson"] + mode
        let big = try Self.coefficients(args, large), base = try Self.coefficients(args, small)
        #expect(big.count == 3 && base.count == 3)
        guard big.count == 3 && base.count == 3 else { return }
        expectClose([big[0] - log(2), big[1], big[2]], base, relative: 1e-10, "counts × 2 \(mode)")
        // These counts vary less than Poisson counts (Σ[(y − μ̂)² − y] < 0): the negative binomial's
        // maximum is at α = 0, where its estimate is the Poisson fit's.
        let dir = try CLI.directory(["data.csv": small])
        defer { try? FileManager.default.removeItem(at: dir) }
        let nb = try CLI.fit(["--model", "negative-binomial", "--format", "json", "data.csv"] + mode, in: dir)
        #expect(nb.status == 0, "\(nb.stderr)")
        guard nb.status == 0 else { return }
        let out = try CLI.json(nb.stdout)
        #expect(out["converged"] as? Bool == true && numbers(out["alpha"]) == [0])
        expectClose(numbers(out["coefficients"]), base, relative: 1e-10, "negative binomial at α = 0 \(mode)")
    }

    /// Frequency weights all equal to s estimate what unit weights estimate, for any s.
    @Test(arguments: ["logistic", "poisson"], [1e-9, 1e-12])
    func tinyEqualWeights(_ model: String, _ s: Double) throws {
        var rng = SeededGenerator(seed: 9)
        var csv = "a,b,w,y\n"
        for _ in 0..<500 {
            let a = Double.random(in: -2..<2, using: &rng), b = Double.random(in: -2..<2, using: &rng)
            let eta = 0.3 + a - 0.5 * b, u = Double.random(in: 0..<1, using: &rng)
            let y = model == "logistic" ? (u < 1 / (1 + exp(-eta)) ? 1 : 0) : (exp(eta) * 2 * u).rounded()
            csv += "\(a),\(b),\(s),\(y)\n"
        }
        let weighted = try Self.coefficients(["--model", model, "--weights", "w", "--target", "y"], csv)
        let plain = try Self.coefficients(["--model", model, "--features", "a,b", "--target", "y"], csv)
        expectClose(weighted, plain, relative: 1e-10, "\(model), weights \(s)")
    }

    /// A feature of magnitude 10⁻²⁰⁰ (its square underflows): its coefficient is 10²⁰⁰ times that of
    /// the same column at unit scale, in memory and streamed (where it is not "collinear").
    @Test(arguments: [[String](), ["--stream"]], ["least-squares", "logistic"])
    func featureOfMagnitudeTenToMinus200(_ mode: [String], _ model: String) throws {
        var rng = SeededGenerator(seed: 200)
        var unit = "a,b,y\n", tiny = "a,b,y\n"
        for _ in 0..<400 {
            let a = Double.random(in: -2..<2, using: &rng), b = Double.random(in: -2..<2, using: &rng)
            let eta = 0.2 + a + 0.7 * b, noise = Double.random(in: -1..<1, using: &rng)
            let y = model == "logistic" ? (noise < tanh(eta / 2) ? 1.0 : 0.0) : eta + noise
            unit += "\(a),\(b),\(y)\n"
            tiny += "\(a),\(b * 1e-200),\(y)\n"
        }
        let args = ["--model", model] + mode
        let base = try Self.coefficients(args, unit), scaled = try Self.coefficients(args, tiny)
        #expect(scaled.count == 3)
        guard scaled.count == 3 else { return }
        expectClose([scaled[0], scaled[1], scaled[2] * 1e-200], base, relative: 1e-9, "\(model) \(mode)")
    }

    /// A subnormal feature (magnitude 1e-310): with a target of 1e-300 its coefficient is ordinary and
    /// is estimated; with a unit target the coefficient (≈ 1e310) exceeds the largest Double, which is
    /// a one-line error (exit 65), not an infinite coefficient with exit 0.
    @Test(arguments: [[String](), ["--stream"]])
    func subnormalFeature(_ mode: [String]) throws {
        let tiny = 0x1p-1030  // ≈ 1.04e-310, subnormal
        var rng = SeededGenerator(seed: 310)
        var unit = "a,b,y\n", small = "a,b,y\n", subnormal = "a,b,y\n"
        for _ in 0..<300 {
            let a = Double.random(in: -2..<2, using: &rng), b = Double.random(in: -2..<2, using: &rng)
            let y = 0.2 + a + 0.7 * b + Double.random(in: -1..<1, using: &rng)
            unit += "\(a),\(b),\(y)\n"
            small += "\(a),\(b * tiny),\(y * 1e-300)\n"
            subnormal += "\(a),\(b * tiny),\(y)\n"
        }
        let args = ["--model", "least-squares"] + mode
        let base = try Self.coefficients(args, unit), scaled = try Self.coefficients(args, small)
        #expect(scaled.count == 3)
        guard scaled.count == 3 else { return }
        expectClose([scaled[0] * 1e300, scaled[1] * 1e300, scaled[2] * tiny * 1e300], base, relative: 1e-6, "1e-300 target \(mode)")
        try CLI.expectCleanFailure(.init(name: "subnormal feature \(mode)", csv: subnormal, arguments: args, status: 65,
                                         fragments: ["coefficient of \"b\"", "exceeds the largest Double"]))
    }
}

import HessianTestSupport
import Foundation
@testable import HessianSolvers

// Problems 17–31 of Moré, Garbow & Hillstrom (1981), residuals rᵢ with f = Σ rᵢ².
extension MGHProblem {
    static let osborne1Y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
                            0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
                            0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
    static let osborne2Y = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
                            0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
                            0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
                            0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
                            0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]

    static var lastFifteen: [MGHProblem] {
        let n = 10
        let h = 1 / Double(n + 1)
        let boundaryStart = (1...n).map { j in Double(j) * h * (Double(j) * h - 1) }
        return [
            MGHProblem(number: 17, name: "Osborne 1", start: [0.5, 1.5, -1, 0.01, 0.02], minima: [5.464894697482e-5]) { x in
                (0..<33).map { i in
                    let t = 10 * Double(i)
                    return osborne1Y[i] - (x[0] + x[1] * exp(-t * x[3]) + x[2] * exp(-t * x[4]))
                }
            },
            MGHProblem(number: 18, name: "Biggs EXP6", start: [1, 2, 1, 1, 1, 1], minima: [0, 5.655649925e-3]) { x in
                (1...13).map { i in
                    let t = 0.1 * Double(i)
                    let y = Foundation.exp(-t) - 5 * Foundation.exp(-10 * t) + 3 * Foundation.exp(-4 * t)
                    return x[2] * exp(-t * x[0]) - x[3] * exp(-t * x[1]) + x[5] * exp(-t * x[4]) - y
                }
            },
            MGHProblem(number: 19, name: "Osborne 2", start: [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5],
                       minima: [4.013773629354e-2]) { x in
                (0..<65).map { i in
                    let t = Double(i) / 10
                    let model = x[0] * exp(-t * x[4]) + x[1] * exp(-(t - x[8]).squared * x[5])
                        + x[2] * exp(-(t - x[9]).squared * x[6]) + x[3] * exp(-(t - x[10]).squared * x[7])
                    return osborne2Y[i] - model
                }
            },
            MGHProblem(number: 20, name: "Watson", start: [Double](repeating: 0, count: 6), minima: [2.287670053e-3]) { x in
                var r: [D2] = (1...29).map { i in
                    let t = Double(i) / 29
                    var s1 = D2(0), s2 = D2(0)
                    for j in 2...6 { s1 = s1 + Double(j - 1) * Foundation.pow(t, Double(j - 2)) * x[j - 1] }
                    for j in 1...6 { s2 = s2 + Foundation.pow(t, Double(j - 1)) * x[j - 1] }
                    return s1 - s2.squared - 1
                }
                r.append(x[0])
                r.append(x[1] - x[0].squared - 1)
                return r
            },
            MGHProblem(number: 21, name: "extended Rosenbrock", start: (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 }, minima: [0]) { x in
                (0..<x.count).map { i in i % 2 == 0 ? 10 * (x[i + 1] - x[i].squared) : 1 - x[i - 1] }
            },
            MGHProblem(number: 22, name: "extended Powell singular", start: (0..<12).map { [3, -1, 0, 1][$0 % 4] },
                       minima: [0]) { x in
                (0..<x.count).map { i in
                    let b = i - i % 4
                    switch i % 4 {
                    case 0: return x[b] + 10 * x[b + 1]
                    case 1: return 5.0.squareRoot() * (x[b + 2] - x[b + 3])
                    case 2: return (x[b + 1] - 2 * x[b + 2]).squared
                    default: return 10.0.squareRoot() * (x[b] - x[b + 3]).squared
                    }
                }
            },
            MGHProblem(number: 23, name: "penalty I", start: (1...n).map(Double.init), minima: [7.087651467e-5]) { x in
                var r = x.map { 1e-5.squareRoot() * ($0 - 1) }
                r.append(x.reduce(D2(0)) { $0 + $1.squared } - 0.25)
                return r
            },
            MGHProblem(number: 24, name: "penalty II", start: [Double](repeating: 0.5, count: n), minima: [2.936605e-4]) { x in
                let a = 1e-5.squareRoot(), m = x.count
                var r = [x[0] - 0.2]
                for i in 2...m {
                    let y = Foundation.exp(Double(i) / 10) + Foundation.exp(Double(i - 1) / 10)
                    r.append(a * (exp(x[i - 1] / 10) + exp(x[i - 2] / 10) - y))
                }
                for i in (m + 1)..<(2 * m) { r.append(a * (exp(x[i - m] / 10) - Foundation.exp(-0.1))) }
                var s = D2(0)
                for j in 1...m { s = s + Double(m - j + 1) * x[j - 1].squared }
                r.append(s - 1)
                return r
            },
            MGHProblem(number: 25, name: "variably dimensioned", start: (1...n).map { 1 - Double($0) / Double(n) },
                       minima: [0]) { x in
                var r = x.map { $0 - 1 }
                var s = D2(0)
                for j in 1...x.count { s = s + Double(j) * (x[j - 1] - 1) }
                r.append(s)
                r.append(s.squared)
                return r
            },
            MGHProblem(number: 26, name: "trigonometric", start: [Double](repeating: 1 / Double(n), count: n),
                       minima: [0, 2.795056e-5]) { x in
                let c = x.reduce(D2(0)) { $0 + cos($1) }
                return (1...x.count).map { i in
                    Double(x.count) - c + Double(i) * (1 - cos(x[i - 1])) - sin(x[i - 1])
                }
            },
            MGHProblem(number: 27, name: "Brown almost-linear", start: [Double](repeating: 0.5, count: n), minima: [0, 1]) { x in
                let s = x.reduce(D2(0), +)
                var r = (0..<(x.count - 1)).map { x[$0] + s - Double(x.count + 1) }
                r.append(x.reduce(D2(1), *) - 1)
                return r
            },
            MGHProblem(number: 28, name: "discrete boundary value", start: boundaryStart, minima: [0]) { x in
                (0..<x.count).map { i in
                    let t = Double(i + 1) * h
                    let left = i > 0 ? x[i - 1] : D2(0), right = i + 1 < x.count ? x[i + 1] : D2(0)
                    return 2 * x[i] - left - right + h * h * pow(x[i] + t + 1, 3) / 2
                }
            },
            MGHProblem(number: 29, name: "discrete integral equation", start: boundaryStart, minima: [0]) { x in
                let t = (1...x.count).map { Double($0) * h }
                let cubes = (0..<x.count).map { pow(x[$0] + t[$0] + 1, 3) }
                return (0..<x.count).map { i in
                    var lower = D2(0), upper = D2(0)
                    for j in 0...i { lower = lower + t[j] * cubes[j] }
                    for j in (i + 1)..<x.count { upper = upper + (1 - t[j]) * cubes[j] }
                    return x[i] + h * ((1 - t[i]) * lower + t[i] * upper) / 2
                }
            },
            MGHProblem(number: 30, name: "Broyden tridiagonal", start: [Double](repeating: -1, count: n), minima: [0]) { x in
                (0..<x.count).map { i in
                    let left = i > 0 ? x[i - 1] : D2(0), right = i + 1 < x.count ? x[i + 1] : D2(0)
                    return (3 - 2 * x[i]) * x[i] - left - 2 * right + 1
                }
            },
            MGHProblem(number: 31, name: "Broyden banded", start: [Double](repeating: -1, count: n), minima: [0]) { x in
                (0..<x.count).map { i in
                    var s = D2(0)
                    for j in Swift.max(0, i - 5)...Swift.min(x.count - 1, i + 1) where j != i { s = s + x[j] * (1 + x[j]) }
                    return x[i] * (2 + 5 * x[i].squared) + 1 - s
                }
            },
        ]
    }
}

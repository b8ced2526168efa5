import HessianTestSupport
import Foundation
@testable import HessianSolvers
import HessianLinearAlgebra

// Problems 1–16 of Moré, Garbow & Hillstrom (1981), residuals rᵢ with f = Σ rᵢ².
extension MGHProblem {
    static let bardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    static let gaussianY = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295,
                            0.0540, 0.0175, 0.0044, 0.0009]
    static let meyerY: [Double] = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427,
                                   3820, 3307, 2872]
    static let kowalikY = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    static let kowalikU = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]

    static var firstSixteen: [MGHProblem] {
        [
            MGHProblem(number: 1, name: "Rosenbrock", start: [-1.2, 1], minima: [0]) { x in
                [10 * (x[1] - x[0].squared), 1 - x[0]]
            },
            MGHProblem(number: 2, name: "Freudenstein and Roth", start: [0.5, -2], minima: [0, 48.98425367924]) { x in
                [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]
            },
            MGHProblem(number: 3, name: "Powell badly scaled", start: [0, 1], minima: [0]) { x in
                [1e4 * x[0] * x[1] - 1, exp(-x[0]) + exp(-x[1]) - 1.0001]
            },
            MGHProblem(number: 4, name: "Brown badly scaled", start: [1, 1], minima: [0]) { x in
                [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]
            },
            MGHProblem(number: 5, name: "Beale", start: [1, 1], minima: [0]) { x in
                let y = [1.5, 2.25, 2.625]
                return (1...3).map { i in y[i - 1] - x[0] * (1 - pow(x[1], i)) }
            },
            MGHProblem(number: 6, name: "Jennrich and Sampson", start: [0.3, 0.4], minima: [124.3621823618]) { x in
                (1...10).map { i in
                    let t = Double(i)
                    return 2 + 2 * t - (exp(t * x[0]) + exp(t * x[1]))
                }
            },
            MGHProblem(number: 7, name: "helical valley", start: [-1, 0, 0], minima: [0]) { x in
                // θ = arctan(x₂/x₁)/2π, + ½ when x₁ < 0.
                let theta = atan(x[1] / x[0]) / (2 * Double.pi) + (x[0].value < 0 ? 0.5 : 0)
                return [10 * (x[2] - 10 * theta), 10 * (sqrt(x[0].squared + x[1].squared) - 1), x[2]]
            },
            MGHProblem(number: 8, name: "Bard", start: [1, 1, 1], minima: [8.214877306578e-3, 17.42869333]) { x in
                (1...15).map { i in
                    let u = Double(i), v = Double(16 - i), w = Double(min(i, 16 - i))
                    return bardY[i - 1] - (x[0] + u / (v * x[1] + w * x[2]))
                }
            },
            MGHProblem(number: 9, name: "Gaussian", start: [0.4, 1, 0], minima: [1.127932769618e-8]) { x in
                (1...15).map { i in
                    let t = Double(8 - i) / 2
                    return x[0] * exp(-0.5 * x[1] * (t - x[2]).squared) - gaussianY[i - 1]
                }
            },
            MGHProblem(number: 10, name: "Meyer", start: [0.02, 4000, 250], minima: [87.94585517040]) { x in
                (1...16).map { i in
                    let t = 45 + 5 * Double(i)
                    return x[0] * exp(x[1] / (t + x[2])) - meyerY[i - 1]
                }
            },
            MGHProblem(number: 11, name: "Gulf research and development", start: [5, 2.5, 0.15], minima: [0]) { x in
                (1...99).map { i in
                    let t = Double(i) / 100
                    let y = 25 + Foundation.pow(-50 * Foundation.log(t), 2.0 / 3)
                    // |y − x₂|^x₃ = exp(x₃ log|y − x₂|)
                    return exp(-exp(x[2] * log(abs(y - x[1]))) / x[0]) - t
                }
            },
            MGHProblem(number: 12, name: "Box three-dimensional", start: [0, 10, 20], minima: [0]) { x in
                (1...10).map { i in
                    let t = 0.1 * Double(i)
                    return exp(-t * x[0]) - exp(-t * x[1]) - x[2] * (Foundation.exp(-t) - Foundation.exp(-10 * t))
                }
            },
            MGHProblem(number: 13, name: "Powell singular", start: [3, -1, 0, 1], minima: [0]) { x in
                [x[0] + 10 * x[1], 5.0.squareRoot() * (x[2] - x[3]), (x[1] - 2 * x[2]).squared,
                 10.0.squareRoot() * (x[0] - x[3]).squared]
            },
            MGHProblem(number: 14, name: "Wood", start: [-3, -1, -3, -1], minima: [0]) { x in
                [10 * (x[1] - x[0].squared), 1 - x[0], 90.0.squareRoot() * (x[3] - x[2].squared), 1 - x[2],
                 10.0.squareRoot() * (x[1] + x[3] - 2), (x[1] - x[3]) / 10.0.squareRoot()]
            },
            MGHProblem(number: 15, name: "Kowalik and Osborne", start: [0.25, 0.39, 0.415, 0.39],
                       minima: [3.075056038492e-4, 1.02734e-3]) { x in
                (0..<11).map { i in
                    let u = kowalikU[i]
                    return kowalikY[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])
                }
            },
            MGHProblem(number: 16, name: "Brown and Dennis", start: [25, 5, -5, -1], minima: [85822.20162635628]) { x in
                (1...20).map { i in
                    let t = Double(i) / 5
                    return (x[0] + t * x[1] - Foundation.exp(t)).squared
                        + (x[2] + Foundation.sin(t) * x[3] - Foundation.cos(t)).squared
                }
            },
        ]
    }
}

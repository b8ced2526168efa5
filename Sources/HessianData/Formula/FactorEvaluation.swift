import Foundation

/// Numeric factors: arithmetic over columns, evaluated a column at a time.
enum FactorEvaluation {
    /// The functions a numeric factor may call: `I(e)` (e as arithmetic), natural `log`, `log10`,
    /// `exp`, `sqrt`, `abs`, each also with numpy's `np.` prefix, as patsy accepts them.
    static let functions: [String: @Sendable (Double) -> Double] = [
        "I": { $0 }, "log": { Foundation.log($0) }, "log10": { Foundation.log10($0) }, "exp": { Foundation.exp($0) },
        "sqrt": { $0.squareRoot() }, "abs": { Swift.abs($0) },
    ]

    static func function(_ name: String) -> (@Sendable (Double) -> Double)? {
        functions[name.hasPrefix("np.") || name.hasPrefix("numpy.") ? String(name.split(separator: ".").last!) : name]
    }

    /// The value of `e` in every row; `column` gives a column's numbers.
    static func evaluate(_ e: FactorExpression, column: (String) throws -> [Double]) throws -> [Double] {
        switch e {
        case .column(let name, _, _):
            return try column(name)
        case .number(let v, _):
            return [v]
        case .string(let s, _):
            throw FormulaError("a string (\"\(s)\") cannot be part of a numeric expression", at: 1)
        case .parenthesized(let a):
            return try evaluate(a, column: column)
        case .negate(let a):
            return try evaluate(a, column: column).map { -$0 }
        case .call(let name, let args, let p):
            guard let f = function(name) else { throw FormulaError("unknown function \"\(name)\"", at: p) }
            guard args.count == 1, args[0].label == nil else { throw FormulaError("\(name)(…) takes one argument", at: p) }
            return try evaluate(args[0].value, column: column).map(f)
        case .chain(let first, let operations):
            var x = try evaluate(first, column: column)
            for o in operations { x = apply(o.op, x, try evaluate(o.operand, column: column)) }
            return x
        case .power(let a, let b):
            return apply("**", try evaluate(a, column: column), try evaluate(b, column: column))
        }
    }

    /// `x op y` elementwise; a one-element side is a constant.
    static func apply(_ op: String, _ x: [Double], _ y: [Double]) -> [Double] {
        let f: (Double, Double) -> Double
        switch op {
        case "+": f = (+)
        case "-": f = (-)
        case "*": f = (*)
        case "/": f = (/)
        case "**": f = { Foundation.pow($0, $1) }
        default: fatalError("operator \(op) in a factor")
        }
        if x.count == 1 { return y.map { f(x[0], $0) } }
        if y.count == 1 { return x.map { f($0, y[0]) } }
        return zip(x, y).map(f)
    }
}

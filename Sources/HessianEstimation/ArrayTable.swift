import HessianLinearAlgebra
import HessianData

/// In-memory arrays as a ``/HessianData/Table``, so that array fits and predictions take exactly the path
/// of CSV data (same column checks, class sorting and error messages). Rows are numbered from
/// 1 in messages; the source is named "<array>".
enum ArrayTable {
    static let source = "<array>"

    /// A numeric or label column beside the features.
    struct Column {
        var name: String
        var numbers: [Double]
        var text: [String]? = nil
    }

    /// The columns of `x` named `names`, then `extra`. Non-finite cells are recorded as problems
    /// (an error naming the row and column when the column is used).
    static func make(_ x: Matrix, names: [String], extra: [Column]) throws -> Table {
        let n = x.rows
        guard names.count == x.columns else {
            throw EstimationError.invalidInput("\(names.count) feature names for \(x.columns) columns")
        }
        for c in extra where c.numbers.count != n {
            throw EstimationError.invalidInput("\(c.numbers.count) values of \(c.name) for \(n) rows")
        }
        let all = names + extra.map(\.name)
        if let repeated = firstRepeated(all) {
            throw EstimationError.invalidInput("the column name \"\(SafeText.excerpt(repeated))\" is used twice")
        }
        var storage = x.storage
        storage.reserveCapacity(n * all.count)
        for c in extra { storage += c.numbers }
        let values = Matrix(rows: n, columns: all.count, storage: storage)
        var problems: [Table.CellProblem?] = []
        for j in 0..<all.count {
            let text = j >= names.count ? extra[j - names.count].text : nil
            var problem: Table.CellProblem? = nil
            let column = storage[(j * n)..<((j + 1) * n)]
            if let i = column.firstIndex(where: { !$0.isFinite }).map({ $0 - j * n }) {
                problem = text.map { Table.CellProblem(row: i, line: i + 1, text: $0[i], kind: .notANumber) }
                    ?? Table.CellProblem(row: i, line: i + 1, text: "\(storage[j * n + i])", kind: .nonFinite)
            }
            problems.append(problem)
        }
        let texts: [[String]?] = names.map { _ in nil } + extra.map(\.text)
        return Table(source: source, names: all, values: values, text: texts, problems: problems,
                     lines: (0..<n).map { Int32(clamping: $0 + 1) })
    }

    static func firstRepeated(_ names: [String]) -> String? {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { return name }
        return nil
    }

    /// Default feature names x1, x2, … (as for a CSV file without a header).
    static func defaultNames(_ count: Int) -> [String] { (0..<count).map { "x\($0 + 1)" } }
}

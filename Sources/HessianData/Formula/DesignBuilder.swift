import Foundation
import HessianLinearAlgebra
/// What to do at predict time with a categorical level the model has not seen.
public enum UnknownLevelPolicy: String, Sendable, CaseIterable {
    /// Stop with an error naming the row, column and value, listing the known levels.
    case error
    /// Treat the row like one with a missing cell: no prediction for it.
    case missing
}

extension DesignPlan {
    /// The model matrix of `table` (without the intercept column): N × columns.count, plus
    /// `extraColumns` zero columns at the end for the caller.
    ///
    /// Each factor is read once into a per-row number (numeric) or level code (categorical);
    /// then one pass over the rows writes, per block, its single nonzero entry: under treatment
    /// coding a row has at most one nonzero column per block, at offset Σ iₖ · Πₗ<ₖ widthₗ
    /// (iₖ: the row's column within factor k; the reference level of a reduced factor has none)
    /// with value the product of the block's numeric factors. The matrix starts zeroed.
    ///
    /// Rows with `skip[r]` are left zero and not read; rows with an unseen level are added to
    /// the returned mask under `.missing` (else an error). The mask is nil when no row is skipped.
    /// - Parameters:
    ///   - table: the rows; columns are matched by name.
    ///   - skip: rows to leave out (true = skip), or nil.
    ///   - unknownLevels: what to do with a level not seen in training (default: an error).
    ///   - extraColumns: zero columns reserved after the design's (default 0).
    /// - Returns: the N×(columns) design (without the intercept) and the rows skipped for unknown levels.
    /// - Throws: ``DesignError`` naming the row and column of the first bad cell.
    public func build(_ table: Table, skip: [Bool]? = nil, unknownLevels: UnknownLevelPolicy = .error,
               extraColumns: Int = 0) throws -> (matrix: Matrix, skipped: [Bool]?) {
        let n = table.rowCount
        var skipped = skip
        var numbers: [[Double]] = []
        var codes: [[Int32]] = []
        var slot: [Int] = []
        for f in factors {
            switch f.kind {
            case .numeric:
                slot.append(numbers.count)
                numbers.append(try evaluate(f, table, skip: skip))
            case .categorical:
                slot.append(codes.count)
                codes.append(try levelCodes(f, table, skip: &skipped, unknownLevels: unknownLevels))
            }
        }
        // Compiled blocks, flat for the row loop: per use its coding, factor slot, stride and
        // reference code; per block its first column and its range of uses.
        var kinds: [UInt8] = [], slots: [Int] = [], strides: [Int] = [], references: [Int32] = []
        var firstColumn: [Int] = [], firstUse: [Int] = [0]
        var offset = 0
        for block in blocks {
            var stride = 1
            for u in block.uses {
                let f = factors[u.factor]
                kinds.append(u.coding == .numeric ? 0 : u.coding == .full ? 1 : 2)
                slots.append(slot[u.factor])
                strides.append(stride)
                references.append(Int32(f.levels.flatMap { l in f.reference.flatMap { l.firstIndex(of: $0) } } ?? 0))
                stride *= width(u)
            }
            firstColumn.append(offset)
            firstUse.append(kinds.count)
            offset += stride
        }
        precondition(offset == columns.count, "design blocks give \(offset) columns, names \(columns.count)")
        let p = offset + extraColumns
        // Factor values and codes side by side, factor-major, so the row loop reads two buffers.
        let flatNumbers = numbers.flatMap { $0 }, flatCodes = codes.flatMap { $0 }
        let skipRow = skipped ?? []
        let storage = [Double](unsafeUninitializedCapacity: n * p) { out, count in
            // Zeroed first (one memset, huge pages where the kernel allows), then one pass over
            // the rows writes the nonzeros.
            if let base = out.baseAddress {
                HugePages.advise(base, bytes: n * p * 8)
                memset(base, 0, n * p * 8)
            }
            count = n * p
            flatNumbers.withUnsafeBufferPointer { x in
                flatCodes.withUnsafeBufferPointer { c in
                    for r in 0..<n where skipRow.isEmpty || !skipRow[r] {
                        block: for b in 0..<firstColumn.count {
                            var column = firstColumn[b]
                            var value = 1.0
                            for k in firstUse[b]..<firstUse[b + 1] {
                                switch kinds[k] {
                                case 0:
                                    value *= x[slots[k] * n + r]
                                case 1:
                                    column += Int(c[slots[k] * n + r]) * strides[k]
                                default:
                                    let code = c[slots[k] * n + r], ref = references[k]
                                    if code == ref { continue block }
                                    column += Int(code < ref ? code : code - 1) * strides[k]
                                }
                            }
                            out[r + column * n] = value
                        }
                    }
                }
            }
        }
        return (Matrix(rows: n, columns: p, storage: storage), skipped)
    }

    /// A numeric factor's value per row; every row not skipped must be finite.
    func evaluate(_ f: DesignFactor, _ table: Table, skip: [Bool]?) throws -> [Double] {
        let n = table.rowCount
        let expression = try FactorExpression.parse(f.expression)
        var values = try FactorEvaluation.evaluate(expression) { name in
            let j = try table.columnIndex(name)
            if let cells = table.text[j] {
                for r in 0..<n where !(skip?[r] ?? false) && table.values.storage[j * n + r].isNaN && !Table.isMissingText(cells[r]) {
                    throw DesignError.textInNumericFactor(file: table.source, line: Int(table.lines[r]), column: name,
                                                          factor: f.name, text: cells[r])
                }
            }
            return table.values.column(j)
        }
        if values.count == 1 && n != 1 { values = [Double](repeating: values[0], count: n) }
        for r in 0..<n where !values[r].isFinite && !(skip?[r] ?? false) {
            if let e = firstProblem(f, table, row: r) { throw e }
            throw DesignError.nonFinite(file: table.source, line: Int(table.lines[r]), factor: f.name, value: values[r])
        }
        return values
    }

    /// A source cell of row r that is missing or not finite, as the data error it is.
    func firstProblem(_ f: DesignFactor, _ table: Table, row r: Int) -> Error? {
        for name in f.sources {
            guard let j = table.names.firstIndex(of: name) else { continue }
            let v = table.values.storage[j * table.rowCount + r]
            if table.isMissing(r, j, table.text[j]) {
                return DataError.missingCell(file: table.source, line: Int(table.lines[r]), column: name, text: table.text[j]?[r] ?? "")
            }
            if !v.isFinite { return DataError.nonFinite(file: table.source, line: Int(table.lines[r]), column: name, text: "\(v)") }
        }
        return nil
    }

    /// Each row's level index (into `f.levels`), matching numbers as numbers and text as text.
    func levelCodes(_ f: DesignFactor, _ table: Table, skip: inout [Bool]?, unknownLevels: UnknownLevelPolicy) throws -> [Int32] {
        let n = table.rowCount
        let j = try table.columnIndex(f.expression)
        let levels = f.levels ?? []
        let cells = table.text[j]
        var codes = [Int32](repeating: -1, count: n)
        func unknown(_ r: Int, _ value: String) throws {
            if table.isMissing(r, j, cells) {
                throw DataError.missingCell(file: table.source, line: Int(table.lines[r]), column: f.expression, text: value)
            }
            guard unknownLevels == .missing else {
                throw DesignError.unknownLevel(file: table.source, line: Int(table.lines[r]), column: f.expression,
                                               value: value, known: levels)
            }
            if skip == nil { skip = [Bool](repeating: false, count: n) }
            skip![r] = true
        }
        if f.numericLevels == true {
            var index: [Double: Int32] = [:]
            for (k, l) in levels.enumerated() { if let v = Double(l) { index[v] = Int32(k) } }
            for r in 0..<n where !(skip?[r] ?? false) {
                let v = table.values.storage[j * n + r]
                if let c = index[v] { codes[r] = c } else { try unknown(r, cells?[r] ?? Table.label(v)) }
            }
        } else {
            var index: [String: Int32] = [:]
            for (k, l) in levels.enumerated() { index[l] = Int32(k) }
            for r in 0..<n where !(skip?[r] ?? false) {
                let cell = cells?[r] ?? Table.label(table.values.storage[j * n + r])
                if let c = index[cell] { codes[r] = c } else { try unknown(r, cell) }
            }
        }
        return codes
    }
}

import Foundation
import Testing

/// Every bad input gets one clear line on stderr naming the file (and row and column where
/// they apply), a documented non-zero status, no crash or stack trace, and no output file.
@Suite struct BadInputTests {
    typealias Case = CLI.FailureCase

    static let cases: [Case] = [
        Case(name: "missing file", csv: nil, arguments: ["--model", "logistic"], status: 66,
             fragments: ["data.csv: no such file"]),
        Case(name: "empty file", csv: "", arguments: ["--model", "logistic"], status: 65,
             fragments: ["data.csv: the file is empty"]),
        Case(name: "header only", csv: "a,b,y\n", arguments: ["--model", "logistic"], status: 65,
             fragments: ["data.csv: the file has a header row but no data rows"]),
        Case(name: "too few fields", csv: "a,b,y\n1,2,0\n3,4\n5,6,1\n", arguments: ["--model", "logistic"], status: 65,
             fragments: ["data.csv: row 3 has too few fields: 2, expected 3"]),
        Case(name: "too many fields", csv: "a,b,y\n1,2,0\n3,4,1,9\n", arguments: ["--model", "logistic"], status: 65,
             fragments: ["data.csv: row 3 has too many fields: 4, expected 3"]),
        Case(name: "non-numeric cell", csv: "id,age,y\n1,30,0\n2,31,1\n3,40,0\n4,41,1\n5,50,0\n6,abc,1\n",
             arguments: ["--model", "logistic"], status: 65,
             fragments: ["data.csv: row 7, column \"age\": \"abc\" is not a number"]),
        Case(name: "NaN cell", csv: "a,b,y\n1,2,0\n3,NaN,1\n5,6,0\n", arguments: ["--model", "least-squares"], status: 65,
             fragments: ["data.csv: row 3, column \"b\": the value is missing (\"NaN\")", "--missing drop"]),
        Case(name: "+inf cell", csv: "a,b,y\n1,2,0\n3,4,1\n5,inf,0\n", arguments: ["--model", "least-squares"], status: 65,
             fragments: ["data.csv: row 4, column \"b\": \"inf\" is not a finite number"]),
        Case(name: "-inf cell", csv: "a,b,y\n1,2,0\n3,-1e999,1\n5,6,0\n", arguments: ["--model", "least-squares"], status: 65,
             fragments: ["data.csv: row 3, column \"b\": \"-1e999\" is not a finite number"]),
        Case(name: "NaN target", csv: "a,y\n1,2\n3,nan\n5,6\n", arguments: ["--model", "least-squares"], status: 65,
             fragments: ["data.csv: row 3, column \"y\": the value is missing (\"nan\")", "--missing drop"]),
        Case(name: "unknown target", csv: "a,b,y\n1,2,0\n3,4,1\n", arguments: ["--model", "logistic", "--target", "label"], status: 65,
             fragments: ["data.csv: no column named \"label\" (columns: a, b, y)"]),
        Case(name: "unknown feature", csv: "a,b,y\n1,2,0\n3,4,1\n", arguments: ["--model", "logistic", "--features", "a,c"], status: 65,
             fragments: ["data.csv: no column named \"c\""]),
        Case(name: "logistic with one class", csv: "a,y\n1,x\n2,x\n3,x\n", arguments: ["--model", "logistic"], status: 65,
             fragments: ["data.csv: logistic regression needs exactly 2 classes in column \"y\", found 1"]),
        Case(name: "logistic with three classes", csv: "a,y\n1,x\n2,y\n3,z\n4,x\n", arguments: ["--model", "logistic"], status: 65,
             fragments: ["found 3", "use --model multinomial"]),
        Case(name: "multinomial with one class", csv: "a,y\n1,7\n2,7\n3,7\n", arguments: ["--model", "multinomial"], status: 65,
             fragments: ["data.csv: multinomial regression needs at least 2 classes in column \"y\", found 1"]),
        Case(name: "fewer rows than parameters", csv: "a,b,c,y\n1,2,3,1\n2,1,0,2\n3,3,1,0\n",
             arguments: ["--model", "least-squares"], status: 4,
             fragments: ["data.csv: 3 rows but 4 parameters", "use --l2"]),
        Case(name: "fewer rows than parameters (logistic)", csv: "a,b,c,y\n1,2,3,1\n2,1,0,0\n",
             arguments: ["--model", "logistic"], status: 4, fragments: ["data.csv: 2 rows but 4 parameters"]),
        Case(name: "complete separation", csv: "a,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n", arguments: ["--model", "logistic"], status: 4,
             fragments: ["data.csv: complete or quasi-complete separation: the coefficients of", "\"a\"", "\"intercept\"", "diverge", "use --l2"]),
        Case(name: "quasi-complete separation", csv: "a,y\n1,0\n2,0\n3,1\n3,0\n4,1\n5,1\n", arguments: ["--model", "logistic"], status: 4,
             fragments: ["complete or quasi-complete separation"]),
        Case(name: "multinomial separation", csv: "a,y\n1,p\n2,p\n3,q\n4,q\n5,r\n6,r\n", arguments: ["--model", "multinomial"], status: 4,
             fragments: ["complete or quasi-complete separation"]),
        Case(name: "collinear columns", csv: "a,b,c,y\n1,2,5,0\n2,4,1,1\n3,6,2,0\n4,8,7,1\n5,10,3,1\n6,12,4,0\n",
             arguments: ["--model", "least-squares"], status: 4,
             fragments: ["data.csv: the Hessian is singular because columns", "\"a\"", "\"b\"", "collinear"]),
        Case(name: "collinear columns (logistic)", csv: "a,b,c,y\n1,3,5,0\n2,5,1,1\n3,7,2,0\n4,9,7,1\n5,11,3,1\n6,13,4,0\n",
             arguments: ["--model", "logistic"], status: 4, fragments: ["\"a\"", "\"b\"", "collinear"]),
        Case(name: "constant column with intercept", csv: "a,k,y\n1,3,0\n2,3,1\n3,3,0\n4,3,1\n",
             arguments: ["--model", "least-squares"], status: 4, fragments: ["\"k\" and \"intercept\" are collinear"]),
        Case(name: "logdet with fewer rows than variables", csv: "a,b,c,d\n1,2,3,4\n2,1,0,5\n3,3,1,1\n",
             arguments: ["--model", "logdet"], status: 4,
             fragments: ["data.csv: 3 rows for 4 variables", "use --l2"]),
        Case(name: "logdet with collinear variables", csv: "a,b,c\n1,2,3\n2,4,0\n3,6,1\n4,8,5\n5,10,2\n",
             arguments: ["--model", "logdet"], status: 4, fragments: ["sample covariance is singular", "\"a\"", "\"b\""]),
        Case(name: "unknown model", csv: "a,y\n1,2\n", arguments: ["--model", "probit"], status: 64,
             fragments: ["'probit' is invalid for '--model", "least-squares", "negative-binomial"]),
        Case(name: "unknown solver", csv: "a,y\n1,2\n", arguments: ["--model", "logistic", "--solver", "adam"], status: 64,
             fragments: ["'adam' is invalid for '--solver", "trust-region", "lbfgs"]),
        Case(name: "negative l2", csv: "a,y\n1,2\n2,3\n", arguments: ["--model", "least-squares", "--l2=-1"], status: 64,
             fragments: ["fit: --l2 must be ≥ 0"]),
        Case(name: "unterminated quote", csv: "a,y\n\"1,2\n", arguments: ["--model", "least-squares"], status: 65,
             fragments: ["data.csv: row 2: a quoted field is never closed"]),
    ]

    @Test(arguments: cases)
    func failsCleanly(_ c: Case) throws {
        try CLI.expectCleanFailure(c)
    }
}

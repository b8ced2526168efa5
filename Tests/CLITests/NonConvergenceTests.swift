import Foundation
import Testing
import HessianTestSupport

@Suite struct NonConvergenceTests {
    @Test func iterationLimitWithoutPenaltyIsNotMistakenForSeparation() throws {
        let result = try CLI.fit(["--model", "logistic", "--max-iter", "1", "--format", "json",
                                  "--features", "mean_radius,mean_texture", "Datasets/breast_cancer.csv"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(!result.stderr.contains("separation"))
    }

    @Test func separationIsReportedEvenWhenTheSolverStopsEarly() throws {
        let dir = try CLI.directory(["s.csv": "a,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n"])
        let result = try CLI.fit(["--model", "logistic", "--solver", "gradient-descent", "--max-iter", "5", "s.csv"], in: dir)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("separation"))
    }
}

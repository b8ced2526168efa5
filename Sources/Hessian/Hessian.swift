// Hessian: second-order optimization with analytic derivatives on OpenBLAS/LAPACK.
//
// The umbrella module: one `import Hessian` brings every layer. Each layer is its own target and
// may import only the ones above it in this list (README, "How it is built"):
//   HessianLinearAlgebra      Matrix (storage = vec X), BLAS/LAPACK wrappers and their errors, parallel-for
//   HessianCalculus           vec/unvec, Kronecker, commutation matrix, finite differences, derivative checks
//   HessianModels             the Objective protocol, Design and the models
//   HessianSolvers            minimize(_:from:using:threads:trace:), Newton, trust region, BFGS, L-BFGS, Newton-CG
//   HessianInference          standard errors, tests, information criteria, sandwich covariances
//   HessianLinearProgramming  a dense simplex method and the separation check built on it
//   HessianData               CSV reading, labelled tables, formulas → designs
//   HessianPartitioned        objectives summed over shards of rows (streamed and distributed fits)
//   HessianEstimation         Estimator, FittedModel, StreamedEstimator, model files
@_exported import HessianLinearAlgebra
@_exported import HessianCalculus
@_exported import HessianModels
@_exported import HessianSolvers
@_exported import HessianInference
@_exported import HessianLinearProgramming
@_exported import HessianData
@_exported import HessianPartitioned
@_exported import HessianEstimation

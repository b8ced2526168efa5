// Hessian: second-order optimization with analytic derivatives on OpenBLAS/LAPACK.
//
// Layers (dependencies point down only):
//   LinearAlgebra  Matrix (storage = vec X), BLAS/LAPACK wrappers and their errors
//   Calculus       vec/unvec, Kronecker, commutation matrix, derivative checker
//   Models         the Objective protocol and the four models
//   Solvers        minimize(_:from:using:threads:trace:), Newton, trust region, BFGS, L-BFGS, Newton-CG
//   Inference      standard errors, tests, information criteria
//   Data           CSV reading and labelled tables
//   LinearProgramming  a dense simplex method and the separation check built on it

# `make fit` fits a bundled dataset; `make test` runs every test. Both install the
# system libraries (OpenBLAS, LAPACKE) first when they are missing.
.PHONY: deps fit test bench-smoke fuzz sanitize mpi mpi-hosts docs

deps:
	@dpkg -s libopenblas-dev liblapacke-dev >/dev/null 2>&1 || { \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libopenblas-dev liblapacke-dev; }

fit: deps
	swift run -c release fit --model logistic --l2 1 --standardize --summary Datasets/breast_cancer.csv

test: deps
	swift build
	swift test

# --- Testing: fuzzing and sanitizers (see README, "Testing") ---
# `make fuzz`: each libFuzzer harness (Fuzz/) to 10⁶ executions, no crash, hang or sanitizer report.
fuzz: deps
	FUZZ_MIN_RUNS=1000000 bash Fuzz/run

# `make sanitize`: the whole suite under AddressSanitizer, then ThreadSanitizer (own build dirs);
# Tests/lsan.supp lists leaks inside the toolchain's Foundation and XCTest.
sanitize: deps
	LSAN_OPTIONS="suppressions=$(CURDIR)/Tests/lsan.supp print_suppressions=0 $$LSAN_OPTIONS" swift test --sanitize=address --scratch-path .build/asan
	swift test --sanitize=thread --scratch-path .build/tsan

# Data-parallel fits: installs Open MPI when missing, then builds fit-mpi with the MPI
# package trait in its own scratch path (toggling a trait rebuilds everything). MPI_CONFIGS picks
# the configurations (CI builds only the debug binary its tests use).
MPI_CONFIGS ?= debug release
mpi: deps
	@dpkg -s openmpi-bin libopenmpi-dev >/dev/null 2>&1 || { \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openmpi-bin libopenmpi-dev; }
	for c in $(MPI_CONFIGS); do swift build --traits MPI --scratch-path .build-mpi -c $$c --product fit-mpi || exit 1; done

# `make mpi-hosts`: fit-mpi on three hosts made of network namespaces on one bridge, one rank each,
# over Open MPI's TCP transport (.ci/mpi-hosts.sh): the coefficients of fit to 1e-10,
# then a rank killed mid-fit ends every rank within seconds, mpirun naming the lost rank in one
# line, and leaves no output file.
# Needs root for `ip netns`; exits 77 with the reason where namespaces cannot be created.
mpi-hosts:
	$(MAKE) mpi MPI_CONFIGS=debug
	swift build --product fit
	.ci/mpi-hosts.sh

# --- Documentation (DocC, swift-docc-plugin) ---
# `make docs`: one DocC archive per target plus a combined one (swift-docc-plugin's combined
# documentation, so the umbrella's articles and each layer's comments link into the layers they
# depend on as ``/HessianModels/Logistic``), a coverage table per target (`DOCC_COVERAGE=detailed`
# lists every symbol), and a failure on any DocC warning. Inherited documentation gives the
# synthesized conformance members (==, !=, Codable, Hashable, LocalizedError) their protocols' text.
DOCC_COVERAGE ?= brief
DOCC_TARGETS = Hessian HessianLinearAlgebra HessianCalculus HessianModels HessianSolvers HessianInference \
  HessianLinearProgramming HessianData HessianPartitioned HessianEstimation
docs: deps
	swift package --disable-sandbox generate-documentation --enable-experimental-combined-documentation \
	  --enable-inherited-docs --warnings-as-errors --experimental-documentation-coverage \
	  --coverage-summary-level $(DOCC_COVERAGE) $(addprefix --target ,$(DOCC_TARGETS))

// Open MPI defines its predefined handles as macros over global objects, which Swift cannot
// import; these inline functions return them. Built only with the MPI package trait.
#ifndef HESSIAN_CMPI_SHIM_H
#define HESSIAN_CMPI_SHIM_H
#include <mpi.h>

static inline MPI_Comm hessian_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype hessian_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype hessian_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype hessian_mpi_long(void) { return MPI_LONG; }
static inline MPI_Datatype hessian_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op hessian_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op hessian_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op hessian_mpi_min(void) { return MPI_MIN; }
#endif

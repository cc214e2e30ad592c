#ifndef mfpg_verification_mesh_stability_sweep_h
#define mfpg_verification_mesh_stability_sweep_h

#include "meshes/parameter_domain.h"
#include "model/model.h"
#include "solver/gibbs_fixed_point.h"
#include "verification/stability_sweep.h"
#include "verification/supremum_search.h"

#include <vector>

namespace mfpg
{
  /**
   * Experiment (b) of model.md §6 (§6.6 (b)) for any feature, in
   * d = dim = 1, 2, 3: the stationary law nu* of the model of
   * @p parameters and each nu'* at (sigma', tau') in @p sigmas x @p taus
   * are the Gibbs fixed points (GibbsFixedPoint, @p stationary) on the
   * same Q1 mesh of @p domain, nu* from the normalised e^{-U} and each nu'*
   * from nu*. W2(nu*, nu'*) by mesh_density_wasserstein() (exact in d = 1, grid
   * Sinkhorn with its error estimate in d = 2, 3), ∫|grad U|^2 dnu'* by
   * the nodal quadrature, against the bound of model.md §6.3 with the
   * constants of stability_constants() (grid estimates for a linear
   * feature, sampled ones otherwise). Checked before the constants, each a
   * ParameterError: the feature's dimension is dim, every sigma' > 0 (the
   * Gibbs map has 2 / sigma'^2), and in d = 2, 3 the mesh is a uniform
   * tensor grid. The run is serial (MPI_COMM_SELF).
   */
  template <int dim>
  StabilitySweep
  mesh_stability_sweep(const Model::Parameters         &parameters,
                       const std::vector<double>       &sigmas,
                       const std::vector<double>       &taus,
                       const ParameterDomain           &domain,
                       const GibbsFixedPointParameters &stationary,
                       const SupremumSearch            &search);
} // namespace mfpg

#endif

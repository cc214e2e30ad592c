#ifndef mfpg_verification_mesh_barrier_laws_h
#define mfpg_verification_mesh_barrier_laws_h

#include <deal.II/lac/vector.h>

#include "model/initial_law.h"
#include "solver/fokker_planck_solver.h"
#include "solver/gibbs_fixed_point.h"
#include "solver/mesh_discretisation.h"
#include "verification/barrier_sweep.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"

#include <memory>

namespace mfpg
{
  /**
   * BarrierStationaryLaws on a mesh (docs/model.md §13.2), any feature,
   * d = dim = 1, 2, 3: every stationary law the Gibbs fixed point
   * (GibbsFixedPoint, @p stationary) on the Q1 mesh of @p flow.mesh from
   * the normalised e^{-U}, W2 between two of them by
   * mesh_density_wasserstein() (exact in d = 1, grid Sinkhorn with its
   * error estimate in d = 2, 3); C_2 and L sampled on the box of
   * @p sampling and over R^d by @p search
   * (global_sampled_convergence_constants()), beta over R^d; the observed
   * rate and, with @p perturbation > 0, the linearised rate of
   * exponential_convergence() (the mesh flow of @p flow from
   * @p initial_law, without files, fitted on [@p fit_start, T]). Serial
   * (MPI_COMM_SELF); in d = 2, 3 the mesh must be a uniform tensor grid
   * (a ParameterError naming "Mesh" otherwise). A stationary law with
   * more mass in the outermost layer of cells than Output/Boundary mass
   * tolerance stops the sweep with a std::runtime_error naming the
   * placement and the strength (the box would truncate it: the escape of
   * fact 2 is then not measured).
   */
  template <int dim>
  class MeshStationaryLaws : public BarrierStationaryLaws
  {
  public:
    MeshStationaryLaws(const InitialLaw                &initial_law,
                       const MeshFlowParameters        &flow,
                       const GibbsFixedPointParameters &stationary,
                       const ConstantSampling          &sampling,
                       const SupremumSearch            &search,
                       const double                     fit_start,
                       const double                     perturbation);

    Law
    stationary_law(const Model &model, const bool reference) override;

    std::pair<double, double>
    distance_to_reference() const override;

    void
    rates(const Model &model, BarrierStrengthResult &point) const override;

  private:
    const InitialLaw             &initial_law;
    MeshFlowParameters            flow;
    GibbsFixedPointParameters     stationary;
    ConstantSampling              sampling;
    SupremumSearch                search;
    double                        fit_start;
    double                        perturbation;
    const MeshDiscretisation<dim> mesh;
    dealii::Vector<double>        reference;
    dealii::Vector<double>        last;
  };

  extern template class MeshStationaryLaws<1>;
  extern template class MeshStationaryLaws<2>;
  extern template class MeshStationaryLaws<3>;
} // namespace mfpg

#endif

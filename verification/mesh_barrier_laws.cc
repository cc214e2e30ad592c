#include "verification/mesh_barrier_laws.h"

#include "model/coupling_weights.h"
#include "solver/nodal_quadrature.h"
#include "verification/exponential_convergence.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/theorem_verdict.h"

#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  template <int dim>
  MeshStationaryLaws<dim>::MeshStationaryLaws(
    const InitialLaw                &initial_law,
    const MeshFlowParameters        &flow,
    const GibbsFixedPointParameters &stationary,
    const ConstantSampling          &sampling,
    const SupremumSearch            &search,
    const double                     fit_start,
    const double                     perturbation)
    : initial_law(initial_law)
    , flow(flow)
    , stationary(stationary)
    , sampling(sampling)
    , search(search)
    , fit_start(fit_start)
    , perturbation(perturbation)
    , mesh(flow.mesh, 1, MPI_COMM_SELF)
  {
    // the sweep runs one flow per strength: no files of its own
    this->flow.output.directory.clear();
  }

  template <int dim>
  BarrierStationaryLaws::Law
  MeshStationaryLaws<dim>::stationary_law(const Model &model,
                                          const bool   reference_law)
  {
    model.require_dimension(dim, "the barrier sweep on the mesh");
    model.require_diffusion("the Gibbs fixed point");
    const dealii::Vector<double> U =
      nodal_quadrature::potential_values(mesh, model);
    const dealii::Vector<double> prior =
      nodal_quadrature::gibbs_density(mesh, U);
    require_tensor_grid(mesh, prior);
    last = GibbsFixedPoint<dim>(model, mesh, stationary).solve(prior).density;
    const double boundary = nodal_quadrature::boundary_layer_mass(mesh, last);
    if (boundary > flow.output.boundary_mass_tolerance)
      {
        const SafetyConstraint::Parameters &barrier =
          model.mdp().safety()->parameters();
        std::ostringstream message;
        message << "the stationary law with Barrier placement = "
                << barrier.placement;
        if (!barrier.is_hard())
          message << " at strength " << barrier.strength;
        message << " has mass " << std::setprecision(3) << boundary
                << " in the outermost layer of cells, above 'Output/Boundary "
                   "mass tolerance' = "
                << flow.output.boundary_mass_tolerance
                << ": enlarge the box (Mesh/Lower corner, Upper corner)";
        throw std::runtime_error(message.str());
      }
    if (reference_law)
      reference = last;
    const dealii::FullMatrix<double> F =
      nodal_quadrature::policy_energy(mesh, model, last);
    const double V = PolicyGradient(model.mdp(), F).evaluation().objective();
    return {
      nodal_quadrature::mean(mesh, last),
      model.regularised_objective(V,
                                  nodal_quadrature::regulariser_plus_energy(
                                    mesh, model.regulariser(), last, U)),
      F};
  }

  template <int dim>
  std::pair<double, double>
  MeshStationaryLaws<dim>::distance_to_reference() const
  {
    const GridWasserstein w2 = mesh_density_wasserstein(mesh, last, reference);
    return {w2.distance, w2.error_estimate};
  }

  template <int dim>
  void
  MeshStationaryLaws<dim>::rates(const Model           &model,
                                 BarrierStrengthResult &point) const
  {
    const ConvergenceConstants on_box =
      sampled_convergence_constants(model, sampling);
    const ConvergenceConstants global =
      global_sampled_convergence_constants(model, sampling, search);
    point.lipschitz                     = global.L.value;
    point.beta                          = global.beta();
    const ExponentialConvergence result = exponential_convergence<dim>(
      model,
      initial_law,
      flow,
      stationary,
      theorem_hypothesis(on_box, global, sampling.hi, dim),
      fit_start,
      std::nullopt,
      perturbation);
    point.observed_rate   = result.observed_rate;
    point.linearised_rate = result.linearised_rate.value;
  }

  template class MeshStationaryLaws<1>;
  template class MeshStationaryLaws<2>;
  template class MeshStationaryLaws<3>;
} // namespace mfpg

#include "verification/mesh_stability_sweep.h"

#include "model/parameter_file.h"
#include "solver/mesh_discretisation.h"
#include "solver/nodal_quadrature.h"
#include "verification/mesh_density_wasserstein.h"

#include <string>

namespace mfpg
{
  namespace
  {
    /** ∫|grad U|^2 dnu by the nodal quadrature (model.md §6.3). */
    template <int dim>
    double
    mean_squared_gradient(const MeshDiscretisation<dim> &mesh,
                          const Model                   &model,
                          const dealii::Vector<double>  &nu)
    {
      dealii::Vector<double> weighted(nu);
      std::vector<double>    gradient(dim);
      for (unsigned int k = 0; k < weighted.size(); ++k)
        {
          model.potential().gradient(mesh.theta(k),
                                     dealii::make_array_view(gradient));
          double squared = 0.;
          for (const double g : gradient)
            squared += g * g;
          weighted[k] *= squared;
        }
      return nodal_quadrature::mass(mesh, weighted);
    }
  } // namespace

  template <int dim>
  StabilitySweep
  mesh_stability_sweep(const Model::Parameters         &parameters,
                       const std::vector<double>       &sigmas,
                       const std::vector<double>       &taus,
                       const ParameterDomain           &domain,
                       const GibbsFixedPointParameters &stationary,
                       const SupremumSearch            &search)
  {
    const Model reference(parameters);
    reference.require_dimension(dim, "the stationary laws on the mesh");
    reference.require_diffusion("the Gibbs fixed point");
    require_positive_sigmas(sigmas, "the Gibbs fixed point");
    const MeshDiscretisation<dim> mesh(domain, 1, MPI_COMM_SELF);
    const dealii::Vector<double>  prior = nodal_quadrature::gibbs_density(
      mesh, nodal_quadrature::potential_values(mesh, reference));
    require_tensor_grid(mesh, prior);

    StabilitySweep sweep = stability_constants(parameters, taus, search);
    const auto     nu_star =
      GibbsFixedPoint<dim>(reference, mesh, stationary).solve(prior);
    sweep.fixed_point_residual = nu_star.residual;
    for (const double sigma_prime : sigmas)
      for (const double tau_prime : taus)
        {
          const Model other(
            with_sigma_and_tau(parameters, sigma_prime, tau_prime));
          const auto nu_prime = GibbsFixedPoint<dim>(other, mesh, stationary)
                                  .solve(nu_star.density);
          const GridWasserstein w2 =
            mesh_density_wasserstein(mesh, nu_star.density, nu_prime.density);
          sweep.add_point(sigma_prime,
                          tau_prime,
                          w2.distance,
                          w2.error_estimate,
                          nu_prime.residual,
                          mean_squared_gradient(mesh,
                                                reference,
                                                nu_prime.density));
        }
    return sweep;
  }

  template StabilitySweep
  mesh_stability_sweep<1>(const Model::Parameters &,
                          const std::vector<double> &,
                          const std::vector<double> &,
                          const ParameterDomain &,
                          const GibbsFixedPointParameters &,
                          const SupremumSearch &);
  template StabilitySweep
  mesh_stability_sweep<2>(const Model::Parameters &,
                          const std::vector<double> &,
                          const std::vector<double> &,
                          const ParameterDomain &,
                          const GibbsFixedPointParameters &,
                          const SupremumSearch &);
  template StabilitySweep
  mesh_stability_sweep<3>(const Model::Parameters &,
                          const std::vector<double> &,
                          const std::vector<double> &,
                          const ParameterDomain &,
                          const GibbsFixedPointParameters &,
                          const SupremumSearch &);
} // namespace mfpg

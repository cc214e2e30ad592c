#include "solver/nodal_quadrature.h"

#include <boost/math/tools/roots.hpp>

#include "model/slotboom_potential.h"

#include <deal.II/base/mpi.h>

#include <cmath>
#include <vector>

namespace mfpg::nodal_quadrature
{
  template <int dim>
  dealii::FullMatrix<double>
  policy_energy(const MeshDiscretisation<dim> &discretisation,
                const Model                   &model,
                const dealii::Vector<double>  &nu)
  {
    dealii::FullMatrix<double> F(model.mdp().n_states(),
                                 model.mdp().n_actions());
    const auto                &m       = discretisation.lumped_mass();
    const unsigned int         n_owned = discretisation.n_locally_owned();
    std::vector<double>        weights(n_owned);
    for (unsigned int k = 0; k < n_owned; ++k)
      weights[k] = m[k] * nu[k];
    // the owned nodes come first in the local numbering
    if (n_owned > 0)
      model.feature().add_values_at_points(discretisation.theta(0).data(),
                                           weights.data(),
                                           n_owned,
                                           F);
    const unsigned int n = F.m() * F.n();
    dealii::Utilities::MPI::sum(dealii::ArrayView<const double>(&F(0, 0), n),
                                discretisation.communicator(),
                                dealii::ArrayView<double>(&F(0, 0), n));
    return F;
  }

  template <int dim>
  dealii::Vector<double>
  slotboom_potential(const MeshDiscretisation<dim>    &discretisation,
                     const Model                      &model,
                     const dealii::FullMatrix<double> &W)
  {
    dealii::Vector<double> Phi(discretisation.n_locally_relevant());
    if (Phi.size() > 0)
      slotboom_potential_at_points(model.feature(),
                                   model.potential(),
                                   model.sigma(),
                                   W,
                                   discretisation.theta(0).data(),
                                   Phi.size(),
                                   Phi.data());
    return Phi;
  }

  template <int dim>
  dealii::Vector<double>
  potential_values(const MeshDiscretisation<dim> &discretisation,
                   const Model                   &model)
  {
    dealii::Vector<double> U(discretisation.n_locally_relevant());
    for (unsigned int k = 0; k < U.size(); ++k)
      U[k] = model.potential().value(discretisation.theta(k));
    return U;
  }

  namespace
  {
    /** sum_k w_k nu_k over all ranks' owned nodes. */
    template <int dim>
    double
    weighted_sum(const MeshDiscretisation<dim> &discretisation,
                 const dealii::Vector<double>  &w,
                 const dealii::Vector<double>  &nu)
    {
      double sum = 0.;
      for (unsigned int k = 0; k < discretisation.n_locally_owned(); ++k)
        sum += w[k] * nu[k];
      return dealii::Utilities::MPI::sum(sum, discretisation.communicator());
    }
  } // namespace

  template <int dim>
  double
  mass(const MeshDiscretisation<dim> &discretisation,
       const dealii::Vector<double>  &nu)
  {
    return weighted_sum(discretisation, discretisation.lumped_mass(), nu);
  }

  template <int dim>
  double
  boundary_layer_mass(const MeshDiscretisation<dim> &discretisation,
                      const dealii::Vector<double>  &nu)
  {
    return weighted_sum(discretisation,
                        discretisation.boundary_layer_weights(),
                        nu);
  }

  template <int dim>
  dealii::Vector<double>
  mean(const MeshDiscretisation<dim> &discretisation,
       const dealii::Vector<double>  &nu)
  {
    dealii::Vector<double> m(dim);
    const auto            &weights = discretisation.lumped_mass();
    for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
      for (unsigned int k = 0; k < dim; ++k)
        m[k] += weights[i] * nu[i] * discretisation.support_points()[i][k];
    dealii::Utilities::MPI::sum(dealii::ArrayView<const double>(m.begin(), dim),
                                discretisation.communicator(),
                                dealii::ArrayView<double>(m.begin(), dim));
    m /= mass(discretisation, nu);
    return m;
  }

  template <int dim>
  dealii::FullMatrix<double>
  covariance(const MeshDiscretisation<dim> &discretisation,
             const dealii::Vector<double>  &nu)
  {
    const dealii::Vector<double> m       = mean(discretisation, nu);
    const auto                  &weights = discretisation.lumped_mass();
    dealii::FullMatrix<double>   S(dim, dim);
    for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
      {
        const auto &theta = discretisation.support_points()[i];
        for (unsigned int k = 0; k < dim; ++k)
          for (unsigned int l = 0; l < dim; ++l)
            S(k, l) +=
              weights[i] * nu[i] * (theta[k] - m[k]) * (theta[l] - m[l]);
      }
    dealii::Utilities::MPI::sum(dealii::ArrayView<const double>(&S(0, 0),
                                                                dim * dim),
                                discretisation.communicator(),
                                dealii::ArrayView<double>(&S(0, 0), dim * dim));
    S *= 1. / mass(discretisation, nu);
    return S;
  }

  template <int dim>
  double
  regulariser_plus_energy(const MeshDiscretisation<dim> &discretisation,
                          const Regulariser             &h,
                          const dealii::Vector<double>  &nu,
                          const dealii::Vector<double>  &g)
  {
    const auto &weights = discretisation.lumped_mass();
    double      sum     = 0.;
    for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
      if (nu[i] > 0.)
        sum += weights[i] * (h.value(nu[i]) + nu[i] * g[i]);
    return dealii::Utilities::MPI::sum(sum, discretisation.communicator());
  }

  template <int dim>
  double
  relative_l2_difference(const MeshDiscretisation<dim> &discretisation,
                         const dealii::Vector<double>  &a,
                         const dealii::Vector<double>  &b)
  {
    double sums[2] = {0., 0.};
    for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
      {
        const double m = discretisation.lumped_mass()[i];
        sums[0] += m * (a[i] - b[i]) * (a[i] - b[i]);
        sums[1] += m * b[i] * b[i];
      }
    dealii::Utilities::MPI::sum(sums, discretisation.communicator(), sums);
    return std::sqrt(sums[0] / sums[1]);
  }

  namespace
  {
    /** ln ∫ e^{-Phi}, with the minimum of Phi factored out. */
    template <int dim>
    double
    log_partition(const MeshDiscretisation<dim> &discretisation,
                  const dealii::Vector<double>  &Phi)
    {
      const double Phi_min = discretisation.minimum(Phi);
      double       Z       = 0.;
      for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
        Z += discretisation.lumped_mass()[i] * std::exp(Phi_min - Phi[i]);
      return std::log(
               dealii::Utilities::MPI::sum(Z, discretisation.communicator())) -
             Phi_min;
    }
  } // namespace

  template <int dim>
  dealii::Vector<double>
  gibbs_density(const MeshDiscretisation<dim> &discretisation,
                const dealii::Vector<double>  &Phi)
  {
    const double           log_Z = log_partition(discretisation, Phi);
    dealii::Vector<double> Gamma(Phi.size());
    for (unsigned int i = 0; i < Phi.size(); ++i)
      Gamma[i] = std::exp(-Phi[i] - log_Z);
    return Gamma;
  }

  template <int dim>
  dealii::Vector<double>
  stationary_density(const MeshDiscretisation<dim> &discretisation,
                     const Regulariser             &h,
                     const dealii::Vector<double>  &Phi)
  {
    if (h.is_entropy())
      return gibbs_density(discretisation, Phi);
    dealii::Vector<double> Gamma(Phi.size());
    const auto             fill = [&](const double c) {
      for (unsigned int i = 0; i < Phi.size(); ++i)
        Gamma[i] = h.derivative_inverse(c - Phi[i]);
      return mass(discretisation, Gamma) - 1.;
    };
    // the mass is 0 for c <= min Phi + h'(0) and increases without bound
    double lower = discretisation.minimum(Phi) + h.derivative(0.);
    double step  = 1.;
    while (fill(lower + step) < 0.)
      step *= 2.;
    std::uintmax_t iterations = 200;
    const auto     bracket    = boost::math::tools::toms748_solve(
      fill,
      lower,
      lower + step,
      boost::math::tools::eps_tolerance<double>(),
      iterations);
    fill(0.5 * (bracket.first + bracket.second));
    return Gamma;
  }

  template <int dim>
  double
  gibbs_relative_entropy(const MeshDiscretisation<dim> &discretisation,
                         const dealii::Vector<double>  &nu,
                         const dealii::Vector<double>  &Phi)
  {
    static const Regulariser entropy{Regulariser::Parameters()};
    return regulariser_plus_energy(discretisation, entropy, nu, Phi) +
           mass(discretisation, nu) * log_partition(discretisation, Phi);
  }

#define MFPG_INSTANTIATE(dim)                                               \
  template dealii::FullMatrix<double> policy_energy(                        \
    const MeshDiscretisation<dim> &,                                        \
    const Model &,                                                          \
    const dealii::Vector<double> &);                                        \
  template dealii::Vector<double> slotboom_potential(                       \
    const MeshDiscretisation<dim> &,                                        \
    const Model &,                                                          \
    const dealii::FullMatrix<double> &);                                    \
  template dealii::Vector<double> potential_values(                         \
    const MeshDiscretisation<dim> &, const Model &);                        \
  template double mass(const MeshDiscretisation<dim> &,                     \
                       const dealii::Vector<double> &);                     \
  template double boundary_layer_mass(const MeshDiscretisation<dim> &,      \
                                      const dealii::Vector<double> &);      \
  template dealii::Vector<double>     mean(const MeshDiscretisation<dim> &, \
                                           const dealii::Vector<double> &); \
  template dealii::FullMatrix<double> covariance(                           \
    const MeshDiscretisation<dim> &, const dealii::Vector<double> &);       \
  template double regulariser_plus_energy(const MeshDiscretisation<dim> &,  \
                                          const Regulariser &,              \
                                          const dealii::Vector<double> &,   \
                                          const dealii::Vector<double> &);  \
  template double relative_l2_difference(const MeshDiscretisation<dim> &,   \
                                         const dealii::Vector<double> &,    \
                                         const dealii::Vector<double> &);   \
  template dealii::Vector<double> gibbs_density(                            \
    const MeshDiscretisation<dim> &, const dealii::Vector<double> &);       \
  template dealii::Vector<double> stationary_density(                       \
    const MeshDiscretisation<dim> &,                                        \
    const Regulariser &,                                                    \
    const dealii::Vector<double> &);                                        \
  template double gibbs_relative_entropy(const MeshDiscretisation<dim> &,   \
                                         const dealii::Vector<double> &,    \
                                         const dealii::Vector<double> &);

  MFPG_INSTANTIATE(1)
  MFPG_INSTANTIATE(2)
  MFPG_INSTANTIATE(3)
#undef MFPG_INSTANTIATE
} // namespace mfpg::nodal_quadrature

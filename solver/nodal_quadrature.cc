#include "solver/nodal_quadrature.h"

#include <cmath>

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
    const auto                &m = discretisation.lumped_mass();
    for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
      if (nu[i] != 0.)
        model.feature().add_values(discretisation.theta(i), m[i] * nu[i], F);
    return F;
  }

  template <int dim>
  dealii::Vector<double>
  slotboom_potential(const MeshDiscretisation<dim>    &discretisation,
                     const Model                      &model,
                     const dealii::FullMatrix<double> &W)
  {
    const double           scale = 2. / (model.sigma() * model.sigma());
    dealii::Vector<double> Phi(discretisation.n_dofs());
    for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
      Phi[i] =
        model.potential().value(discretisation.theta(i)) -
        scale * model.feature().first_variation(discretisation.theta(i), W);
    return Phi;
  }

  template <int dim>
  dealii::Vector<double>
  potential_values(const MeshDiscretisation<dim> &discretisation,
                   const Model                   &model)
  {
    dealii::Vector<double> U(discretisation.n_dofs());
    for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
      U[i] = model.potential().value(discretisation.theta(i));
    return U;
  }

  template <int dim>
  double
  mass(const MeshDiscretisation<dim> &discretisation,
       const dealii::Vector<double>  &nu)
  {
    return discretisation.lumped_mass() * nu;
  }

  template <int dim>
  dealii::Vector<double>
  mean(const MeshDiscretisation<dim> &discretisation,
       const dealii::Vector<double>  &nu)
  {
    dealii::Vector<double> m(dim);
    const auto            &weights = discretisation.lumped_mass();
    for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
      for (unsigned int k = 0; k < dim; ++k)
        m[k] += weights[i] * nu[i] * discretisation.support_points()[i][k];
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
    for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
      {
        const auto &theta = discretisation.support_points()[i];
        for (unsigned int k = 0; k < dim; ++k)
          for (unsigned int l = 0; l < dim; ++l)
            S(k, l) +=
              weights[i] * nu[i] * (theta[k] - m[k]) * (theta[l] - m[l]);
      }
    S *= 1. / mass(discretisation, nu);
    return S;
  }

  template <int dim>
  double
  entropy_plus_energy(const MeshDiscretisation<dim> &discretisation,
                      const dealii::Vector<double>  &nu,
                      const dealii::Vector<double>  &g)
  {
    const auto &weights = discretisation.lumped_mass();
    double      sum     = 0.;
    for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
      if (nu[i] > 0.)
        sum += weights[i] * nu[i] * (std::log(nu[i]) + g[i]);
    return sum;
  }

  template <int dim>
  double
  relative_l2_difference(const MeshDiscretisation<dim> &discretisation,
                         const dealii::Vector<double>  &a,
                         const dealii::Vector<double>  &b)
  {
    double difference = 0., norm = 0.;
    for (unsigned int i = 0; i < a.size(); ++i)
      {
        const double m = discretisation.lumped_mass()[i];
        difference += m * (a[i] - b[i]) * (a[i] - b[i]);
        norm += m * b[i] * b[i];
      }
    return std::sqrt(difference / norm);
  }

  namespace
  {
    /** ln ∫ e^{-Phi}, with the minimum of Phi factored out. */
    template <int dim>
    double
    log_partition(const MeshDiscretisation<dim> &discretisation,
                  const dealii::Vector<double>  &Phi)
    {
      const double Phi_min = *std::min_element(Phi.begin(), Phi.end());
      double       Z       = 0.;
      for (unsigned int i = 0; i < discretisation.n_dofs(); ++i)
        Z += discretisation.lumped_mass()[i] * std::exp(Phi_min - Phi[i]);
      return std::log(Z) - Phi_min;
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
  double
  gibbs_relative_entropy(const MeshDiscretisation<dim> &discretisation,
                         const dealii::Vector<double>  &nu,
                         const dealii::Vector<double>  &Phi)
  {
    return entropy_plus_energy(discretisation, nu, Phi) +
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
  template double                     mass(const MeshDiscretisation<dim> &, \
                                           const dealii::Vector<double> &); \
  template dealii::Vector<double>     mean(const MeshDiscretisation<dim> &, \
                                           const dealii::Vector<double> &); \
  template dealii::FullMatrix<double> covariance(                           \
    const MeshDiscretisation<dim> &, const dealii::Vector<double> &);       \
  template double entropy_plus_energy(const MeshDiscretisation<dim> &,      \
                                      const dealii::Vector<double> &,       \
                                      const dealii::Vector<double> &);      \
  template double relative_l2_difference(const MeshDiscretisation<dim> &,   \
                                         const dealii::Vector<double> &,    \
                                         const dealii::Vector<double> &);   \
  template dealii::Vector<double> gibbs_density(                            \
    const MeshDiscretisation<dim> &, const dealii::Vector<double> &);       \
  template double gibbs_relative_entropy(const MeshDiscretisation<dim> &,   \
                                         const dealii::Vector<double> &,    \
                                         const dealii::Vector<double> &);

  MFPG_INSTANTIATE(1)
  MFPG_INSTANTIATE(2)
  MFPG_INSTANTIATE(3)
#undef MFPG_INSTANTIATE
} // namespace mfpg::nodal_quadrature

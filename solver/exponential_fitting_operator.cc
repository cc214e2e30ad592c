#include "solver/exponential_fitting_operator.h"

#include <deal.II/base/mpi.h>

#include <algorithm>
#include <cmath>

namespace mfpg
{
  double
  bernoulli(const double x)
  {
    return std::abs(x) < 1e-10 ? 1. - 0.5 * x : x / std::expm1(x);
  }

  namespace
  {
    /** S(x) = (x/2) / sinh(x/2) = B(x) e^{x/2}, S(0) = 1. */
    double
    symmetrised_bernoulli(const double x)
    {
      const double half = 0.5 * std::abs(x);
      return half < 1e-8 ? 1. : half / std::sinh(half);
    }
  } // namespace

  template <int dim>
  ExponentialFittingOperator<dim>::ExponentialFittingOperator(
    const MeshDiscretisation<dim> &discretisation,
    const double                   sigma)
    : discretisation(discretisation)
    , diffusion(0.5 * sigma * sigma)
  {
  }

  template <int dim>
  void
  ExponentialFittingOperator<dim>::assemble_system(
    const dealii::Vector<double>             &Phi,
    const double                              alpha,
    const double                              dt,
    dealii::PETScWrappers::MPI::SparseMatrix &matrix) const
  {
    const auto &mass = discretisation.lumped_mass();
    std::vector<dealii::types::global_dof_index> columns;
    std::vector<double>                          values;
    // the stiffness has no entries for dofs of no common Q1 (sub-)cell,
    // which the sparsity pattern may hold
    matrix = 0.;
    for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
      {
        columns.clear();
        values.clear();
        const auto k_columns = discretisation.stiffness_columns(i);
        const auto k_values  = discretisation.stiffness_values(i);
        double     diagonal  = alpha * mass[i];
        for (unsigned int e = 0; e < k_columns.size(); ++e)
          {
            const unsigned int j = k_columns[e];
            if (j == i)
              continue;
            const double weight = diffusion * k_values[e];
            columns.push_back(discretisation.global_index(j));
            values.push_back(dt * weight *
                             symmetrised_bernoulli(Phi[i] - Phi[j]));
            diagonal -= dt * weight * bernoulli(Phi[j] - Phi[i]);
          }
        columns.push_back(discretisation.global_index(i));
        values.push_back(diagonal);
        matrix.set(discretisation.global_index(i),
                   columns.size(),
                   columns.data(),
                   values.data());
      }
    matrix.compress(dealii::VectorOperation::insert);
  }

  template <int dim>
  dealii::Vector<double>
  ExponentialFittingOperator<dim>::unknown_scaling(
    const dealii::Vector<double> &Phi) const
  {
    const double           Phi_min = discretisation.minimum(Phi);
    dealii::Vector<double> E(Phi.size());
    for (unsigned int i = 0; i < Phi.size(); ++i)
      E[i] = std::exp(0.5 * (Phi[i] - Phi_min));
    return E;
  }

  template <int dim>
  dealii::Vector<double>
  ExponentialFittingOperator<dim>::mass_times(
    const dealii::Vector<double> &x) const
  {
    dealii::Vector<double> result(x);
    result.scale(discretisation.lumped_mass());
    return result;
  }

  template <int dim>
  bool
  ExponentialFittingOperator<dim>::is_symmetric() const
  {
    return true;
  }

  template <int dim>
  double
  ExponentialFittingOperator<dim>::dissipation(
    const dealii::Vector<double> &Phi,
    const dealii::Vector<double> &nu) const
  {
    return discrete_dissipation(discretisation, diffusion, Phi, nu);
  }

  template <int dim>
  double
  discrete_dissipation(const MeshDiscretisation<dim> &discretisation,
                       const double                   diffusion,
                       const dealii::Vector<double>  &Phi,
                       const dealii::Vector<double>  &nu)
  {
    const double tiny = 1e-300;
    double       sum  = 0.;
    // each edge once, on the rank owning its lower global index
    for (unsigned int i = 0; i < discretisation.n_locally_owned(); ++i)
      {
        const auto k_columns = discretisation.stiffness_columns(i);
        const auto k_values  = discretisation.stiffness_values(i);
        for (unsigned int e = 0; e < k_columns.size(); ++e)
          {
            const unsigned int j = k_columns[e];
            if (discretisation.global_index(j) <=
                discretisation.global_index(i))
              continue;
            const double flux = bernoulli(Phi[j] - Phi[i]) * nu[i] -
                                bernoulli(Phi[i] - Phi[j]) * nu[j];
            const double log_ratio = std::log(std::max(nu[i], tiny)) + Phi[i] -
                                     std::log(std::max(nu[j], tiny)) - Phi[j];
            sum -= k_values[e] * flux * log_ratio;
          }
      }
    sum = dealii::Utilities::MPI::sum(sum, discretisation.communicator());
    return diffusion * diffusion * sum;
  }

  template class ExponentialFittingOperator<1>;
  template class ExponentialFittingOperator<2>;
  template class ExponentialFittingOperator<3>;
  template double
  discrete_dissipation(const MeshDiscretisation<1> &,
                       const double,
                       const dealii::Vector<double> &,
                       const dealii::Vector<double> &);
  template double
  discrete_dissipation(const MeshDiscretisation<2> &,
                       const double,
                       const dealii::Vector<double> &,
                       const dealii::Vector<double> &);
  template double
  discrete_dissipation(const MeshDiscretisation<3> &,
                       const double,
                       const dealii::Vector<double> &,
                       const dealii::Vector<double> &);
} // namespace mfpg

#include "solver/fokker_planck_operator.h"

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
  FokkerPlanckOperator<dim>::FokkerPlanckOperator(
    const MeshDiscretisation<dim> &discretisation,
    const double                   sigma)
    : discretisation(discretisation)
    , diffusion(0.5 * sigma * sigma)
  {}

  template <int dim>
  void
  FokkerPlanckOperator<dim>::assemble_symmetrised_system(
    const dealii::Vector<double> &            Phi,
    const double                              alpha,
    const double                              dt,
    dealii::PETScWrappers::MPI::SparseMatrix &matrix) const
  {
    const auto &k    = discretisation.stiffness();
    const auto &mass = discretisation.lumped_mass();
    std::vector<dealii::types::global_dof_index> columns;
    std::vector<double>                          values;
    for (unsigned int i = 0; i < k.m(); ++i)
      {
        columns.clear();
        values.clear();
        double diagonal = alpha * mass[i];
        for (auto entry = k.begin(i); entry != k.end(i); ++entry)
          {
            const unsigned int j = entry->column();
            if (j == i)
              continue;
            const double weight = diffusion * entry->value();
            columns.push_back(j);
            values.push_back(dt * weight * symmetrised_bernoulli(Phi[i] - Phi[j]));
            diagonal -= dt * weight * bernoulli(Phi[j] - Phi[i]);
          }
        columns.push_back(i);
        values.push_back(diagonal);
        matrix.set(i, columns.size(), columns.data(), values.data());
      }
    matrix.compress(dealii::VectorOperation::insert);
  }

  template <int dim>
  dealii::Vector<double>
  FokkerPlanckOperator<dim>::apply(const dealii::Vector<double> &Phi,
                                   const dealii::Vector<double> &nu) const
  {
    const auto &           k = discretisation.stiffness();
    dealii::Vector<double> result(nu.size());
    for (unsigned int i = 0; i < k.m(); ++i)
      for (auto entry = k.begin(i); entry != k.end(i); ++entry)
        {
          const unsigned int j = entry->column();
          if (j != i)
            result[i] -= diffusion * entry->value() *
                         (bernoulli(Phi[j] - Phi[i]) * nu[i] -
                          bernoulli(Phi[i] - Phi[j]) * nu[j]);
        }
    return result;
  }

  template <int dim>
  double
  FokkerPlanckOperator<dim>::dissipation(const dealii::Vector<double> &Phi,
                                         const dealii::Vector<double> &nu) const
  {
    const auto &k   = discretisation.stiffness();
    const double tiny = 1e-300;
    double       sum  = 0.;
    for (unsigned int i = 0; i < k.m(); ++i)
      for (auto entry = k.begin(i); entry != k.end(i); ++entry)
        {
          const unsigned int j = entry->column();
          if (j <= i)
            continue;
          const double flux = bernoulli(Phi[j] - Phi[i]) * nu[i] -
                              bernoulli(Phi[i] - Phi[j]) * nu[j];
          const double log_ratio = std::log(std::max(nu[i], tiny)) + Phi[i] -
                                   std::log(std::max(nu[j], tiny)) - Phi[j];
          sum -= entry->value() * flux * log_ratio;
        }
    return diffusion * diffusion * sum;
  }

  template class FokkerPlanckOperator<1>;
  template class FokkerPlanckOperator<2>;
  template class FokkerPlanckOperator<3>;
} // namespace mfpg

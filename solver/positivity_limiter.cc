#include "solver/positivity_limiter.h"

#include <deal.II/base/mpi.h>

namespace mfpg
{
  template <int dim>
  PositivityLimiter<dim>::PositivityLimiter(
    const MeshDiscretisation<dim> &discretisation)
    : discretisation(discretisation)
  {
  }

  template <int dim>
  double
  PositivityLimiter<dim>::redistribute(dealii::Vector<double> &nu,
                                       const double            tolerance) const
  {
    const double floor = -0.5 * tolerance * discretisation.maximum_norm(nu);
    const dealii::Vector<double> &m       = discretisation.lumped_mass();
    const unsigned int            n_owned = discretisation.n_locally_owned();
    const MPI_Comm                communicator = discretisation.communicator();
    const auto                    supply       = [&](const unsigned int i) {
      double S = 0.;
      for (const unsigned int j : discretisation.stiffness_columns(i))
        if (nu[j] > 0.)
          S += m[j] * nu[j];
      return S;
    };
    // the fraction of its mass each positive node is asked for (owned and
    // ghost entries, the ghosts' parts summed on their owners); a node
    // without positive neighbours asks nothing of them
    dealii::Vector<double> asked(discretisation.n_locally_relevant());
    for (unsigned int i = 0; i < n_owned; ++i)
      if (nu[i] < floor && supply(i) > 0.)
        {
          const double a = -m[i] * nu[i] / supply(i);
          for (const unsigned int j : discretisation.stiffness_columns(i))
            if (nu[j] > 0.)
              asked[j] += a;
        }
    discretisation.add_ghost_contributions(asked);
    // each gives at most half its mass: the share r_j of what it is asked
    dealii::Vector<double> share(discretisation.n_locally_relevant());
    for (unsigned int j = 0; j < n_owned; ++j)
      share[j] = asked[j] > 0.5 ? 0.5 / asked[j] : 1.;
    discretisation.update_ghost_values(share);
    // what the neighbours do not supply goes to the pool
    double deficit = 0., pool = 0., positive = 0.;
    for (unsigned int i = 0; i < n_owned; ++i)
      if (nu[i] > 0.)
        positive += m[i] * nu[i];
      else if (nu[i] < floor)
        {
          const double d        = -m[i] * nu[i];
          const double S        = supply(i);
          double       supplied = 0.;
          for (const unsigned int j : discretisation.stiffness_columns(i))
            if (nu[j] > 0.)
              supplied += share[j] * m[j] * nu[j];
          deficit += d;
          pool += S > 0. ? d * (1. - supplied / S) : d;
        }
    deficit              = dealii::Utilities::MPI::sum(deficit, communicator);
    pool                 = dealii::Utilities::MPI::sum(pool, communicator);
    positive             = dealii::Utilities::MPI::sum(positive, communicator);
    const double to_pool = pool / positive;
    if (!(to_pool < 0.5))
      return -1.;

    for (unsigned int k = 0; k < n_owned; ++k)
      if (nu[k] < floor)
        nu[k] = 0.;
      else if (nu[k] > 0.)
        nu[k] *= 1. - share[k] * asked[k] - to_pool;
    discretisation.update_ghost_values(nu);
    return deficit;
  }

  template class PositivityLimiter<1>;
  template class PositivityLimiter<2>;
  template class PositivityLimiter<3>;
} // namespace mfpg

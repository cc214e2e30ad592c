#include "solver/porous_medium_stepper.h"

#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace mfpg
{
  namespace
  {
    /** Throw a std::runtime_error naming @p call if PETSc reports an error. */
    void
    check(const PetscErrorCode code, const char *call)
    {
      if (code != 0)
        throw std::runtime_error(std::string("PorousMediumStepper: ") + call +
                                 " failed with PETSc error " +
                                 std::to_string(code));
    }
  } // namespace

  template <int dim>
  PorousMediumStepper<dim>::PorousMediumStepper(
    const MeshDiscretisation<dim> &mesh,
    const Regulariser             &regulariser,
    const double                   sigma,
    const double                   time_step,
    const bool                     flux_correction)
    : mesh(mesh)
    , regulariser(regulariser)
    , diffusion(0.5 * sigma * sigma)
    , dt(time_step)
    , power(regulariser.exponent() < 2. ? 1. / (regulariser.exponent() - 1.) :
                                          1.)
    , flux_correction(flux_correction)
  {
    if (mesh.n_positive_edge_weights() > 0)
      throw ParameterError("Mesh",
                           "the upwind scheme needs non-negative edge weights; "
                           "this mesh has " +
                             std::to_string(mesh.n_positive_edge_weights()) +
                             " positive off-diagonal stiffness entries: use "
                             "squares or cubes");
    matrix.reinit(mesh.locally_owned_dofs(),
                  mesh.locally_owned_dofs(),
                  mesh.sparsity_pattern(),
                  mesh.communicator());
    check(SNESCreate(mesh.communicator(), &snes), "SNESCreate");
    check(SNESSetType(snes, SNESNEWTONLS), "SNESSetType");
    if (power > 1.)
      {
        // m < 2: the residual in u has kinks at u = 0 and where an edge's
        // xi difference changes sign, where the backtracking line search
        // stalls on steps that the full (semismooth) Newton step resolves
        SNESLineSearch line_search;
        check(SNESGetLineSearch(snes, &line_search), "SNESGetLineSearch");
        check(SNESLineSearchSetType(line_search, SNESLINESEARCHBASIC),
              "SNESLineSearchSetType");
      }
    check(SNESSetFunction(snes, nullptr, residual_callback, this),
          "SNESSetFunction");
    check(SNESSetJacobian(snes, matrix, matrix, jacobian_callback, this),
          "SNESSetJacobian");
    // residuals relative to 1e-12 (the absolute floor is set per step, in
    // step()), at most 50 Newton steps
    check(SNESSetTolerances(snes, 0., 1e-12, 0., 50, 1000),
          "SNESSetTolerances");
    KSP ksp;
    PC  pc;
    check(SNESGetKSP(snes, &ksp), "SNESGetKSP");
    check(KSPSetType(ksp, KSPPREONLY), "KSPSetType");
    check(KSPGetPC(ksp, &pc), "KSPGetPC");
    check(PCSetType(pc, PCLU), "PCSetType");
    check(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS),
          "PCFactorSetMatSolverType");
    check(SNESSetFromOptions(snes), "SNESSetFromOptions");
  }

  template <int dim>
  PorousMediumStepper<dim>::~PorousMediumStepper()
  {
    SNESDestroy(&snes);
  }

  template <int dim>
  double
  PorousMediumStepper<dim>::density(const double u) const
  {
    // m >= 2: the unknown is nu itself (no pow in the residual's loop)
    if (power == 1. || !(u > 0.))
      return u;
    return std::pow(u, power);
  }

  template <int dim>
  double
  PorousMediumStepper<dim>::density_slope(const double u) const
  {
    if (power == 1. || !(u > 0.))
      return 1.;
    return power * std::pow(u, power - 1.);
  }

  template <int dim>
  double
  PorousMediumStepper<dim>::first_variation_slope(const double u) const
  {
    // d xi / du = D h''(nu(u)) nu'(u): for p = 1 / (m - 1) > 1 the constant
    // D m p (h'(nu) = (m u - 1) / (m - 1) is linear in u), else D h''(u)
    if (!(u > 0.))
      return 0.;
    return diffusion * (power > 1. ? regulariser.exponent() * power :
                                     regulariser.second_derivative(u));
  }

  template <int dim>
  dealii::Vector<double>
  PorousMediumStepper<dim>::local_iterate(const Vec x) const
  {
    dealii::Vector<double> u(mesh.n_locally_relevant());
    const PetscScalar     *values;
    check(VecGetArrayRead(x, &values), "VecGetArrayRead");
    std::copy(values, values + mesh.n_locally_owned(), u.begin());
    check(VecRestoreArrayRead(x, &values), "VecRestoreArrayRead");
    mesh.update_ghost_values(u);
    return u;
  }

  template <int dim>
  dealii::Vector<double>
  PorousMediumStepper<dim>::densities(const dealii::Vector<double> &u) const
  {
    dealii::Vector<double> nu(u.size());
    for (unsigned int k = 0; k < u.size(); ++k)
      nu[k] = density(u[k]);
    return nu;
  }

  template <int dim>
  dealii::Vector<double>
  PorousMediumStepper<dim>::first_variation(
    const dealii::Vector<double> &Phi,
    const dealii::Vector<double> &nu) const
  {
    dealii::Vector<double> xi(nu.size());
    for (unsigned int k = 0; k < nu.size(); ++k)
      xi[k] =
        diffusion * (regulariser.derivative(std::max(nu[k], 0.)) + Phi[k]);
    return xi;
  }

  template <int dim>
  double
  PorousMediumStepper<dim>::dissipation(const dealii::Vector<double> &Phi,
                                        const dealii::Vector<double> &nu) const
  {
    const dealii::Vector<double>       xi = first_variation(Phi, nu);
    const std::optional<LimiterRatios> R =
      flux_correction ? std::optional(limiter_ratios(xi, nu)) : std::nullopt;
    double sum = 0.;
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      {
        const auto columns = mesh.stiffness_columns(k);
        const auto values  = mesh.stiffness_values(k);
        for (unsigned int c = 0; c < columns.size(); ++c)
          {
            const unsigned int l = columns[c];
            if (l == k)
              continue;
            const double difference = xi[k] - xi[l];
            const auto [up, down] = difference > 0. ? std::pair(nu[k], nu[l]) :
                                                      std::pair(nu[l], nu[k]);
            // the edge's mobility: nu at the end the flux leaves, moved by
            // the limited antidiffusion alpha toward the edge's mean
            const double alpha =
              R ? R->alpha(k,
                           l,
                           antidiffusive_flux(
                             -values[c], xi[k], xi[l], nu[k], nu[l])) :
                  0.;
            // each edge from both of its rows: half of w (xi_k - xi_l)^2
            // nu_edge from each
            sum += -0.5 * values[c] * difference * difference *
                   (up - alpha * (up - down) / 2.);
          }
      }
    return dealii::Utilities::MPI::sum(sum, mesh.communicator());
  }

  template <int dim>
  void
  PorousMediumStepper<dim>::residual(const Vec x, Vec f) const
  {
    const dealii::Vector<double>  nu   = densities(local_iterate(x));
    const dealii::Vector<double> &mass = mesh.lumped_mass();
    const dealii::Vector<double>  xi   = first_variation(*potential, nu);
    PetscScalar                  *F;
    check(VecGetArray(f, &F), "VecGetArray");
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      {
        F[k]               = mass[k] * (nu[k] - (*density_start)[k]) / dt;
        const auto columns = mesh.stiffness_columns(k);
        const auto values  = mesh.stiffness_values(k);
        for (unsigned int c = 0; c < columns.size(); ++c)
          {
            const unsigned int l = columns[c];
            if (l == k)
              continue;
            const double difference = xi[k] - xi[l];
            F[k] += -values[c] * (nu[k] * std::max(difference, 0.) -
                                  nu[l] * std::max(-difference, 0.));
          }
      }
    check(VecRestoreArray(f, &F), "VecRestoreArray");
  }

  template <int dim>
  void
  PorousMediumStepper<dim>::jacobian(const Vec x) const
  {
    const dealii::Vector<double>  u    = local_iterate(x);
    const dealii::Vector<double>  nu   = densities(u);
    const dealii::Vector<double> &mass = mesh.lumped_mass();
    const dealii::Vector<double>  xi   = first_variation(*potential, nu);
    // d nu / du and d xi / du at every locally relevant node
    dealii::Vector<double> nu_slope(u.size()), slope(u.size());
    for (unsigned int k = 0; k < u.size(); ++k)
      {
        nu_slope[k] = density_slope(u[k]);
        slope[k]    = first_variation_slope(u[k]);
      }
    matrix = 0.;
    std::vector<dealii::types::global_dof_index> row_columns;
    std::vector<double>                          row_values;
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      {
        const auto columns = mesh.stiffness_columns(k);
        const auto values  = mesh.stiffness_values(k);
        row_columns.assign(1, mesh.global_index(k));
        row_values.assign(1, mass[k] * nu_slope[k] / dt);
        for (unsigned int c = 0; c < columns.size(); ++c)
          {
            const unsigned int l = columns[c];
            if (l == k)
              continue;
            const double w          = -values[c];
            const double difference = xi[k] - xi[l];
            const bool   outwards   = difference > 0.;
            // d/du_k and d/du_l of w [nu_k (xi_k - xi_l)_+
            //                         - nu_l (xi_l - xi_k)_+]
            row_values[0] +=
              w * (outwards ? difference * nu_slope[k] + nu[k] * slope[k] :
                              nu[l] * slope[k]);
            row_columns.push_back(mesh.global_index(l));
            row_values.push_back(
              -w * (outwards ? nu[k] * slope[l] :
                               -difference * nu_slope[l] + nu[l] * slope[l]));
          }
        matrix.set(mesh.global_index(k),
                   row_columns.size(),
                   row_columns.data(),
                   row_values.data());
      }
    matrix.compress(dealii::VectorOperation::insert);
  }

  template <int dim>
  PetscErrorCode
  PorousMediumStepper<dim>::residual_callback(SNES, Vec x, Vec f, void *context)
  {
    try
      {
        static_cast<const PorousMediumStepper<dim> *>(context)->residual(x, f);
      }
    catch (...)
      {
        return PETSC_ERR_LIB;
      }
    return 0;
  }

  template <int dim>
  PetscErrorCode
  PorousMediumStepper<dim>::jacobian_callback(SNES,
                                              Vec x,
                                              Mat,
                                              Mat,
                                              void *context)
  {
    try
      {
        static_cast<const PorousMediumStepper<dim> *>(context)->jacobian(x);
      }
    catch (...)
      {
        return PETSC_ERR_LIB;
      }
    return 0;
  }

  template <int dim>
  dealii::Vector<double>
  PorousMediumStepper<dim>::step(const dealii::Vector<double> &Phi,
                                 const dealii::Vector<double> &nu)
  {
    potential     = &Phi;
    density_start = &nu;
    // the rounding floor of the residual: 100 eps ||M nu^n / dt||_2, below
    // which no Newton step can lower it (and a line search would fail)
    double sum = 0.;
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      sum += std::pow(mesh.lumped_mass()[k] * nu[k] / dt, 2);
    const double floor =
      100. * std::numeric_limits<double>::epsilon() *
      std::sqrt(dealii::Utilities::MPI::sum(sum, mesh.communicator()));
    check(SNESSetTolerances(snes, floor, 1e-12, 0., 50, 1000),
          "SNESSetTolerances");
    // the unknown u = nu^{1/p} (nu itself for m >= 2)
    dealii::Vector<double> u(nu.size());
    for (unsigned int k = 0; k < nu.size(); ++k)
      u[k] = power > 1. && nu[k] > 0. ? std::pow(nu[k], 1. / power) : nu[k];
    dealii::PETScWrappers::MPI::Vector x = mesh.petsc_vector(u);
    check(SNESSolve(snes, nullptr, x), "SNESSolve");
    SNESConvergedReason reason;
    check(SNESGetConvergedReason(snes, &reason), "SNESGetConvergedReason");
    PetscInt n_iterations;
    check(SNESGetIterationNumber(snes, &n_iterations),
          "SNESGetIterationNumber");
    iterations = n_iterations;
    if (reason < 0)
      throw std::runtime_error(
        std::string("the porous-medium step's Newton iteration did not "
                    "converge (PETSc: ") +
        SNESConvergedReasons[reason] + ", after " +
        std::to_string(n_iterations) + " iterations): reduce Time step" +
        (flux_correction && power > 1. ?
           "; for Tsallis exponent m < 2 in d >= 2 the full Newton steps "
           "may fail after upwind-fct's corrections at any time step "
           "(docs/model.md §11.4): use Discretisation/Scheme = upwind" :
           ""));
    dealii::Vector<double> result(mesh.n_locally_relevant());
    mesh.copy_locally_owned(x, result);
    mesh.update_ghost_values(result);
    if (!flux_correction)
      return densities(result);
    return flux_corrected(Phi, densities(result));
  }

  template <int dim>
  double
  PorousMediumStepper<dim>::antidiffusive_flux(const double w,
                                               const double xi_k,
                                               const double xi_l,
                                               const double nu_k,
                                               const double nu_l)
  {
    return w * std::abs(xi_k - xi_l) * (nu_k - nu_l) / 2.;
  }

  template <int dim>
  typename PorousMediumStepper<dim>::LimiterRatios
  PorousMediumStepper<dim>::limiter_ratios(
    const dealii::Vector<double> &xi,
    const dealii::Vector<double> &nu) const
  {
    const dealii::Vector<double> &mass = mesh.lumped_mass();
    LimiterRatios                 R{dealii::Vector<double>(nu.size()),
                    dealii::Vector<double>(nu.size())};
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      {
        const auto columns = mesh.stiffness_columns(k);
        const auto values  = mesh.stiffness_values(k);
        double     P_plus = 0., P_minus = 0., highest = nu[k], lowest = nu[k];
        for (unsigned int c = 0; c < columns.size(); ++c)
          {
            const unsigned int l = columns[c];
            if (l == k)
              continue;
            const double a =
              antidiffusive_flux(-values[c], xi[k], xi[l], nu[k], nu[l]);
            P_plus += std::max(a, 0.);
            P_minus += std::min(a, 0.);
            highest = std::max(highest, nu[l]);
            lowest  = std::min(lowest, nu[l]);
          }
        // the room to the neighbours' range, shrunk by a relative 1e-10 so
        // that the rounding of the update cannot cross it (nu >= 0 exactly)
        const double Q_plus  = bound_margin * mass[k] / dt * (highest - nu[k]);
        const double Q_minus = bound_margin * mass[k] / dt * (lowest - nu[k]);
        R.plus[k]            = P_plus > 0. ? std::min(1., Q_plus / P_plus) : 1.;
        R.minus[k] = P_minus < 0. ? std::min(1., Q_minus / P_minus) : 1.;
      }
    mesh.update_ghost_values(R.plus);
    mesh.update_ghost_values(R.minus);
    return R;
  }

  template <int dim>
  double
  PorousMediumStepper<dim>::LimiterRatios::alpha(const unsigned int k,
                                                 const unsigned int l,
                                                 const double       a) const
  {
    return a > 0. ? std::min(plus[k], minus[l]) : std::min(minus[k], plus[l]);
  }

  template <int dim>
  dealii::Vector<double>
  PorousMediumStepper<dim>::flux_corrected(
    const dealii::Vector<double> &Phi,
    const dealii::Vector<double> &low) const
  {
    const dealii::Vector<double> &mass = mesh.lumped_mass();
    // Newton's solution of the upwind step has rounding residues below 0
    // (measured: denormals) and denormal values, where the limiter's
    // relative margin does not hold: both are taken as 0 here and in the
    // result (a change of the mass at the level of the residues)
    const auto flushed = [](const double value) {
      return value < std::numeric_limits<double>::min() ? 0. : value;
    };
    dealii::Vector<double> result(low.size());
    std::transform(low.begin(), low.end(), result.begin(), flushed);
    const dealii::Vector<double> start = result;
    const dealii::Vector<double> xi    = first_variation(Phi, start);
    const LimiterRatios          R     = limiter_ratios(xi, start);

    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      {
        const auto columns = mesh.stiffness_columns(k);
        const auto values  = mesh.stiffness_values(k);
        double     sum     = 0.;
        for (unsigned int c = 0; c < columns.size(); ++c)
          {
            const unsigned int l = columns[c];
            if (l == k)
              continue;
            const double a =
              antidiffusive_flux(-values[c], xi[k], xi[l], start[k], start[l]);
            sum += R.alpha(k, l, a) * a;
          }
        result[k] = flushed(start[k] + dt / mass[k] * sum);
      }
    mesh.update_ghost_values(result);
    return result;
  }

  template <int dim>
  unsigned int
  PorousMediumStepper<dim>::newton_iterations() const
  {
    return iterations;
  }

  template class PorousMediumStepper<1>;
  template class PorousMediumStepper<2>;
  template class PorousMediumStepper<3>;
} // namespace mfpg

#include "solver/non_negative_density.h"

#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

namespace mfpg
{
  template <int dim>
  dealii::Vector<double>
  non_negative_density(const MeshDiscretisation<dim> &mesh,
                       const dealii::Vector<double>  &nu,
                       const MeshFlowParameters      &flow,
                       const double                   time)
  {
    if (nu.size() == 0)
      return nu;
    unsigned int worst = 0;
    for (unsigned int i = 1; i < nu.size(); ++i)
      if (nu[i] < nu[worst])
        worst = i;
    const double accuracy =
      flow.time_stepping.linear_solver.tolerance * nu.linfty_norm();
    if (nu[worst] >= -accuracy)
      {
        dealii::Vector<double> cleaned = nu;
        for (double &value : cleaned)
          value = std::max(value, 0.);
        return cleaned;
      }

    std::vector<dealii::Vector<double>> theta;
    for (unsigned int k = 0; k < dim; ++k)
      {
        dealii::Vector<double> theta_k(mesh.n_locally_relevant());
        for (unsigned int i = 0; i < theta_k.size(); ++i)
          theta_k[i] = mesh.support_points()[i][k];
        theta.push_back(mesh.gather(theta_k));
      }
    const double       dt          = flow.time_stepping.time_step;
    const std::string &time_scheme = flow.time_stepping.scheme;
    const std::string &scheme      = flow.discretisation.scheme;
    std::ostringstream what;
    what << std::setprecision(4) << "at t = " << time << " (step "
         << std::llround(time / dt) << ", dt = " << dt << ") the " << scheme
         << " scheme (Q" << flow.discretisation.element_degree() << ", "
         << time_scheme << ") made the density negative: nu = " << nu[worst]
         << " at theta = (";
    for (unsigned int k = 0; k < dim; ++k)
      what << (k ? ", " : "") << theta[k][worst];
    what << "), its most negative node (below -" << accuracy
         << ", the linear solve's accuracy). ";

    if (scheme == "galerkin")
      throw ParameterError(
        "Discretisation/Scheme",
        what.str() +
          "Galerkin does not keep nu >= 0: it undershoots where the cell "
          "Peclet number h |grad Phi| exceeds about 2. Use Scheme = "
          "exponential-fitting, which keeps the density positive, or refine "
          "the mesh (Mesh/Global refinements) to lower the Peclet number.");
    if (time_scheme == "bdf2")
      throw ParameterError(
        "Time stepping/Scheme",
        what.str() +
          "BDF2 does not keep nu >= 0: its right-hand side 2 nu^n - "
          "nu^{n-1}/2 can change sign where nu decays fast. Use Scheme = "
          "implicit-euler, which keeps the density positive with the "
          "exponential fitting, or reduce Time stepping/Time step.");
    if (mesh.n_positive_edge_weights() > 0)
      throw ParameterError(
        "Mesh",
        what.str() +
          "The exponential fitting keeps nu >= 0 on meshes of "
          "M-matrix type only, and this mesh has " +
          std::to_string(mesh.n_positive_edge_weights()) +
          " positive off-diagonal stiffness entries: use cells of aspect "
          "ratio below sqrt 2 (Mesh/Subdivisions), or squares and cubes.");
    throw ParameterError("Time stepping/Tolerance",
                         what.str() +
                           "The exponential fitting with implicit Euler keeps "
                           "nu >= 0 up to the linear solver's error: lower the "
                           "tolerance.");
  }

  template dealii::Vector<double>
  non_negative_density(const MeshDiscretisation<1> &,
                       const dealii::Vector<double> &,
                       const MeshFlowParameters &,
                       const double);
  template dealii::Vector<double>
  non_negative_density(const MeshDiscretisation<2> &,
                       const dealii::Vector<double> &,
                       const MeshFlowParameters &,
                       const double);
  template dealii::Vector<double>
  non_negative_density(const MeshDiscretisation<3> &,
                       const dealii::Vector<double> &,
                       const MeshFlowParameters &,
                       const double);
} // namespace mfpg

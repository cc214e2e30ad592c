#ifndef mfpg_tests_solver_mesh_cases_h
#define mfpg_tests_solver_mesh_cases_h

// Mesh flows built from parameter text, and the exact Gaussian density to
// measure them against (model.md §7).

#include <deal.II/base/function.h>
#include <deal.II/numerics/vector_tools.h>

#include "model/symmetric_matrix_function.h"
#include "solver/fokker_planck_solver.h"
#include "tests/cases.h"

#include <cmath>

namespace mfpg::test
{
  /** A model and the mesh-flow parameters read from one text. */
  struct MeshFlowCase
  {
    Model::Parameters  model_parameters;
    MeshFlowParameters flow_parameters;

    explicit MeshFlowCase(const std::string &text)
    {
      dealii::ParameterHandler prm;
      model_parameters.add_parameters(prm);
      flow_parameters.add_parameters(prm);
      parse_parameter_text(prm, text);
    }
  };

  /** The box [lo, hi] (one value: the same on every axis), refined. */
  inline ParameterDomain
  box(const std::vector<double> &lo,
      const std::vector<double> &hi,
      const unsigned int         refinements)
  {
    ParameterDomain domain;
    domain.lower_corner       = lo;
    domain.upper_corner       = hi;
    domain.global_refinements = refinements;
    return domain;
  }

  /** A Gmsh 2.2 file of [-1, 1]^2 in 2 x 2 quadrilaterals. */
  inline std::string
  two_by_two_square_msh()
  {
    return R"($MeshFormat
2.2 0 8
$EndMeshFormat
$Nodes
9
1 -1 -1 0
2 0 -1 0
3 1 -1 0
4 -1 0 0
5 0 0 0
6 1 0 0
7 -1 1 0
8 0 1 0
9 1 1 0
$EndNodes
$Elements
4
1 3 2 0 1 1 2 5 4
2 3 2 0 1 2 3 6 5
3 3 2 0 1 4 5 8 7
4 3 2 0 1 5 6 9 8
$EndElements
)";
  }

  /** The density of N(m, S) on R^dim. */
  template <int dim>
  class GaussianDensity : public dealii::Function<dim>
  {
  public:
    explicit GaussianDensity(const GaussianLaw &law)
      : mean(law.mean)
      , precision(symmetric_matrix_function(law.covariance, [](const double x) {
        return 1. / x;
      }))
    {
      double log_det = 0.;
      for (const double lambda : symmetric_eigenvalues(law.covariance))
        log_det += std::log(lambda);
      normaliser = std::exp(-0.5 * (dim * std::log(2. * M_PI) + log_det));
    }

    double
    value(const dealii::Point<dim> &theta,
          const unsigned int = 0) const override
    {
      double q = 0.;
      for (unsigned int k = 0; k < dim; ++k)
        for (unsigned int l = 0; l < dim; ++l)
          q += (theta[k] - mean[k]) * precision(k, l) * (theta[l] - mean[l]);
      return normaliser * std::exp(-0.5 * q);
    }

  private:
    dealii::Vector<double>     mean;
    dealii::FullMatrix<double> precision;
    double                     normaliser;
  };

  /**
   * ||nu_h - exact||_{L2}, with a Gauss rule of 3 points per axis, on the
   * ranks of the solver's mesh (the gathered density).
   */
  template <int dim>
  double
  l2_error(const FokkerPlanckSolver<dim> &solver,
           const dealii::Function<dim>   &exact)
  {
    dealii::Vector<double> per_cell(solver.discretisation()
                                      .dof_handler()
                                      .get_triangulation()
                                      .n_active_cells());
    dealii::VectorTools::integrate_difference(
      solver.discretisation().dof_handler(),
      solver.gathered_density(),
      exact,
      per_cell,
      dealii::QGauss<dim>(3),
      dealii::VectorTools::L2_norm);
    return dealii::VectorTools::compute_global_error(
      solver.discretisation().dof_handler().get_triangulation(),
      per_cell,
      dealii::VectorTools::L2_norm);
  }
} // namespace mfpg::test

#endif

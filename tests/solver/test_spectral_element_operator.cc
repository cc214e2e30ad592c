// The spectral-element operator of model.md §8.8: its matrix against an
// independent dense computation of the formula, its symmetry, kernels and
// sign pattern, the exact nodal Gibbs state, and the Q1 sub-cell graph of
// the exponential fitting that its safe step uses.

#include <gtest/gtest.h>

#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_q_iso_q1.h>
#include <deal.II/lac/lapack_full_matrix.h>

#include "solver/exponential_fitting_operator.h"
#include "solver/nodal_quadrature.h"
#include "solver/spectral_element_operator.h"
#include "solver/time_stepper.h"
#include "tests/solver/mesh_cases.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

using namespace mfpg;

namespace
{
  /** A smooth potential with |grad Phi| up to about 6 on [-2, 2]^dim. */
  template <int dim>
  dealii::Vector<double>
  smooth_potential(const MeshDiscretisation<dim> &mesh)
  {
    dealii::Vector<double> Phi(mesh.n_locally_relevant());
    for (unsigned int k = 0; k < Phi.size(); ++k)
      {
        const dealii::Point<dim> &theta = mesh.support_points()[k];
        Phi[k] = 0.5 * theta.norm_square() + 2. * std::sin(theta[0] + 0.5) +
                 theta[dim - 1];
      }
    return Phi;
  }

  /** The matrix @p fokker_planck assembles for alpha and dt, dense. */
  template <int dim>
  dealii::FullMatrix<double>
  dense_system(const MeshDiscretisation<dim>   &mesh,
               const FokkerPlanckOperator<dim> &fokker_planck,
               const dealii::Vector<double>    &Phi,
               const double                     alpha,
               const double                     dt)
  {
    dealii::PETScWrappers::MPI::SparseMatrix matrix;
    matrix.reinit(mesh.locally_owned_dofs(),
                  mesh.locally_owned_dofs(),
                  mesh.sparsity_pattern(),
                  mesh.communicator());
    fokker_planck.assemble_system(Phi, alpha, dt, matrix);
    dealii::FullMatrix<double> dense(mesh.n_dofs(), mesh.n_dofs());
    for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
      for (unsigned int j = 0; j < mesh.n_dofs(); ++j)
        if (mesh.sparsity_pattern().exists(i, j))
          dense(i, j) = matrix.el(i, j);
    return dense;
  }

  /** l_a'(x_q) of the Lagrange basis on the nodes @p x (by its formula). */
  double
  lagrange_derivative(const std::array<double, 3> &x,
                      const unsigned int           a,
                      const unsigned int           q)
  {
    double denominator = 1.;
    for (unsigned int n = 0; n < 3; ++n)
      if (n != a)
        denominator *= x[a] - x[n];
    double sum = 0.;
    for (unsigned int m = 0; m < 3; ++m)
      if (m != a)
        {
          double product = 1.;
          for (unsigned int n = 0; n < 3; ++n)
            if (n != a && n != m)
              product *= x[q] - x[n];
          sum += product;
        }
    return sum / denominator;
  }

  /**
   * On the single cell [lo, hi]^dim: the assembled Â (alpha = 0, dt = 1)
   * against (sigma^2/2) sum_q w_q grad phi_i · grad phi_j (x_q)
   * e^{(Phi_i + Phi_j)/2 - Phi_q}, with the tensor-product Lagrange basis
   * on the nodes lo, (lo + hi)/2, hi and Simpson's weights, computed here
   * from their formulas. Returns max |difference| / max |Â|.
   */
  template <int dim>
  double
  single_cell_defect(const double lo, const double hi, const double sigma)
  {
    const MeshDiscretisation<dim>      mesh(test::box({lo}, {hi}, 0),
                                       2,
                                       MPI_COMM_SELF);
    const dealii::Vector<double>       Phi = smooth_potential(mesh);
    const SpectralElementOperator<dim> sem(mesh, sigma);
    const dealii::FullMatrix<double>   A_hat =
      dense_system(mesh, sem, Phi, 0., 1.);

    const double                h = hi - lo;
    const std::array<double, 3> x{{lo, lo + h / 2, hi}};
    const std::array<double, 3> w{{h / 6, 4 * h / 6, h / 6}};
    // the 1-D node of each axis of each dof, from its support point
    std::vector<std::array<unsigned int, dim>> node(mesh.n_dofs());
    for (unsigned int k = 0; k < mesh.n_dofs(); ++k)
      for (unsigned int d = 0; d < dim; ++d)
        node[k][d] = std::lround(2 * (mesh.support_points()[k][d] - lo) / h);

    double defect = 0., largest = 0.;
    for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
      for (unsigned int j = 0; j < mesh.n_dofs(); ++j)
        {
          double expected = 0.;
          for (unsigned int q = 0; q < mesh.n_dofs(); ++q)
            {
              double weight = 1., product = 0.;
              for (unsigned int d = 0; d < dim; ++d)
                weight *= w[node[q][d]];
              for (unsigned int d = 0; d < dim; ++d)
                {
                  // d/dtheta_d of phi_i at x_q: the derivative on axis d,
                  // the Kronecker deltas of the nodes on the other axes
                  double di = lagrange_derivative(x, node[i][d], node[q][d]),
                         dj = lagrange_derivative(x, node[j][d], node[q][d]);
                  for (unsigned int e = 0; e < dim; ++e)
                    if (e != d)
                      {
                        di *= node[i][e] == node[q][e];
                        dj *= node[j][e] == node[q][e];
                      }
                  product += di * dj;
                }
              expected +=
                weight * product * std::exp(0.5 * (Phi[i] + Phi[j]) - Phi[q]);
            }
          expected *= 0.5 * sigma * sigma;
          defect  = std::max(defect, std::abs(A_hat(i, j) - expected));
          largest = std::max(largest, std::abs(expected));
        }
    return defect / largest;
  }
} // namespace

TEST(SpectralElementOperator, MatrixIsTheGllFormulaOnOneCell)
{
  // Each entry is a sum of at most 3^dim = 27 terms of size <= max |Â|
  // times e^{O(1)}: rounding below 27 · 8 eps ~ 5e-14 of max |Â|.
  const double tolerance = 1e-13;
  test::report("d = 1: max |Â - formula| / max |Â|",
               single_cell_defect<1>(-1., 0.5, 0.7));
  test::report("d = 2: max |Â - formula| / max |Â|",
               single_cell_defect<2>(-1., 0.5, 0.7));
  test::report("d = 3: max |Â - formula| / max |Â|",
               single_cell_defect<3>(-0.5, 1., 1.3));
  EXPECT_LT(single_cell_defect<1>(-1., 0.5, 0.7), tolerance);
  EXPECT_LT(single_cell_defect<2>(-1., 0.5, 0.7), tolerance);
  EXPECT_LT(single_cell_defect<3>(-0.5, 1., 1.3), tolerance);
}

TEST(SpectralElementOperator, MatrixIsSymmetricSemidefiniteWithTheGibbsKernel)
{
  // 4 x 4 Q2 cells of [-2, 2]^2 (81 dofs), |grad Phi| up to about 6
  const MeshDiscretisation<2> mesh(test::box({-2.}, {2.}, 2), 2, MPI_COMM_SELF);
  const dealii::Vector<double>     Phi = smooth_potential(mesh);
  const SpectralElementOperator<2> sem(mesh, 0.8);
  const dealii::FullMatrix<double> A_hat = dense_system(mesh, sem, Phi, 0., 1.);
  const dealii::Vector<double>     E     = sem.unknown_scaling(Phi);
  const unsigned int               n     = mesh.n_dofs();

  // symmetric: c_ijq = c_jiq and the same products, to rounding
  double asymmetry = 0.;
  for (unsigned int i = 0; i < n; ++i)
    for (unsigned int j = 0; j < n; ++j)
      asymmetry = std::max(asymmetry, std::abs(A_hat(i, j) - A_hat(j, i)));
  test::report("max |Â - Â^T| / max |Â|", asymmetry / A_hat.linfty_norm());
  EXPECT_LE(asymmetry, 1e-15 * A_hat.linfty_norm());

  // A = E^{-1} Â E: the columns of A sum to zero (exact mass) and
  // A e^{-Phi} = 0 (the nodal Gibbs state), i.e. Â E^{-1} 1 = 0 both ways;
  // each sum cancels terms of total size s = sum |terms| to about
  // 25 eps s (25 entries per row): asserted below 1e-13 s
  double column_defect = 0., row_defect = 0.;
  for (unsigned int j = 0; j < n; ++j)
    {
      double column = 0., column_size = 0., row = 0., row_size = 0.;
      for (unsigned int i = 0; i < n; ++i)
        {
          column += A_hat(i, j) * E[j] / E[i];
          column_size += std::abs(A_hat(i, j) * E[j] / E[i]);
          row += A_hat(j, i) / E[j] / E[i];
          row_size += std::abs(A_hat(j, i) / E[j] / E[i]);
        }
      column_defect = std::max(column_defect, std::abs(column) / column_size);
      row_defect    = std::max(row_defect, std::abs(row) / row_size);
    }
  test::report("max |column sum of A| / sum |A_ij|", column_defect);
  test::report("max |(A e^{-Phi})_i| / sum |A_ij e^{-Phi_j}|", row_defect);
  EXPECT_LT(column_defect, 1e-13);
  EXPECT_LT(row_defect, 1e-13);

  // positive semidefinite with the one-dimensional kernel E^{-1}:
  // eigenvalues >= 0 up to the eigensolver's n eps max |λ| ~ 2e-14 max |λ|,
  // the second one clearly positive (the node graph is connected)
  dealii::LAPACKFullMatrix<double> lapack(n, n);
  lapack = A_hat;
  lapack.compute_eigenvalues();
  std::vector<double> lambda(n);
  for (unsigned int i = 0; i < n; ++i)
    lambda[i] = lapack.eigenvalue(i).real();
  std::sort(lambda.begin(), lambda.end());
  test::report("smallest eigenvalue of Â / largest", lambda[0] / lambda.back());
  test::report("second eigenvalue of Â / largest", lambda[1] / lambda.back());
  EXPECT_GT(lambda[0], -1e-13 * lambda.back());
  EXPECT_LT(std::abs(lambda[0]), 1e-13 * lambda.back());
  EXPECT_GT(lambda[1], 1e-6 * lambda.back());

  // the operator's own sparsity holds every nonzero of Â and of the safe
  // step's sub-cell stiffness, and fewer entries than the mesh's
  const dealii::DynamicSparsityPattern &pattern = *sem.sparsity_pattern();
  unsigned int                          missing = 0;
  for (unsigned int i = 0; i < n; ++i)
    {
      for (unsigned int j = 0; j < n; ++j)
        missing += A_hat(i, j) != 0. && !pattern.exists(i, j);
      for (const unsigned int j : mesh.stiffness_columns(i))
        missing += !pattern.exists(i, j);
    }
  test::report("entries of the operator's sparsity / of the mesh's",
               double(pattern.n_nonzero_elements()) /
                 mesh.sparsity_pattern().n_nonzero_elements());
  EXPECT_EQ(missing, 0u);
  EXPECT_LT(pattern.n_nonzero_elements(),
            mesh.sparsity_pattern().n_nonzero_elements());

  // not a Z-matrix: the Q2 stiffness has positive off-diagonal entries
  // (in 1-D, k_02 = h^{-1}/3 on a cell of length h), the reason for the
  // safe step
  unsigned int n_positive = 0;
  for (unsigned int i = 0; i < n; ++i)
    for (unsigned int j = 0; j < n; ++j)
      n_positive += i != j && A_hat(i, j) > 0.;
  test::report("positive off-diagonal entries of Â", n_positive);
  EXPECT_GT(n_positive, 0u);
}

namespace
{
  /**
   * The sub-cell stiffness of a Q2 mesh of [-1, 2]^dim with r refinements
   * against the Q1 stiffness of the mesh with r + 1 (the same nodes),
   * matched by support points: max |difference| / max |k|.
   */
  template <int dim>
  double
  sub_cell_stiffness_defect(const unsigned int r)
  {
    const MeshDiscretisation<dim> q2(test::box({-1.}, {2.}, r),
                                     2,
                                     MPI_COMM_SELF);
    const MeshDiscretisation<dim> q1(test::box({-1.}, {2.}, r + 1),
                                     1,
                                     MPI_COMM_SELF);
    EXPECT_EQ(q2.n_dofs(), q1.n_dofs());
    const auto key = [](const dealii::Point<dim> &p) {
      std::array<long, dim> k;
      for (unsigned int d = 0; d < dim; ++d)
        k[d] = std::lround(1e6 * p[d]);
      return k;
    };
    std::map<std::array<long, dim>, unsigned int> q1_index;
    for (unsigned int k = 0; k < q1.n_dofs(); ++k)
      q1_index[key(q1.support_points()[k])] = k;

    double defect = 0., largest = 0.;
    for (unsigned int k = 0; k < q2.n_dofs(); ++k)
      {
        const unsigned int k1 = q1_index.at(key(q2.support_points()[k]));
        std::map<unsigned int, double> q1_row;
        for (unsigned int e = 0; e < q1.stiffness_columns(k1).size(); ++e)
          q1_row[q1.stiffness_columns(k1)[e]] = q1.stiffness_values(k1)[e];
        std::map<unsigned int, double> q2_row;
        for (unsigned int e = 0; e < q2.stiffness_columns(k).size(); ++e)
          q2_row[q1_index.at(
            key(q2.support_points()[q2.stiffness_columns(k)[e]]))] =
            q2.stiffness_values(k)[e];
        // the same edges (a Q1 entry of exactly 0 has no edge either)
        for (const auto &[l, value] : q1_row)
          {
            largest = std::max(largest, std::abs(value));
            defect =
              std::max(defect,
                       std::abs(value - (q2_row.count(l) ? q2_row[l] : 0.)));
          }
        for (const auto &[l, value] : q2_row)
          if (!q1_row.count(l))
            defect = std::max(defect, std::abs(value));
      }
    return defect / largest;
  }
} // namespace

TEST(SpectralElementOperator, SafeStepGraphIsTheQ1StiffnessOfTheSubCells)
{
  // FE_Q_iso_Q1(2) has the unit support points of FE_Q(2) in the same
  // order, so its cell matrices are indexed by the Q2 DoFHandler's dofs
  EXPECT_EQ(dealii::FE_Q_iso_Q1<1>(2).get_unit_support_points(),
            dealii::FE_Q<1>(2).get_unit_support_points());
  EXPECT_EQ(dealii::FE_Q_iso_Q1<2>(2).get_unit_support_points(),
            dealii::FE_Q<2>(2).get_unit_support_points());
  EXPECT_EQ(dealii::FE_Q_iso_Q1<3>(2).get_unit_support_points(),
            dealii::FE_Q<3>(2).get_unit_support_points());
  // the same quadrature (Gauss, 2 points per axis and sub-cell) of the
  // same bilinear integrands: equal to rounding, ~ 8 eps of the entries
  const double d1 = sub_cell_stiffness_defect<1>(2),
               d2 = sub_cell_stiffness_defect<2>(2),
               d3 = sub_cell_stiffness_defect<3>(1);
  test::report("d = 1: max |k_sub-cell - k_Q1(h/2)| / max |k|", d1);
  test::report("d = 2: max |k_sub-cell - k_Q1(h/2)| / max |k|", d2);
  test::report("d = 3: max |k_sub-cell - k_Q1(h/2)| / max |k|", d3);
  EXPECT_LT(d1, 1e-14);
  EXPECT_LT(d2, 1e-14);
  EXPECT_LT(d3, 1e-14);
  // and so an M-matrix graph on squares and cubes
  EXPECT_EQ(MeshDiscretisation<2>(test::box({-1.}, {2.}, 2), 2, MPI_COMM_SELF)
              .n_positive_edge_weights(),
            0u);
}

TEST(SpectralElementOperator, LumpedMassIsTheGllWeights)
{
  // Q2 on [0, 1] in 2 cells: Simpson's weights h (1, 4, 1) / 6 per cell,
  // h = 1/2: (1, 4, 2, 4, 1) / 12 at theta = 0, 1/4, 1/2, 3/4, 1
  const MeshDiscretisation<1>  mesh(test::box({0.}, {1.}, 1), 2, MPI_COMM_SELF);
  const std::map<long, double> expected{
    {0, 1. / 12}, {1, 4. / 12}, {2, 2. / 12}, {3, 4. / 12}, {4, 1. / 12}};
  ASSERT_EQ(mesh.n_dofs(), 5u);
  for (unsigned int k = 0; k < mesh.n_dofs(); ++k)
    EXPECT_NEAR(mesh.lumped_mass()[k],
                expected.at(std::lround(4 * mesh.support_points()[k][0])),
                1e-16)
      << "theta = " << mesh.support_points()[k][0];
}

TEST(SpectralElementOperator, NodalGibbsStateIsAnExactFixedPoint)
{
  // one implicit Euler step of dt = 10 with Phi frozen from the nodal
  // Gibbs state nu* = e^{-Phi} / Z: A nu* = 0, so the step returns nu* up
  // to the linear solve: MUMPS's backward-stable LU, an error of about
  // cond eps with cond(M + dt Â) ~ dt max|Â| / min m ~ 1e4 here: 2e-12,
  // asserted below 1e-10
  const MeshDiscretisation<2> mesh(test::box({-2.}, {2.}, 3), 2, MPI_COMM_SELF);
  const dealii::Vector<double>     Phi = smooth_potential(mesh);
  const SpectralElementOperator<2> sem(mesh, 0.8);
  dealii::Vector<double>           nu_star(Phi.size());
  for (unsigned int k = 0; k < Phi.size(); ++k)
    nu_star[k] = std::exp(-Phi[k]);
  nu_star /= nodal_quadrature::mass(mesh, nu_star);
  TimeSteppingParameters ts;
  ts.scheme               = "implicit-euler";
  ts.time_step            = 10.;
  ts.linear_solver.method = "direct";
  TimeStepper<2>         stepper(mesh, sem, ts);
  dealii::Vector<double> next =
    stepper.step(Phi, nu_star, dealii::Vector<double>());
  next -= nu_star;
  test::report("|step(nu*) - nu*|_max / |nu*|_max",
               next.linfty_norm() / nu_star.linfty_norm());
  EXPECT_LT(next.linfty_norm(), 1e-10 * nu_star.linfty_norm());
  EXPECT_EQ(stepper.n_safe_steps(), 0u);
}

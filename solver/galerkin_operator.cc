#include "solver/galerkin_operator.h"

#include "solver/exponential_fitting_operator.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_vector.h>

namespace mfpg
{
  template <int dim>
  GalerkinOperator<dim>::GalerkinOperator(
    const MeshDiscretisation<dim> &discretisation,
    const double                   sigma)
    : discretisation(discretisation)
    , diffusion(0.5 * sigma * sigma)
  {
    // the consistent mass matrix is the system matrix for alpha = 1, dt = 0
    mass.reinit(discretisation.locally_owned_dofs(),
                discretisation.locally_owned_dofs(),
                discretisation.sparsity_pattern(),
                discretisation.communicator());
    assemble_system(dealii::Vector<double>(discretisation.n_locally_relevant()),
                    1.,
                    0.,
                    mass);
  }

  template <int dim>
  void
  GalerkinOperator<dim>::assemble_system(
    const dealii::Vector<double>             &Phi,
    const double                              alpha,
    const double                              dt,
    dealii::PETScWrappers::MPI::SparseMatrix &matrix) const
  {
    const auto                &fe = discretisation.dof_handler().get_fe();
    const dealii::QGauss<dim>  quadrature(fe.degree + 1);
    dealii::FEValues<dim>      fe_values(fe,
                                    quadrature,
                                    dealii::update_values |
                                      dealii::update_gradients |
                                      dealii::update_JxW_values);
    const unsigned int         n = fe.n_dofs_per_cell();
    dealii::FullMatrix<double> cell_matrix(n, n);
    std::vector<dealii::types::global_dof_index> indices(n);
    std::vector<dealii::Tensor<1, dim>>          grad_Phi(quadrature.size());
    std::vector<double>                          Phi_cell(n);

    matrix = 0.;
    for (const auto &cell :
         discretisation.dof_handler().active_cell_iterators())
      {
        if (!cell->is_locally_owned())
          continue;
        fe_values.reinit(cell);
        cell->get_dof_indices(indices);
        for (unsigned int j = 0; j < n; ++j)
          Phi_cell[j] = Phi[discretisation.local_index(indices[j])];
        for (unsigned int q = 0; q < quadrature.size(); ++q)
          {
            grad_Phi[q] = 0.;
            for (unsigned int j = 0; j < n; ++j)
              grad_Phi[q] += Phi_cell[j] * fe_values.shape_grad(j, q);
          }
        cell_matrix = 0.;
        for (unsigned int q = 0; q < quadrature.size(); ++q)
          for (unsigned int i = 0; i < n; ++i)
            for (unsigned int j = 0; j < n; ++j)
              cell_matrix(i, j) +=
                (alpha * fe_values.shape_value(i, q) *
                   fe_values.shape_value(j, q) +
                 dt * diffusion *
                   (fe_values.shape_grad(j, q) +
                    fe_values.shape_value(j, q) * grad_Phi[q]) *
                   fe_values.shape_grad(i, q)) *
                fe_values.JxW(q);
        matrix.add(indices, cell_matrix);
      }
    matrix.compress(dealii::VectorOperation::add);
  }

  template <int dim>
  dealii::Vector<double>
  GalerkinOperator<dim>::unknown_scaling(
    const dealii::Vector<double> &Phi) const
  {
    dealii::Vector<double> ones(Phi.size());
    ones = 1.;
    return ones;
  }

  template <int dim>
  dealii::Vector<double>
  GalerkinOperator<dim>::mass_times(const dealii::Vector<double> &x) const
  {
    const dealii::PETScWrappers::MPI::Vector x_owned =
      discretisation.petsc_vector(x);
    dealii::PETScWrappers::MPI::Vector product(x_owned);
    mass.vmult(product, x_owned);
    dealii::Vector<double> result(x.size());
    discretisation.copy_locally_owned(product, result);
    return result;
  }

  template <int dim>
  bool
  GalerkinOperator<dim>::is_symmetric() const
  {
    return false;
  }

  template <int dim>
  double
  GalerkinOperator<dim>::dissipation(const dealii::Vector<double> &Phi,
                                     const dealii::Vector<double> &nu) const
  {
    return discrete_dissipation(discretisation, diffusion, Phi, nu);
  }

  template class GalerkinOperator<1>;
  template class GalerkinOperator<2>;
  template class GalerkinOperator<3>;
} // namespace mfpg

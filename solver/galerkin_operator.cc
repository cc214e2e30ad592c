#include "solver/galerkin_operator.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/numerics/matrix_tools.h>

namespace mfpg
{
  template <int dim>
  GalerkinOperator<dim>::GalerkinOperator(
    const MeshDiscretisation<dim> &discretisation,
    const double                   sigma)
    : discretisation(discretisation)
    , diffusion(0.5 * sigma * sigma)
  {
    mass.reinit(discretisation.stiffness().get_sparsity_pattern());
    dealii::MatrixCreator::create_mass_matrix(
      discretisation.dof_handler(),
      dealii::QGauss<dim>(discretisation.dof_handler().get_fe().degree + 1),
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

    matrix = 0.;
    for (const auto &cell :
         discretisation.dof_handler().active_cell_iterators())
      {
        fe_values.reinit(cell);
        fe_values.get_function_gradients(Phi, grad_Phi);
        cell->get_dof_indices(indices);
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
    dealii::Vector<double> result(x.size());
    mass.vmult(result, x);
    return result;
  }

  template <int dim>
  bool
  GalerkinOperator<dim>::is_symmetric() const
  {
    return false;
  }

  template class GalerkinOperator<1>;
  template class GalerkinOperator<2>;
  template class GalerkinOperator<3>;
} // namespace mfpg

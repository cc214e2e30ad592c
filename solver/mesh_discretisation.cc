#include "solver/mesh_discretisation.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/numerics/matrix_tools.h>

namespace mfpg
{
  template <int dim>
  MeshDiscretisation<dim>::MeshDiscretisation(const ParameterDomain &domain,
                                              const unsigned int     degree)
    : fe(degree)
    , n_positive(0)
  {
    domain.create(triangulation);
    dofs.reinit(triangulation);
    dofs.distribute_dofs(fe);

    points.resize(dofs.n_dofs());
    dealii::DoFTools::map_dofs_to_support_points(dealii::MappingQ1<dim>(),
                                                 dofs,
                                                 points);
    for (const auto &p : points)
      for (unsigned int k = 0; k < dim; ++k)
        coordinates.push_back(p[k]);

    dealii::DynamicSparsityPattern dsp(dofs.n_dofs());
    dealii::DoFTools::make_sparsity_pattern(dofs, dsp);
    sparsity.copy_from(dsp);
    laplace.reinit(sparsity);
    dealii::MatrixCreator::create_laplace_matrix(
      dofs, dealii::QGauss<dim>(degree + 1), laplace);

    // Lumped mass and boundary-layer weights: ∫ phi_i, exactly (the Q1
    // basis is a partition of unity, so these are the row sums of the mass
    // matrix), cell by cell.
    mass.reinit(dofs.n_dofs());
    boundary_weights.reinit(dofs.n_dofs());
    const dealii::QGauss<dim> quadrature(degree + 1);
    dealii::FEValues<dim>     fe_values(
      fe, quadrature, dealii::update_values | dealii::update_JxW_values);
    std::vector<dealii::types::global_dof_index> indices(fe.n_dofs_per_cell());
    for (const auto &cell : dofs.active_cell_iterators())
      {
        fe_values.reinit(cell);
        cell->get_dof_indices(indices);
        for (unsigned int i = 0; i < fe.n_dofs_per_cell(); ++i)
          {
            double integral = 0.;
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              integral += fe_values.shape_value(i, q) * fe_values.JxW(q);
            mass[indices[i]] += integral;
            if (cell->at_boundary())
              boundary_weights[indices[i]] += integral;
          }
      }

    for (unsigned int i = 0; i < laplace.m(); ++i)
      for (auto entry = laplace.begin(i); entry != laplace.end(i); ++entry)
        if (entry->column() != i &&
            entry->value() > 1e-12 * laplace.diag_element(i))
          ++n_positive;
  }

  template <int dim>
  const dealii::DoFHandler<dim> &
  MeshDiscretisation<dim>::dof_handler() const
  {
    return dofs;
  }

  template <int dim>
  unsigned int
  MeshDiscretisation<dim>::n_dofs() const
  {
    return dofs.n_dofs();
  }

  template <int dim>
  const std::vector<dealii::Point<dim>> &
  MeshDiscretisation<dim>::support_points() const
  {
    return points;
  }

  template <int dim>
  dealii::ArrayView<const double>
  MeshDiscretisation<dim>::theta(const unsigned int i) const
  {
    AssertIndexRange(i, points.size());
    return dealii::ArrayView<const double>(coordinates.data() + i * dim, dim);
  }

  template <int dim>
  const dealii::Vector<double> &
  MeshDiscretisation<dim>::lumped_mass() const
  {
    return mass;
  }

  template <int dim>
  const dealii::SparseMatrix<double> &
  MeshDiscretisation<dim>::stiffness() const
  {
    return laplace;
  }

  template <int dim>
  const dealii::Vector<double> &
  MeshDiscretisation<dim>::boundary_layer_weights() const
  {
    return boundary_weights;
  }

  template <int dim>
  unsigned int
  MeshDiscretisation<dim>::n_positive_edge_weights() const
  {
    return n_positive;
  }

  template <int dim>
  double
  MeshDiscretisation<dim>::mesh_size() const
  {
    return dealii::GridTools::maximal_cell_diameter(triangulation);
  }

  template class MeshDiscretisation<1>;
  template class MeshDiscretisation<2>;
  template class MeshDiscretisation<3>;
} // namespace mfpg

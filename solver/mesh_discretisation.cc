#include "solver/mesh_discretisation.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q_iso_q1.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>

#include <petscvec.h>

#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    template <int dim>
    DistributedTriangulation<dim>
    make_triangulation(const MPI_Comm communicator)
    {
      if constexpr (dim == 1)
        // every cell on every rank (no artificial cells), contiguous ranges
        return DistributedTriangulation<dim>(
          communicator,
          dealii::Triangulation<dim>::none,
          false,
          dealii::parallel::shared::Triangulation<dim>::partition_zorder);
      else
        return DistributedTriangulation<dim>(communicator);
    }

    /**
     * The nodal quadrature (docs/model.md §8.3) needs m_k > 0 at every node:
     * true for the Gauss–Lobatto nodes of FE_Q at any degree (its weights),
     * not for every Lagrange element (equispaced nodes of degree 8 have
     * negative Newton–Cotes weights). Checked rather than assumed.
     */
    void
    require_positive_weights(const dealii::Vector<double> &mass,
                             const unsigned int            degree,
                             const MPI_Comm                communicator)
    {
      bool negative = false;
      for (const double m : mass)
        negative = negative || !(m > 0.);
      if (dealii::Utilities::MPI::logical_or(negative, communicator))
        throw ParameterError("Discretisation/Element degree",
                             "the lumped mass m_i = ∫ phi_i of the Q" +
                               std::to_string(degree) +
                               " elements is not positive at every node, "
                               "so the nodal quadrature of the density "
                               "fails; use a lower degree");
    }
  } // namespace

  template <int dim>
  MeshDiscretisation<dim>::MeshDiscretisation(const ParameterDomain &domain,
                                              const unsigned int     degree,
                                              const MPI_Comm communicator)
    : mpi_communicator(communicator)
    , triangulation(make_triangulation<dim>(communicator))
    , fe(degree)
    , n_positive(0)
  {
    domain.create(triangulation);
    dofs.reinit(triangulation);
    dofs.distribute_dofs(fe);
    owned = dofs.locally_owned_dofs();
    if (!owned.is_contiguous())
      throw std::logic_error("MeshDiscretisation: the locally owned dofs of a "
                             "rank are not a contiguous range");
    const dealii::IndexSet relevant =
      dealii::DoFTools::extract_locally_relevant_dofs(dofs);
    partitioner =
      std::make_shared<const dealii::Utilities::MPI::Partitioner>(owned,
                                                                  relevant,
                                                                  communicator);
    owned_ranges =
      dealii::Utilities::MPI::all_gather(communicator,
                                         partitioner->local_range().first);

    const unsigned int n_owned = n_locally_owned();
    const unsigned int n_local = n_locally_relevant();
    std::map<dealii::types::global_dof_index, dealii::Point<dim>> point_of;
    dealii::DoFTools::map_dofs_to_support_points(dealii::MappingQ1<dim>(),
                                                 dofs,
                                                 point_of);
    points.resize(n_local);
    for (unsigned int k = 0; k < n_local; ++k)
      {
        points[k] = point_of.at(global_index(k));
        for (unsigned int d = 0; d < dim; ++d)
          coordinates.push_back(points[k][d]);
      }

    // The owned rows of the lumped mass, the boundary-layer weights and
    // the stiffness, from the owned and ghost cells around each owned dof
    // (exactly; the Lagrange basis is a partition of unity, so the lumped
    // mass is the row sum of the mass matrix). For degrees 1 and 2 the
    // stiffness is that of the Q1 sub-cells: FE_Q_iso_Q1(degree) has the
    // (equispaced) support points of FE_Q(degree) in the same order
    // (checked), so its cell matrix is indexed by this DoFHandler's dofs.
    // From degree 3 on the nodes are Gauss-Lobatto points, which no
    // equispaced sub-cell element has: the stiffness is FE_Q's own.
    const std::unique_ptr<dealii::FiniteElement<dim>> stiffness_fe =
      degree <= 2 ? std::unique_ptr<dealii::FiniteElement<dim>>(
                      new dealii::FE_Q_iso_Q1<dim>(degree)) :
                    std::unique_ptr<dealii::FiniteElement<dim>>(
                      new dealii::FE_Q<dim>(degree));
    if (stiffness_fe->get_unit_support_points() != fe.get_unit_support_points())
      throw std::logic_error("MeshDiscretisation: the support points of "
                             "the stiffness element and FE_Q differ");
    std::vector<std::map<unsigned int, double>> rows(n_owned);
    std::vector<std::set<unsigned int>>         couplings(n_owned);
    mass.reinit(n_local);
    sub_cell_mass.reinit(n_local);
    boundary_weights.reinit(n_local);
    const dealii::QGauss<dim> quadrature(degree + 1);
    dealii::FEValues<dim>     fe_values(
      fe, quadrature, dealii::update_values | dealii::update_JxW_values);
    const dealii::Quadrature<dim> sub_cell_quadrature =
      degree <= 2 ? dealii::Quadrature<dim>(
                      dealii::QIterated<dim>(dealii::QGauss<1>(2), degree)) :
                    dealii::Quadrature<dim>(dealii::QGauss<dim>(degree + 1));
    dealii::FEValues<dim>                        sub_cell_values(*stiffness_fe,
                                          sub_cell_quadrature,
                                          dealii::update_values |
                                            dealii::update_gradients |
                                            dealii::update_JxW_values);
    std::vector<dealii::types::global_dof_index> indices(fe.n_dofs_per_cell());
    for (const auto &cell : dofs.active_cell_iterators())
      {
        if (cell->is_artificial())
          continue;
        fe_values.reinit(cell);
        sub_cell_values.reinit(
          typename dealii::Triangulation<dim>::cell_iterator(cell));
        cell->get_dof_indices(indices);
        for (unsigned int i = 0; i < fe.n_dofs_per_cell(); ++i)
          {
            if (!partitioner->in_local_range(indices[i]))
              continue;
            const unsigned int k        = local_index(indices[i]);
            double             integral = 0.;
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              integral += fe_values.shape_value(i, q) * fe_values.JxW(q);
            mass[k] += integral;
            for (unsigned int q = 0; q < sub_cell_quadrature.size(); ++q)
              sub_cell_mass[k] +=
                sub_cell_values.shape_value(i, q) * sub_cell_values.JxW(q);
            if (cell->at_boundary())
              boundary_weights[k] += integral;
            for (unsigned int j = 0; j < fe.n_dofs_per_cell(); ++j)
              {
                couplings[k].insert(local_index(indices[j]));
                double k_ij = 0.;
                for (unsigned int q = 0; q < sub_cell_quadrature.size(); ++q)
                  k_ij += sub_cell_values.shape_grad(i, q) *
                          sub_cell_values.shape_grad(j, q) *
                          sub_cell_values.JxW(q);
                // dofs of no common sub-cell (degree <= 2): exactly 0, no
                // edge
                if (k_ij != 0. || i == j)
                  rows[k][local_index(indices[j])] += k_ij;
              }
          }
      }
    update_ghost_values(mass);
    update_ghost_values(sub_cell_mass);
    update_ghost_values(boundary_weights);
    require_positive_weights(mass, degree, communicator);

    sparsity.reinit(n_dofs(), n_dofs(), owned);
    row_start.push_back(0);
    for (unsigned int k = 0; k < n_owned; ++k)
      {
        const double diagonal = rows[k].at(k);
        for (const auto &[l, k_kl] : rows[k])
          {
            columns.push_back(l);
            values.push_back(k_kl);
            if (l != k && k_kl > 1e-12 * diagonal)
              ++n_positive;
          }
        for (const unsigned int l : couplings[k])
          sparsity.add(global_index(k), global_index(l));
        row_start.push_back(columns.size());
      }
    n_positive = dealii::Utilities::MPI::sum(n_positive, communicator);
  }

  template <int dim>
  const dealii::Vector<double> &
  MeshDiscretisation<dim>::law_mass() const
  {
    return sub_cell_mass;
  }

  template <int dim>
  MPI_Comm
  MeshDiscretisation<dim>::communicator() const
  {
    return mpi_communicator;
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
  unsigned int
  MeshDiscretisation<dim>::n_locally_owned() const
  {
    return partitioner->locally_owned_size();
  }

  template <int dim>
  unsigned int
  MeshDiscretisation<dim>::n_locally_relevant() const
  {
    return partitioner->locally_owned_size() + partitioner->n_ghost_indices();
  }

  template <int dim>
  const dealii::IndexSet &
  MeshDiscretisation<dim>::locally_owned_dofs() const
  {
    return owned;
  }

  template <int dim>
  dealii::types::global_dof_index
  MeshDiscretisation<dim>::global_index(const unsigned int k) const
  {
    return partitioner->local_to_global(k);
  }

  template <int dim>
  unsigned int
  MeshDiscretisation<dim>::local_index(
    const dealii::types::global_dof_index i) const
  {
    return partitioner->global_to_local(i);
  }

  template <int dim>
  const std::vector<dealii::Point<dim>> &
  MeshDiscretisation<dim>::support_points() const
  {
    return points;
  }

  template <int dim>
  dealii::ArrayView<const double>
  MeshDiscretisation<dim>::theta(const unsigned int k) const
  {
    AssertIndexRange(k, points.size());
    return dealii::ArrayView<const double>(coordinates.data() + k * dim, dim);
  }

  template <int dim>
  const dealii::Vector<double> &
  MeshDiscretisation<dim>::lumped_mass() const
  {
    return mass;
  }

  template <int dim>
  dealii::ArrayView<const unsigned int>
  MeshDiscretisation<dim>::stiffness_columns(const unsigned int k) const
  {
    AssertIndexRange(k, n_locally_owned());
    return dealii::ArrayView<const unsigned int>(columns.data() + row_start[k],
                                                 row_start[k + 1] -
                                                   row_start[k]);
  }

  template <int dim>
  dealii::ArrayView<const double>
  MeshDiscretisation<dim>::stiffness_values(const unsigned int k) const
  {
    AssertIndexRange(k, n_locally_owned());
    return dealii::ArrayView<const double>(values.data() + row_start[k],
                                           row_start[k + 1] - row_start[k]);
  }

  template <int dim>
  const dealii::DynamicSparsityPattern &
  MeshDiscretisation<dim>::sparsity_pattern() const
  {
    return sparsity;
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
    double h = 0.;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        h = std::max(h, cell->diameter());
    return dealii::Utilities::MPI::max(h, mpi_communicator);
  }

  template <int dim>
  dealii::LinearAlgebra::distributed::Vector<double>
  MeshDiscretisation<dim>::ghosted_vector(const dealii::Vector<double> &x) const
  {
    AssertDimension(x.size(), n_locally_relevant());
    dealii::LinearAlgebra::distributed::Vector<double> v(partitioner);
    for (unsigned int k = 0; k < n_locally_owned(); ++k)
      v.local_element(k) = x[k];
    v.update_ghost_values();
    return v;
  }

  template <int dim>
  void
  MeshDiscretisation<dim>::update_ghost_values(dealii::Vector<double> &x) const
  {
    const auto v = ghosted_vector(x);
    for (unsigned int k = n_locally_owned(); k < n_locally_relevant(); ++k)
      x[k] = v.local_element(k);
  }

  template <int dim>
  void
  MeshDiscretisation<dim>::add_ghost_contributions(
    dealii::Vector<double> &x) const
  {
    AssertDimension(x.size(), n_locally_relevant());
    dealii::LinearAlgebra::distributed::Vector<double> v(partitioner);
    for (unsigned int k = 0; k < n_locally_relevant(); ++k)
      v.local_element(k) = x[k];
    v.compress(dealii::VectorOperation::add);
    for (unsigned int k = 0; k < n_locally_owned(); ++k)
      x[k] = v.local_element(k);
  }

  template <int dim>
  dealii::Vector<double>
  MeshDiscretisation<dim>::gather(const dealii::Vector<double> &x) const
  {
    AssertDimension(x.size(), n_locally_relevant());
    const std::vector<unsigned int> counts =
      dealii::Utilities::MPI::all_gather(mpi_communicator, n_locally_owned());
    std::vector<int> n(counts.begin(), counts.end()),
      start(owned_ranges.begin(), owned_ranges.end());
    dealii::Vector<double> all(n_dofs());
    MPI_Allgatherv(x.begin(),
                   n_locally_owned(),
                   MPI_DOUBLE,
                   all.begin(),
                   n.data(),
                   start.data(),
                   MPI_DOUBLE,
                   mpi_communicator);
    return all;
  }

  template <int dim>
  dealii::Vector<double>
  MeshDiscretisation<dim>::local_part(const dealii::Vector<double> &all) const
  {
    AssertDimension(all.size(), n_dofs());
    dealii::Vector<double> x(n_locally_relevant());
    for (unsigned int k = 0; k < x.size(); ++k)
      x[k] = all[global_index(k)];
    return x;
  }

  template <int dim>
  dealii::PETScWrappers::MPI::Vector
  MeshDiscretisation<dim>::petsc_vector(const dealii::Vector<double> &x) const
  {
    dealii::PETScWrappers::MPI::Vector v(owned, mpi_communicator);
    PetscScalar                       *array;
    VecGetArray(v, &array);
    std::copy(x.begin(), x.begin() + n_locally_owned(), array);
    VecRestoreArray(v, &array);
    return v;
  }

  template <int dim>
  void
  MeshDiscretisation<dim>::copy_locally_owned(
    const dealii::PETScWrappers::MPI::Vector &v,
    dealii::Vector<double>                   &x) const
  {
    const PetscScalar *array;
    VecGetArrayRead(v, &array);
    std::copy(array, array + n_locally_owned(), x.begin());
    VecRestoreArrayRead(v, &array);
  }

  template <int dim>
  double
  MeshDiscretisation<dim>::minimum(const dealii::Vector<double> &x) const
  {
    double m = std::numeric_limits<double>::infinity();
    for (unsigned int k = 0; k < n_locally_owned(); ++k)
      m = std::min(m, x[k]);
    return dealii::Utilities::MPI::min(m, mpi_communicator);
  }

  template <int dim>
  double
  MeshDiscretisation<dim>::maximum_norm(const dealii::Vector<double> &x) const
  {
    double m = 0.;
    for (unsigned int k = 0; k < n_locally_owned(); ++k)
      m = std::max(m, std::abs(x[k]));
    return dealii::Utilities::MPI::max(m, mpi_communicator);
  }

  template class MeshDiscretisation<1>;
  template class MeshDiscretisation<2>;
  template class MeshDiscretisation<3>;
} // namespace mfpg

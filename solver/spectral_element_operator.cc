#include "solver/spectral_element_operator.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace mfpg
{
  namespace
  {
    /**
     * For each quadrature point of @p quadrature the cell-local dof whose
     * unit support point it is (the GLL nodes are the support points).
     */
    template <int dim>
    std::vector<unsigned int>
    dof_at_quadrature_point(const dealii::FiniteElement<dim> &fe,
                            const dealii::Quadrature<dim>    &quadrature)
    {
      std::vector<unsigned int> dof(quadrature.size());
      for (unsigned int q = 0; q < quadrature.size(); ++q)
        {
          const auto &points = fe.get_unit_support_points();
          const auto  match =
            std::find_if(points.begin(),
                         points.end(),
                         [&](const dealii::Point<dim> &p) {
                           return p.distance(quadrature.point(q)) < 1e-12;
                         });
          if (match == points.end())
            throw std::logic_error("SpectralElementOperator: a GLL node is "
                                   "not a support point of the element");
          dof[q] = match - points.begin();
        }
      return dof;
    }
  } // namespace

  template <int dim>
  SpectralElementOperator<dim>::SpectralElementOperator(
    const MeshDiscretisation<dim> &discretisation,
    const double                   sigma)
    : discretisation(discretisation)
    , diffusion(0.5 * sigma * sigma)
    , exponential_fitting(discretisation, sigma)
  {
    const auto &fe = discretisation.dof_handler().get_fe();
    if (fe.degree != 2)
      throw ParameterError("Discretisation/Element degree",
                           "the spectral-element scheme is Q2 (Gauss-Lobatto "
                           "nodes = the Q2 support points); use degree 2");

    // c_ijq = sum over the cells of w_q grad phi_i · grad phi_j (x_q), the
    // owned rows i, keyed by (j, q) in local indices
    const dealii::QGaussLobatto<dim> gll(fe.degree + 1);
    const std::vector<unsigned int>  node = dof_at_quadrature_point(fe, gll);
    dealii::FEValues<dim>            fe_values(
      fe, gll, dealii::update_gradients | dealii::update_JxW_values);
    const unsigned int n = fe.n_dofs_per_cell();
    std::vector<std::map<std::pair<unsigned int, unsigned int>, double>> rows(
      discretisation.n_locally_owned());
    std::vector<dealii::types::global_dof_index> indices(n);
    std::vector<double>                          cell_terms(n * gll.size());
    for (const auto &cell :
         discretisation.dof_handler().active_cell_iterators())
      {
        if (cell->is_artificial())
          continue;
        fe_values.reinit(cell);
        cell->get_dof_indices(indices);
        for (unsigned int i = 0; i < n; ++i)
          {
            if (!discretisation.locally_owned_dofs().is_element(indices[i]))
              continue;
            const unsigned int k = discretisation.local_index(indices[i]);
            // the GLL products vanish for dofs on no common grid line
            // through x_q, up to the rounding of the shape gradients at the
            // nodes: keep the terms above that rounding
            double largest = 0.;
            for (unsigned int j = 0; j < n; ++j)
              for (unsigned int q = 0; q < gll.size(); ++q)
                {
                  cell_terms[j * gll.size() + q] =
                    fe_values.JxW(q) *
                    (fe_values.shape_grad(i, q) * fe_values.shape_grad(j, q));
                  largest =
                    std::max(largest, std::abs(cell_terms[j * gll.size() + q]));
                }
            for (unsigned int j = 0; j < n; ++j)
              for (unsigned int q = 0; q < gll.size(); ++q)
                if (std::abs(cell_terms[j * gll.size() + q]) > 1e-12 * largest)
                  rows[k][{discretisation.local_index(indices[j]),
                           discretisation.local_index(indices[node[q]])}] +=
                    cell_terms[j * gll.size() + q];
          }
      }

    entry_start.push_back(0);
    term_start.push_back(0);
    for (const auto &row : rows)
      {
        for (auto term = row.begin(); term != row.end(); ++term)
          {
            const unsigned int l = term->first.first;
            if (term == row.begin() || std::prev(term)->first.first != l)
              {
                if (term != row.begin())
                  term_start.push_back(term_node.size());
                entry_local_column.push_back(l);
                entry_column.push_back(discretisation.global_index(l));
              }
            term_node.push_back(term->first.second);
            term_weight.push_back(term->second);
          }
        if (!row.empty())
          term_start.push_back(term_node.size());
        entry_start.push_back(entry_column.size());
      }

    sparsity.reinit(discretisation.n_dofs(),
                    discretisation.n_dofs(),
                    discretisation.locally_owned_dofs());
    for (unsigned int k = 0; k < discretisation.n_locally_owned(); ++k)
      {
        const auto row = discretisation.global_index(k);
        for (unsigned int e = entry_start[k]; e < entry_start[k + 1]; ++e)
          sparsity.add(row, entry_column[e]);
        for (const unsigned int l : discretisation.stiffness_columns(k))
          sparsity.add(row, discretisation.global_index(l));
      }
  }

  template <int dim>
  void
  SpectralElementOperator<dim>::assemble_system(
    const dealii::Vector<double>             &Phi,
    const double                              alpha,
    const double                              dt,
    dealii::PETScWrappers::MPI::SparseMatrix &matrix) const
  {
    const auto [E, inverse_E] = scalings(Phi);
    const auto         &mass  = discretisation.lumped_mass();
    std::vector<double> values;
    matrix = 0.;
    for (unsigned int k = 0; k < discretisation.n_locally_owned(); ++k)
      {
        values.clear();
        for (unsigned int e = entry_start[k]; e < entry_start[k + 1]; ++e)
          values.push_back(dt * diffusion * scaled_entry(k, e, E, inverse_E) +
                           (entry_local_column[e] == k ? alpha * mass[k] : 0.));
        matrix.set(discretisation.global_index(k),
                   values.size(),
                   entry_column.data() + entry_start[k],
                   values.data());
      }
    matrix.compress(dealii::VectorOperation::insert);
  }

  template <int dim>
  std::pair<dealii::Vector<double>, dealii::Vector<double>>
  SpectralElementOperator<dim>::scalings(
    const dealii::Vector<double> &Phi) const
  {
    // e^{(Phi_i + Phi_j)/2 - Phi_q} = (E_i / E_q)(E_j / E_q) for
    // E = e^{(Phi - s)/2} with any shift s (here this rank's minimum, so
    // that E >= 1 and 1/E does not overflow)
    const double           shift = *std::min_element(Phi.begin(), Phi.end());
    dealii::Vector<double> E(Phi.size()), inverse_E(Phi.size());
    for (unsigned int k = 0; k < Phi.size(); ++k)
      {
        E[k]         = std::exp(0.5 * (Phi[k] - shift));
        inverse_E[k] = 1. / E[k];
      }
    return {E, inverse_E};
  }

  template <int dim>
  double
  SpectralElementOperator<dim>::scaled_entry(
    const unsigned int            k,
    const unsigned int            e,
    const dealii::Vector<double> &E,
    const dealii::Vector<double> &inverse_E) const
  {
    const unsigned int l     = entry_local_column[e];
    double             K_hat = 0.;
    for (unsigned int t = term_start[e]; t < term_start[e + 1]; ++t)
      {
        const double ratio = inverse_E[term_node[t]];
        K_hat += term_weight[t] * (E[k] * ratio) * (E[l] * ratio);
      }
    return K_hat;
  }

  template <int dim>
  double
  SpectralElementOperator<dim>::dissipation(
    const dealii::Vector<double> &Phi,
    const dealii::Vector<double> &nu) const
  {
    // with J_h of model.md §8.2 property 5 and M d/dt nu = -A nu:
    // dJ_h/dt = D sum_i (ln u_i + 1) (A nu)_i = D sum_i ln u_i (A nu)_i
    // (the columns of A sum to zero), A nu = D E^{-1} (Â / D) E nu
    const auto [E, inverse_E] = scalings(Phi);
    const double tiny         = 1e-300;
    double       sum          = 0.;
    for (unsigned int k = 0; k < discretisation.n_locally_owned(); ++k)
      {
        double A_nu = 0.;
        for (unsigned int e = entry_start[k]; e < entry_start[k + 1]; ++e)
          A_nu += scaled_entry(k, e, E, inverse_E) * E[entry_local_column[e]] *
                  nu[entry_local_column[e]];
        sum += (std::log(std::max(nu[k], tiny)) + Phi[k]) * inverse_E[k] * A_nu;
      }
    return diffusion * diffusion *
           dealii::Utilities::MPI::sum(sum, discretisation.communicator());
  }

  template <int dim>
  dealii::Vector<double>
  SpectralElementOperator<dim>::unknown_scaling(
    const dealii::Vector<double> &Phi) const
  {
    return exponential_fitting.unknown_scaling(Phi);
  }

  template <int dim>
  dealii::Vector<double>
  SpectralElementOperator<dim>::mass_times(
    const dealii::Vector<double> &x) const
  {
    return exponential_fitting.mass_times(x);
  }

  template <int dim>
  bool
  SpectralElementOperator<dim>::is_symmetric() const
  {
    return true;
  }

  template <int dim>
  const FokkerPlanckOperator<dim> *
  SpectralElementOperator<dim>::positivity_fallback() const
  {
    return &exponential_fitting;
  }

  template <int dim>
  const dealii::DynamicSparsityPattern *
  SpectralElementOperator<dim>::sparsity_pattern() const
  {
    return &sparsity;
  }

  template class SpectralElementOperator<1>;
  template class SpectralElementOperator<2>;
  template class SpectralElementOperator<3>;
} // namespace mfpg

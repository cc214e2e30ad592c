#ifndef mfpg_solver_nodal_quadrature_h
#define mfpg_solver_nodal_quadrature_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/model.h"
#include "solver/mesh_discretisation.h"

namespace mfpg
{
  /**
   * Integrals of a nodal density nu (values nu_i at the support points) by
   * the nodal quadrature ∫ g nu ≈ sum_i m_i g(theta_i) nu_i of the lumped
   * mass, the quadrature the exponentially fitted scheme conserves: with it,
   * F, J and the dissipation satisfy the energy identity of model.md §5
   * exactly in the semi-discrete scheme. Second order in h, like Q1.
   *
   * The nodal vectors are local nodal vectors (MeshDiscretisation): the
   * integrals sum over the owned entries and add across the ranks of the
   * mesh's communicator (one Allreduce each; policy_energy() one Allreduce
   * of the n_S x n_A matrix F); nodal functions of theta (the potentials,
   * the Gibbs density) are evaluated at every locally relevant node, ghosts
   * included, without communication.
   */
  namespace nodal_quadrature
  {
    /** F_ij = ∫ f(s_i, a_j, theta) nu(dtheta) (model.md §2). */
    template <int dim>
    dealii::FullMatrix<double>
    policy_energy(const MeshDiscretisation<dim> &discretisation,
                  const Model                   &model,
                  const dealii::Vector<double>  &nu);

    /**
     * Phi_i = U(theta_i) - (2/sigma^2) dV/dnu(nu, theta_i), the Slotboom
     * potential (model.md §5) of the coupling weights @p W.
     */
    template <int dim>
    dealii::Vector<double>
    slotboom_potential(const MeshDiscretisation<dim>    &discretisation,
                       const Model                      &model,
                       const dealii::FullMatrix<double> &W);

    /** U(theta_i). */
    template <int dim>
    dealii::Vector<double>
    potential_values(const MeshDiscretisation<dim> &discretisation,
                     const Model                   &model);

    /** ∫ nu. */
    template <int dim>
    double
    mass(const MeshDiscretisation<dim> &discretisation,
         const dealii::Vector<double>  &nu);

    /** ∫ theta nu / ∫ nu. */
    template <int dim>
    dealii::Vector<double>
    mean(const MeshDiscretisation<dim> &discretisation,
         const dealii::Vector<double>  &nu);

    /** ∫ (theta - m)(theta - m)^T nu / ∫ nu. */
    template <int dim>
    dealii::FullMatrix<double>
    covariance(const MeshDiscretisation<dim> &discretisation,
               const dealii::Vector<double>  &nu);

    /** ∫ nu over the cells touching the boundary. */
    template <int dim>
    double
    boundary_layer_mass(const MeshDiscretisation<dim> &discretisation,
                        const dealii::Vector<double>  &nu);

    /**
     * ∫ h(nu) + ∫ nu g for the regulariser @p h and the nodal values @p g:
     * H_h(nu) of model.md §11.1 for g = U, KL(nu | e^{-U}) for the entropy
     * (§5; e^{-U} is normalised).
     */
    template <int dim>
    double
    regulariser_plus_energy(const MeshDiscretisation<dim> &discretisation,
                            const Regulariser             &h,
                            const dealii::Vector<double>  &nu,
                            const dealii::Vector<double>  &g);

    /** ||a - b|| / ||b|| in the L2 norm of the nodal quadrature. */
    template <int dim>
    double
    relative_l2_difference(const MeshDiscretisation<dim> &discretisation,
                           const dealii::Vector<double>  &a,
                           const dealii::Vector<double>  &b);

    /** The Gibbs density Gamma_i = e^{-Phi_i} / ∫ e^{-Phi}. */
    template <int dim>
    dealii::Vector<double>
    gibbs_density(const MeshDiscretisation<dim> &discretisation,
                  const dealii::Vector<double>  &Phi);

    /**
     * The stationary density of the regulariser @p h for the frozen
     * potential @p Phi (model.md §11.2): Gamma_i = (h')^{-1}(c - Phi_i) cut
     * at 0 (Regulariser::derivative_inverse), c fixed by ∫ Gamma = 1. For
     * the entropy gibbs_density(); for tsallis c is the root of the
     * increasing mass by Boost's TOMS 748 (to rounding; each mass one
     * Allreduce).
     */
    template <int dim>
    dealii::Vector<double>
    stationary_density(const MeshDiscretisation<dim> &discretisation,
                       const Regulariser             &h,
                       const dealii::Vector<double>  &Phi);

    /**
     * KL(nu | Gamma(nu)) = ∫ nu (ln nu + Phi) + ln ∫ e^{-Phi}, zero exactly
     * at the discrete stationary point: the fixed-point residual.
     */
    template <int dim>
    double
    gibbs_relative_entropy(const MeshDiscretisation<dim> &discretisation,
                           const dealii::Vector<double>  &nu,
                           const dealii::Vector<double>  &Phi);
  } // namespace nodal_quadrature
} // namespace mfpg

#endif

#ifndef mfpg_solver_gibbs_fixed_point_h
#define mfpg_solver_gibbs_fixed_point_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/vector.h>

#include "model/model.h"
#include "solver/mesh_discretisation.h"

#include <vector>

namespace mfpg
{
  /** The parameters of GibbsFixedPoint (subsection "Stationary solver"). */
  struct GibbsFixedPointParameters
  {
    double       damping        = 0.5;
    double       tolerance      = 1e-10;
    unsigned int max_iterations = 1000;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /**
   * The stationary point of the flow without time stepping (model.md §5):
   * the Gibbs fixed point nu* = Gamma(nu*) ∝ exp(-Phi_{nu*}),
   * Phi_nu = U - (2/sigma^2) dV/dnu(nu, ·), at the nodes of the mesh, by the
   * damped iteration nu <- (1 - a) nu + a Gamma(nu). Its fixed points are
   * exactly the stationary states of the exponentially fitted flow (whose
   * operator annihilates e^{-Phi}). It converges when the map is a
   * contraction, e.g. when beta = sigma^2 kappa / 2 - C_2 - L > 0 and the
   * damping is small enough; the residual is reported either way.
   * Densities are local nodal vectors: on several ranks each iteration
   * costs the Allreduce of F and four scalar reductions (min Phi and the
   * partition function, the two maximum norms of the residual).
   *
   * With Regulariser = tsallis the map is the stationary profile of §11.2,
   * Gamma(nu) = (h')^{-1}(c - Phi_nu)_+ with c fixed by the mass
   * (nodal_quadrature::stationary_density(): about 50 more scalar
   * reductions per iteration), whose fixed points are the steady states of
   * the upwind scheme (xi = D (h'(nu) + Phi) constant where nu > 0);
   * Result::relative_entropy is then NaN.
   */
  template <int dim>
  class GibbsFixedPoint
  {
  public:
    struct Result
    {
      dealii::Vector<double> density;
      /** max_i |nu_i - Gamma_i(nu)| / max_i Gamma_i(nu) at the end. */
      double residual;
      /** KL(nu | Gamma(nu)) at the end (NaN for tsallis). */
      double       relative_entropy;
      unsigned int n_iterations;
    };

    GibbsFixedPoint(const Model                     &model,
                    const MeshDiscretisation<dim>   &discretisation,
                    const GibbsFixedPointParameters &parameters);

    /**
     * Iterate from @p initial (nodal values of mass 1); throws a
     * std::runtime_error naming the tolerance if it is not reached.
     */
    Result
    solve(const dealii::Vector<double> &initial) const;

    /**
     * Gamma(nu): the Gibbs density of the potential of @p nu (for tsallis
     * the stationary profile of that potential).
     */
    dealii::Vector<double>
    gibbs_map(const dealii::Vector<double> &nu) const;

    /**
     * Phi_nu = U - (2/sigma^2) dV/dnu(nu, ·) at the nodes (model.md §5):
     * Gamma(nu) = e^{-Phi_nu} / ∫ e^{-Phi_nu}.
     */
    dealii::Vector<double>
    potential(const dealii::Vector<double> &nu) const;

  private:
    const Model                    &model;
    const MeshDiscretisation<dim>  &discretisation;
    const GibbsFixedPointParameters parameters;
  };
} // namespace mfpg

#endif

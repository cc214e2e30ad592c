#include "solver/fokker_planck_operator.h"

#include "model/parameter_file.h"
#include "solver/exponential_fitting_operator.h"
#include "solver/galerkin_operator.h"
#include "solver/spectral_element_operator.h"

namespace mfpg
{
  void
  DiscretisationParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Discretisation");
    prm.add_parameter(
      "Scheme",
      scheme,
      "spectral-element (the default): Q2 with Gauss-Lobatto quadrature at "
      "the nodes in the Slotboom form (Hu & Zhang), conservative, fourth "
      "order at the nodes; a step that makes nu negative is repaired as "
      "'Time stepping/Positivity' says; exponential-fitting: "
      "edge-averaged (Scharfetter–Gummel) Q1 in the Slotboom form, nu >= 0 "
      "for any time step with implicit Euler, second order; galerkin: plain "
      "Galerkin Q1 to Q4 for comparison, which loses positivity at cell "
      "Peclet numbers h |grad Phi| above about 2; upwind: the upwind finite "
      "volumes of Bailo, Carrillo & Hu on the Q1 edge graph, the scheme of "
      "the porous-medium flow (Regularisation/Regulariser = tsallis, which "
      "needs it or upwind-fct), nu >= 0, first order, implicit Euler only; "
      "upwind-fct: the upwind step followed by the central fluxes' "
      "antidiffusion limited by Zalesak's flux-corrected transport "
      "(docs/model.md §11.4), nu >= 0, second order where nu is smooth, "
      "implicit Euler only.",
      dealii::Patterns::Selection(
        "exponential-fitting|spectral-element|galerkin|upwind|upwind-fct"));
    prm.add_parameter("Element degree",
                      degree,
                      "Degree of the continuous Lagrange elements: 0 for "
                      "the scheme's own (2 for the spectral elements, 1 "
                      "for the others); 1 with the exponential fitting and "
                      "the upwind schemes, 2 with the spectral elements, 1 "
                      "to 4 with the "
                      "galerkin scheme (nodes: the Gauss–Lobatto points of "
                      "each cell, equispaced up to degree 2).",
                      dealii::Patterns::Integer(0, 4));
    prm.leave_subsection();
  }

  unsigned int
  DiscretisationParameters::element_degree() const
  {
    if (degree != 0)
      return degree;
    return scheme == "spectral-element" ? 2 : 1;
  }

  unsigned int
  DiscretisationParameters::nodal_order() const
  {
    if (scheme == "upwind")
      return 1;
    return scheme == "spectral-element" ? 4 : element_degree() + 1;
  }

  bool
  DiscretisationParameters::porous_medium() const
  {
    return scheme == "upwind" || flux_corrected();
  }

  bool
  DiscretisationParameters::flux_corrected() const
  {
    return scheme == "upwind-fct";
  }

  void
  DiscretisationParameters::check() const
  {
    const unsigned int degree = element_degree();
    if (scheme == "exponential-fitting" && degree != 1)
      throw ParameterError("Discretisation/Element degree",
                           "the exponential fitting is a Q1 scheme; use degree "
                           "1, or the spectral-element scheme for degree 2, "
                           "or the galerkin scheme for degrees 2 to 4");
    if (porous_medium() && degree != 1)
      throw ParameterError("Discretisation/Element degree",
                           "the " + scheme +
                             " scheme is a Q1 scheme (its edges are "
                             "those of the Q1 cells); use degree 1");
    if (scheme == "spectral-element" && degree != 2)
      throw ParameterError("Discretisation/Element degree",
                           "the spectral-element scheme is Q2 (its "
                           "Gauss-Lobatto nodes are the Q2 support points); "
                           "use degree 2");
  }

  void
  DiscretisationParameters::check_regulariser(
    const Regulariser &regulariser) const
  {
    if (!regulariser.is_entropy() && !porous_medium())
      throw ParameterError("Discretisation/Scheme",
                           "the porous-medium flow of Regulariser = tsallis "
                           "is solved by the upwind schemes only (the other "
                           "schemes need the entropy's non-degenerate "
                           "diffusion); set Scheme = upwind-fct or upwind");
    if (regulariser.is_entropy() && porous_medium())
      throw ParameterError(
        "Discretisation/Scheme",
        "the " + scheme +
          " scheme solves the porous-medium flow "
          "of Regularisation/Regulariser = tsallis only; for "
          "the entropy use spectral-element or "
          "exponential-fitting");
  }

  void
  DiscretisationParameters::require_piecewise_linear_law(
    const std::string &user) const
  {
    if (element_degree() > 2)
      throw ParameterError("Discretisation/Element degree",
                           user + " reads the mesh density as a continuous "
                                  "piecewise-linear law (Q1, or Q1 on the "
                                  "sub-cells of a Q2 mesh) to sample it and to "
                                  "measure W2 distances; use degree 1 or 2");
  }

  template <int dim>
  std::unique_ptr<FokkerPlanckOperator<dim>>
  make_fokker_planck_operator(const DiscretisationParameters &parameters,
                              const MeshDiscretisation<dim>  &discretisation,
                              const double                    sigma)
  {
    parameters.check();
    if (parameters.porous_medium())
      throw ParameterError("Discretisation/Scheme",
                           "the " + parameters.scheme +
                             " scheme is not a Fokker–Planck operator "
                             "of the entropy flow (it steps the porous-medium "
                             "flow, PorousMediumStepper)");
    if (parameters.scheme == "galerkin")
      return std::make_unique<GalerkinOperator<dim>>(discretisation, sigma);
    if (parameters.scheme == "spectral-element")
      return std::make_unique<SpectralElementOperator<dim>>(discretisation,
                                                            sigma);
    return std::make_unique<ExponentialFittingOperator<dim>>(discretisation,
                                                             sigma);
  }

  template std::unique_ptr<FokkerPlanckOperator<1>>
  make_fokker_planck_operator(const DiscretisationParameters &,
                              const MeshDiscretisation<1> &,
                              const double);
  template std::unique_ptr<FokkerPlanckOperator<2>>
  make_fokker_planck_operator(const DiscretisationParameters &,
                              const MeshDiscretisation<2> &,
                              const double);
  template std::unique_ptr<FokkerPlanckOperator<3>>
  make_fokker_planck_operator(const DiscretisationParameters &,
                              const MeshDiscretisation<3> &,
                              const double);
} // namespace mfpg

#ifndef mfpg_tests_cases_h
#define mfpg_tests_cases_h

// The small cases the test suites share, built from parameter text through
// a ParameterHandler as the programs build them; an @p extra text appended to
// a case overrides its entries (the last `set` wins), e.g. its feature.

#include <deal.II/base/parameter_handler.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "model/gaussian_law.h"
#include "model/model.h"
#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <string>

namespace mfpg::test
{
  /**
   * Subsection MDP of a bandit on A = [0, 1] (Gauss-Legendre, 64 points)
   * with the reward @p reward and the entropy strength @p tau.
   */
  inline std::string
  unit_interval_bandit_text(const std::string &reward, const std::string &tau)
  {
    return R"(
subsection MDP
  subsection State space
    set Dimension = 0
  end
  subsection Action space
    set Dimension = 1
    set Lower corner = 0
    set Upper corner = 1
    set Quadrature = gauss-legendre
    set Points per axis = 64
  end
  set Reward = )" +
           reward + R"(
  set Discount = 0
  set Entropy strength = )" +
           tau + R"(
end
)";
  }

  /**
   * The safety issue's public case (docs/model.md §13): the bandit A = [0,
   * 1] with 16 Gauss-Legendre points (Lebesgue weights), r = a, the cost
   * 1{a > 1/2} from a budget Z = 2 (starting at 2), gamma = 0.8, tau = 0.2,
   * the indicator barrier of strength @p n, the linear feature (a 1{z >=
   * 0}, 1{a > 1/2} 1{z = 0}); then @p extra.
   */
  inline std::string
  safety_bandit_text(const double n, const std::string &extra = "")
  {
    return unit_interval_bandit_text("a", "0.2") + R"(
subsection MDP
  subsection Action space
    set Points per axis = 16
  end
  set Discount = 0.8
  subsection Safety
    set Enabled          = true
    set Cost             = a > 0.5
    set Budget           = 2
    set Barrier strength = )" +
           std::to_string(n) + R"(
  end
end
subsection Feature
  set Type  = linear
  set Basis = a * (z >= 0); (a > 0.5) * (z == 0)
end
)" + extra;
  }

  /**
   * Case P1: a bandit on A = [0, 1] (Gauss-Legendre, 64 points, Lebesgue
   * mu), f = theta a, r(a) = cos(2 a), tau = 0.3, sigma = 0.9, and the
   * default potential U = theta^2/2 + ln(2 pi)/2, followed by @p extra.
   */
  inline std::string
  bandit_p1_text(const std::string &extra = "")
  {
    // the Lebesgue reference measure is the default
    return unit_interval_bandit_text("cos(2*a)", "0.3") + R"(
subsection Feature
  set Type = linear
  set Basis = a
end
subsection Regularisation
  set Sigma = 0.9
end
)" + extra;
  }

  /**
   * The soft-optimal value of case P1 (model.md §5, bandit):
   * V* = tau ln ∫_0^1 exp(cos(2a)/tau) da, tau = 0.3, by adaptive
   * Gauss-Kronrod (61 points, relative tolerance 1e-15), independent of the
   * MDP's Gauss-Legendre grid and of soft value iteration. The integrand is
   * entire, so the MDP's 64-point rule is exact to rounding too: the two
   * agree to the rounding of a 64-term sum, tau · 64 · 2.2e-16 ≈ 4e-15.
   */
  inline double
  bandit_p1_soft_optimal_value()
  {
    const double tau = 0.3;
    const double integral =
      boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        [tau](const double a) { return std::exp(std::cos(2. * a) / tau); },
        0.,
        1.,
        10,
        1e-15);
    return tau * std::log(integral);
  }

  /**
   * Case P4 of ../shared/peers: the bandit of P1 with r(a) = sin(3a) + 1/2,
   * tau = 0.15, sigma = 1 and the tanh neuron tanh(c) tanh(w a + 0.2),
   * theta = (c, w) (d = 2), followed by @p extra.
   */
  inline std::string
  bandit_p4_text(const std::string &extra = "")
  {
    return bandit_p1_text(R"(
subsection MDP
  set Reward = sin(3*a) + 0.5
  set Entropy strength = 0.15
end
subsection Feature
  set Type = tanh neuron
  set Output function = tanh
  set Frozen components = b: 0.2
end
subsection Regularisation
  set Sigma = 1.0
end
)" + extra);
  }

  /**
   * Agazzi & Lu's kernel 0.9 delta(s' - a) + 0.1 uniform on S = A = [0, 1]
   * (matching Gauss-Legendre grids of 8 points), gamma = 0.7, a reward
   * coupling s and a, a non-uniform initial distribution, the linear basis
   * phi = (a, s a) (d = 2), followed by @p extra.
   */
  inline std::string
  agazzi_lu_text(const std::string &extra = "")
  {
    return R"(
subsection MDP
  subsection State space
    set Dimension = 1
    set Lower corner = 0
    set Upper corner = 1
    set Quadrature = gauss-legendre
    set Points per axis = 8
  end
  subsection Action space
    set Dimension = 1
    set Lower corner = 0
    set Upper corner = 1
    set Quadrature = gauss-legendre
    set Points per axis = 8
  end
  set Reward = sin(3*a + s) - (a - s)^2
  set Initial distribution = 1 + s
  set Transition density = 1
  set Deterministic transition = a
  set Deterministic weight = 0.9
  set Discount = 0.7
  set Entropy strength = 0.2
end
subsection Feature
  set Type = linear
  set Basis = a; s*a
end
subsection Regularisation
  set Sigma = 1
end
)" + extra;
  }

  /** The exact ReLU neuron c relu(w . x + b) of Agazzi & Lu. */
  inline const std::string relu_neuron = R"(
subsection Feature
  set Type = relu neuron
  set Output function = identity
  set ReLU smoothing = 0
end
)";

  /**
   * Agazzi & Lu's second experiment (model.md §1, "Teacher reward"): the
   * MDP of agazzi_lu_text() on matching midpoint grids of @p n points, with
   * the uniform initial law and the reward of a width-5 ReLU teacher with
   * N(0, 4) weights; the student the exact ReLU neuron, sigma = 0; then
   * @p extra.
   */
  inline std::string
  agazzi_lu_teacher_text(const unsigned int n, const std::string &extra = "")
  {
    const std::string grid = "    set Quadrature = midpoint\n"
                             "    set Points per axis = " +
                             std::to_string(n) + "\n";
    return agazzi_lu_text("subsection MDP\n  subsection State space\n" + grid +
                          "  end\n  subsection Action space\n" + grid +
                          R"(  end
  set Reward = teacher
  subsection Teacher
    set Width = 5
    set Weight variance = 4
    set Seed = 1
  end
  set Initial distribution = 1
end
subsection Regularisation
  set Sigma = 0
end
)" + relu_neuron + extra);
  }

  inline const std::string tanh_neuron = R"(
subsection Feature
  set Type = tanh neuron
  set Output function = tanh
end
)";

  /**
   * Print a number a test measured, so that the log of a run holds the
   * errors and residuals behind each verdict.
   */
  /**
   * The largest |sum_k P(k | row) - 1| over the rows of @p mdp's kernel,
   * infinity if some entry is negative: at most rounding for a stochastic
   * kernel.
   */
  inline double
  kernel_row_sum_error(const Mdp &mdp)
  {
    double largest = 0.;
    for (unsigned int row = 0; row < mdp.transition().m(); ++row)
      {
        double sum = 0.;
        for (unsigned int k = 0; k < mdp.n_states(); ++k)
          {
            if (mdp.transition()(row, k) < 0.)
              return std::numeric_limits<double>::infinity();
            sum += mdp.transition()(row, k);
          }
        largest = std::max(largest, std::abs(sum - 1.));
      }
    return largest;
  }

  inline void
  report(const std::string &what, const double value)
  {
    std::cout << "[ measured ] " << what << " = " << value << std::endl;
  }

  /**
   * The message of the ParameterError that @p action throws, or
   * "<no error>": for tests of bad input.
   */
  template <class Action>
  std::string
  parameter_error_message(const Action &action)
  {
    try
      {
        action();
      }
    catch (const ParameterError &e)
      {
        return e.what();
      }
    return "<no error>";
  }

  /** The Model::Parameters of a parameter text. */
  inline Model::Parameters
  parameters_from_text(const std::string &text)
  {
    dealii::ParameterHandler prm;
    Model::Parameters        parameters;
    parameters.add_parameters(prm);
    parse_parameter_text(prm, text);
    return parameters;
  }

  /** The Model of a parameter text (throws ParameterError). */
  inline Model
  model_from_text(const std::string &text)
  {
    return Model(parameters_from_text(text));
  }

  /** N(@p mean, @p covariance) from lists, as a parameter file gives them. */
  inline GaussianLaw
  gaussian(const std::vector<double> &mean,
           const std::vector<double> &covariance,
           const unsigned int         d)
  {
    return GaussianLaw::from_parameters({mean, covariance}, d, "Initial law");
  }
} // namespace mfpg::test

#endif

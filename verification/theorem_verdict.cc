#include "verification/theorem_verdict.h"

#include "verification/supremum_search.h"

#include <iomanip>
#include <sstream>

namespace mfpg
{
  TheoremHypothesis::Reading
  TheoremHypothesis::reading() const
  {
    if (beta_global > 0.)
      return Reading::applies;
    return beta_on_box > 0. ? Reading::only_on_box : Reading::silent;
  }

  double
  TheoremHypothesis::beta() const
  {
    return reading() == Reading::applies ? beta_global : beta_on_box;
  }

  const TheoryConstant &
  TheoremHypothesis::constant(const TheoryConstant &on_box,
                              const TheoryConstant &global) const
  {
    return reading() == Reading::applies ? global : on_box;
  }

  std::string
  TheoremHypothesis::verdict(const std::string &observation,
                             const bool         consistent) const
  {
    std::ostringstream out;
    out << std::setprecision(3);
    const std::string box = box_name(box_bound, dimension);
    switch (reading())
      {
        case Reading::applies:
          out << "beta = " << beta_global << " > 0 over R^" << dimension
              << ": the theorem applies; " << observation << ": "
              << (consistent ? "consistent with the theorem" :
                               "VIOLATES the theorem");
          break;
        case Reading::only_on_box:
          out << "beta = " << beta_on_box << " > 0 only on " << box
              << " (beta over R^" << dimension << " ~ " << beta_global
              << "): the theorem's hypothesis is not verified; " << observation;
          break;
        default:
          out << "beta <= 0 (" << beta_on_box << " on " << box << ", "
              << beta_global << " over R^" << dimension
              << "): the theorem is silent; " << observation;
      }
    return out.str();
  }

  TheoremHypothesis
  theorem_hypothesis(const ConvergenceConstants &on_box,
                     const ConvergenceConstants &global,
                     const double                box_bound,
                     const unsigned int          dimension)
  {
    return {on_box.beta(), global.beta(), box_bound, dimension};
  }
} // namespace mfpg

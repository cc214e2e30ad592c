#include "model/slotboom_potential.h"

#include "model/feature.h"
#include "model/potential.h"

namespace mfpg
{
  void
  slotboom_potential_at_points(const Feature                    &feature,
                               const QuadraticPotential         &potential,
                               const double                      sigma,
                               const dealii::FullMatrix<double> &W,
                               const double                     *thetas,
                               const unsigned int                n,
                               double                           *Phi)
  {
    const unsigned int d     = potential.dimension();
    const double       scale = 2. / (sigma * sigma);
    feature.first_variation_at_points(thetas, n, W, Phi);
    for (unsigned int m = 0; m < n; ++m)
      Phi[m] =
        potential.value(
          dealii::ArrayView<const double>(thetas + std::size_t(m) * d, d)) -
        scale * Phi[m];
  }
} // namespace mfpg

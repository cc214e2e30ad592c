#ifndef mfpg_tests_barenblatt_cases_h
#define mfpg_tests_barenblatt_cases_h

// The Barenblatt profiles (docs/model.md §11.3) the tests of the
// porous-medium flow start from.

#include "model/barenblatt_profile.h"

namespace mfpg::test
{
  /** Case P1's start: the profile of exponent @p m, mean 1, variance 0.5. */
  inline BarenblattProfile
  p1_barenblatt_start(const double m)
  {
    dealii::Vector<double> mean(1);
    mean[0] = 1.;
    return BarenblattProfile::with_variance(m, mean, 0.5);
  }

  /** The profile of exponent 2, mean (0.5, -0.5) and variance 0.4. */
  inline BarenblattProfile
  two_dimensional_barenblatt_start()
  {
    dealii::Vector<double> mean(2);
    mean[0] = 0.5;
    mean[1] = -0.5;
    return BarenblattProfile::with_variance(2., mean, 0.4);
  }
} // namespace mfpg::test

#endif

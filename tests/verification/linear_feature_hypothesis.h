#ifndef mfpg_tests_verification_linear_feature_hypothesis_h
#define mfpg_tests_verification_linear_feature_hypothesis_h

// The hypothesis of the theorems of model.md §6 for a linear feature, as
// mfpg stability finds it: the constants on the box and over R^d with the
// default SupremumSearch.

#include "model/model.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"
#include "verification/theorem_verdict.h"

namespace mfpg::test
{
  inline TheoremHypothesis
  linear_feature_hypothesis(const Model::Parameters &parameters)
  {
    const Model          model(parameters);
    const SupremumSearch search;
    return theorem_hypothesis(
      linear_feature_convergence_constants(model,
                                           search.initial_bound,
                                           search.n_per_axis),
      global_linear_feature_convergence_constants(model, search),
      search.initial_bound,
      model.n_parameters());
  }
} // namespace mfpg::test

#endif

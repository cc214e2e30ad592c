// Bad parameter files stop with a ParameterError whose message names the
// parameter; nothing crashes, nothing is silently ignored.

#include <gtest/gtest.h>

#include "tests/cases.h"

using namespace mfpg;

namespace
{
  struct BadInput
  {
    std::string name;
    std::string text;
    std::string named_in_message;
  };

  class BadParameterFile : public ::testing::TestWithParam<BadInput>
  {
  };

  const std::string bandit_linear = test::bandit_p1_text();

  std::vector<BadInput>
  bad_inputs()
  {
    return {
      {"UnknownKey",
       bandit_linear + "subsection MDP\n set Rewad = 1\nend\n",
       "Rewad"},
      {"MisspeltKeyGetsTheClosestKnownKeySuggested",
       bandit_linear + "subsection MDP\n set Entropy strenght = 0.1\nend\n",
       "Did you mean 'Entropy strength'?"},
      {"MisspeltSubsection",
       bandit_linear + "subsection Regularization\n set Sigma = 1\nend\n",
       "Regularization"},
      {"MalformedExpression",
       bandit_linear + "subsection MDP\n set Reward = cos(2*a\nend\n",
       "MDP/Reward"},
      {"ExpressionWithUnknownVariable",
       bandit_linear + "subsection MDP\n set Reward = x*a\nend\n",
       "MDP/Reward"},
      {"NegativeTau",
       bandit_linear + "subsection MDP\n set Entropy strength = -0.1\nend\n",
       "Entropy strength"},
      {"NegativeSigma",
       bandit_linear + "subsection Regularisation\n set Sigma = -1\nend\n",
       "Sigma"},
      {"SigmaNotANumber",
       bandit_linear + "subsection Regularisation\n set Sigma = abc\nend\n",
       "Sigma"},
      {"DiscountOne",
       bandit_linear + "subsection MDP\n set Discount = 1\nend\n",
       "MDP/Discount"},
      {"DiscountNegative",
       bandit_linear + "subsection MDP\n set Discount = -0.2\nend\n",
       "Discount"},
      {"TransitionWithNegativeMass",
       test::agazzi_lu_text() +
         "subsection MDP\n set Transition density = sp - 0.5\nend\n",
       "MDP/Transition density"},
      {"DeterministicMoveLeavesTheStateBox",
       test::agazzi_lu_text() +
         "subsection MDP\n set Deterministic transition = a + 0.5\nend\n",
       "MDP/Deterministic transition"},
      {"DeterministicMoveNotANumber",
       test::agazzi_lu_text() +
         "subsection MDP\n set Deterministic transition = sqrt(a - 2)\nend\n",
       "MDP/Deterministic transition"},
      {"FrozenComponentThatDoesNotExist",
       test::bandit_p1_text(R"(
subsection Feature
  set Type = tanh neuron
  set Frozen components = w2: 1
end
)"),
       "Feature/Frozen components"},
      {"EmptyBox",
       bandit_linear +
         "subsection MDP\n subsection Action space\n set Upper corner = 0\n end\nend\n",
       "MDP/Action space/Upper corner"},
      {"CornerOfWrongDimension",
       bandit_linear +
         "subsection MDP\n subsection Action space\n set Lower corner = 0, 0\n end\nend\n",
       "MDP/Action space/Lower corner"},
      {"StiffnessNotPositiveDefinite",
       bandit_linear +
         "subsection Regularisation\n set Potential stiffness = -1\nend\n",
       "Regularisation/Potential stiffness"},
      {"CenterOfWrongLength",
       bandit_linear +
         "subsection Regularisation\n set Potential center = 1, 2\nend\n",
       "Regularisation/Potential center"},
      {"NegativeInitialDensity",
       test::agazzi_lu_text() +
         "subsection MDP\n set Initial distribution = s - 0.5\nend\n",
       "MDP/Initial distribution"},
      {"UnknownFeatureType",
       bandit_linear + "subsection Feature\n set Type = quadratic\nend\n",
       "Type"},
    };
  }
} // namespace

TEST_P(BadParameterFile, StopsWithAMessageNamingTheParameter)
{
  const std::string message = test::parameter_error_message(
    [this]() { test::model_from_text(GetParam().text); });
  EXPECT_NE(message.find(GetParam().named_in_message), std::string::npos)
    << "message: " << message;
  EXPECT_EQ(message.find("Stacktrace"), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(EachMistake,
                         BadParameterFile,
                         ::testing::ValuesIn(bad_inputs()),
                         [](const ::testing::TestParamInfo<BadInput> &info) {
                           return info.param.name;
                         });

TEST(ParameterFile, GoodFileBuildsTheModelItDescribes)
{
  const Model model = test::model_from_text(test::agazzi_lu_text(R"(
subsection Feature
  set Type = tanh neuron
  set Frozen components = w1: 1, b: 0.2
end
)"));
  EXPECT_EQ(model.n_parameters(), 2u);
  EXPECT_EQ(model.mdp().n_states(), 8u);
  EXPECT_EQ(model.mdp().discount(), 0.7);
  EXPECT_EQ(model.mdp().entropy_strength(), 0.2);
  EXPECT_EQ(model.sigma(), 1.);
  EXPECT_EQ(model.potential().convexity(), 1.);
}

TEST(ParameterFile, SuggestionsComeFromTheSubsectionOfTheMisspeltKey)
{
  // "Upper corner" is declared (under MDP/Action space), but not in
  // Regularisation: no suggestion that would send the user elsewhere
  const std::string elsewhere = test::parameter_error_message([] {
    test::model_from_text(test::bandit_p1_text(
      "subsection Regularisation\n set Upper corner = 1\nend\n"));
  });
  EXPECT_NE(elsewhere.find("Upper corner"), std::string::npos) << elsewhere;
  EXPECT_EQ(elsewhere.find("Did you mean"), std::string::npos) << elsewhere;
  // inside MDP/Action space the same misspelling finds it
  const std::string here = test::parameter_error_message([] {
    test::model_from_text(test::bandit_p1_text(
      "subsection MDP\n subsection Action space\n  set Uper corner = 1\n "
      "end\nend\n"));
  });
  EXPECT_NE(here.find("Did you mean 'Upper corner'?"), std::string::npos)
    << here;
  // "Sigma" is closer to "Sigmaa" than any MDP entry, but is not one
  const std::string nested = test::parameter_error_message([] {
    test::model_from_text(
      test::bandit_p1_text("subsection MDP\n set Sigmaa = 1\nend\n"));
  });
  EXPECT_EQ(nested.find("'Sigma'"), std::string::npos) << nested;
}

// The observed orders, verdict, table and CSV of a convergence study
// (experiment (d) of model.md §6), on errors whose orders are known exactly.

#include <gtest/gtest.h>

#include "verification/order_study.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mfpg;

namespace
{
  /**
   * A study in h over levels 0..3 (h = 2^-l) with the errors e1 = h^2 and
   * e2 = h^p2, expecting order 2.
   */
  OrderStudy
  power_law_study(const double p2, const bool at_least = false)
  {
    OrderStudy study("h",
                     {{"dofs", true}, {"h", false}},
                     "h",
                     {"e1", "e2"},
                     {2., "a second-order scheme", at_least, false});
    for (unsigned int l = 0; l < 4; ++l)
      {
        const double h = std::pow(2., -double(l));
        study.add_level(l,
                        {std::pow(2., l) + 1, h},
                        h,
                        {h * h, 3. * std::pow(h, p2)});
      }
    return study;
  }
} // namespace

TEST(OrderStudy, ObservedOrdersOfPowerLaws)
{
  const OrderStudy study = power_law_study(1.5);
  ASSERT_EQ(study.n_levels(), 4u);
  for (unsigned int i = 1; i < 4; ++i)
    {
      EXPECT_NEAR(study.observed_order(0, i), 2., 1e-13);
      EXPECT_NEAR(study.observed_order(1, i), 1.5, 1e-13);
    }
  EXPECT_NEAR(study.verdict_order(1), 1.5, 1e-13);
}

TEST(OrderStudy, VerdictSaysWhichErrorsMatchTheExpectedOrder)
{
  const OrderStudy matching = power_law_study(2.1);
  EXPECT_TRUE(matching.orders_as_expected());
  EXPECT_NE(matching.verdict().find("e1 2.00, e2 2.10; expected 2 (a "
                                    "second-order scheme): all match"),
            std::string::npos)
    << matching.verdict();

  const OrderStudy short_of_it = power_law_study(1.5);
  EXPECT_FALSE(short_of_it.orders_as_expected());
  EXPECT_NE(short_of_it.verdict().find("below it: e2 ("), std::string::npos)
    << short_of_it.verdict();

  const OrderStudy beyond = power_law_study(3.);
  EXPECT_FALSE(beyond.orders_as_expected());
  EXPECT_NE(beyond.verdict().find("above it: e2 ("), std::string::npos)
    << beyond.verdict();
  // ... unless the expected order is a lower bound
  EXPECT_TRUE(power_law_study(3., true).orders_as_expected());
}

TEST(OrderStudy, StatisticalStudyFitsAllLevels)
{
  // e = N^-1/2 (1 + 0.2 (-1)^l): the pairs' orders swing around 0.5, the
  // least-squares fit over the four levels is 0.5 + a known offset
  OrderStudy study(
    "N", {{"N", true}}, "1/N", {"mean"}, {0.5, "O(N^-1/2)", false, true}, "N");
  std::vector<double> x, y;
  for (unsigned int l = 0; l < 4; ++l)
    {
      const double n     = 1000. * std::pow(4., l);
      const double error = (1. + 0.2 * (l % 2 == 0 ? 1. : -1.)) / std::sqrt(n);
      study.add_level(l, {n}, 1. / n, {error});
      x.push_back(std::log(1. / n));
      y.push_back(std::log(error));
    }
  EXPECT_NEAR(study.observed_order(0, 1),
              0.5 + std::log(1.2 / 0.8) / std::log(4.),
              1e-12);
  // the slope of the least-squares line through (x, y), by its formula
  const double mx  = (x[0] + x[1] + x[2] + x[3]) / 4.;
  const double my  = (y[0] + y[1] + y[2] + y[3]) / 4.;
  double       sxy = 0., sxx = 0.;
  for (unsigned int l = 0; l < 4; ++l)
    {
      sxy += (x[l] - mx) * (y[l] - my);
      sxx += (x[l] - mx) * (x[l] - mx);
    }
  EXPECT_NEAR(study.verdict_order(0), sxy / sxx, 1e-12);
  EXPECT_NE(study.verdict().find("least squares over all levels"),
            std::string::npos);
  EXPECT_TRUE(study.orders_as_expected());
}

TEST(OrderStudy, TableAndCsvShowTheSameOrders)
{
  const OrderStudy   study = power_law_study(1.5);
  std::ostringstream text;
  study.table().write_text(text);
  // deal.II's rates of e2 (log2 of the error ratios) are the observed orders
  EXPECT_NE(text.str().find("3.750e-01 1.50"), std::string::npos) << text.str();

  const std::filesystem::path file =
    std::filesystem::temp_directory_path() / "mfpg_order_study.csv";
  study.write_csv(file);
  std::ifstream in(file);
  std::string   header, first, second;
  std::getline(in, header);
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(header,
            "level,dofs,h,resolution_h,e1,e2,order_e1,order_e2,expected_order");
  EXPECT_EQ(first, "0,2,1,1,1,3,nan,nan,2");
  std::istringstream  row(second);
  std::vector<double> values;
  for (std::string entry; std::getline(row, entry, ',');)
    values.push_back(std::stod(entry));
  ASSERT_EQ(values.size(), 9u);
  EXPECT_DOUBLE_EQ(values[6], study.observed_order(0, 1));
  EXPECT_DOUBLE_EQ(values[7], study.observed_order(1, 1));
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));
  std::filesystem::remove(file);
}

#ifndef mfpg_verification_replica_statistics_h
#define mfpg_verification_replica_statistics_h

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The replica mean of a particle quantity and its standard error
   * (docs/model.md §6.6 (c)): for r independent replicas x_1..x_r,
   *
   *   mean = (1/r) sum x_i,   SE = s / sqrt(r),
   *   s^2  = sum (x_i - mean)^2 / (r - 1),
   *
   * SE NaN for r = 1 (one replica has no spread).
   */
  struct ReplicaEstimate
  {
    double       mean;
    double       standard_error;
    unsigned int replicas;

    /** mean / SE: the mean in units of its standard error. */
    double
    z() const;

    /**
     * "mean ± SE", the mean with @p digits significant digits, the SE with
     * @p se_digits (0: as many as the mean); "—" for a NaN mean (a quantity
     * not measured), "mean (1 replica, no SE)" for one replica.
     */
    std::string
    text(int digits = 3, int se_digits = 0) const;
  };

  /** The ReplicaEstimate of @p values (at least one). */
  ReplicaEstimate
  replica_estimate(const std::vector<double> &values);

  /**
   * Column by column, the ReplicaEstimate of @p runs[r][c] over the
   * replicas r: @p runs holds one row of quantities per replica (at least
   * one, all of one length), e.g. the monitors of each replica at one
   * output time.
   */
  std::vector<ReplicaEstimate>
  replica_estimates(const std::vector<std::vector<double>> &runs);

  /**
   * The two-sided critical value of m simultaneous t-tests at family level
   * alpha with Bonferroni's correction, each a replica mean in units of an
   * SE estimated from r replicas: t* = F^{-1}(1 - alpha/(2m)), F Student's
   * t with r - 1 @p degrees_of_freedom (Boost.Math's quantile). It accounts
   * for the SE's own sampling error (an SE from 8 replicas is off by 27 %
   * in standard deviation) and tends to the normal Phi^{-1}(1 - alpha/(2m))
   * as r grows.
   */
  double
  bonferroni_t(double alpha, unsigned int m, unsigned int degrees_of_freedom);

  /** A fitted slope and its standard error. */
  struct FittedSlope
  {
    double slope;
    double standard_error;

    /** |slope - value| <= z SE. */
    bool
    consistent_with(double value, double z = 1.959963984540054) const;
  };

  /**
   * The weighted least-squares slope of y over x for independent y_i of
   * known standard deviations sd_i (weights 1/sd_i^2), with its standard
   * error 1 / sqrt(sum w_i (x_i - xbar_w)^2), xbar_w the weighted mean of
   * x. With NaN or zero sd_i (one replica) the unweighted slope and a NaN
   * standard error. At least two distinct x.
   */
  FittedSlope
  weighted_slope(const std::vector<double> &x,
                 const std::vector<double> &y,
                 const std::vector<double> &sd);

  /**
   * The rate of a replica mean in N: weighted_slope() of ln mean over ln N,
   * the sd of ln mean being SE / mean (the delta method; SE << mean).
   */
  FittedSlope
  rate_in_n(const std::vector<unsigned int>    &n,
            const std::vector<ReplicaEstimate> &values);
} // namespace mfpg

#endif

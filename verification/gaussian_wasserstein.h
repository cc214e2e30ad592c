#ifndef mfpg_verification_gaussian_wasserstein_h
#define mfpg_verification_gaussian_wasserstein_h

#include "model/gaussian_law.h"

namespace mfpg
{
  /**
   * The quadratic Wasserstein distance W2 between two Gaussian laws
   * N(m1, S1) and N(m2, S2) on R^d, the closed form of model.md §7:
   *
   *   W2^2 = |m1 - m2|^2 + tr(S1 + S2 - 2 (S1^{1/2} S2 S1^{1/2})^{1/2}).
   *
   * The trace term (the Bures distance) is evaluated in its equivalent
   * Procrustes form min_U |S1^{1/2} - S2^{1/2} U|_F^2 over orthogonal U,
   * attained at the polar factor U = Q P^T of S1^{1/2} S2^{1/2} = P Sigma Q^T.
   * The two forms agree in exact arithmetic (tr(S1^{1/2} S2^{1/2} U) = tr
   * Sigma = tr (S1^{1/2} S2 S1^{1/2})^{1/2}), but the literal trace
   * difference cancels catastrophically when S1 is close to S2: its rounding
   * error eps |S| becomes an error sqrt(eps |S|) ~ 1e-8 in W2, which would
   * hide every comparison of the exact solution below that level. The
   * Procrustes form subtracts matrices before squaring and keeps W2 accurate
   * to about eps times the condition number of the covariances. It only
   * needs S1, S2 symmetric positive semi-definite (no inverse is formed).
   *
   * The square roots come from symmetric_matrix_function(), the polar factor
   * from LAPACK's SVD (gesdd through dealii::LAPACKFullMatrix). Laws of
   * different dimensions throw std::invalid_argument. Returns W2, not W2^2.
   */
  double
  gaussian_wasserstein(const GaussianLaw &a, const GaussianLaw &b);

  /**
   * The Sinkhorn divergence S_eps(a, b) = OT_eps(a, b) - (OT_eps(a, a) +
   * OT_eps(b, b)) / 2 of model.md §9.4 between two Gaussian laws N(m1, S1),
   * N(m2, S2), in closed form (Janati et al. 2020, model.md §9.8): with
   * s = eps / 2 and D_12 = (4 S1^{1/2} S2 S1^{1/2} + s^2 I)^{1/2},
   *
   *   OT_eps = |m1 - m2|^2 + tr S1 + tr S2 - tr D_12
   *            + d s (1 - log 2s) + s log det(D_12 + s I),
   *
   * so S_eps = |m1 - m2|^2 + sum over (1,2), (1,1)/2, (2,2)/2 with signs
   * +, -, - of (s log det(D + s I) - tr D). It tends to W2^2 as eps -> 0,
   * with an error in even powers of eps. The independent answer against
   * which the grid Sinkhorn divergence is tested. Returns S_eps (squared
   * distance units); eps <= 0 or laws of different dimensions throw
   * std::invalid_argument.
   */
  double
  gaussian_sinkhorn_divergence(const GaussianLaw &a,
                               const GaussianLaw &b,
                               const double       epsilon);
} // namespace mfpg

#endif

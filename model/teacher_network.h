#ifndef mfpg_model_teacher_network_h
#define mfpg_model_teacher_network_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>

#include <cstdint>
#include <vector>

namespace mfpg
{
  class Mdp;

  /**
   * Agazzi & Lu's teacher (model.md §1, "Teacher reward"): a width-K ReLU
   * network of the input x = (s, a) in R^n, n = d_S + d_A,
   *   f*(x) = sum_k c_k max(0, w_k · x + b_k),
   * a sum of K relu neurons of model.md §2.2 (exact ReLU, identity output)
   * with the student's parameter layout (c, w_1..w_n, b). Every component
   * is drawn independently from N(0, v): neuron k takes n + 2 normals of
   * RandomStream(seed, k, teacher_stream) in that order, times sqrt(v).
   */
  class TeacherNetwork
  {
  public:
    struct Parameters
    {
      unsigned int width           = 5;
      double       weight_variance = 4.;
      unsigned int seed            = 1;

      /** Declare subsection "Teacher" of @p prm, bound to the members. */
      void
      add_parameters(dealii::ParameterHandler &prm);

      /** Weight variance > 0; names "MDP/Teacher/Weight variance". */
      void
      check() const;
    };

    /**
     * The step of the RandomStream counters the teacher reads: no particle
     * run reaches it (steps 0, 1, 2, ... are the particles' initial points
     * and increments), so the teacher shares no number with a student drawn
     * with the same seed.
     */
    static constexpr std::uint64_t teacher_stream = ~std::uint64_t(0);

    /** Draw the K neurons of @p parameters for @p n_inputs inputs. */
    TeacherNetwork(const Parameters &parameters, const unsigned int n_inputs);

    unsigned int
    width() const;

    /** (c_k, w_k1..w_kn, b_k) of neuron @p k. */
    dealii::ArrayView<const double>
    neuron(const unsigned int k) const;

    /** f*(x) at @p x = (s, a). */
    double
    value(const dealii::ArrayView<const double> &x) const;

  private:
    unsigned int        n_inputs;
    std::vector<double> neurons;
  };

  /**
   * The reward that makes the teacher's softmax policy soft-optimal
   * (model.md §1): Q* = tau f*, V*_i = tau ln sum_j mu_j e^{Q*_ij / tau}
   * (soft_maximum) and r = Q* - gamma P V* on the grid pairs of @p mdp;
   * reads its grids, mu, P, gamma and tau (tau > 0), not its reward.
   */
  dealii::FullMatrix<double>
  teacher_reward(const Mdp &mdp, const TeacherNetwork &teacher);
} // namespace mfpg

#endif

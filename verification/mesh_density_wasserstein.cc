#include "verification/mesh_density_wasserstein.h"

#include <deal.II/base/quadrature_lib.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    /** A piecewise-linear density on sorted nodes, its CDF and inverse. */
    class PiecewiseLinearLaw
    {
    public:
      PiecewiseLinearLaw(const std::vector<double> &x, std::vector<double> rho)
        : x(x)
        , rho(std::move(rho))
        , F(x.size(), 0.)
      {
        for (unsigned int i = 0; i + 1 < x.size(); ++i)
          {
            if (this->rho[i] < 0.)
              throw std::invalid_argument(
                "mesh_density_wasserstein_1d: negative density");
            F[i + 1] = F[i] + 0.5 * (x[i + 1] - x[i]) *
                                (this->rho[i] + this->rho[i + 1]);
          }
        const double mass = F.back();
        if (!(mass > 0.))
          throw std::invalid_argument(
            "mesh_density_wasserstein_1d: the density has no mass");
        for (double &f : F)
          f /= mass;
        for (double &r : this->rho)
          r /= mass;
      }

      const std::vector<double> &
      breakpoints() const
      {
        return F;
      }

      /** F^{-1}(u), u in [0, 1]. */
      double
      quantile(const double u) const
      {
        const auto   it = std::upper_bound(F.begin(), F.end(), u);
        const size_t i =
          std::min<size_t>(std::max<std::ptrdiff_t>(it - F.begin(), 1) - 1,
                           x.size() - 2);
        // solve F[i] + rho_i h t + (rho_{i+1} - rho_i) h t^2 / 2 = u
        const double h = x[i + 1] - x[i];
        const double a = 0.5 * (rho[i + 1] - rho[i]) * h;
        const double b = rho[i] * h;
        const double c = F[i] - u;
        double       t;
        if (std::abs(a) < 1e-14 * std::max(b, 1e-300))
          t = b > 0. ? -c / b : 0.;
        else
          {
            // the root in [0, 1], in the form that does not cancel
            const double discriminant = std::max(b * b - 4. * a * c, 0.);
            t                         = -2. * c / (b + std::sqrt(discriminant));
          }
        return x[i] + h * std::clamp(t, 0., 1.);
      }

    private:
      std::vector<double> x;
      std::vector<double> rho;
      std::vector<double> F;
    };
  } // namespace

  double
  mesh_density_wasserstein_1d(const MeshDiscretisation<1>  &mesh,
                              const dealii::Vector<double> &a,
                              const dealii::Vector<double> &b)
  {
    if (a.size() != mesh.n_dofs() || b.size() != mesh.n_dofs() ||
        mesh.dof_handler().get_fe().degree != 1)
      throw std::invalid_argument(
        "mesh_density_wasserstein_1d: needs Q1 densities of the mesh's size");
    std::vector<unsigned int> order(mesh.n_dofs());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](const auto i, const auto j) {
      return mesh.support_points()[i][0] < mesh.support_points()[j][0];
    });
    std::vector<double> x, rho_a, rho_b;
    for (const unsigned int i : order)
      {
        x.push_back(mesh.support_points()[i][0]);
        rho_a.push_back(a[i]);
        rho_b.push_back(b[i]);
      }
    const PiecewiseLinearLaw law_a(x, rho_a), law_b(x, rho_b);

    std::vector<double> u = law_a.breakpoints();
    u.insert(u.end(), law_b.breakpoints().begin(), law_b.breakpoints().end());
    std::sort(u.begin(), u.end());
    const dealii::QGauss<1> gauss(4);
    double                  sum = 0.;
    for (unsigned int k = 0; k + 1 < u.size(); ++k)
      {
        const double length = u[k + 1] - u[k];
        if (length <= 0.)
          continue;
        for (unsigned int q = 0; q < gauss.size(); ++q)
          {
            const double v = u[k] + length * gauss.point(q)[0];
            const double d = law_a.quantile(v) - law_b.quantile(v);
            sum += gauss.weight(q) * length * d * d;
          }
      }
    return std::sqrt(sum);
  }
} // namespace mfpg

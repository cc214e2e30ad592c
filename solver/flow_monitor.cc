#include "solver/flow_monitor.h"

#include <iomanip>

namespace mfpg
{
  void
  write_csv_header(std::ostream      &out,
                   const unsigned int d,
                   const bool         with_safety)
  {
    out << "t,mass,min_nu,boundary_layer_mass";
    for (unsigned int k = 1; k <= d; ++k)
      out << ",mean" << k;
    for (unsigned int k = 1; k <= d; ++k)
      for (unsigned int l = k; l <= d; ++l)
        out << ",cov" << k << l;
    out << ",V,J,dissipation,dJdt,kl_gibbs,linear_iterations,safe_steps"
        << ",limited_steps,redistributed_mass"
        << ",preconditioner_builds,total_linear_iterations"
        << (with_safety ? ",D_viol,V_0,P_violate\n" : "\n");
  }

  void
  write_csv_row(std::ostream &out, const FlowRecord &r)
  {
    out << std::setprecision(16) << r.time << ',' << r.mass << ','
        << r.min_density << ',' << r.boundary_layer_mass;
    for (const double m : r.mean)
      out << ',' << m;
    for (unsigned int k = 0; k < r.covariance.m(); ++k)
      for (unsigned int l = k; l < r.covariance.n(); ++l)
        out << ',' << r.covariance(k, l);
    out << ',' << r.objective << ',' << r.regularised_objective << ','
        << r.dissipation << ',' << r.objective_rate << ','
        << r.gibbs_relative_entropy << ',' << r.linear_iterations << ','
        << r.safe_steps << ',' << r.limited_steps << ',' << r.redistributed_mass
        << ',' << r.preconditioner_builds << ',' << r.total_linear_iterations;
    for (const double x : r.safety)
      out << ',' << x;
    out << '\n';
  }
} // namespace mfpg

#include "meshes/parameter_domain.h"

#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_in.h>

#include "model/parameter_file.h"

#include <fstream>

namespace mfpg
{
  void
  ParameterDomain::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh");
    prm.add_parameter("Lower corner",
                      lower_corner,
                      "Lower corner of the box in parameter space: 1 value "
                      "(all axes) or d values.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1, 3));
    prm.add_parameter("Upper corner",
                      upper_corner,
                      "Upper corner of the box: 1 value or d values.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1, 3));
    prm.add_parameter("Subdivisions",
                      subdivisions,
                      "Cells per axis of the coarse mesh: 1 value or d values "
                      "(use them to make cells square on a non-cubic box).",
                      dealii::Patterns::List(dealii::Patterns::Integer(1),
                                             1,
                                             3));
    prm.add_parameter("Global refinements",
                      global_refinements,
                      "Number of global refinements of the coarse mesh (each "
                      "halves h).",
                      dealii::Patterns::Integer(0, 20));
    prm.add_parameter("Mesh file",
                      mesh_file,
                      "A Gmsh .msh file of the parameter domain (empty: the "
                      "box above); refined by 'Global refinements'.");
    prm.leave_subsection();
  }

  namespace
  {
    template <typename T>
    T
    component(const std::vector<T> &values,
              const unsigned int    k,
              const unsigned int    d,
              const std::string    &parameter)
    {
      if (values.size() != 1 && values.size() != d)
        throw ParameterError(parameter,
                             "expected 1 or " + std::to_string(d) +
                               " values (the parameter dimension), got " +
                               std::to_string(values.size()));
      return values.size() == 1 ? values[0] : values[k];
    }
  } // namespace

  template <int dim>
  void
  ParameterDomain::create(dealii::Triangulation<dim> &triangulation) const
  {
    if (!mesh_file.empty())
      {
        std::ifstream in(mesh_file);
        if (!in)
          throw ParameterError("Mesh/Mesh file", "cannot read " + mesh_file);
        dealii::GridIn<dim> grid_in(triangulation);
        try
          {
            grid_in.read_msh(in);
          }
        catch (const dealii::ExceptionBase &e)
          {
            std::ostringstream message;
            e.print_info(message);
            throw ParameterError("Mesh/Mesh file",
                                 mesh_file + " is not a " +
                                   std::to_string(dim) +
                                   "-d Gmsh mesh: " + message.str());
          }
      }
    else
      {
        dealii::Point<dim>        lo, hi;
        std::vector<unsigned int> repetitions(dim);
        for (unsigned int k = 0; k < dim; ++k)
          {
            lo[k] = component(lower_corner, k, dim, "Mesh/Lower corner");
            hi[k] = component(upper_corner, k, dim, "Mesh/Upper corner");
            repetitions[k] =
              component(subdivisions, k, dim, "Mesh/Subdivisions");
            if (!(lo[k] < hi[k]))
              throw ParameterError("Mesh/Upper corner",
                                   "must exceed the lower corner on axis " +
                                     std::to_string(k + 1));
          }
        dealii::GridGenerator::subdivided_hyper_rectangle(triangulation,
                                                          repetitions,
                                                          lo,
                                                          hi);
      }
    triangulation.refine_global(global_refinements);
  }

  template void
  ParameterDomain::create<1>(dealii::Triangulation<1> &) const;
  template void
  ParameterDomain::create<2>(dealii::Triangulation<2> &) const;
  template void
  ParameterDomain::create<3>(dealii::Triangulation<3> &) const;
} // namespace mfpg

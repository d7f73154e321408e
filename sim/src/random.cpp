#include "ccsim/sim/random.hpp"

namespace ccsim::sim {

RandomEngine StreamFactory::engine(std::string_view name) const {
  return RandomEngine{stream_seed(name)};
}

}  // namespace ccsim::sim

#pragma once
/// Named random streams: (seed, replication, stable name) -> an independent engine.
///
/// Streams are keyed by a stable name, not by creation order, so adding a component never
/// shifts another component's numbers, and two runs that differ only in staffing draw the same
/// arrivals, handle times and patience (common random numbers).
///
/// Derivation: base = splitmix64(seed ^ splitmix64(replication + 1)); the stream named `n`
/// is an mt19937_64 seeded with splitmix64(base ^ fnv1a64(n)). FNV-1a and splitmix64 are fixed,
/// portable functions (std::hash is not). Distributions come from Boost.Random, whose algorithms
/// are the same on every platform (std:: distributions are implementation-defined).

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace ccsim::sim {

/// The engine behind every stream.
using RandomEngine = boost::random::mt19937_64;

namespace detail {
/// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
/// 64-bit FNV-1a hash of a byte string.
constexpr std::uint64_t fnv1a64(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}
}  // namespace detail

/// Makes the engines of one replication.
class StreamFactory {
 public:
  StreamFactory(std::uint64_t seed, std::uint64_t replication) noexcept
      : base_(detail::splitmix64(seed ^ detail::splitmix64(replication + 1))) {}

  /// The 64-bit seed of the stream called `name`.
  std::uint64_t stream_seed(std::string_view name) const noexcept {
    return detail::splitmix64(base_ ^ detail::fnv1a64(name));
  }
  /// A fresh engine for the stream called `name`; the same name always gives the same engine.
  RandomEngine engine(std::string_view name) const;

 private:
  std::uint64_t base_;
};

}  // namespace ccsim::sim

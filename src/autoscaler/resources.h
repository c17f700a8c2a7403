#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "autoscaler/types.h"

namespace raycloud::autoscaler {

/// Resource amounts as fixed-point integers in 1/10000 units (Ray's granularity), so that
/// fitting and subtracting never drift the way repeated double arithmetic does.
using Amount = int64_t;
inline constexpr Amount kAmountScale = 10000;
/// The largest amount accepted (about 900 TB of memory in bytes); larger values saturate.
inline constexpr double kMaxResourceValue = 9.0e14;

/// Converts a resource value to fixed point, saturating out-of-range and NaN values.
Amount ToAmount(double value);
/// Converts back for output.
double FromAmount(Amount amount);
/// a + b without overflow.
Amount SaturatingAdd(Amount a, Amount b);

/// Interns resource names to small dense ids so resource vectors are plain arrays.
class ResourceTable {
 public:
  /// Returns the id of `name`, adding it when new.
  int Intern(const std::string& name);
  /// Returns the id of `name`, or -1.
  int Find(const std::string& name) const;
  int size() const { return static_cast<int>(names_.size()); }
  const std::string& Name(int id) const { return names_[id]; }

  /// A dense vector of `size()` amounts; names not interned are ignored, so intern every
  /// name of the input first.
  std::vector<Amount> ToVector(const ResourceMap& map) const;
  /// Only the non-zero amounts, by name.
  ResourceMap ToMap(std::span<const Amount> amounts) const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> ids_;
};

/// A demand shape: its amounts and the ids of its non-zero resources, which are all a fit
/// test needs to look at.
struct Shape {
  std::vector<Amount> amounts;
  std::vector<int> nonzero;
  bool needs_gpu = false;
};

Shape MakeShape(std::vector<Amount> amounts, int gpu_id);

/// How many copies of `shape` fit in `capacity` (saturates at int64 max for an empty shape).
inline int64_t FitCount(const Amount* capacity, const Shape& shape) {
  int64_t fit = std::numeric_limits<int64_t>::max();
  for (int r : shape.nonzero) {
    int64_t n = capacity[r] / shape.amounts[r];
    if (n < fit) fit = n;
    if (fit == 0) return 0;
  }
  return fit;
}

}  // namespace raycloud::autoscaler

#include "autoscaler/resources.h"

#include <cmath>

namespace raycloud::autoscaler {

Amount ToAmount(double value) {
  if (!(value > 0)) return 0;  // also NaN
  if (value > kMaxResourceValue) value = kMaxResourceValue;
  return static_cast<Amount>(std::llround(value * kAmountScale));
}

double FromAmount(Amount amount) {
  return static_cast<double>(amount) / static_cast<double>(kAmountScale);
}

Amount SaturatingAdd(Amount a, Amount b) {
  Amount sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::numeric_limits<Amount>::max();
  return sum;
}

int ResourceTable::Intern(const std::string& name) {
  auto [it, inserted] = ids_.emplace(name, static_cast<int>(names_.size()));
  if (inserted) names_.push_back(name);
  return it->second;
}

int ResourceTable::Find(const std::string& name) const {
  auto it = ids_.find(name);
  return it == ids_.end() ? -1 : it->second;
}

std::vector<Amount> ResourceTable::ToVector(const ResourceMap& map) const {
  std::vector<Amount> amounts(names_.size(), 0);
  for (const auto& [name, value] : map) {
    int id = Find(name);
    if (id >= 0) amounts[id] = ToAmount(value);
  }
  return amounts;
}

ResourceMap ResourceTable::ToMap(std::span<const Amount> amounts) const {
  ResourceMap map;
  for (size_t id = 0; id < amounts.size() && id < names_.size(); ++id) {
    if (amounts[id] != 0) map[names_[id]] = FromAmount(amounts[id]);
  }
  return map;
}

Shape MakeShape(std::vector<Amount> amounts, int gpu_id) {
  Shape shape;
  for (size_t r = 0; r < amounts.size(); ++r) {
    if (amounts[r] > 0) shape.nonzero.push_back(static_cast<int>(r));
  }
  shape.needs_gpu = gpu_id >= 0 && amounts[gpu_id] > 0;
  shape.amounts = std::move(amounts);
  return shape;
}

}  // namespace raycloud::autoscaler

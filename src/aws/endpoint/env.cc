#include "aws/endpoint/env.h"

#include <utility>

namespace raycloud::aws {

EnvLookup MapEnv(std::map<std::string, std::string, std::less<>> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

}  // namespace raycloud::aws

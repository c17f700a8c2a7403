#include "autoscaler/input_json.h"

#include <cmath>
#include <set>

#include "autoscaler/resources.h"

namespace raycloud::autoscaler {
namespace {

using nlohmann::json;

std::unexpected<Error> Bad(const std::string& path, const std::string& what) {
  return Fail(Error::Invalid(path + ": " + what));
}

std::string Child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string Item(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

const json* Find(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

Result<double> Number(const json& object, const char* key, const std::string& path,
                      std::optional<double> fallback, double low, double high) {
  const json* value = Find(object, key);
  std::string where = Child(path, key);
  if (!value) {
    if (fallback) return *fallback;
    return Bad(where, "is required");
  }
  if (!value->is_number()) return Bad(where, "must be a number");
  double number = value->get<double>();
  if (!std::isfinite(number) || number < low || number > high) {
    return Bad(where, "must be a number from " + json(low).dump() + " to " + json(high).dump());
  }
  return number;
}

Result<int64_t> Integer(const json& object, const char* key, const std::string& path,
                        std::optional<int64_t> fallback, int64_t low, int64_t high) {
  const json* value = Find(object, key);
  std::string where = Child(path, key);
  if (!value) {
    if (fallback) return *fallback;
    return Bad(where, "is required");
  }
  bool integral = value->is_number_integer() ||
                  (value->is_number_float() && std::isfinite(value->get<double>()) &&
                   std::floor(value->get<double>()) == value->get<double>());
  if (!integral) return Bad(where, "must be an integer");
  double number = value->get<double>();
  if (number < static_cast<double>(low) || number > static_cast<double>(high)) {
    return Bad(where,
               "must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return value->is_number_unsigned() ? static_cast<int64_t>(value->get<uint64_t>())
                                     : value->get<int64_t>();
}

Result<std::string> String(const json& object, const char* key, const std::string& path,
                           std::optional<std::string> fallback) {
  const json* value = Find(object, key);
  std::string where = Child(path, key);
  if (!value) {
    if (fallback) return *fallback;
    return Bad(where, "is required");
  }
  if (!value->is_string()) return Bad(where, "must be a string");
  return value->get<std::string>();
}

Result<bool> Bool(const json& object, const char* key, const std::string& path, bool fallback) {
  const json* value = Find(object, key);
  if (!value) return fallback;
  if (!value->is_boolean()) return Bad(Child(path, key), "must be true or false");
  return value->get<bool>();
}

Result<const json*> Array(const json& object, const char* key, const std::string& path) {
  const json* value = Find(object, key);
  if (value && !value->is_array()) return Bad(Child(path, key), "must be an array");
  return value;
}

Result<ResourceMap> Resources(const json& value, const std::string& path) {
  if (!value.is_object()) return Bad(path, "must be an object of resource name to amount");
  ResourceMap resources;
  for (const auto& [name, amount] : value.items()) {
    if (name.empty()) return Bad(path, "resource names must not be empty");
    if (!amount.is_number() || !std::isfinite(amount.get<double>()) || amount.get<double>() < 0 ||
        amount.get<double>() > kMaxResourceValue) {
      return Bad(Child(path, name), "must be a number from 0 to " + json(kMaxResourceValue).dump());
    }
    resources[name] = amount.get<double>();
  }
  return resources;
}

Result<ResourceMap> ResourcesField(const json& object, const char* key, const std::string& path,
                                   bool required) {
  const json* value = Find(object, key);
  if (!value) {
    if (required) return Bad(Child(path, key), "is required");
    return ResourceMap{};
  }
  return Resources(*value, Child(path, key));
}

Status RequireObject(const json& value, const std::string& path) {
  if (!value.is_object()) return Bad(path, "must be an object");
  return {};
}

Result<NodeType> ParseNodeType(const json& value, const std::string& path, int64_t max_nodes) {
  if (auto ok = RequireObject(value, path); !ok) return Fail(ok.error());
  NodeType type;
  auto name = String(value, "name", path, std::nullopt);
  if (!name) return Fail(name.error());
  if (name->empty()) return Bad(Child(path, "name"), "must not be empty");
  type.name = *name;
  auto resources = ResourcesField(value, "resources", path, true);
  if (!resources) return Fail(resources.error());
  type.resources = *resources;
  auto on_demand = Number(value, "price_on_demand", path, 0.0, 0, 1e9);
  if (!on_demand) return Fail(on_demand.error());
  type.price_on_demand = *on_demand;
  auto spot = Number(value, "price_spot", path, type.price_on_demand, 0, 1e9);
  if (!spot) return Fail(spot.error());
  type.price_spot = *spot;
  auto spot_allowed = Bool(value, "spot_allowed", path, false);
  if (!spot_allowed) return Fail(spot_allowed.error());
  type.spot_allowed = *spot_allowed;
  auto min_count = Integer(value, "min_count", path, 0, 0, kMaxNodesAccepted);
  if (!min_count) return Fail(min_count.error());
  type.min_count = *min_count;
  auto max_count = Integer(value, "max_count", path, max_nodes, 0, kMaxNodesAccepted);
  if (!max_count) return Fail(max_count.error());
  type.max_count = *max_count;
  if (type.min_count > type.max_count) {
    return Bad(Child(path, "min_count"), "must not exceed max_count");
  }
  if (const json* availability = Find(value, "availability")) {
    std::string where = Child(path, "availability");
    if (auto ok = RequireObject(*availability, where); !ok) return Fail(ok.error());
    auto spot_score = Number(*availability, "spot", where, 1.0, 0, 1);
    if (!spot_score) return Fail(spot_score.error());
    auto on_demand_score = Number(*availability, "on_demand", where, 1.0, 0, 1);
    if (!on_demand_score) return Fail(on_demand_score.error());
    type.availability_spot = *spot_score;
    type.availability_on_demand = *on_demand_score;
  }
  return type;
}

Result<Node> ParseNode(const json& value, const std::string& path,
                       const std::map<std::string, const NodeType*>& types) {
  if (auto ok = RequireObject(value, path); !ok) return Fail(ok.error());
  Node node;
  auto id = String(value, "id", path, std::nullopt);
  if (!id) return Fail(id.error());
  if (id->empty()) return Bad(Child(path, "id"), "must not be empty");
  node.id = *id;
  auto type_name = String(value, "node_type", path, std::nullopt);
  if (!type_name) return Fail(type_name.error());
  auto type = types.find(*type_name);
  if (type == types.end()) {
    return Bad(Child(path, "node_type"), "unknown node type \"" + *type_name + "\"");
  }
  node.node_type = *type_name;
  auto market = String(value, "market", path, "on_demand");
  if (!market) return Fail(market.error());
  auto parsed_market = ParseMarket(*market);
  if (!parsed_market) return Bad(Child(path, "market"), "must be spot or on_demand");
  node.market = *parsed_market;
  auto status = String(value, "status", path, std::nullopt);
  if (!status) return Fail(status.error());
  auto parsed_status = ParseStatus(*status);
  if (!parsed_status) return Bad(Child(path, "status"), "must be launching or running");
  node.status = *parsed_status;
  auto total = ResourcesField(value, "total", path, false);
  if (!total) return Fail(total.error());
  node.total = Find(value, "total") ? *total : type->second->resources;
  auto available = ResourcesField(value, "available", path, false);
  if (!available) return Fail(available.error());
  node.available = Find(value, "available") ? *available : node.total;
  for (const auto& [name, amount] : node.available) {
    auto it = node.total.find(name);
    if (ToAmount(amount) > ToAmount(it == node.total.end() ? 0 : it->second)) {
      return Bad(Child(Child(path, "available"), name), "exceeds the node's total");
    }
  }
  auto idle = Number(value, "idle_seconds", path, 0.0, 0, 1e12);
  if (!idle) return Fail(idle.error());
  node.idle_seconds = *idle;
  return node;
}

Result<Demand> ParseDemand(const json& value, const std::string& path) {
  if (auto ok = RequireObject(value, path); !ok) return Fail(ok.error());
  Demand demand;
  auto resources = ResourcesField(value, "resources", path, true);
  if (!resources) return Fail(resources.error());
  demand.resources = *resources;
  auto count = Integer(value, "count", path, 1, 0, 1'000'000'000'000);
  if (!count) return Fail(count.error());
  demand.count = *count;
  return demand;
}

Result<PlacementGroup> ParseGroup(const json& value, const std::string& path) {
  if (auto ok = RequireObject(value, path); !ok) return Fail(ok.error());
  PlacementGroup group;
  auto strategy = String(value, "strategy", path, std::nullopt);
  if (!strategy) return Fail(strategy.error());
  auto parsed = ParseStrategy(*strategy);
  if (!parsed) {
    return Bad(Child(path, "strategy"), "must be PACK, SPREAD, STRICT_PACK or STRICT_SPREAD");
  }
  group.strategy = *parsed;
  auto bundles = Array(value, "bundles", path);
  if (!bundles) return Fail(bundles.error());
  if (!*bundles || (*bundles)->empty()) return Bad(Child(path, "bundles"), "needs a bundle");
  for (size_t i = 0; i < (*bundles)->size(); ++i) {
    std::string where = Item(Child(path, "bundles"), i);
    auto bundle = Resources((**bundles)[i], where);
    if (!bundle) return Fail(bundle.error());
    bool asks = false;
    for (const auto& [name, amount] : *bundle) asks = asks || ToAmount(amount) > 0;
    if (!asks) return Bad(where, "must ask for some resource");
    group.bundles.push_back(std::move(*bundle));
  }
  return group;
}

template <typename T, typename ParseOne>
Status ParseList(const json& document, const char* key, std::vector<T>& out, ParseOne parse) {
  auto list = Array(document, key, "");
  if (!list) return Fail(list.error());
  if (!*list) return {};
  for (size_t i = 0; i < (*list)->size(); ++i) {
    auto item = parse((**list)[i], Item(key, i));
    if (!item) return Fail(item.error());
    out.push_back(std::move(*item));
  }
  return {};
}

Result<Limits> ParseLimits(const json& document) {
  Limits limits;
  const json* value = Find(document, "limits");
  if (!value) return limits;
  if (auto ok = RequireObject(*value, "limits"); !ok) return Fail(ok.error());
  auto max_nodes = Integer(*value, "max_nodes", "limits", limits.max_nodes, 0, kMaxNodesAccepted);
  if (!max_nodes) return Fail(max_nodes.error());
  limits.max_nodes = *max_nodes;
  auto launches = Integer(*value, "max_concurrent_launches", "limits",
                          limits.max_concurrent_launches, 0, kMaxNodesAccepted);
  if (!launches) return Fail(launches.error());
  limits.max_concurrent_launches = *launches;
  auto speed = Number(*value, "upscaling_speed", "limits", limits.upscaling_speed, 0, 1e6);
  if (!speed) return Fail(speed.error());
  limits.upscaling_speed = *speed;
  auto idle =
      Number(*value, "idle_timeout_seconds", "limits", limits.idle_timeout_seconds, 0, 1e12);
  if (!idle) return Fail(idle.error());
  limits.idle_timeout_seconds = *idle;
  return limits;
}

}  // namespace

Result<AutoscalerInput> ParseInput(const json& document) {
  if (!document.is_object()) return Bad("input", "must be a JSON object");
  AutoscalerInput input;
  auto limits = ParseLimits(document);
  if (!limits) return Fail(limits.error());
  input.limits = *limits;

  auto types = Array(document, "node_types", "");
  if (!types) return Fail(types.error());
  if (!*types || (*types)->empty()) return Bad("node_types", "needs at least one node type");
  std::map<std::string, const NodeType*> by_name;
  for (size_t i = 0; i < (*types)->size(); ++i) {
    auto type = ParseNodeType((**types)[i], Item("node_types", i), input.limits.max_nodes);
    if (!type) return Fail(type.error());
    input.node_types.push_back(std::move(*type));
  }
  for (size_t i = 0; i < input.node_types.size(); ++i) {
    if (!by_name.emplace(input.node_types[i].name, &input.node_types[i]).second) {
      return Bad(Child(Item("node_types", i), "name"),
                 "duplicate node type \"" + input.node_types[i].name + "\"");
    }
  }

  if (auto ok =
          ParseList(document, "nodes", input.nodes,
                    [&](const json& v, const std::string& p) { return ParseNode(v, p, by_name); });
      !ok) {
    return Fail(ok.error());
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < input.nodes.size(); ++i) {
    if (!ids.insert(input.nodes[i].id).second) {
      return Bad(Child(Item("nodes", i), "id"), "duplicate node id \"" + input.nodes[i].id + "\"");
    }
  }
  if (auto ok = ParseList(document, "demands", input.demands, ParseDemand); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = ParseList(document, "placement_groups", input.placement_groups, ParseGroup); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = ParseList(document, "resource_floor", input.resource_floor, ParseDemand); !ok) {
    return Fail(ok.error());
  }
  return input;
}

}  // namespace raycloud::autoscaler

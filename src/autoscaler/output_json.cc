#include "autoscaler/output_json.h"

#include <cmath>
#include <sstream>

namespace raycloud::autoscaler {
namespace {

using nlohmann::json;

// Whole amounts print as integers ("CPU": 4, not 4.0).
json ResourceAmountJson(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9e15) return static_cast<int64_t>(value);
  return value;
}

json Resources(const ResourceMap& resources) {
  json out = json::object();
  for (const auto& [name, value] : resources) out[name] = ResourceAmountJson(value);
  return out;
}

// Hourly costs in micro-dollars, so sums print without binary noise.
double Dollars(double value) { return std::round(value * 1e6) / 1e6; }

json UnservedJson(const std::vector<Unserved>& entries) {
  json out = json::array();
  for (const auto& entry : entries) {
    json item = {{"resources", Resources(entry.resources)},
                 {"count", entry.count},
                 {"reason", ReasonName(entry.reason)}};
    if (entry.limit) item["limit"] = LimitName(*entry.limit);
    out.push_back(std::move(item));
  }
  return out;
}

std::string ResourcesText(const ResourceMap& resources) {
  std::string text;
  for (const auto& [name, value] : resources) {
    if (!text.empty()) text += ", ";
    text += name + ": " + ResourceAmountJson(value).dump();
  }
  return "{" + text + "}";
}

}  // namespace

json DecisionToJson(const Decision& decision) {
  json launch = json::array();
  for (const auto& entry : decision.launches) {
    launch.push_back({{"node_type", entry.node_type},
                      {"market", MarketName(entry.market)},
                      {"count", entry.count},
                      {"reason", ReasonName(entry.reason)}});
  }
  json terminate = json::array();
  for (const auto& entry : decision.terminations) {
    terminate.push_back({{"node_id", entry.node_id}, {"reason", ReasonName(entry.reason)}});
  }
  return {{"launch", std::move(launch)},
          {"terminate", std::move(terminate)},
          {"infeasible", UnservedJson(decision.infeasible)},
          {"deferred", UnservedJson(decision.deferred)},
          {"hourly_cost_before", Dollars(decision.hourly_cost_before)},
          {"hourly_cost_after", Dollars(decision.hourly_cost_after)}};
}

std::string DecisionToText(const Decision& decision, double decision_ms) {
  std::ostringstream out;
  if (decision.launches.empty() && decision.terminations.empty()) out << "no change\n";
  for (const auto& entry : decision.launches) {
    out << "launch     " << entry.count << " x " << entry.node_type << " ("
        << MarketName(entry.market) << "): " << ReasonName(entry.reason) << "\n";
  }
  for (const auto& entry : decision.terminations) {
    out << "terminate  " << entry.node_id << ": " << ReasonName(entry.reason) << "\n";
  }
  for (const auto& entry : decision.infeasible) {
    out << "infeasible " << entry.count << " x " << ResourcesText(entry.resources) << " ("
        << ReasonName(entry.reason) << "): no node type can hold it\n";
  }
  for (const auto& entry : decision.deferred) {
    out << "deferred   " << entry.count << " x " << ResourcesText(entry.resources) << " ("
        << ReasonName(entry.reason) << "): held back by "
        << (entry.limit ? LimitName(*entry.limit) : "a limit") << "\n";
  }
  out << "hourly cost " << Dollars(decision.hourly_cost_before) << " -> "
      << Dollars(decision.hourly_cost_after) << " USD; decided in " << decision_ms << " ms\n";
  return out.str();
}

}  // namespace raycloud::autoscaler

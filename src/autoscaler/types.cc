#include "autoscaler/types.h"

namespace raycloud::autoscaler {

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kPendingDemand:
      return "pending_demand";
    case Reason::kPlacementGroup:
      return "placement_group";
    case Reason::kMinCount:
      return "min_count";
    case Reason::kResourceFloor:
      return "resource_floor";
    case Reason::kIdleTimeout:
      return "idle_timeout";
    case Reason::kAboveMax:
      return "above_max";
    case Reason::kSpotUnavailableFallback:
      return "spot_unavailable_fallback";
  }
  return "pending_demand";
}

std::string_view MarketName(Market market) {
  return market == Market::kSpot ? "spot" : "on_demand";
}

std::string_view StatusName(NodeStatus status) {
  return status == NodeStatus::kLaunching ? "launching" : "running";
}

std::string_view StrategyName(PlacementStrategy strategy) {
  switch (strategy) {
    case PlacementStrategy::kPack:
      return "PACK";
    case PlacementStrategy::kSpread:
      return "SPREAD";
    case PlacementStrategy::kStrictPack:
      return "STRICT_PACK";
    case PlacementStrategy::kStrictSpread:
      return "STRICT_SPREAD";
  }
  return "PACK";
}

std::string_view LimitName(Limit limit) {
  switch (limit) {
    case Limit::kMaxNodes:
      return "max_nodes";
    case Limit::kMaxCount:
      return "max_count";
    case Limit::kMaxConcurrentLaunches:
      return "max_concurrent_launches";
    case Limit::kUpscalingSpeed:
      return "upscaling_speed";
  }
  return "max_nodes";
}

std::optional<Market> ParseMarket(std::string_view name) {
  if (name == "spot") return Market::kSpot;
  if (name == "on_demand") return Market::kOnDemand;
  return std::nullopt;
}

std::optional<NodeStatus> ParseStatus(std::string_view name) {
  if (name == "running") return NodeStatus::kRunning;
  if (name == "launching") return NodeStatus::kLaunching;
  return std::nullopt;
}

std::optional<PlacementStrategy> ParseStrategy(std::string_view name) {
  for (auto strategy : {PlacementStrategy::kPack, PlacementStrategy::kSpread,
                        PlacementStrategy::kStrictPack, PlacementStrategy::kStrictSpread}) {
    if (StrategyName(strategy) == name) return strategy;
  }
  return std::nullopt;
}

}  // namespace raycloud::autoscaler

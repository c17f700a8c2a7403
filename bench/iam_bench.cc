// IAM engine benchmarks (bench/suites/iam prints them beside the peer simulator's numbers).
//  - BM_IamEvaluateLargeRole: a role with 10 policies of 50 statements (wildcards,
//    conditions, Deny) plus a boundary, on the requests of bench/peers/iam-simulate/
//    workload.json, the same file the peer is timed on. Target: >= 1,000,000 per second.
//  - BM_IamControlPlaneRequiredActions: every required action of the control-plane role
//    (cloud/policy) checked against the policy raycloud generates. Target: < 1 ms.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cloud/policy/policy_documents.h"
#include "iam/evaluator.h"
#include "iam/policy_parser.h"
#include "iam/simulation_input.h"

namespace raycloud {
namespace {

nlohmann::json LoadWorkload() {
  auto path = std::filesystem::path(__FILE__).parent_path() / "peers/iam-simulate/workload.json";
  std::ifstream in(path);
  if (!in) return nullptr;
  return nlohmann::json::parse(in, nullptr, false);
}

struct Workload {
  std::optional<iam::Evaluator> evaluator;
  std::vector<iam::Request> requests;
};

const Workload& LargeRole() {
  static const Workload workload = [] {
    Workload out;
    nlohmann::json doc = LoadWorkload();
    if (doc.is_discarded() || doc.is_null()) return out;
    iam::PolicySet set;
    for (size_t i = 0; i < doc["identity_policies"].size(); ++i) {
      auto policy = iam::ParsePolicyJson(doc["identity_policies"][i], "p" + std::to_string(i),
                                         iam::PolicyKind::kIdentity);
      if (!policy) return out;
      set.identity.push_back(*policy);
    }
    auto boundary = iam::ParsePolicyJson(doc["boundary"], "boundary", iam::PolicyKind::kBoundary);
    if (!boundary) return out;
    set.boundary = *boundary;
    auto evaluator = iam::Evaluator::Create(std::move(set));
    if (!evaluator) return out;
    out.evaluator = std::move(*evaluator);
    for (const auto& line : doc["requests"]) {
      auto input = iam::ParseSimulationRequest(line);
      if (input) out.requests.push_back(std::move(input->request));
    }
    return out;
  }();
  return workload;
}

void BM_IamEvaluateLargeRole(benchmark::State& state) {
  const Workload& workload = LargeRole();
  if (!workload.evaluator || workload.requests.empty()) {
    state.SkipWithError("bench/peers/iam-simulate/workload.json is missing or invalid");
    return;
  }
  size_t next = 0;
  int64_t allowed = 0;
  for (auto _ : state) {
    iam::Decision decision = workload.evaluator->Evaluate(workload.requests[next]);
    allowed += decision.allowed();
    benchmark::DoNotOptimize(decision);
    if (++next == workload.requests.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["allowed_share"] =
      benchmark::Counter(static_cast<double>(allowed) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_IamEvaluateLargeRole);

void BM_IamControlPlaneRequiredActions(benchmark::State& state) {
  cloud::PolicyParams params;
  params.account_id = "111122223333";
  params.region = "us-east-1";
  params.cloud_id = "cld_bench";
  params.bucket_name = "raycloud-data-bench";
  params.control_plane_role_arn = "arn:aws:iam::111122223333:role/raycloud-cp";
  params.instance_role_arn = "arn:aws:iam::111122223333:role/raycloud-node";
  params.external_id = "bench";
  params.control_plane_principal = "444455556666";
  auto policy = iam::ParsePolicyJson(cloud::ControlPlanePolicy(params), "control-plane",
                                     iam::PolicyKind::kIdentity);
  if (!policy) {
    state.SkipWithError(policy.error().message.c_str());
    return;
  }
  iam::PolicySet set;
  set.identity.push_back(*policy);
  auto evaluator = iam::Evaluator::Create(std::move(set));
  if (!evaluator) {
    state.SkipWithError(evaluator.error().message.c_str());
    return;
  }
  std::vector<iam::Request> requests;
  for (const auto& row : cloud::ExpandedRequiredActions(params)) {
    iam::Request request;
    request.principal = "arn:aws:sts::111122223333:assumed-role/raycloud-cp/bench";
    request.action = row.action;
    request.resource = cloud::ExampleResource(row.resource);
    for (const auto& [key, value] : row.context) request.context.Set(key, value);
    requests.push_back(iam::WithDerivedContext(request));
  }
  int64_t denied = 0;
  for (auto _ : state) {
    for (const auto& request : requests) denied += !evaluator->Evaluate(request).allowed();
  }
  state.counters["actions"] = static_cast<double>(requests.size());
  state.counters["denied_per_pass"] =
      static_cast<double>(denied) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_IamControlPlaneRequiredActions)->Unit(benchmark::kMicrosecond);

void BM_IamCompileLargeRole(benchmark::State& state) {
  nlohmann::json doc = LoadWorkload();
  if (doc.is_discarded() || doc.is_null()) {
    state.SkipWithError("workload.json is missing");
    return;
  }
  for (auto _ : state) {
    iam::PolicySet set;
    for (const auto& policy : doc["identity_policies"]) {
      set.identity.push_back(*iam::ParsePolicyJson(policy, "p", iam::PolicyKind::kIdentity));
    }
    benchmark::DoNotOptimize(iam::Evaluator::Create(std::move(set)));
  }
}
BENCHMARK(BM_IamCompileLargeRole)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace raycloud

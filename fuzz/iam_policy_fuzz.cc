// libFuzzer target: the IAM policy parser and evaluator on arbitrary bytes. Any input must
// give a clean error or a policy that evaluates without crashing, in bounded time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/evaluator.h"
#include "iam/policy_parser.h"

using namespace raycloud::iam;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (PolicyKind kind : {PolicyKind::kIdentity, PolicyKind::kResource, PolicyKind::kTrust,
                          PolicyKind::kScp, PolicyKind::kRcp}) {
    auto policy = ParsePolicy(text, "fuzz", kind);
    if (!policy) continue;
    PolicySet set;
    if (kind == PolicyKind::kIdentity) set.identity.push_back(*policy);
    if (kind == PolicyKind::kResource || kind == PolicyKind::kTrust) set.resource = *policy;
    if (kind == PolicyKind::kScp) set.scps.push_back({*policy});
    if (kind == PolicyKind::kRcp) set.rcps.push_back({*policy});
    auto evaluator = Evaluator::Create(std::move(set));
    if (!evaluator) continue;
    Request request;
    request.principal = "arn:aws:sts::111122223333:assumed-role/r/s";
    request.action = "s3:GetObject";
    request.resource = "arn:aws:s3:::bucket/" + std::string(text.substr(0, 64));
    request.context.Set("aws:username", "alice");
    request.context.Set("aws:SourceIp", "10.1.2.3");
    request.context.Set("aws:CurrentTime", "2024-01-01T00:00:00Z");
    request.context.SetMulti("aws:TagKeys", {"a", "b"});
    Decision decision = evaluator->Evaluate(WithDerivedContext(request), {.trace = true});
    (void)Explain(decision, request);
  }
  return 0;
}

#include "cloud/exec/aws_lookup.h"

namespace raycloud::cloud {

using json = nlohmann::json;

json TagsOf(const ResolvedSpec& spec, const ResourceContext& context) {
  if (spec.properties.contains("Tags") && spec.properties["Tags"].is_array()) {
    return spec.properties["Tags"];
  }
  return json::array({{{"Key", "raycloud-cloud-id"}, {"Value", context.identity.cloud_id}},
                      {{"Key", "raycloud-cloud-name"}, {"Value", context.cloud_name}},
                      {{"Key", "raycloud-org-id"}, {"Value", context.identity.org_id}},
                      {{"Key", "Name"}, {"Value", spec.name_tag}}});
}

json TagSpecifications(std::string_view resource_type, const json& tags) {
  return json::array({{{"ResourceType", resource_type}, {"Tags", tags}}});
}

std::string AwsCodeOf(const Error& error) {
  auto it = error.details.find("aws_code");
  return it == error.details.end() ? "" : it->second;
}

bool IsNotFound(const Error& error) { return error.error_class == ErrorClass::kNotFound; }

Status PollUntil(ResourceContext& context, const std::string& what,
                 const std::function<Result<json>()>& describe,
                 const std::function<Result<bool>(const json&)>& ready) {
  const auto started = context.clock.Now();
  const auto deadline = started + context.timing.resource_timeout;
  while (true) {
    auto output = describe();
    if (output) {
      auto done = ready(*output);
      if (!done) return Fail(done.error());
      if (*done) return {};
    } else if (!IsNotFound(output.error()) && !output.error().retryable()) {
      return Fail(output.error());
    }
    const auto now = context.clock.Now();
    const auto delay = NextPollDelay(
        context.timing, std::chrono::duration_cast<std::chrono::milliseconds>(now - started));
    if (now + delay > deadline) {
      return Fail({ErrorKind::kTimeout, ErrorClass::kRetryable,
                   "timed out waiting for " + what + "; re-run the same command to resume",
                   {}});
    }
    context.clock.SleepFor(delay);
  }
}

}  // namespace raycloud::cloud

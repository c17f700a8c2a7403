#include "cloud/exec/handlers/handler_support.h"

#include <cctype>

#include "cloud/exec/aws_lookup.h"
#include "cloud/plan/resource_names.h"
#include "common/random.h"
#include "common/strings.h"

namespace raycloud::cloud::handlers {

using json = nlohmann::json;

aws::CallOptions Once() { return aws::CallOptions{.max_attempts = 1}; }

std::string AttemptClientToken(const json& properties) {
  static const std::string kProcessNonce = SecureRandomToken(24);
  const std::string planned = Text(properties, "client_token");
  return planned.empty() ? "" : ClientToken(planned, kProcessNonce);
}

std::string Text(const json& properties, std::string_view key) {
  auto it = properties.find(std::string(key));
  if (it == properties.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

json CreationTags(const ResolvedSpec& spec, const ResourceContext& context) {
  // The plan names them `tags`; TagsOf covers specs written with the AWS member name.
  auto it = spec.properties.find("tags");
  if (it != spec.properties.end() && it->is_array()) return *it;
  return TagsOf(spec, context);
}

std::optional<std::string> TagValue(const json& tags, std::string_view key) {
  if (!tags.is_array()) return std::nullopt;
  for (const auto& tag : tags) {
    std::string tag_key = tag.value("Key", tag.value("key", ""));
    if (tag_key == key) return tag.value("Value", tag.value("value", ""));
  }
  return std::nullopt;
}

Status CheckOwned(const json& tags, const ResourceContext& context, std::string_view what) {
  auto owner = TagValue(tags, kCloudIdTag);
  if (owner && *owner == context.identity.cloud_id) return {};
  Error error{ErrorKind::kAlreadyExists,
              ErrorClass::kTerminal,
              std::string(what) + " already exists but does not belong to cloud " +
                  context.identity.cloud_id + " (its " + std::string(kCloudIdTag) + " tag is " +
                  (owner ? "'" + *owner + "'" : "missing") +
                  "); raycloud never adopts another owner's resource: choose another name or "
                  "remove it",
              {}};
  error.details["aws_resource"] = std::string(what);
  return Fail(std::move(error));
}

Error About(Error error, std::string_view resource) {
  error.details["aws_resource"] = std::string(resource);
  error.message = std::string(resource) + ": " + error.message;
  return error;
}

Result<json> CallFor(ResourceContext& context, std::string_view resource, std::string_view service,
                     std::string_view operation, const json& params,
                     const aws::CallOptions& options) {
  auto output = context.aws.Call(service, operation, params, options);
  if (!output) return Fail(About(output.error(), resource));
  return output;
}

Status GoneIsFine(const Result<json>& result) {
  if (result || IsNotFound(result.error())) return {};
  return Fail(result.error());
}

Result<std::optional<json>> FindTaggedEc2(ResourceContext& context, std::string_view operation,
                                          std::string_view list_key, const std::string& name_tag,
                                          json filters, std::string_view filter_member) {
  filters.push_back(
      {{"Name", "tag:" + std::string(kCloudIdTag)}, {"Values", {context.identity.cloud_id}}});
  filters.push_back({{"Name", "tag:Name"}, {"Values", {name_tag}}});
  auto output = context.aws.CallAll("ec2", operation, {{std::string(filter_member), filters}});
  if (!output) return Fail(About(output.error(), name_tag));
  for (const auto& item : output->value(std::string(list_key), json::array())) {
    const json tags = item.value("Tags", item.value("TagSet", json::array()));
    if (TagValue(tags, kCloudIdTag) != context.identity.cloud_id ||
        TagValue(tags, "Name") != name_tag) {
      continue;
    }
    // Deleted NAT gateways and endpoints linger in describe results for a while.
    std::string state = strings::Lower(item.value("State", item.value("state", "")));
    if (state == "deleted" || state == "deleting" || state == "failed") continue;
    return std::optional<json>(item);
  }
  return std::optional<json>();
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
        std::isxdigit(text[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

json PolicyJson(const json& document) {
  if (document.is_object()) return document;
  if (!document.is_string()) return nullptr;
  const std::string text = document.get<std::string>();
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) parsed = json::parse(PercentDecode(text), nullptr, false);
  return parsed.is_discarded() ? json(nullptr) : parsed;
}

}  // namespace raycloud::cloud::handlers

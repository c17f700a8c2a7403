// The bucket's settings (cloud-resources.md, "Storage"): policy, default encryption,
// public access block, lifecycle, versioning, CORS. Each is a put of the whole setting,
// so Create also repairs drift; Find adopts a setting only when it matches the plan.
//
// Delete leaves every setting but CORS in place: they go with the bucket, and a bucket
// kept because it holds data must stay private and encrypted.
#include <algorithm>
#include <chrono>
#include <functional>

#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

// What distinguishes one setting: how to read it, whether it matches, how to put it.
struct Setting {
  std::string name;  // "policy": part of the physical id "<bucket>/<name>"
  std::string get;   // GetBucketPolicy
  std::function<bool(const json& output, const json& properties)> matches;
  std::function<Result<json>(ResourceContext&, const std::string& bucket, const json&)> put;
  std::string remove;  // DeleteBucketCors; "" when the setting stays with the bucket
};

// A handler for one bucket setting, driven by its Setting.
class BucketSettingHandler final : public ResourceHandler {
 public:
  explicit BucketSettingHandler(Setting setting) : setting_(std::move(setting)) {}

  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string bucket = Text(spec.properties, "bucket");
    if (bucket.empty()) return std::optional<ResourceState>();
    auto output = CallFor(context, bucket, "s3", setting_.get, {{"Bucket", bucket}});
    if (!output) {
      // NoSuchBucket, NoSuchBucketPolicy, NoSuchCORSConfiguration, ...: not set.
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(output.error());
    }
    if (!setting_.matches(*output, spec.properties)) return std::optional<ResourceState>();
    return std::optional<ResourceState>(StateOf(bucket));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string bucket = Text(spec.properties, "bucket");
    auto output = setting_.put(context, bucket, spec.properties);
    if (!output) return Fail(output.error());
    return StateOf(bucket);
  }

  // Find adopts only a matching setting, so "found" is "in sync".
  Result<bool> InSync(const ResolvedSpec& spec, const ResourceState&,
                      ResourceContext& context) override {
    auto found = Find(spec, context);
    if (!found) return Fail(found.error());
    return found->has_value();
  }

  // Each setting is a put of the whole setting.
  Result<ResourceState> Reconcile(const ResolvedSpec& spec, const ResourceState&,
                                  ResourceContext& context) override {
    return Create(spec, context);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    if (setting_.remove.empty()) return {};
    const std::string bucket = state.attributes.value("bucket", "");
    return GoneIsFine(CallFor(context, bucket, "s3", setting_.remove, {{"Bucket", bucket}}));
  }

 private:
  ResourceState StateOf(const std::string& bucket) const {
    return {bucket + "/" + setting_.name, {{"bucket", bucket}}};
  }

  Setting setting_;
};

// A put whose errors are retried only by the client's own policy (puts are idempotent).
std::function<Result<json>(ResourceContext&, const std::string&, const json&)> SimplePut(
    const std::string& operation,
    const std::function<json(const std::string&, const json&)>& params) {
  return [operation, params](ResourceContext& context, const std::string& bucket,
                             const json& properties) {
    return CallFor(context, bucket, "s3", operation, params(bucket, properties));
  };
}

// True when `error` is S3 refusing a policy whose principal IAM has not propagated yet.
bool IsPrincipalNotPropagated(const Error& error) {
  const std::string code = AwsCodeOf(error);
  return (code == "MalformedPolicy" || code == "MalformedPolicyDocument") &&
         error.message.find("rincipal") != std::string::npos;
}

// The bucket policy names roles that may be seconds old: S3 answers "Invalid principal in
// policy" until IAM has propagated them, so that one error is retried on the clock.
Result<json> PutPolicy(ResourceContext& context, const std::string& bucket,
                       const json& properties) {
  const json policy = properties.value("policy", json::object());
  const std::string text = policy.is_string() ? policy.get<std::string>() : policy.dump();
  const auto deadline = context.clock.Now() + context.timing.iam_propagation;
  auto delay = std::chrono::milliseconds(500);
  while (true) {
    auto output =
        CallFor(context, bucket, "s3", "PutBucketPolicy", {{"Bucket", bucket}, {"Policy", text}});
    if (output || !IsPrincipalNotPropagated(output.error()) ||
        context.clock.Now() + delay > deadline) {
      return output;
    }
    context.clock.SleepFor(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(8000));
  }
}

bool SameRuleIds(const json& actual, const json& planned) {
  std::vector<std::string> a, b;
  for (const auto& rule : actual) a.push_back(rule.value("ID", ""));
  for (const auto& rule : planned) b.push_back(rule.value("ID", ""));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

ResourceHandler& BucketPolicyHandler() {
  static BucketSettingHandler handler({
      .name = "policy",
      .get = "GetBucketPolicy",
      .matches =
          [](const json& output, const json& properties) {
            return PolicyJson(output.value("Policy", json())) ==
                   PolicyJson(properties.value("policy", json()));
          },
      .put = PutPolicy,
  });
  return handler;
}

ResourceHandler& BucketEncryptionHandler() {
  static BucketSettingHandler handler({
      .name = "encryption",
      .get = "GetBucketEncryption",
      .matches =
          [](const json& output, const json& properties) {
            const json rules = output.value("ServerSideEncryptionConfiguration", json::object())
                                   .value("Rules", json::array());
            const json planned = properties.value("rules", json::array());
            if (rules.empty() || planned.empty()) return false;
            const json& have = rules[0].value("ApplyServerSideEncryptionByDefault", json::object());
            const json& want =
                planned[0].value("ApplyServerSideEncryptionByDefault", json::object());
            return have.value("SSEAlgorithm", "") == want.value("SSEAlgorithm", "") &&
                   have.value("KMSMasterKeyID", "") == want.value("KMSMasterKeyID", "");
          },
      .put = SimplePut("PutBucketEncryption",
                       [](const std::string& bucket, const json& properties) {
                         return json{{"Bucket", bucket},
                                     {"ServerSideEncryptionConfiguration",
                                      {{"Rules", properties.value("rules", json::array())}}}};
                       }),
  });
  return handler;
}

ResourceHandler& PublicAccessBlockHandler() {
  static BucketSettingHandler handler({
      .name = "public-access-block",
      .get = "GetPublicAccessBlock",
      .matches =
          [](const json& output, const json& properties) {
            const json have = output.value("PublicAccessBlockConfiguration", json::object());
            const json want = properties.value("configuration", json::object());
            for (const auto& [key, value] : want.items()) {
              if (have.value(key, json()) != value) return false;
            }
            return true;
          },
      .put = SimplePut("PutPublicAccessBlock",
                       [](const std::string& bucket, const json& properties) {
                         return json{{"Bucket", bucket},
                                     {"PublicAccessBlockConfiguration",
                                      properties.value("configuration", json::object())}};
                       }),
  });
  return handler;
}

ResourceHandler& LifecycleHandler() {
  static BucketSettingHandler handler({
      .name = "lifecycle",
      .get = "GetBucketLifecycleConfiguration",
      .matches =
          [](const json& output, const json& properties) {
            return SameRuleIds(output.value("Rules", json::array()),
                               properties.value("rules", json::array()));
          },
      .put = SimplePut("PutBucketLifecycleConfiguration",
                       [](const std::string& bucket, const json& properties) {
                         return json{{"Bucket", bucket},
                                     {"LifecycleConfiguration",
                                      {{"Rules", properties.value("rules", json::array())}}}};
                       }),
  });
  return handler;
}

ResourceHandler& VersioningHandler() {
  static BucketSettingHandler handler({
      .name = "versioning",
      .get = "GetBucketVersioning",
      .matches =
          [](const json& output, const json& properties) {
            return output.value("Status", "") == properties.value("status", "");
          },
      .put = SimplePut("PutBucketVersioning",
                       [](const std::string& bucket, const json& properties) {
                         return json{{"Bucket", bucket},
                                     {"VersioningConfiguration",
                                      {{"Status", properties.value("status", "Enabled")}}}};
                       }),
  });
  return handler;
}

ResourceHandler& CorsHandler() {
  static BucketSettingHandler handler({
      .name = "cors",
      .get = "GetBucketCors",
      .matches =
          [](const json& output, const json& properties) {
            const json have = output.value("CORSRules", json::array());
            const json want = properties.value("cors_rules", json::array());
            if (have.size() != want.size()) return false;
            for (size_t i = 0; i < have.size(); ++i) {
              if (have[i].value("AllowedOrigins", json::array()) !=
                  want[i].value("AllowedOrigins", json::array())) {
                return false;
              }
            }
            return true;
          },
      .put = SimplePut("PutBucketCors",
                       [](const std::string& bucket, const json& properties) {
                         return json{
                             {"Bucket", bucket},
                             {"CORSConfiguration",
                              {{"CORSRules", properties.value("cors_rules", json::array())}}}};
                       }),
      // CORS only opens the bucket to browsers of the console origins: drop it.
      .remove = "DeleteBucketCors",
  });
  return handler;
}

}  // namespace raycloud::cloud::handlers

// The cloud's bucket: created, tagged right after (S3 takes no tags at creation), adopted
// only when it carries the cloud's tag, and on delete either emptied or kept on purpose
// (cloud-resources.md, "Storage" and "Lifecycle rules").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

constexpr std::string_view kRetainedTag = "raycloud-retained";
constexpr size_t kDeleteBatch = 1000;  // DeleteObjects' limit per request
constexpr int kEmptyRounds = 20;

// The bucket's tags; an empty list when it has none (NoSuchTagSet).
Result<json> BucketTags(ResourceContext& context, const std::string& bucket) {
  auto output = CallFor(context, bucket, "s3", "GetBucketTagging", {{"Bucket", bucket}});
  if (!output) {
    if (AwsCodeOf(output.error()) == "NoSuchTagSet") return json::array();
    return Fail(output.error());
  }
  return output->value("TagSet", json::array());
}

Status PutTags(ResourceContext& context, const std::string& bucket, const json& tags) {
  auto output = CallFor(context, bucket, "s3", "PutBucketTagging",
                        {{"Bucket", bucket}, {"Tagging", {{"TagSet", tags}}}});
  if (!output) return Fail(output.error());
  return {};
}

// Every object version and delete marker, as DeleteObjects' {Key, VersionId} entries.
Result<json> AllVersions(ResourceContext& context, const std::string& bucket,
                         std::optional<int> max_keys = std::nullopt) {
  json params = {{"Bucket", bucket}};
  json objects = json::array();
  Result<json> output;
  if (max_keys) {
    params["MaxKeys"] = *max_keys;
    output = context.aws.Call("s3", "ListObjectVersions", params);
  } else {
    output = context.aws.CallAll("s3", "ListObjectVersions", params);
  }
  if (!output) return Fail(About(output.error(), bucket));
  for (const char* list : {"Versions", "DeleteMarkers"}) {
    for (const auto& item : output->value(list, json::array())) {
      json object = {{"Key", item.value("Key", "")}};
      // "null" names the version written before versioning was enabled; without it a
      // delete in a versioned bucket would only add a delete marker.
      if (const std::string version = item.value("VersionId", ""); !version.empty()) {
        object["VersionId"] = version;
      }
      objects.push_back(object);
    }
  }
  return objects;
}

class BucketHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string bucket = Text(spec.properties, "bucket_name");
    auto head = CallFor(context, bucket, "s3", "HeadBucket", {{"Bucket", bucket}});
    if (!head) {
      if (IsNotFound(head.error())) return std::optional<ResourceState>();
      if (head.error().details.contains("http_status") &&
          head.error().details.at("http_status") == "403") {
        return Fail(Error{ErrorKind::kAlreadyExists,
                          ErrorClass::kTerminal,
                          "S3 bucket " + bucket +
                              " already exists and belongs to another account; choose "
                              "another --bucket-name",
                          {{"aws_resource", bucket}}});
      }
      return Fail(head.error());
    }
    auto tags = BucketTags(context, bucket);
    if (!tags) return Fail(tags.error());
    if (tags->empty()) {
      // Untagged: ours only if a create of ours was cut off before it could tag the
      // bucket, which leaves it empty; WaitReady then tags it.
      auto objects = AllVersions(context, bucket, 1);
      if (!objects) return Fail(objects.error());
      if (!objects->empty()) {
        return Fail(CheckOwned(*tags, context, "S3 bucket " + bucket).error());
      }
      ResourceState state = StateOf(bucket, context);
      state.attributes["untagged"] = true;
      return std::optional<ResourceState>(state);
    }
    if (auto owned = CheckOwned(*tags, context, "S3 bucket " + bucket); !owned) {
      return Fail(owned.error());
    }
    return std::optional<ResourceState>(StateOf(bucket, context));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string bucket = Text(spec.properties, "bucket_name");
    std::string region = Text(spec.properties, "region");
    if (region.empty()) region = context.aws.region();
    json params = {{"Bucket", bucket}};
    // us-east-1 is the one region that refuses an explicit location constraint.
    if (region != "us-east-1") {
      params["CreateBucketConfiguration"] = {{"LocationConstraint", region}};
    }
    auto output = CallFor(context, bucket, "s3", "CreateBucket", params, Once());
    if (!output) return Fail(output.error());
    if (auto tagged = PutTags(context, bucket, CreationTags(spec, context)); !tagged) {
      return Fail(tagged.error());
    }
    return StateOf(bucket, context);
  }

  Status WaitReady(const ResolvedSpec& spec, const ResourceState& state,
                   ResourceContext& context) override {
    if (!state.attributes.value("untagged", false)) return {};
    return PutTags(context, state.physical_id, CreationTags(spec, context));
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    const std::string& bucket = state.physical_id;
    auto objects =
        AllVersions(context, bucket, context.delete_bucket ? std::nullopt : std::optional<int>(1));
    if (!objects) return GoneIsFine(objects);
    if (!objects->empty() && !context.delete_bucket) return Retain(context, bucket);
    // Emptying may take several rounds: versions listed once may be followed by new ones
    // (a writer still running); bounded so a bucket that keeps filling fails clearly.
    for (int round = 0; !objects->empty(); ++round) {
      if (round == kEmptyRounds) {
        return Fail(Error{ErrorKind::kAws,
                          ErrorClass::kTerminal,
                          bucket + ": still holds objects after " + std::to_string(round) +
                              " rounds of deletes; is something still writing to it?",
                          {{"aws_resource", bucket}}});
      }
      for (size_t start = 0; start < objects->size(); start += kDeleteBatch) {
        json batch = json::array();
        for (size_t i = start; i < std::min(objects->size(), start + kDeleteBatch); ++i) {
          batch.push_back((*objects)[i]);
        }
        auto output =
            CallFor(context, bucket, "s3", "DeleteObjects",
                    {{"Bucket", bucket}, {"Delete", {{"Objects", batch}, {"Quiet", true}}}});
        if (!output) return GoneIsFine(output);
        for (const auto& failed : output->value("Errors", json::array())) {
          return Fail(Error{ErrorKind::kAws,
                            ErrorClass::kRetryable,
                            bucket + ": s3 DeleteObjects failed for " + failed.value("Key", "") +
                                ": " + failed.value("Code", "") + ": " +
                                failed.value("Message", ""),
                            {{"aws_code", failed.value("Code", "")}, {"aws_resource", bucket}}});
        }
      }
      objects = AllVersions(context, bucket);
      if (!objects) return GoneIsFine(objects);
    }
    return GoneIsFine(CallFor(context, bucket, "s3", "DeleteBucket", {{"Bucket", bucket}}, Once()));
  }

 private:
  // Keeps a bucket that holds data: tagged so `cloud delete` reports it and a later
  // `--delete-bucket` run finds it; the error tells the executor it was on purpose.
  static Status Retain(ResourceContext& context, const std::string& bucket) {
    auto tags = BucketTags(context, bucket);
    if (!tags) return GoneIsFine(tags);
    json kept = json::array();
    for (const auto& tag : *tags) {
      if (tag.value("Key", "") != kRetainedTag) kept.push_back(tag);
    }
    kept.push_back({{"Key", kRetainedTag}, {"Value", "true"}});
    if (auto tagged = PutTags(context, bucket, kept); !tagged) return tagged;
    Error error{ErrorKind::kInProgress,
                ErrorClass::kTerminal,
                "S3 bucket " + bucket +
                    " holds objects and was kept (tagged raycloud-retained=true); pass "
                    "--delete-bucket to delete it with its contents",
                {{"retained", "true"}, {"aws_resource", bucket}}};
    return Fail(std::move(error));
  }

  static ResourceState StateOf(const std::string& bucket, const ResourceContext& context) {
    return {bucket,
            {{"arn", "arn:" + context.identity.partition + ":s3:::" + bucket},
             {"region", context.aws.region()}}};
  }
};

}  // namespace

ResourceHandler& BucketHandler() {
  static BucketHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers

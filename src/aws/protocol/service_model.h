#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.h"

namespace raycloud::aws {

/// Wire protocols of botocore's models.
enum class Protocol { kEc2, kQuery, kRestXml, kRestJson, kJson };

enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,  // byte, short and integer
  kLong,     // long and bigInteger
  kBoolean,
  kFloat,
  kDouble,  // double and bigDecimal
  kTimestamp,
  kBlob,
  kDocument,  // free-form JSON (json protocols only)
};

/// Where a member travels in a REST request or response.
enum class Location { kBody, kHeader, kHeaders, kUri, kQueryString, kStatusCode };

struct Shape;

/// A reference to a shape from a structure member, a list member or a map key/value,
/// carrying botocore's serialisation traits with the member's own overriding the shape's.
struct ShapeRef {
  std::string name;  // member name; "member", "key" or "value" inside lists and maps
  const Shape* shape = nullptr;
  Location location = Location::kBody;
  std::string location_name;       // the reference's own locationName (shape-level ones name roots)
  bool has_location_name = false;  // an explicit "" matters: S3-style prefix headers
  std::string query_name;          // ec2 protocol name override
  bool flattened = false;
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;
  bool xml_attribute = false;
  std::string timestamp_format;  // "iso8601", "rfc822", "unixTimestamp" or "" (default)
  bool jsonvalue = false;        // a JSON document carried as a (base64) string
  bool host_label = false;
  bool idempotency_token = false;
  bool streaming = false;
  bool event_payload = false;
  bool required = false;

  /// The name on the wire: locationName when given, else the member name.
  const std::string& WireName() const { return has_location_name ? location_name : name; }
};

/// A botocore shape with the traits the protocols need.
struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  std::vector<ShapeRef> members;  // structures, in model order
  ShapeRef member;                // lists
  ShapeRef key;                   // maps
  ShapeRef value;                 // maps
  std::string location_name;      // shape-level XML element name
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;
  bool flattened = false;
  std::string timestamp_format;
  std::string payload;  // structure member carried as the whole HTTP body
  bool streaming = false;
  bool exception = false;
  bool fault = false;
  bool union_ = false;
  bool event_stream = false;
  bool wrapper = false;
  bool sparse = false;     // lists/maps that keep null entries
  std::string error_code;  // "error": {"code"} (query protocols' custom codes)
  int error_http_status = 0;

  /// The structure member named `name`, or nullptr.
  const ShapeRef* FindMember(std::string_view name) const;
  /// The structure member whose wire name is `wire_name` (XML/JSON key), or nullptr.
  const ShapeRef* FindWireMember(std::string_view wire_name) const;
  /// The structure member read from an XML element named `element` (its wire name).
  const ShapeRef* FindXmlMember(std::string_view element) const;

  /// Builds the member lookups; call once `members` is final (they point into it).
  void IndexMembers();

 private:
  std::unordered_map<std::string_view, size_t> by_name_;
  std::unordered_map<std::string_view, size_t> by_wire_name_;
};

struct Operation {
  std::string name;
  std::string http_method = "POST";
  std::string request_uri = "/";
  int response_code = 200;
  const Shape* input = nullptr;   // nullptr when the operation takes no input
  ShapeRef input_ref;             // the input reference's traits (rest-xml root name, xmlns)
  const Shape* output = nullptr;  // nullptr when it returns nothing
  std::string result_wrapper;     // query protocol: the element wrapping the output
  std::vector<const Shape*> errors;
  std::string host_prefix;              // endpoint trait, may hold {Label}s of hostLabel members
  bool http_checksum_required = false;  // needs Content-MD5 (e.g. S3 DeleteObjects)
  bool unsigned_payload = false;        // authtype v4-unsigned-body
  bool anonymous = false;               // authtype none
};

/// botocore's paginators-1.json entry of one operation.
struct Paginator {
  std::vector<std::string> input_tokens;
  std::vector<std::string> output_tokens;  // JMESPath-like dotted paths
  std::string limit_key;
  std::vector<std::string> result_keys;
  std::string more_results;
};

/// botocore's waiters-2.json entry; acceptors are kept as the model's JSON.
struct Waiter {
  std::string name;
  std::string operation;
  int delay_seconds = 15;
  int max_attempts = 40;
  nlohmann::json acceptors;  // [{state, matcher, argument?, expected}]
};

struct ServiceMetadata {
  Protocol protocol = Protocol::kJson;
  std::string protocol_name;
  std::string api_version;
  std::string endpoint_prefix;
  std::string signing_name;  // signingName, else endpointPrefix
  std::string target_prefix;
  std::string json_version;
  std::string global_endpoint;
  std::string service_id;
  std::string signature_version;
  std::string xml_namespace;  // query protocols' response namespace
};

/// A parsed botocore service model. Immutable after Create(), so any number of threads may
/// read it.
class ServiceModel {
 public:
  /// Parses a botocore model document ({metadata, operations, shapes, paginators?,
  /// waiters?}); an unknown protocol, a dangling shape reference or a malformed document is
  /// an error. Ordered JSON, because member order is wire order.
  static Result<std::shared_ptr<const ServiceModel>> Create(const nlohmann::ordered_json& document);

  /// The embedded model of a botocore service name ("ec2", "s3", "service-quotas", ...),
  /// parsed on first use and then shared; kNotFound if raycloud embeds no such service.
  static Result<std::shared_ptr<const ServiceModel>> Embedded(std::string_view service);

  const ServiceMetadata& metadata() const { return metadata_; }
  Protocol protocol() const { return metadata_.protocol; }

  /// The operation named `name` (e.g. "DescribeVpcs"), or nullptr.
  const Operation* FindOperation(std::string_view name) const;
  /// The shape named `name`, or nullptr.
  const Shape* FindShape(std::string_view name) const;
  /// The error shape answering the AWS error code `code` (its custom code or its name).
  const Shape* FindErrorShape(std::string_view code) const;
  /// The paginator of an operation, or nullptr when it does not paginate.
  const Paginator* FindPaginator(std::string_view operation) const;
  /// The waiter named `name` (e.g. "InstanceRunning"), or nullptr.
  const Waiter* FindWaiter(std::string_view name) const;

  const std::map<std::string, Operation, std::less<>>& operations() const { return operations_; }
  const std::map<std::string, Waiter, std::less<>>& waiters() const { return waiters_; }

 private:
  ServiceModel() = default;
  Status Load(const nlohmann::ordered_json& document);
  Status LoadShapes(const nlohmann::ordered_json& shapes);
  Result<ShapeRef> MakeRef(const std::string& name, const nlohmann::ordered_json& ref);

  ServiceMetadata metadata_;
  std::unordered_map<std::string, std::unique_ptr<Shape>> shapes_;
  std::map<std::string, Operation, std::less<>> operations_;
  std::map<std::string, Paginator, std::less<>> paginators_;
  std::map<std::string, Waiter, std::less<>> waiters_;
  std::unordered_map<std::string, const Shape*> error_shapes_;
};

/// The protocol named `name` in botocore metadata ("ec2", "query", "rest-xml",
/// "rest-json", "json").
Result<Protocol> ProtocolFromName(std::string_view name);

}  // namespace raycloud::aws

#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/http/http_transport.h"
#include "aws/protocol/service_model.h"
#include "aws/protocol/wire_format.h"
#include "common/error.h"

namespace raycloud::aws {

/// One query-string parameter. `value` is nullopt for a bare key written in the model's
/// request URI (S3's "?tagging"), which is sent without '='.
struct QueryParam {
  std::string name;
  std::optional<std::string> value;

  bool operator==(const QueryParam&) const = default;
};

/// A request as the protocol lays it out, before the endpoint, signing and transport.
struct SerializedRequest {
  std::string method;
  std::string path;               // starts with '/', labels expanded and percent-encoded
  std::vector<QueryParam> query;  // decoded; QueryString() encodes them
  HttpHeaders headers;
  std::string body;
  std::string host_prefix;  // endpoint trait, labels expanded ("foo." / "bucket-1."): prepend

  /// The percent-encoded query string (no leading '?'), parameters in order.
  std::string QueryString() const;
  /// path, then '?' and QueryString() when there is a query.
  std::string Target() const;
  /// The value of the first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct SerializeOptions {
  /// Fills idempotency-token members the caller left out; a random UUIDv4 when empty.
  std::function<std::string()> idempotency_token;
  /// Refuse input that lacks a required member (as botocore's ParamValidator does).
  bool check_required = true;
};

/// Serialises `params` (an object keyed by the input shape's member names; nested values
/// likewise) for `operation` in the model's protocol (ec2, query, json, rest-json,
/// rest-xml). Timestamps may be epoch seconds or ISO-8601 strings; blobs are the raw
/// bytes as a JSON string (or binary). An unknown member, a value of the wrong type or a
/// missing required member is an Error of kind kInvalidArgument naming the member path.
Result<SerializedRequest> SerializeRequest(const ServiceModel& model, const Operation& operation,
                                           const nlohmann::json& params,
                                           const SerializeOptions& options = {});
/// The same for ordered JSON: map entries go on the wire in the caller's order.
Result<SerializedRequest> SerializeRequest(const ServiceModel& model, const Operation& operation,
                                           const nlohmann::ordered_json& params,
                                           const SerializeOptions& options = {});

/// A random version-4 UUID ("xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx").
std::string NewUuidV4();

}  // namespace raycloud::aws

#pragma once

// Pieces shared by the protocol serialisers (not part of the public API).

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/protocol/serializer.h"
#include "aws/protocol/service_model.h"

namespace raycloud::aws::internal {

// Ordered, so maps keep the caller's order on the wire.
using nlohmann::ordered_json;

/// Calls `fn(member, value, member_path)` for each member of structure `shape` set in
/// `params` (nulls count as unset), in model order. Unknown keys, a non-object `params`
/// and (when `check_required`) missing required members are errors naming `path`.
Status ForEachMember(
    const Shape& shape, const ordered_json& params, const std::string& path, bool check_required,
    const std::function<Status(const ShapeRef&, const ordered_json&, const std::string&)>& fn);

/// The text form of a scalar for query strings, headers, labels and XML: booleans
/// "true"/"false", numbers, timestamps in the member's format (else `default_format`),
/// blobs base64.
Result<std::string> ScalarText(const ShapeRef& ref, const ordered_json& value,
                               std::string_view default_format, const std::string& path);

/// The raw bytes of a blob parameter (a JSON string or binary value).
Result<std::string> BlobBytes(const ordered_json& value, const std::string& path);

/// A copy of `params` with every missing idempotency-token member of `shape` filled.
ordered_json FillIdempotencyTokens(const Shape& shape, const ordered_json& params,
                                   const SerializeOptions& options);

/// An error for a value of the wrong JSON type.
Error WrongType(const std::string& path, std::string_view expected, const ordered_json& value);

/// The JSON encoding of a value (json and rest-json bodies).
Result<ordered_json> JsonValue(const ShapeRef& ref, const ordered_json& value,
                               const std::string& path, bool check_required);

/// A rest-xml document whose root element is `root_name`, holding `value` of `ref`.
Result<std::string> XmlDocument(const ShapeRef& ref, const std::string& root_name,
                                const ordered_json& value, const std::string& path,
                                bool check_required);

Status SerializeQuery(const ServiceModel& model, const Operation& op, const ordered_json& params,
                      const SerializeOptions& options, SerializedRequest& out);
Status SerializeJsonRpc(const ServiceModel& model, const Operation& op, const ordered_json& params,
                        const SerializeOptions& options, SerializedRequest& out);
Status SerializeRest(const ServiceModel& model, const Operation& op, const ordered_json& params,
                     const SerializeOptions& options, SerializedRequest& out);

}  // namespace raycloud::aws::internal

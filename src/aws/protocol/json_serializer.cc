// JSON bodies (json and rest-json protocols) and the json protocol's request layout:
// POST / with X-Amz-Target: <targetPrefix>.<Operation>.
#include <cmath>

#include "aws/protocol/serializer_internal.h"
#include "aws/protocol/wire_format.h"
#include "common/strings.h"

namespace raycloud::aws::internal {

Result<ordered_json> JsonValue(const ShapeRef& ref, const ordered_json& value,
                               const std::string& path, bool check_required) {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure: {
      ordered_json object = ordered_json::object();
      auto status =
          ForEachMember(shape, value, path, check_required,
                        [&](const ShapeRef& member, const ordered_json& v, const std::string& p) {
                          // Headers, labels and query members of a REST input.
                          if (member.location != Location::kBody) return Status();
                          auto encoded = JsonValue(member, v, p, check_required);
                          if (!encoded) return Status(Fail(encoded.error()));
                          object[member.WireName()] = std::move(*encoded);
                          return Status();
                        });
      if (!status) return Fail(status.error());
      return object;
    }
    case ShapeType::kList: {
      if (!value.is_array()) return Fail(WrongType(path, "a list", value));
      ordered_json array = ordered_json::array();
      for (size_t i = 0; i < value.size(); ++i) {
        auto encoded =
            JsonValue(shape.member, value[i], path + "[" + std::to_string(i) + "]", check_required);
        if (!encoded) return Fail(encoded.error());
        array.push_back(std::move(*encoded));
      }
      return array;
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return Fail(WrongType(path, "a map (object)", value));
      ordered_json object = ordered_json::object();
      for (const auto& [key, item] : value.items()) {
        if (item.is_null()) continue;
        auto encoded = JsonValue(shape.value, item, path + "." + key, check_required);
        if (!encoded) return Fail(encoded.error());
        object[key] = std::move(*encoded);
      }
      return object;
    }
    case ShapeType::kString:
      if (!value.is_string()) return Fail(WrongType(path, "a string", value));
      return value;
    case ShapeType::kBoolean:
      if (!value.is_boolean()) return Fail(WrongType(path, "a boolean", value));
      return value;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (!value.is_number_integer()) return Fail(WrongType(path, "an integer", value));
      return value;
    case ShapeType::kFloat:
    case ShapeType::kDouble: {
      // JSON has no NaN/Infinity: AWS sends and accepts them as strings.
      auto text = ScalarText(ref, value, "", path);
      if (!text) return Fail(text.error());
      if (value.is_string()) return ordered_json(*text);
      return value;
    }
    case ShapeType::kTimestamp: {
      auto epoch = TimestampParam(value);
      if (!epoch) return Fail(Error::Invalid("parameter " + path + ": " + epoch.error().message));
      const std::string& format = ref.timestamp_format;
      if (format == "iso8601" || format == "rfc822")
        return ordered_json(FormatTimestamp(*epoch, format));
      double whole = std::floor(*epoch);
      if (whole == *epoch) return ordered_json(static_cast<int64_t>(whole));
      return ordered_json(std::round(*epoch * 1000.0) / 1000.0);
    }
    case ShapeType::kBlob: {
      auto bytes = BlobBytes(value, path);
      if (!bytes) return Fail(bytes.error());
      return ordered_json(strings::Base64Encode(*bytes));
    }
    case ShapeType::kDocument:
      return value;
  }
  return Fail(Error::Internal("unhandled shape type at " + path));
}

Status SerializeJsonRpc(const ServiceModel& model, const Operation& op, const ordered_json& params,
                        const SerializeOptions& options, SerializedRequest& out) {
  ordered_json body = ordered_json::object();
  if (op.input) {
    ShapeRef root;
    root.name = op.name;
    root.shape = op.input;
    auto encoded = JsonValue(root, params, op.name, options.check_required);
    if (!encoded) return Fail(encoded.error());
    body = std::move(*encoded);
  }
  out.method = "POST";
  out.path = "/";
  out.body = body.dump();
  std::string version =
      model.metadata().json_version.empty() ? "1.0" : model.metadata().json_version;
  out.headers.emplace_back("Content-Type", "application/x-amz-json-" + version);
  out.headers.emplace_back("X-Amz-Target", model.metadata().target_prefix + "." + op.name);
  return {};
}

}  // namespace raycloud::aws::internal

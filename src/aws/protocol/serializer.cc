#include "aws/protocol/serializer.h"

#include <openssl/rand.h>
#include <strings.h>

#include <cctype>
#include <random>

#include "aws/protocol/serializer_internal.h"
#include "aws/protocol/wire_format.h"
#include "common/strings.h"

namespace raycloud::aws {

namespace internal {

Error WrongType(const std::string& path, std::string_view expected, const ordered_json& value) {
  return Error::Invalid("parameter " + path + ": expected " + std::string(expected) + ", got " +
                        value.type_name());
}

Status ForEachMember(
    const Shape& shape, const ordered_json& params, const std::string& path, bool check_required,
    const std::function<Status(const ShapeRef&, const ordered_json&, const std::string&)>& fn) {
  if (!params.is_object()) return Fail(WrongType(path, "an object", params));
  for (const auto& [key, value] : params.items()) {
    if (!shape.FindMember(key)) {
      return Fail(Error::Invalid("parameter " + path + "." + key + ": " + shape.name +
                                 " has no member '" + key + "'"));
    }
  }
  for (const ShapeRef& member : shape.members) {
    auto it = params.find(member.name);
    std::string member_path = path + "." + member.name;
    if (it == params.end() || it->is_null()) {
      if (check_required && member.required && !member.idempotency_token) {
        return Fail(Error::Invalid("missing required parameter " + member_path));
      }
      continue;
    }
    if (auto status = fn(member, *it, member_path); !status) return status;
  }
  return {};
}

Result<std::string> BlobBytes(const ordered_json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_binary()) {
    const auto& bytes = value.get_binary();
    return std::string(bytes.begin(), bytes.end());
  }
  return Fail(WrongType(path, "a blob (string)", value));
}

Result<std::string> ScalarText(const ShapeRef& ref, const ordered_json& value,
                               std::string_view default_format, const std::string& path) {
  switch (ref.shape->type) {
    case ShapeType::kString:
      if (!value.is_string()) return Fail(WrongType(path, "a string", value));
      if (ref.jsonvalue) return strings::Base64Encode(value.get<std::string>());
      return value.get<std::string>();
    case ShapeType::kBoolean:
      if (!value.is_boolean()) return Fail(WrongType(path, "a boolean", value));
      return std::string(value.get<bool>() ? "true" : "false");
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (!value.is_number_integer()) return Fail(WrongType(path, "an integer", value));
      return value.dump();
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (value.is_number()) return FormatDouble(value.get<double>());
      if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (text == "NaN" || text == "Infinity" || text == "-Infinity") return text;
      }
      return Fail(WrongType(path, "a number", value));
    case ShapeType::kTimestamp: {
      auto epoch = TimestampParam(value);
      if (!epoch) return Fail(Error::Invalid("parameter " + path + ": " + epoch.error().message));
      return FormatTimestamp(*epoch,
                             ref.timestamp_format.empty() ? default_format : ref.timestamp_format);
    }
    case ShapeType::kBlob: {
      auto bytes = BlobBytes(value, path);
      if (!bytes) return Fail(bytes.error());
      return strings::Base64Encode(*bytes);
    }
    default:
      return Fail(WrongType(path, "a scalar", value));
  }
}

ordered_json FillIdempotencyTokens(const Shape& shape, const ordered_json& params,
                                   const SerializeOptions& options) {
  ordered_json filled = params.is_null() ? ordered_json::object() : params;
  if (!filled.is_object()) return filled;
  for (const ShapeRef& member : shape.members) {
    if (!member.idempotency_token) continue;
    auto it = filled.find(member.name);
    if (it == filled.end() || it->is_null()) {
      filled[member.name] = options.idempotency_token ? options.idempotency_token() : NewUuidV4();
    }
  }
  return filled;
}

}  // namespace internal

namespace {

// The endpoint trait's host prefix with {Label}s replaced by hostLabel members, which must
// be non-empty DNS labels so they cannot redirect the request to another host.
Result<std::string> ExpandHostPrefix(const Operation& operation,
                                     const nlohmann::ordered_json& params) {
  std::string out;
  const std::string& pattern = operation.host_prefix;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i]);
      continue;
    }
    size_t close = pattern.find('}', i);
    if (close == std::string::npos) return Fail(Error::Internal("bad hostPrefix " + pattern));
    std::string label = pattern.substr(i + 1, close - i - 1);
    auto it = params.find(label);
    if (it == params.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      return Fail(Error::Invalid("parameter " + operation.name + "." + label +
                                 " is required in the host name"));
    }
    const auto& value = it->get_ref<const std::string&>();
    for (char c : value) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
        return Fail(Error::Invalid("parameter " + operation.name + "." + label +
                                   " is not a valid host label: " + value));
      }
    }
    out += value;
    i = close;
  }
  return out;
}

}  // namespace

std::string NewUuidV4() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // RAND_bytes fails only when OpenSSL cannot seed; the OS device is the fallback.
    std::random_device device;
    for (unsigned char& byte : bytes) byte = static_cast<unsigned char>(device());
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  std::string hex =
      strings::HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string SerializedRequest::QueryString() const {
  std::string out;
  for (const QueryParam& param : query) {
    if (!out.empty()) out.push_back('&');
    out += strings::PercentEncode(param.name);
    if (param.value) {
      out.push_back('=');
      out += strings::PercentEncode(*param.value);
    }
  }
  return out;
}

std::string SerializedRequest::Target() const {
  std::string query_string = QueryString();
  return query_string.empty() ? path : path + "?" + query_string;
}

std::string SerializedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

Result<SerializedRequest> SerializeRequest(const ServiceModel& model, const Operation& operation,
                                           const nlohmann::json& params,
                                           const SerializeOptions& options) {
  return SerializeRequest(model, operation, nlohmann::ordered_json(params), options);
}

Result<SerializedRequest> SerializeRequest(const ServiceModel& model, const Operation& operation,
                                           const nlohmann::ordered_json& params,
                                           const SerializeOptions& options) {
  if (!params.is_null() && !params.is_object()) {
    return Fail(Error::Invalid(operation.name + " parameters must be a JSON object"));
  }
  if (!operation.input && !params.is_null() && !params.empty()) {
    return Fail(Error::Invalid(operation.name + " takes no parameters"));
  }
  nlohmann::ordered_json filled =
      operation.input ? internal::FillIdempotencyTokens(*operation.input, params, options)
                      : nlohmann::ordered_json::object();
  SerializedRequest out;
  out.method = operation.http_method;
  out.path = "/";
  Status status;
  switch (model.protocol()) {
    case Protocol::kEc2:
    case Protocol::kQuery:
      status = internal::SerializeQuery(model, operation, filled, options, out);
      break;
    case Protocol::kJson:
      status = internal::SerializeJsonRpc(model, operation, filled, options, out);
      break;
    case Protocol::kRestJson:
    case Protocol::kRestXml:
      status = internal::SerializeRest(model, operation, filled, options, out);
      break;
  }
  if (!status) return Fail(status.error());
  auto host_prefix = ExpandHostPrefix(operation, filled);
  if (!host_prefix) return Fail(host_prefix.error());
  out.host_prefix = std::move(*host_prefix);
  return out;
}

}  // namespace raycloud::aws

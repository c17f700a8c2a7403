// JSON bodies of the json and rest-json protocols: wire names become member names and
// scalars follow the output conventions of response_parser.h.
#include <cmath>

#include "aws/protocol/parser_internal.h"
#include "aws/protocol/wire_format.h"

namespace raycloud::aws::internal {
namespace {

std::string Describe(const ShapeRef& ref, const json& value) {
  return ref.name + " (" + ref.shape->name + ") holds a JSON " + value.type_name();
}

}  // namespace

Result<json> ConvertJsonStructure(const Shape& shape, const json& value) {
  if (!value.is_object()) {
    return Fail(MalformedResponse(shape.name + " is a JSON " + value.type_name()));
  }
  json out = json::object();
  for (const auto& [key, item] : value.items()) {
    const ShapeRef* member = shape.FindWireMember(key);
    if (!member || IsHttpBound(*member) || item.is_null()) continue;
    auto converted = ConvertJsonValue(*member, item);
    if (!converted) return converted;
    out[member->name] = std::move(*converted);
  }
  return out;
}

Result<json> ConvertJsonValue(const ShapeRef& ref, const json& value) {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure:
      return ConvertJsonStructure(shape, value);
    case ShapeType::kList: {
      if (!value.is_array()) return Fail(MalformedResponse(Describe(ref, value)));
      json array = json::array();
      for (const json& item : value) {
        if (item.is_null()) {
          if (shape.sparse) array.push_back(nullptr);  // dense lists drop nulls
          continue;
        }
        auto converted = ConvertJsonValue(shape.member, item);
        if (!converted) return converted;
        array.push_back(std::move(*converted));
      }
      return array;
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return Fail(MalformedResponse(Describe(ref, value)));
      json object = json::object();
      for (const auto& [key, item] : value.items()) {
        if (item.is_null()) {
          if (shape.sparse) object[key] = nullptr;
          continue;
        }
        auto converted = ConvertJsonValue(shape.value, item);
        if (!converted) return converted;
        object[key] = std::move(*converted);
      }
      return object;
    }
    case ShapeType::kString:
    case ShapeType::kBlob:
      if (!value.is_string()) return Fail(MalformedResponse(Describe(ref, value)));
      return value;
    case ShapeType::kBoolean:
      if (!value.is_boolean()) return Fail(MalformedResponse(Describe(ref, value)));
      return value;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (value.is_number_integer()) return value;
      // Some services send whole numbers as 1.0. Past 2^63 the cast would be undefined.
      if (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>() &&
          std::fabs(value.get<double>()) < 0x1p63) {
        return json(static_cast<int64_t>(value.get<double>()));
      }
      return Fail(MalformedResponse(Describe(ref, value)));
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (value.is_number()) return value;
      if (value.is_string()) return ScalarFromText(ref, value.get_ref<const std::string&>());
      return Fail(MalformedResponse(Describe(ref, value)));
    case ShapeType::kTimestamp:
      if (value.is_number()) return json(FormatIso8601(value.get<double>()));
      if (value.is_string()) return ScalarFromText(ref, value.get_ref<const std::string&>());
      return Fail(MalformedResponse(Describe(ref, value)));
    case ShapeType::kDocument:
      return value;
  }
  return Fail(MalformedResponse("unhandled shape type for " + ref.name));
}

}  // namespace raycloud::aws::internal

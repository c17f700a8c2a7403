#pragma once

// Pieces shared by the protocol parsers (not part of the public API).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/protocol/service_model.h"
#include "common/error.h"

namespace raycloud::aws::internal {

using nlohmann::json;

/// True for output members read from headers or the status code rather than the body
/// (uri and querystring bindings mean nothing in a response, so those come from the body).
inline bool IsHttpBound(const ShapeRef& member) {
  return member.location == Location::kHeader || member.location == Location::kHeaders ||
         member.location == Location::kStatusCode;
}

/// The error for a response body that does not match the model.
Error MalformedResponse(const std::string& what);

/// How the output structure sits in an XML document.
enum class XmlLayout {
  kRoot,           // ec2 and rest-xml: the document element is the structure
  kResultWrapper,  // query: <OpResponse><OpResult>...</OpResult></OpResponse>
};

/// Parses an XML body into `shape` (a structure); only members located in the body are
/// read. An empty body gives an empty object.
Result<json> ParseXmlBody(const Shape& shape, std::string_view body, XmlLayout layout,
                          const std::string& result_wrapper);

/// What an XML error document says.
struct XmlErrorInfo {
  bool parsed = false;  // the body was an AWS XML error document
  std::string code;
  std::string message;
  std::string request_id;
  json fields = json::object();  // members of `error_shape`, when given and found
};

/// Reads an EC2 (<Response><Errors><Error>), query (<ErrorResponse><Error>) or rest-xml
/// (<Error>) error document; `model` finds the error shape of the code.
XmlErrorInfo ParseXmlError(const ServiceModel& model, std::string_view body);

/// Converts a parsed JSON value into the output conventions of `ref` (timestamps, floats,
/// member names).
Result<json> ConvertJsonValue(const ShapeRef& ref, const json& value);

/// Converts a JSON object into structure `shape`, reading only members located in the body.
Result<json> ConvertJsonStructure(const Shape& shape, const json& value);

/// A scalar from its text form (XML text, header values): integers, booleans, floats,
/// timestamps (any format) and strings/blobs as they are.
Result<json> ScalarFromText(const ShapeRef& ref, std::string_view text);

}  // namespace raycloud::aws::internal

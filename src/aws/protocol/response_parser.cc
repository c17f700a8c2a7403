#include "aws/protocol/response_parser.h"

#include <strings.h>

#include "aws/protocol/parser_internal.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

using internal::json;
using internal::MalformedResponse;

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

const std::string* FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) return &value;
  }
  return nullptr;
}

bool IsBlank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Result<json> ParseJsonText(std::string_view body) {
  json parsed = json::parse(body.begin(), body.end(), nullptr, false);
  if (parsed.is_discarded()) return Fail(MalformedResponse("JSON does not parse"));
  return parsed;
}

// Splits a header list: "a, b", quoted items ("\"b,c\"") keep their commas, and HTTP dates
// ("Mon, 16 Dec 2019 23:48:18 GMT, ...") are split after each "GMT".
std::vector<std::string> SplitHeaderList(std::string_view text, bool http_dates) {
  std::vector<std::string> items;
  if (http_dates) {
    size_t start = 0;
    while (start < text.size()) {
      size_t gmt = text.find("GMT", start);
      size_t end = gmt == std::string_view::npos ? text.size() : gmt + 3;
      items.emplace_back(strings::Trim(text.substr(start, end - start)));
      start = text.find_first_not_of(", ", end);
      if (start == std::string_view::npos) break;
    }
    return items;
  }
  size_t i = 0;
  while (i <= text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::string item;
    if (i < text.size() && text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        item.push_back(text[i]);
      }
      i = text.find(',', i);
      if (i == std::string_view::npos) i = text.size();
    } else {
      size_t comma = text.find(',', i);
      if (comma == std::string_view::npos) comma = text.size();
      item = std::string(strings::Trim(text.substr(i, comma - i)));
      i = comma;
    }
    items.push_back(std::move(item));
    ++i;
  }
  return items;
}

Result<json> HeaderValue(const ShapeRef& member, const std::string& text) {
  const Shape& shape = *member.shape;
  if (shape.type == ShapeType::kList) {
    json array = json::array();
    for (const std::string& item :
         SplitHeaderList(text, shape.member.shape->type == ShapeType::kTimestamp)) {
      auto value = internal::ScalarFromText(shape.member, item);
      if (!value) return value;
      array.push_back(std::move(*value));
    }
    return array;
  }
  if (member.jsonvalue) {
    std::string decoded;
    if (!strings::Base64Decode(text, decoded)) {
      return Fail(MalformedResponse(member.name + " header is not base64"));
    }
    return json(std::move(decoded));
  }
  return internal::ScalarFromText(member, text);
}

// Members bound to headers and the status code (REST protocols, error shapes too).
Status ReadHttpMembers(const Shape& shape, const HttpResponse& response, json& out) {
  for (const ShapeRef& member : shape.members) {
    switch (member.location) {
      case Location::kHeader:
        if (const std::string* text = FindHeader(response.headers, member.WireName())) {
          auto value = HeaderValue(member, *text);
          if (!value) return Fail(value.error());
          out[member.name] = std::move(*value);
        }
        break;
      case Location::kHeaders: {
        json map = json::object();
        const std::string& prefix = member.WireName();
        for (const auto& [key, value] : response.headers) {
          if (key.size() >= prefix.size() && SameName(key.substr(0, prefix.size()), prefix)) {
            map[strings::Lower(key.substr(prefix.size()))] = value;
          }
        }
        out[member.name] = std::move(map);
        break;
      }
      case Location::kStatusCode:
        out[member.name] = response.status;
        break;
      default:
        break;
    }
  }
  return {};
}

Result<json> ParsePayload(const ServiceModel& model, const ShapeRef& member,
                          const HttpResponse& response) {
  const std::string& body = response.body;
  switch (member.shape->type) {
    case ShapeType::kBlob:
      return json(member.streaming ? body : strings::Base64Encode(body));
    case ShapeType::kString:
      return json(body);
    case ShapeType::kDocument:
      return ParseJsonText(body);
    default:
      break;
  }
  if (model.protocol() == Protocol::kRestJson) {
    auto parsed = ParseJsonText(body);
    if (!parsed) return parsed;
    return internal::ConvertJsonValue(member, *parsed);
  }
  return internal::ParseXmlBody(*member.shape, body, internal::XmlLayout::kRoot, "");
}

Result<json> ParseRest(const ServiceModel& model, const Operation& op,
                       const HttpResponse& response) {
  const Shape& shape = *op.output;
  json out = json::object();
  if (!shape.payload.empty()) {
    const ShapeRef* member = shape.FindMember(shape.payload);
    if (!member) return Fail(MalformedResponse(op.name + ": payload member missing from model"));
    if (!response.body.empty()) {
      auto payload = ParsePayload(model, *member, response);
      if (!payload) return payload;
      out[member->name] = std::move(*payload);
    }
  } else if (!IsBlank(response.body)) {
    if (model.protocol() == Protocol::kRestJson) {
      auto parsed = ParseJsonText(response.body);
      if (!parsed) return parsed;
      auto converted = internal::ConvertJsonStructure(shape, *parsed);
      if (!converted) return converted;
      out = std::move(*converted);
    } else {
      auto parsed = internal::ParseXmlBody(shape, response.body, internal::XmlLayout::kRoot, "");
      if (!parsed) return parsed;
      out = std::move(*parsed);
    }
  }
  if (auto status = ReadHttpMembers(shape, response, out); !status) return Fail(status.error());
  return out;
}

Result<json> ParseOutput(const ServiceModel& model, const Operation& op,
                         const HttpResponse& response) {
  if (!op.output) return json::object();
  switch (model.protocol()) {
    case Protocol::kEc2:
      return internal::ParseXmlBody(*op.output, response.body, internal::XmlLayout::kRoot, "");
    case Protocol::kQuery:
      // Without a resultWrapper in the model, <OpResult> still wraps it (Smithy awsQuery).
      return internal::ParseXmlBody(
          *op.output, response.body, internal::XmlLayout::kResultWrapper,
          op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper);
    case Protocol::kJson: {
      if (IsBlank(response.body)) return json::object();
      auto parsed = ParseJsonText(response.body);
      if (!parsed) return parsed;
      return internal::ConvertJsonStructure(*op.output, *parsed);
    }
    case Protocol::kRestJson:
    case Protocol::kRestXml:
      return ParseRest(model, op, response);
  }
  return json::object();
}

// "aws.protocoltests.restjson#FooError:http://internal.amazon.com/..." => "FooError".
std::string SanitizeErrorCode(std::string_view code) {
  if (size_t colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  if (size_t hash = code.rfind('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
  return std::string(strings::Trim(code));
}

void ParseJsonError(const ServiceModel& model, const HttpResponse& response, ParsedError& out) {
  json body = json::object();
  if (!IsBlank(response.body)) {
    auto parsed = ParseJsonText(response.body);
    if (parsed && parsed->is_object()) body = std::move(*parsed);
  }
  std::string code;
  if (const std::string* header = FindHeader(response.headers, "x-amzn-errortype")) {
    code = *header;
  }
  for (const char* key : {"__type", "code", "Code"}) {
    if (!code.empty()) break;
    if (auto it = body.find(key); it != body.end() && it->is_string())
      code = it->get<std::string>();
  }
  out.error.code = SanitizeErrorCode(code);
  for (const char* key : {"message", "Message", "errorMessage"}) {
    if (auto it = body.find(key); it != body.end() && it->is_string()) {
      out.error.message = it->get<std::string>();
      break;
    }
  }
  if (const Shape* shape = model.FindErrorShape(out.error.code)) {
    if (auto fields = internal::ConvertJsonStructure(*shape, body)) out.fields = std::move(*fields);
    if (model.protocol() == Protocol::kRestJson) {
      (void)ReadHttpMembers(*shape, response, out.fields);
    }
  }
}

void ParseXmlErrorInto(const ServiceModel& model, const HttpResponse& response, ParsedError& out) {
  internal::XmlErrorInfo info = internal::ParseXmlError(model, response.body);
  if (!info.parsed) return;
  out.error.code = info.code;
  out.error.message = info.message;
  if (out.error.request_id.empty()) out.error.request_id = info.request_id;
  out.fields = std::move(info.fields);
  if (model.protocol() == Protocol::kRestXml) {
    if (const Shape* shape = model.FindErrorShape(info.code)) {
      (void)ReadHttpMembers(*shape, response, out.fields);
    }
  }
}

}  // namespace

Result<json> ParseResponse(const ServiceModel& model, const Operation& operation,
                           const HttpResponse& response) {
  auto parsed = ParseOutput(model, operation, response);
  if (!parsed) {
    Error error = parsed.error();
    error.message = operation.name + ": " + error.message;
    error.details["service"] = model.metadata().signing_name;
    error.details["operation"] = operation.name;
    error.details["http_status"] = std::to_string(response.status);
    return Fail(std::move(error));
  }
  return parsed;
}

ParsedError ParseErrorDetails(const ServiceModel& model, const Operation& operation,
                              const HttpResponse& response) {
  ParsedError out;
  out.error.service = model.metadata().signing_name;
  out.error.operation = operation.name;
  out.error.http_status = response.status;
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (const std::string* id = FindHeader(response.headers, name)) {
      out.error.request_id = *id;
      break;
    }
  }
  switch (model.protocol()) {
    case Protocol::kJson:
    case Protocol::kRestJson:
      ParseJsonError(model, response, out);
      break;
    case Protocol::kEc2:
    case Protocol::kQuery:
    case Protocol::kRestXml:
      ParseXmlErrorInto(model, response, out);
      break;
  }
  if (out.error.code.empty() && out.error.message.empty()) {
    // An HTML page from a proxy, an empty HEAD answer, a truncated body: no AWS error
    // document, so the status is all there is.
    const std::string* type = FindHeader(response.headers, "Content-Type");
    out.error.message = "HTTP " + std::to_string(response.status) + " without an AWS error" +
                        (type ? " (Content-Type " + *type + ")" : std::string());
  }
  return out;
}

AwsError ParseErrorResponse(const ServiceModel& model, const Operation& operation,
                            const HttpResponse& response) {
  return ParseErrorDetails(model, operation, response).error;
}

}  // namespace raycloud::aws

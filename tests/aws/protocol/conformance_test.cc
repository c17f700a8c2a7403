// botocore's protocol conformance cases (../shared/testdata/botocore-protocols), every one
// of them: input cases serialise `params` and compare with `serialized`; output cases parse
// `response` and compare with `result` (or the error code, message and modeled fields).
// Each group carries its own shapes, so every case builds its own ServiceModel.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>

#include "aws/protocol/response_parser.h"
#include "aws/protocol/serializer.h"
#include "aws/protocol/wire_format.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

// Ordered: the cases' shapes list members in wire order and maps in the expected order.
using nlohmann::ordered_json;

const std::string kDataDir = RAYCLOUD_SHARED_DIR "/testdata/botocore-protocols";

ordered_json LoadJson(const std::string& path) {
  std::ifstream in(path);
  return ordered_json::parse(in, nullptr, false);
}

// Why a case is skipped, or "" to run it. Only features raycloud cannot need, and one
// deliberate divergence from these Smithy-generated cases.
std::string ProtocolSkipReason(const std::string& protocol, const ordered_json& test_case) {
  const ordered_json& given = test_case["given"];
  static const std::set<std::string> kPayloadRootByShape = {
      "RestXmlHttpPayloadWithUnion", "HttpPayloadWithXmlName", "HttpPayloadWithXmlNamespace",
      "HttpPayloadWithXmlNamespaceAndPrefix", "XmlAttributesOnPayload"};
  if (protocol == "rest-xml" && test_case.contains("params") &&
      kPayloadRootByShape.contains(test_case.value("id", ""))) {
    return "XML payload root named after the target shape; raycloud follows botocore and "
           "names it by the payload member's locationName, which S3's own model relies on "
           "(PutBucketLifecycleConfiguration sends <LifecycleConfiguration> for shape "
           "BucketLifecycleConfiguration)";
  }
  if (given.contains("requestcompression")) {
    return "request compression (gzip bodies): raycloud's operations never compress requests";
  }
  return "";
}

Result<std::shared_ptr<const ServiceModel>> CaseModel(const ordered_json& group,
                                                      const ordered_json& test_case) {
  ordered_json document;
  document["metadata"] = group["metadata"];
  document["shapes"] = group.value("shapes", ordered_json::object());
  document["operations"][test_case["given"]["name"].get<std::string>()] = test_case["given"];
  return ServiceModel::Create(document);
}

std::string Lower(std::string text) { return strings::Lower(text); }

// --- request comparison -------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> FormPairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& part : strings::Split(text, '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    pairs.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

// XML compared as trees: element names, attributes, text (whitespace-only text between
// elements ignored), children in order.
std::string CanonicalXml(pugi::xml_node node) {
  std::string out;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    return std::string(node.value());
  }
  out += "<" + std::string(node.name());
  std::vector<std::string> attributes;
  for (auto attribute : node.attributes()) {
    attributes.push_back(std::string(attribute.name()) + "=" + attribute.value());
  }
  std::sort(attributes.begin(), attributes.end());
  for (const auto& a : attributes) out += " " + a;
  out += ">";
  bool has_element = false;
  for (auto child : node.children()) has_element |= child.type() == pugi::node_element;
  for (auto child : node.children()) {
    if (has_element && child.type() == pugi::node_pcdata && strings::Trim(child.value()).empty()) {
      continue;
    }
    out += CanonicalXml(child);
  }
  return out + "</" + node.name() + ">";
}

std::optional<std::string> CanonicalXml(const std::string& text) {
  pugi::xml_document doc;
  if (!doc.load_string(text.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single)) {
    return std::nullopt;
  }
  return CanonicalXml(doc.document_element());
}

std::string CompareBody(const std::string& protocol, const std::string& actual,
                        const std::string& expected) {
  if (actual == expected) return "";
  if (protocol == "json" || protocol == "rest-json") {
    // Sorted JSON: key order carries no meaning in a body.
    auto a = nlohmann::json::parse(actual, nullptr, false);
    auto e = nlohmann::json::parse(expected, nullptr, false);
    if (!a.is_discarded() && !e.is_discarded() && a == e) return "";
  } else if (protocol == "rest-xml") {
    auto a = CanonicalXml(actual);
    auto e = CanonicalXml(expected);
    if (a && e && *a == *e) return "";
    if (a && e) return "body XML differs:\n  actual   " + *a + "\n  expected " + *e;
  } else if (FormPairs(actual) == FormPairs(expected)) {
    return "";
  }
  return "body differs:\n  actual   " + actual + "\n  expected " + expected;
}

std::string CompareRequest(const std::string& protocol, const ordered_json& group,
                           const SerializedRequest& request, const ordered_json& expected) {
  if (expected.contains("method") && request.method != expected["method"]) {
    return "method " + request.method;
  }
  // The client puts the endpoint's own path (https://example.com/custom) before ours.
  std::string endpoint = group.value("clientEndpoint", "https://example.com");
  std::string authority = endpoint.substr(endpoint.find("://") + 3);
  size_t slash = authority.find('/');
  std::string host = authority.substr(0, slash);
  std::string base_path = slash == std::string::npos ? "" : authority.substr(slash);
  if (base_path.ends_with('/')) base_path.pop_back();
  std::string target = base_path + request.Target();
  std::string uri = expected.value("uri", "");
  if (target != uri) {
    // Query parameter order carries no meaning for AWS.
    auto split = [](const std::string& text) {
      size_t q = text.find('?');
      return std::pair{text.substr(0, q), q == std::string::npos ? "" : text.substr(q + 1)};
    };
    auto [actual_path, actual_query] = split(target);
    auto [expected_path, expected_query] = split(uri);
    if (actual_path != expected_path || FormPairs(actual_query) != FormPairs(expected_query)) {
      return "uri " + target + " != " + uri;
    }
  }
  const ordered_json expected_headers = expected.value("headers", ordered_json::object());
  for (const auto& [name, value] : expected_headers.items()) {
    std::string actual = request.Header(name);
    bool present = false;
    for (const auto& header : request.headers) present |= Lower(header.first) == Lower(name);
    if (!present || actual != value.get<std::string>()) {
      return "header " + name + ": '" + actual + "' != '" + value.get<std::string>() + "'";
    }
  }
  for (const auto& name : expected.value("forbidHeaders", ordered_json::array())) {
    for (const auto& header : request.headers) {
      if (Lower(header.first) == Lower(name.get<std::string>()))
        return "forbidden header " + header.first;
    }
  }
  for (const auto& name : expected.value("requireHeaders", ordered_json::array())) {
    // Content-Length is the transport's job.
    if (Lower(name.get<std::string>()) == "content-length") continue;
    bool present = false;
    for (const auto& header : request.headers) {
      present |= Lower(header.first) == Lower(name.get<std::string>());
    }
    if (!present) return "missing required header " + name.get<std::string>();
  }
  // A case without "body" does not constrain it.
  if (expected.contains("body")) {
    if (std::string diff = CompareBody(protocol, request.body, expected["body"].get<std::string>());
        !diff.empty()) {
      return diff;
    }
  }
  if (expected.contains("host")) {
    if (request.host_prefix + host + base_path != expected["host"].get<std::string>()) {
      return "host " + request.host_prefix + host + base_path;
    }
  }
  return "";
}

// --- output comparison --------------------------------------------------------------

// Turns our output conventions into botocore's test conventions: timestamps as whole epoch
// seconds, blobs decoded (streaming payloads are raw already).
ordered_json Normalize(const ShapeRef& ref, const ordered_json& value) {
  if (value.is_null()) return value;
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure: {
      ordered_json out = ordered_json::object();
      for (const auto& [key, item] : value.items()) {
        const ShapeRef* member = shape.FindMember(key);
        out[key] = member ? Normalize(*member, item) : item;
      }
      return out;
    }
    case ShapeType::kList: {
      ordered_json out = ordered_json::array();
      for (const auto& item : value) out.push_back(Normalize(shape.member, item));
      return out;
    }
    case ShapeType::kMap: {
      ordered_json out = ordered_json::object();
      for (const auto& [key, item] : value.items()) out[key] = Normalize(shape.value, item);
      return out;
    }
    case ShapeType::kTimestamp: {
      auto epoch = ParseTimestamp(value.get<std::string>());
      if (!epoch) return value;
      if (*epoch == std::floor(*epoch)) return ordered_json(static_cast<int64_t>(*epoch));
      return ordered_json(*epoch);
    }
    case ShapeType::kBlob: {
      if (ref.streaming) return value;
      std::string decoded;
      return strings::Base64Decode(value.get<std::string>(), decoded) ? ordered_json(decoded)
                                                                      : value;
    }
    default:
      return value;
  }
}

ordered_json NormalizeStructure(const Shape* shape, const ordered_json& value) {
  if (!shape) return value;
  ShapeRef root;
  root.name = shape->name;
  root.shape = shape;
  return Normalize(root, value);
}

HttpResponse CaseResponse(const ordered_json& response) {
  HttpResponse out;
  out.status = response.value("status_code", 200);
  const ordered_json headers = response.value("headers", ordered_json::object());
  for (const auto& [name, value] : headers.items()) {
    out.headers.emplace_back(name, value.get<std::string>());
  }
  out.body = response.value("body", "");
  return out;
}

std::string CompareOutput(const ServiceModel& model, const Operation& op,
                          const ordered_json& test_case) {
  HttpResponse response = CaseResponse(test_case["response"]);
  if (test_case.contains("error")) {
    ParsedError parsed = ParseErrorDetails(model, op, response);
    if (parsed.error.code != test_case.value("errorCode", "")) {
      return "error code '" + parsed.error.code + "'";
    }
    if (test_case.contains("errorMessage") &&
        parsed.error.message != test_case["errorMessage"].get<std::string>()) {
      return "error message '" + parsed.error.message + "'";
    }
    nlohmann::json fields =
        NormalizeStructure(model.FindErrorShape(parsed.error.code), ordered_json(parsed.fields));
    if (fields != nlohmann::json(test_case["error"])) return "error fields " + fields.dump();
    return "";
  }
  auto parsed = ParseResponse(model, op, response);
  if (!parsed) return "parse failed: " + parsed.error().message;
  nlohmann::json actual = NormalizeStructure(op.output, ordered_json(*parsed));
  if (actual != nlohmann::json(test_case["result"])) {
    return "result\n  actual   " + actual.dump() + "\n  expected " + test_case["result"].dump();
  }
  return "";
}

// --- the runner ---------------------------------------------------------------------

struct ProtocolTally {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> skipped;
};

void RunFile(const std::string& kind, const std::string& protocol) {
  ordered_json groups = LoadJson(kDataDir + "/" + kind + "/" + protocol + ".json");
  ASSERT_TRUE(groups.is_array()) << "cannot read " << kind << "/" << protocol << ".json";
  ProtocolTally tally;
  for (const ordered_json& group : groups) {
    for (const ordered_json& test_case : group["cases"]) {
      std::string id = test_case.value("id", "?");
      if (std::string reason = ProtocolSkipReason(protocol, test_case); !reason.empty()) {
        tally.skipped.push_back(id + ": " + reason);
        continue;
      }
      auto model = CaseModel(group, test_case);
      std::string failure;
      if (!model) {
        failure = "model: " + model.error().message;
      } else {
        const Operation* op =
            (*model)->FindOperation(test_case["given"]["name"].get<std::string>());
        if (kind == "input") {
          SerializeOptions options;
          options.idempotency_token = [] { return "00000000-0000-4000-8000-000000000000"; };
          options.check_required = false;
          auto request = SerializeRequest(**model, *op, test_case["params"], options);
          failure = request ? CompareRequest(protocol, group, *request, test_case["serialized"])
                            : "serialize failed: " + request.error().message;
        } else {
          failure = CompareOutput(**model, *op, test_case);
        }
      }
      if (failure.empty()) {
        ++tally.passed;
      } else {
        ++tally.failed;
        ADD_FAILURE() << kind << "/" << protocol << " " << id << ": " << failure;
      }
    }
  }
  std::printf("[conformance] %s/%s: %d passed, %d failed, %zu skipped\n", kind.c_str(),
              protocol.c_str(), tally.passed, tally.failed, tally.skipped.size());
  for (const auto& skip : tally.skipped) std::printf("    skipped %s\n", skip.c_str());
  EXPECT_GT(tally.passed, 0);
}

class ConformanceTest : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(ConformanceTest, EveryCaseMatchesBotocore) { RunFile(GetParam().first, GetParam().second); }

INSTANTIATE_TEST_SUITE_P(
    Botocore, ConformanceTest,
    ::testing::Values(std::pair{"input", "ec2"}, std::pair{"input", "query"},
                      std::pair{"input", "json"}, std::pair{"input", "rest-json"},
                      std::pair{"input", "rest-xml"}, std::pair{"output", "ec2"},
                      std::pair{"output", "query"}, std::pair{"output", "json"},
                      std::pair{"output", "rest-json"}, std::pair{"output", "rest-xml"}),
    [](const auto& info) {
      std::string name = std::string(info.param.first) + "_" + info.param.second;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace raycloud::aws

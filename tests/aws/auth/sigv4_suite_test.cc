// Runs every case of AWS's SigV4 test suite (shared/testdata/aws-sigv4-suite), in header and
// presigned-query form, comparing each intermediate value with the suite's.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "auth_test_util.h"
#include "aws/auth/iso8601.h"
#include "aws/auth/sigv4_signer.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

using auth_testing::FakeClock;
using auth_testing::ReadFile;

const std::filesystem::path kSuiteDir =
    std::filesystem::path(RAYCLOUD_SHARED_DIR) / "testdata" / "aws-sigv4-suite";

// A request as the suite writes it: request line, headers (indented lines continue the one
// above), a blank line, the body.
struct SuiteRequest {
  std::string method;
  std::string target;  // path and query as on the request line
  HttpHeaders headers;
  std::string body;
};

SuiteRequest ParseSuiteRequest(const std::string& text) {
  SuiteRequest request;
  size_t pos = 0;
  auto next_line = [&](std::string& line) {
    if (pos > text.size()) return false;
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = end + 1;
    return true;
  };
  std::string line;
  next_line(line);
  size_t first_space = line.find(' ');
  size_t version = line.rfind(" HTTP/");
  request.method = line.substr(0, first_space);
  request.target = line.substr(first_space + 1, version - first_space - 1);
  while (next_line(line) && !line.empty()) {
    if ((line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      request.headers.back().second += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  if (pos < text.size()) request.body = text.substr(pos);
  return request;
}

// Headers compared by lower-case name, in any order (the suite's order is its own).
std::vector<std::pair<std::string, std::string>> SortedHeaders(const HttpHeaders& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : headers) out.emplace_back(strings::Lower(name), value);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Trimmed(const std::string& text) { return std::string(strings::Trim(text)); }

struct SuiteCase {
  std::string name;
  std::string form;  // "header" or "query"
};

class SigV4SuiteTest : public testing::TestWithParam<SuiteCase> {
 protected:
  std::string Expected(const std::string& file) {
    return ReadFile(kSuiteDir / GetParam().name / (GetParam().form + "-" + file));
  }
};

TEST_P(SigV4SuiteTest, MatchesSuite) {
  const std::filesystem::path dir = kSuiteDir / GetParam().name;
  auto context = nlohmann::json::parse(ReadFile(dir / "context.json"));
  auto now = ParseIso8601(context["timestamp"].get<std::string>());
  ASSERT_TRUE(now.has_value());
  FakeClock clock(*now);

  Credentials credentials;
  credentials.access_key_id = context["credentials"]["access_key_id"];
  credentials.secret_access_key = context["credentials"]["secret_access_key"];
  credentials.session_token = context["credentials"].value("token", "");

  SigningOptions options;
  options.region = context["region"];
  options.service = context["service"];
  options.normalize_path = context.value("normalize", true);
  options.add_content_sha256_header = context.value("sign_body", false);
  options.sign_session_token = !context.value("omit_session_token", false);
  options.presign_expires = std::chrono::seconds(context.value("expiration_in_seconds", 3600));

  SuiteRequest suite = ParseSuiteRequest(ReadFile(dir / "request.txt"));
  HttpRequest request;
  request.method = suite.method;
  request.url = "https://example.amazonaws.com" + suite.target;
  request.headers = suite.headers;
  request.body = suite.body;

  SigV4Signer signer(clock);
  auto trace = GetParam().form == "header" ? signer.Sign(request, credentials, options)
                                           : signer.Presign(request, credentials, options);
  ASSERT_TRUE(trace.has_value()) << trace.error().message;

  EXPECT_EQ(trace->canonical_request, Expected("canonical-request.txt"));
  EXPECT_EQ(trace->string_to_sign, Expected("string-to-sign.txt"));
  EXPECT_EQ(trace->signature, Trimmed(Expected("signature.txt")));

  SuiteRequest expected = ParseSuiteRequest(Expected("signed-request.txt"));
  const std::string prefix = "https://example.amazonaws.com";
  ASSERT_TRUE(request.url.starts_with(prefix));
  EXPECT_EQ(request.method, expected.method);
  EXPECT_EQ(request.url.substr(prefix.size()), expected.target);
  EXPECT_EQ(SortedHeaders(request.headers), SortedHeaders(expected.headers));
  EXPECT_EQ(request.body, expected.body);
}

std::vector<SuiteCase> AllCases() {
  std::vector<SuiteCase> cases;
  for (const auto& entry : std::filesystem::directory_iterator(kSuiteDir)) {
    if (!std::filesystem::exists(entry.path() / "context.json")) continue;
    for (const char* form : {"header", "query"}) {
      cases.push_back({entry.path().filename().string(), form});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const SuiteCase& a, const SuiteCase& b) {
    return a.name + a.form < b.name + b.form;
  });
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Suite, SigV4SuiteTest, testing::ValuesIn(AllCases()),
                         [](const testing::TestParamInfo<SuiteCase>& info) {
                           std::string name = info.param.name + "_" + info.param.form;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4SuiteCoverageTest, FindsAllThirtyEightCases) { EXPECT_EQ(AllCases().size(), 76u); }

}  // namespace
}  // namespace raycloud::aws

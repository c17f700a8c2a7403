#include "aws/auth/sigv4_signer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "auth_test_util.h"
#include "aws/auth/iso8601.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

using auth_testing::FakeClock;

// The example keys of the S3 SigV4 documentation.
Credentials DocCredentials() {
  Credentials credentials;
  credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  return credentials;
}

Clock::TimePoint At(const char* iso) { return *ParseIso8601(iso); }

// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "GET Object".
TEST(SigV4SignerTest, S3GetObjectMatchesAwsDocumentationExample) {
  FakeClock clock(At("2013-05-24T00:00:00Z"));
  SigV4Signer signer(clock);
  HttpRequest request;
  request.url = "https://examplebucket.s3.amazonaws.com/test.txt";
  request.headers = {{"Range", "bytes=0-9"}};
  auto trace = signer.Sign(request, DocCredentials(), SigningOptions::For("us-east-1", "s3"));
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(trace->canonical_request,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(trace->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(request.Header("Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
TEST(SigV4SignerTest, S3PresignedUrlMatchesAwsDocumentationExample) {
  FakeClock clock(At("2013-05-24T00:00:00Z"));
  SigV4Signer signer(clock);
  HttpRequest request;
  request.url = "https://examplebucket.s3.amazonaws.com/test.txt";
  SigningOptions options = SigningOptions::For("us-east-1", "s3");
  options.unsigned_payload = true;
  options.presign_expires = std::chrono::hours(24);
  auto trace = signer.Presign(request, DocCredentials(), options);
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(trace->signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(request.url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=86400"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_TRUE(request.headers.empty());
}

std::string CanonicalUriOf(const std::string& url, const SigningOptions& options) {
  FakeClock clock(auth_testing::TestEpoch());
  HttpRequest request;
  request.url = url;
  auto trace = SigV4Signer(clock).Sign(request, DocCredentials(), options);
  EXPECT_TRUE(trace.has_value());
  if (!trace) return "";
  // The second line of the canonical request.
  size_t start = trace->canonical_request.find('\n') + 1;
  return trace->canonical_request.substr(start, trace->canonical_request.find('\n', start) - start);
}

TEST(SigV4SignerTest, S3SignsThePathAsSent) {
  EXPECT_EQ(CanonicalUriOf("https://b.s3.amazonaws.com/my%20key//a/../b",
                           SigningOptions::For("us-east-1", "s3")),
            "/my%20key//a/../b");
}

TEST(SigV4SignerTest, OtherServicesNormaliseAndEncodeThePathAgain) {
  EXPECT_EQ(CanonicalUriOf("https://ec2.amazonaws.com/my%20key//a/../b",
                           SigningOptions::For("us-east-1", "ec2")),
            "/my%2520key/b");
  EXPECT_EQ(CanonicalUriOf("https://ec2.amazonaws.com", SigningOptions::For("us-east-1", "ec2")),
            "/");
}

TEST(SigV4SignerTest, HostKeepsANonDefaultPortAndDropsTheDefaultOne) {
  FakeClock clock(auth_testing::TestEpoch());
  SigV4Signer signer(clock);
  HttpRequest local;
  local.url = "http://127.0.0.1:5000/";
  auto trace = signer.Sign(local, DocCredentials(), SigningOptions::For("us-east-1", "ec2"));
  ASSERT_TRUE(trace.has_value());
  EXPECT_NE(trace->canonical_request.find("\nhost:127.0.0.1:5000\n"), std::string::npos);

  HttpRequest remote;
  remote.url = "https://EC2.us-east-1.amazonaws.com:443/?Action=DescribeVpcs";
  trace = signer.Sign(remote, DocCredentials(), SigningOptions::For("us-east-1", "ec2"));
  ASSERT_TRUE(trace.has_value());
  EXPECT_NE(trace->canonical_request.find("\nhost:ec2.us-east-1.amazonaws.com\n"),
            std::string::npos);
}

TEST(SigV4SignerTest, ResigningReplacesTheSignatureHeaders) {
  FakeClock clock(auth_testing::TestEpoch());
  SigV4Signer signer(clock);
  HttpRequest request;
  request.url = "https://sts.amazonaws.com/";
  Credentials credentials = DocCredentials();
  credentials.session_token = "token-1";
  ASSERT_TRUE(signer.Sign(request, credentials, SigningOptions::For("us-east-1", "sts")));
  std::string first = request.Header("Authorization");
  clock.Advance(std::chrono::seconds(5));  // a retry signs again with a new date
  ASSERT_TRUE(signer.Sign(request, credentials, SigningOptions::For("us-east-1", "sts")));
  EXPECT_NE(request.Header("Authorization"), first);
  for (const char* name : {"authorization", "x-amz-date", "x-amz-security-token"}) {
    EXPECT_EQ(std::count_if(request.headers.begin(), request.headers.end(),
                            [&](const auto& h) { return strings::Lower(h.first) == name; }),
              1)
        << name;
  }
  EXPECT_EQ(request.Header("X-Amz-Date"), "20240501T000005Z");

  // Re-signed with long-term keys: the old session token is neither signed nor sent.
  auto trace = signer.Sign(request, DocCredentials(), SigningOptions::For("us-east-1", "sts"));
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(request.Header("X-Amz-Security-Token"), "");
  EXPECT_EQ(trace->signed_headers, "host;x-amz-date");
}

TEST(SigV4SignerTest, LeavesTransportHeadersUnsigned) {
  FakeClock clock(auth_testing::TestEpoch());
  HttpRequest request;
  request.url = "https://ec2.amazonaws.com/";
  request.headers = {{"User-Agent", "raycloud/0.1"},
                     {"Expect", "100-continue"},
                     {"X-Amzn-Trace-Id", "Root=1"},
                     {"Content-Type", "application/x-www-form-urlencoded"},
                     {"X-Amz-Target", "Foo.Bar"}};
  auto trace =
      SigV4Signer(clock).Sign(request, DocCredentials(), SigningOptions::For("us-east-1", "ec2"));
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(trace->signed_headers, "content-type;host;x-amz-date;x-amz-target");
}

TEST(SigV4SignerTest, UnsignedPayloadSignsTheLiteral) {
  FakeClock clock(auth_testing::TestEpoch());
  HttpRequest request;
  request.method = "PUT";
  request.url = "https://b.s3.amazonaws.com/key";
  request.body = "data";
  SigningOptions options = SigningOptions::For("us-east-1", "s3");
  options.unsigned_payload = true;
  auto trace = SigV4Signer(clock).Sign(request, DocCredentials(), options);
  ASSERT_TRUE(trace.has_value());
  EXPECT_TRUE(trace->canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
  EXPECT_EQ(request.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
}

TEST(SigV4SignerTest, DerivedKeysAreCachedPerDay) {
  FakeClock clock(At("2024-05-01T10:00:00Z"));
  SigV4Signer signer(clock);
  auto sign = [&] {
    HttpRequest request;
    request.url = "https://ec2.amazonaws.com/";
    return signer.Sign(request, DocCredentials(), SigningOptions::For("us-east-1", "ec2"))
        ->signature;
  };
  std::string day_one = sign();
  clock.Advance(std::chrono::hours(24));
  std::string day_two = sign();
  EXPECT_NE(day_one, day_two);
  // A fresh signer (empty cache) agrees with the cached key for the same instant.
  HttpRequest request;
  request.url = "https://ec2.amazonaws.com/";
  EXPECT_EQ(SigV4Signer(clock)
                .Sign(request, DocCredentials(), SigningOptions::For("us-east-1", "ec2"))
                ->signature,
            day_two);
  EXPECT_EQ(sign(), day_two);
}

TEST(SigV4SignerTest, RejectsWhatItCannotSign) {
  FakeClock clock(auth_testing::TestEpoch());
  SigV4Signer signer(clock);
  HttpRequest request;
  request.url = "https://ec2.amazonaws.com/";
  Credentials empty;
  EXPECT_FALSE(signer.Sign(request, empty, SigningOptions::For("us-east-1", "ec2")));
  EXPECT_FALSE(signer.Sign(request, DocCredentials(), SigningOptions::For("", "ec2")));
  request.url = "ec2.amazonaws.com/";
  EXPECT_FALSE(signer.Sign(request, DocCredentials(), SigningOptions::For("us-east-1", "ec2")));
  request.url = "https://ec2.amazonaws.com/";
  SigningOptions options = SigningOptions::For("us-east-1", "s3");
  options.presign_expires = std::chrono::seconds(604801);
  EXPECT_FALSE(signer.Presign(request, DocCredentials(), options));
  options.presign_expires = std::chrono::seconds(604800);
  EXPECT_TRUE(signer.Presign(request, DocCredentials(), options));
}

TEST(SigV4SignerTest, TheSecretIsNeverInTheSignedRequest) {
  FakeClock clock(auth_testing::TestEpoch());
  HttpRequest request;
  request.url = "https://ec2.amazonaws.com/";
  Credentials credentials = DocCredentials();
  ASSERT_TRUE(
      SigV4Signer(clock).Sign(request, credentials, SigningOptions::For("us-east-1", "ec2")));
  for (const auto& [name, value] : request.headers) {
    EXPECT_EQ(value.find(credentials.secret_access_key), std::string::npos) << name;
  }
}

TEST(SigV4UriEncodeTest, EncodesAllButUnreserved) {
  EXPECT_EQ(strings::PercentEncode("a b/c~d+e=f", false), "a%20b%2Fc~d%2Be%3Df");
  EXPECT_EQ(strings::PercentEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(strings::PercentEncode("\xE1\x88\xB4", false), "%E1%88%B4");
}

}  // namespace
}  // namespace raycloud::aws

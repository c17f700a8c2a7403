#include "common/log.h"

#include <gtest/gtest.h>

namespace raycloud::log {
namespace {

TEST(RedactTest, RemovesAuthorizationHeaderAndSignatures) {
  std::string text =
      "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
      "aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf19\n"
      "GET /?X-Amz-Signature=abcdef0123&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE";
  std::string out = Redact(text);
  EXPECT_EQ(out.find("5fa00fa3"), std::string::npos);
  EXPECT_EQ(out.find("abcdef0123"), std::string::npos);
  EXPECT_EQ(out.find("FQoGZXIvYXdzEXAMPLE"), std::string::npos);
  EXPECT_EQ(out.find("AKIDEXAMPLE"), std::string::npos);
}

TEST(RedactTest, RemovesSecretFieldsInJsonXmlAndIni) {
  EXPECT_EQ(Redact(R"({"SecretAccessKey": "s3cr3t"})").find("s3cr3t"), std::string::npos);
  EXPECT_EQ(Redact("<SessionToken>tok123</SessionToken>").find("tok123"), std::string::npos);
  EXPECT_EQ(Redact("aws_secret_access_key = abc/def").find("abc/def"), std::string::npos);
  EXPECT_EQ(Redact("nothing secret here"), "nothing secret here");
}

}  // namespace
}  // namespace raycloud::log

#include "verify/report.h"

#include <gtest/gtest.h>

namespace raycloud::verify {
namespace {

using nlohmann::json;

Report Sample() {
  Report report{.cloud_name = "demo", .cloud_id = "cld_0123456789abcdefghijklmn"};
  report.findings = {
      {.id = "vpc.exists",
       .resource = "vpc-0a1",
       .status = CheckStatus::kPass,
       .message = "VPC vpc-0a1 exists"},
      {.id = "vpc.dns_hostnames",
       .resource = "vpc-0a1",
       .status = CheckStatus::kFail,
       .message = "DNS hostnames is disabled",
       .remediation = "aws ec2 modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-hostnames "
                      "'{\"Value\":true}'"},
      {.id = "security_groups.https_ingress",
       .resource = "sg-0c1",
       .status = CheckStatus::kWarn,
       .message = "TCP 443 is open to <everyone> & more",
       .remediation = "restrict it"},
      {.id = "efs.exists",
       .resource = std::nullopt,
       .status = CheckStatus::kSkip,
       .message = "EFS is not configured"},
  };
  return report;
}

TEST(ReportTest, PassedIsFalseOnAFailAndStrictAlsoOnAWarn) {
  Report report = Sample();
  EXPECT_FALSE(report.Passed());
  report.findings.erase(report.findings.begin() + 1);
  EXPECT_TRUE(report.Passed());
  EXPECT_FALSE(report.Passed(/*strict=*/true));
  Summary summary = report.Counts();
  EXPECT_EQ(summary.pass, 1);
  EXPECT_EQ(summary.warn, 1);
  EXPECT_EQ(summary.fail, 0);
  EXPECT_EQ(summary.skip, 1);
}

TEST(ReportTest, JsonHasTheContractShape) {
  json document = RenderJson(Sample(), false);
  json expected = json::parse(R"({
    "cloud": "demo", "cloud_id": "cld_0123456789abcdefghijklmn", "passed": false,
    "summary": {"pass": 1, "warn": 1, "fail": 1, "skip": 1},
    "checks": [
      {"id": "vpc.exists", "resource": "vpc-0a1", "status": "pass",
       "message": "VPC vpc-0a1 exists", "remediation": ""},
      {"id": "vpc.dns_hostnames", "resource": "vpc-0a1", "status": "fail",
       "message": "DNS hostnames is disabled",
       "remediation": "aws ec2 modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-hostnames '{\"Value\":true}'"},
      {"id": "security_groups.https_ingress", "resource": "sg-0c1", "status": "warn",
       "message": "TCP 443 is open to <everyone> & more", "remediation": "restrict it"},
      {"id": "efs.exists", "resource": null, "status": "skip",
       "message": "EFS is not configured", "remediation": ""}]})");
  EXPECT_EQ(document, expected);
}

TEST(ReportTest, StrictChangesOnlyTheVerdict) {
  Report report = Sample();
  report.findings.erase(report.findings.begin() + 1);
  json lenient = RenderJson(report, false);
  json strict = RenderJson(report, true);
  EXPECT_TRUE(lenient["passed"]);
  EXPECT_FALSE(strict["passed"]);
  EXPECT_EQ(lenient["checks"], strict["checks"]);
  EXPECT_EQ(strict["checks"][1]["status"], "warn");
}

TEST(ReportTest, JunitHasOneCasePerEntry) {
  std::string xml = RenderJunit(Sample(), false);
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"raycloud cloud verify\" tests=\"4\" failures=\"1\" errors=\"0\" "
            "skipped=\"1\">\n"
            "  <testsuite name=\"demo\" id=\"cld_0123456789abcdefghijklmn\" tests=\"4\" "
            "failures=\"1\" errors=\"0\" skipped=\"1\">\n"
            "    <testcase classname=\"vpc.exists\" name=\"vpc-0a1\"/>\n"
            "    <testcase classname=\"vpc.dns_hostnames\" name=\"vpc-0a1\">\n"
            "      <failure message=\"DNS hostnames is disabled\" type=\"fail\">aws ec2 "
            "modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-hostnames "
            "&apos;{&quot;Value&quot;:true}&apos;</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"security_groups.https_ingress\" name=\"sg-0c1\">\n"
            "      <system-out>warn: TCP 443 is open to &lt;everyone&gt; &amp; more&#10;fix: "
            "restrict it</system-out>\n"
            "    </testcase>\n"
            "    <testcase classname=\"efs.exists\" name=\"demo\">\n"
            "      <skipped message=\"EFS is not configured\"/>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(ReportTest, JunitStrictMakesAWarningAFailure) {
  std::string xml = RenderJunit(Sample(), true);
  EXPECT_NE(xml.find("failures=\"2\""), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"TCP 443 is open to &lt;everyone&gt; &amp; more\" "
                     "type=\"warn\">restrict it</failure>"),
            std::string::npos);
}

TEST(ReportTest, TextGroupsByAreaWithFixesAndASummary) {
  std::string text = RenderText(Sample());
  EXPECT_EQ(text,
            "Verifying cloud demo (cld_0123456789abcdefghijklmn)\n"
            "\nNetwork\n"
            "  PASS  vpc.exists [vpc-0a1]: VPC vpc-0a1 exists\n"
            "  FAIL  vpc.dns_hostnames [vpc-0a1]: DNS hostnames is disabled\n"
            "        fix: aws ec2 modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-hostnames "
            "'{\"Value\":true}'\n"
            "  WARN  security_groups.https_ingress [sg-0c1]: TCP 443 is open to <everyone> & more\n"
            "        fix: restrict it\n"
            "\nStorage\n"
            "  SKIP  efs.exists: EFS is not configured\n"
            "\n1 passed, 1 warning, 1 failed, 1 skipped: verification failed\n");
  EXPECT_EQ(text.find('\033'), std::string::npos);
  EXPECT_NE(RenderText(Sample(), {.color = true}).find("\033[31mFAIL\033[0m"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::verify

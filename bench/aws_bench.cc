// AWS client benchmarks: SigV4 signing, and parsing large EC2 responses (the files
// bench/peers/botocore/responses.py writes, so botocore parses the same bytes).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "aws/auth/sigv4_signer.h"
#include "aws/protocol/response_parser.h"
#include "aws/protocol/service_model.h"

namespace raycloud::aws {
namespace {

void BM_SignRequest(benchmark::State& state) {
  SigV4Signer signer(SystemClock::Instance());
  Credentials credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                          "session-token-example", std::nullopt, "environment"};
  auto options = SigningOptions::For("us-west-2", "ec2");
  for (auto _ : state) {
    HttpRequest request;
    request.method = "POST";
    request.url = "https://ec2.us-west-2.amazonaws.com/";
    request.body = "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3Araycloud-cloud-id";
    request.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    auto trace = signer.Sign(request, credentials, options);
    benchmark::DoNotOptimize(trace);
  }
}
BENCHMARK(BM_SignRequest);

void ParseFile(benchmark::State& state, const char* operation) {
  const char* dir = std::getenv("RAYCLOUD_BENCH_DATA");
  if (dir == nullptr) {
    state.SkipWithError("RAYCLOUD_BENCH_DATA is not set (bench/suites/aws sets it)");
    return;
  }
  std::ifstream file(std::string(dir) + "/" + operation + ".xml");
  std::stringstream body;
  body << file.rdbuf();
  HttpResponse response{200, {}, body.str()};
  auto model = ServiceModel::Embedded("ec2");
  const Operation* op = (*model)->FindOperation(operation);
  for (auto _ : state) {
    auto parsed = ParseResponse(**model, *op, response);
    if (!parsed) state.SkipWithError(parsed.error().message.c_str());
    benchmark::DoNotOptimize(parsed);
  }
}

void BM_ParseDescribeSecurityGroups(benchmark::State& state) {
  ParseFile(state, "DescribeSecurityGroups");
}
BENCHMARK(BM_ParseDescribeSecurityGroups)->Unit(benchmark::kMillisecond);

void BM_ParseDescribeSubnets(benchmark::State& state) { ParseFile(state, "DescribeSubnets"); }
BENCHMARK(BM_ParseDescribeSubnets)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace raycloud::aws

#include "aws/client/aws_client.h"

#include <atomic>

#include "aws/client/jmespath.h"
#include "aws/client/waiter.h"
#include "aws/endpoint/endpoint_config.h"
#include "aws/endpoint/endpoint_resolver.h"
#include "aws/http/curl_http_transport.h"
#include "aws/protocol/response_parser.h"
#include "aws/protocol/serializer.h"
#include "aws/protocol/service_model.h"
#include "aws/retry/retry_strategy.h"
#include "common/log.h"
#include "common/strings.h"

namespace raycloud::aws {

using json = nlohmann::json;

// A serialised request with its endpoint's signing scope, ready to sign on each attempt.
struct PreparedRequest {
  HttpRequest http;
  std::string signing_region;
  std::string signing_name;
};

struct AwsClient::Impl {
  ClientConfig config;
  SigV4Signer signer;
  std::unique_ptr<RetryStrategy> retry;
  std::atomic<uint64_t> requests_sent{0};
  std::shared_ptr<spdlog::logger> logger = log::Get("aws");

  explicit Impl(ClientConfig c) : config(std::move(c)), signer(*config.clock) {}

  Result<PreparedRequest> BuildRequest(const ServiceModel& model, std::string_view service,
                                       const SerializedRequest& serialized, const json& params,
                                       const std::string& region);
  Result<json> Attempt(const ServiceModel& model, const Operation& op, std::string_view service,
                       const PreparedRequest& prepared, bool sign, AwsError& aws_error);
};

namespace {

std::string ServiceIdOf(const ServiceModel& model, std::string_view service) {
  return model.metadata().service_id.empty() ? std::string(service) : model.metadata().service_id;
}

// Paths are percent-encoded by the serialiser; an S3 bucket label is the first segment.
std::string StripBucketFromPath(const std::string& path, const std::string& bucket) {
  std::string prefix = "/" + strings::PercentEncode(bucket);
  if (path == prefix) return "/";
  if (path.starts_with(prefix + "/")) return path.substr(prefix.size());
  return path;
}

std::string JoinUrl(const std::string& base, const std::string& path_and_query) {
  if (base.ends_with('/') && path_and_query.starts_with('/'))
    return base + path_and_query.substr(1);
  return base + path_and_query;
}

}  // namespace

Result<PreparedRequest> AwsClient::Impl::BuildRequest(const ServiceModel& model,
                                                      std::string_view service,
                                                      const SerializedRequest& serialized,
                                                      const json& params,
                                                      const std::string& region) {
  auto endpoint_params = ClientEndpointParams(service, region, config.endpoint_url, config.env);
  if (!endpoint_params) return Fail(endpoint_params.error());
  if (!endpoint_params->endpoint && config.profile_endpoint) {
    endpoint_params->endpoint = config.profile_endpoint(ServiceIdOf(model, service));
  }
  std::string bucket;
  if (service == "s3" && params.contains("Bucket") && params["Bucket"].is_string()) {
    bucket = params["Bucket"].get<std::string>();
    endpoint_params->bucket = bucket;
    // Custom endpoints (the emulator, S3-compatible stores) only understand path style.
    endpoint_params->force_path_style = endpoint_params->endpoint.has_value();
  }
  auto endpoint = ResolveEndpoint(service, *endpoint_params);
  if (!endpoint) return Fail(endpoint.error());

  HttpRequest request;
  request.method = serialized.method;
  std::string path =
      bucket.empty() ? serialized.path : StripBucketFromPath(serialized.path, bucket);
  std::string target = path;
  if (std::string query = serialized.QueryString(); !query.empty()) target += "?" + query;
  std::string url = endpoint->url;
  if (!serialized.host_prefix.empty()) {
    size_t host_start = url.find("://") + 3;
    url.insert(host_start, serialized.host_prefix);
  }
  request.url = JoinUrl(url, target);
  request.headers = serialized.headers;
  request.body = serialized.body;
  request.timeout = config.request_timeout;
  request.SetHeader("User-Agent", "raycloud/0.1");
  return PreparedRequest{std::move(request), endpoint->signing_region, endpoint->signing_name};
}

Result<json> AwsClient::Impl::Attempt(const ServiceModel& model, const Operation& op,
                                      std::string_view service, const PreparedRequest& prepared,
                                      bool sign, AwsError& aws_error) {
  HttpRequest request = prepared.http;
  if (sign) {
    auto credentials = config.credentials->Resolve();
    if (!credentials) return Fail(credentials.error());
    auto signed_ok = signer.Sign(
        request, *credentials, SigningOptions::For(prepared.signing_region, prepared.signing_name));
    if (!signed_ok) return Fail(signed_ok.error());
  }
  ++requests_sent;
  auto response = config.transport->Send(request);
  if (!response) {
    // A reset or timeout names no AWS code: say which call it was, as AWS errors do.
    Error error = response.error();
    error.message = std::string(service) + " " + op.name + " failed: " + error.message;
    error.details.emplace("service", std::string(service));
    error.details.emplace("operation", op.name);
    return Fail(std::move(error));
  }
  if (response->status >= 200 && response->status < 300) {
    return ParseResponse(model, op, *response);
  }
  aws_error = ParseErrorResponse(model, op, *response);
  aws_error.service = std::string(service);
  aws_error.operation = op.name;
  return Fail(ToError(aws_error));
}

AwsClient::AwsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AwsClient::~AwsClient() = default;

Result<std::unique_ptr<AwsClient>> AwsClient::Create(ClientConfig config) {
  if (config.region.empty()) {
    return Fail(Error::Invalid(
        "no AWS region: pass --region, set AWS_REGION, or set region in your AWS profile"));
  }
  if (!config.credentials) return Fail(Error::Internal("AwsClient needs a credentials provider"));
  if (!config.env) config.env = [](std::string_view) { return std::optional<std::string>(); };
  if (!config.transport) config.transport = std::make_shared<CurlHttpTransport>();
  if (!config.random) config.random = std::make_shared<MtRandom>();
  auto impl = std::make_unique<Impl>(std::move(config));
  impl->retry = MakeRetryStrategy(impl->config.retry, *impl->config.clock, *impl->config.random);
  return std::unique_ptr<AwsClient>(new AwsClient(std::move(impl)));
}

Result<json> AwsClient::Call(std::string_view service, std::string_view operation,
                             const json& params, const CallOptions& options) {
  auto model = ServiceModel::Embedded(service);
  if (!model) return Fail(model.error());
  const Operation* op = (*model)->FindOperation(operation);
  if (op == nullptr) {
    return Fail(Error::Internal("raycloud embeds no model for " + std::string(service) + ":" +
                                std::string(operation)));
  }
  // Serialised once, so an idempotency token is the same on every retry of this call.
  auto serialized = SerializeRequest(**model, *op, params);
  if (!serialized) return Fail(serialized.error());
  auto request =
      impl_->BuildRequest(**model, service, *serialized, params,
                          options.region.empty() ? impl_->config.region : options.region);
  if (!request) return Fail(request.error());

  for (int attempt = 1;; ++attempt) {
    if (auto token = impl_->retry->AcquireSendToken(); !token) return Fail(token.error());
    AwsError aws_error;
    auto result =
        impl_->Attempt(**model, *op, service, *request, !options.unsigned_request, aws_error);
    if (result) {
      impl_->retry->OnSuccess();
      return result;
    }
    Error error = result.error();
    bool extra_retry_code =
        !aws_error.code.empty() && std::find(options.retry_codes.begin(), options.retry_codes.end(),
                                             aws_error.code) != options.retry_codes.end();
    if (extra_retry_code) error.error_class = ErrorClass::kRetryable;
    if (error.kind == ErrorKind::kInvalidArgument) return Fail(error);
    auto delay = impl_->retry->ShouldRetry(attempt, error, aws_error, options.max_attempts);
    if (!delay) return Fail(error);
    impl_->logger->debug("retry service={} operation={} attempt={} code={} delay_ms={}", service,
                         operation, attempt, error.details["aws_code"], delay->count());
    impl_->config.clock->SleepFor(*delay);
  }
}

Result<json> AwsClient::CallAll(std::string_view service, std::string_view operation,
                                const json& params, const CallOptions& options) {
  auto model = ServiceModel::Embedded(service);
  if (!model) return Fail(model.error());
  const Paginator* paginator = (*model)->FindPaginator(operation);
  auto first = Call(service, operation, params, options);
  if (!first || paginator == nullptr) return first;
  json merged = *first;
  json page = *first;
  json request = params;
  for (int pages = 1; pages < 10000; ++pages) {
    bool more = false;
    for (size_t i = 0; i < paginator->output_tokens.size(); ++i) {
      auto token = EvaluateJmesPath(paginator->output_tokens[i], page);
      if (token && !token->is_null() &&
          !(token->is_string() && token->get<std::string>().empty())) {
        request[paginator->input_tokens[i]] = *token;
        more = true;
      } else {
        request.erase(paginator->input_tokens[i]);
      }
    }
    if (!paginator->more_results.empty()) {
      auto flag = EvaluateJmesPath(paginator->more_results, page);
      more = more && flag && flag->is_boolean() && flag->get<bool>();
    }
    if (!more) break;
    auto next = Call(service, operation, request, options);
    if (!next) return next;
    page = *next;
    for (const auto& key : paginator->result_keys) {
      auto items = EvaluateJmesPath(key, page);
      if (items && items->is_array() && key.find('.') == std::string::npos) {
        for (const auto& item : *items) merged[key].push_back(item);
      }
    }
  }
  for (const auto& token : paginator->output_tokens) merged.erase(token);
  return merged;
}

Status AwsClient::Wait(std::string_view service, std::string_view waiter_name, const json& params,
                       std::chrono::milliseconds timeout, std::chrono::milliseconds max_delay) {
  auto model = ServiceModel::Embedded(service);
  if (!model) return Fail(model.error());
  const Waiter* waiter = (*model)->FindWaiter(waiter_name);
  if (waiter == nullptr) {
    return Fail(Error::Internal("raycloud embeds no waiter " + std::string(waiter_name)));
  }
  return RunWaiter(
      *waiter, [&] { return Call(service, waiter->operation, params); }, *impl_->config.clock,
      timeout, max_delay);
}

const std::string& AwsClient::region() const { return impl_->config.region; }

Result<Credentials> AwsClient::ResolveCredentials() { return impl_->config.credentials->Resolve(); }

uint64_t AwsClient::requests_sent() const { return impl_->requests_sent.load(); }

}  // namespace raycloud::aws

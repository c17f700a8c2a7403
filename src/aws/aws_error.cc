#include "aws/aws_error.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string_view>

#include "common/log.h"

namespace raycloud::aws {
namespace {

// Throttling codes across the query, ec2, json and rest protocols (the SDKs' shared list).
constexpr std::string_view kThrottlingCodes[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "TooManyRequests",  // EFS, HTTP 429
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",  // EC2
    "BandwidthLimitExceeded",
    "LimitExceededException",  // throttling except in kQuotaLimitExceededServices
    "RequestThrottled",
    "SlowDown",  // S3
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

// Services whose `LimitExceededException` reports an account quota (CloudFormation stacks,
// ACM certificates), which waiting will not lift.
constexpr std::string_view kQuotaLimitExceededServices[] = {"cloudformation", "acm"};

// Transient failures on AWS's side; the same request may succeed later.
constexpr std::string_view kTransientCodes[] = {
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalFailure",
    "InternalServerError",
    "InternalServerException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "IDPCommunicationError",  // STS web identity: the IdP did not answer
    // IAM/CloudTrail: another writer changed the object; the documented remedy is to retry.
    "ConcurrentModification",
    "ConcurrentModificationException",
    "Unavailable",
};

constexpr std::string_view kNotFoundCodes[] = {
    "NoSuchEntity",         "NoSuchBucket", "NoSuchKey",         "FileSystemNotFound",
    "ClusterNotFoundFault", "NotFound",     "NotFoundException",
};

constexpr std::string_view kConflictCodes[] = {
    "DependencyViolation",  // EC2: something still uses the resource
    "EntityAlreadyExists", "BucketAlreadyOwnedByYou", "BucketNotEmpty",
    "IncorrectState",      "IncorrectInstanceState",  "DeleteConflict",
    "OperationAborted",  // S3: a conflicting operation on the bucket is in progress
};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view value) {
  return std::ranges::find(list, value) != std::end(list);
}

bool IsTransientStatus(int status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

bool IsNotFoundCode(const AwsError& error) {
  const std::string_view code = error.code;
  if (Contains(kNotFoundCodes, code)) return true;
  // `InvalidVpcID.NotFound`, `LoadBalancerNotFound`, `NoSuchBucketPolicy`,
  // `ServerSideEncryptionConfigurationNotFoundError`, `NoSuchResourceException`...
  if (code.find("NotFound") != std::string_view::npos) return true;
  if (code.starts_with("NoSuch")) return true;
  // CloudFormation answers a missing stack with a generic ValidationError.
  if (error.service == "cloudformation" && code == "ValidationError" &&
      error.message.find("does not exist") != std::string::npos) {
    return true;
  }
  return false;
}

// Something still uses the resource or it is busy in a transition (a delete waits these out):
// `ResourceInUse`, `SubnetGroupInUseFault`, `FileSystemInUse`, EFS
// `IncorrectFileSystemLifeCycleState`, MemoryDB `InvalidClusterStateFault`.
bool IsInUseCode(std::string_view code) {
  if (code == "DependencyViolation" || code == "DeleteConflict") return true;
  if (code.find("InUse") != std::string_view::npos) return true;
  if (code.starts_with("Incorrect") && code.find("State") != std::string_view::npos) return true;
  return code.starts_with("Invalid") && code.ends_with("StateFault");
}

bool IsConflictCode(std::string_view code) {
  if (Contains(kConflictCodes, code) || IsInUseCode(code)) return true;
  // `AlreadyExistsException`, `ClusterAlreadyExistsFault`, `RouteAlreadyExists`...
  if (code.find("AlreadyExists") != std::string_view::npos) return true;
  // `ConflictException`, `MountTargetConflict`, `ResourceConflictException`.
  if (code.find("Conflict") != std::string_view::npos) return true;
  // EC2 `InvalidPermission.Duplicate`, `InvalidGroup.Duplicate`; ELBv2 `DuplicateTargetGroupName`.
  if (code.ends_with(".Duplicate") || code.starts_with("Duplicate")) return true;
  return false;
}

std::string DescribeCode(const AwsError& error) {
  if (!error.code.empty()) return error.code;
  return "HTTP " + std::to_string(error.http_status);
}

}  // namespace

bool IsThrottlingError(const AwsError& error) {
  if (error.http_status == 429) return true;
  // S3 answers a HEAD it throttles with a bare 503: SlowDown, without a body to say so.
  if (error.service == "s3" && error.http_status == 503 && error.code.empty()) return true;
  if (!Contains(kThrottlingCodes, error.code)) return false;
  if (error.code == "LimitExceededException" &&
      Contains(kQuotaLimitExceededServices, error.service)) {
    return false;
  }
  return true;
}

bool IsInUseError(const Error& error) {
  if (error.kind != ErrorKind::kAws) return false;
  auto it = error.details.find("aws_code");
  if (it == error.details.end()) return false;
  return IsInUseCode(it->second);
}

bool IsThrottlingError(const Error& error) {
  if (error.kind != ErrorKind::kAws) return false;
  auto detail = [&](const char* key) -> std::string {
    auto it = error.details.find(key);
    return it == error.details.end() ? std::string() : it->second;
  };
  AwsError aws;
  aws.service = detail("service");
  aws.code = detail("aws_code");
  aws.http_status = std::atoi(detail("http_status").c_str());
  return IsThrottlingError(aws);
}

ErrorClass ClassifyAwsError(const AwsError& error) {
  if (IsThrottlingError(error)) return ErrorClass::kRetryable;
  if (Contains(kTransientCodes, error.code)) return ErrorClass::kRetryable;
  if (IsTransientStatus(error.http_status)) return ErrorClass::kRetryable;
  if (error.code.empty()) {
    // HEAD requests and some REST errors carry no body, so only the status speaks.
    if (error.http_status == 404) return ErrorClass::kNotFound;
    if (error.http_status == 409) return ErrorClass::kConflict;
    return ErrorClass::kTerminal;
  }
  if (IsNotFoundCode(error)) return ErrorClass::kNotFound;
  if (IsConflictCode(error.code)) return ErrorClass::kConflict;
  // Validation, access denied, quotas (`LimitExceeded`, `VpcLimitExceeded`...), bad tokens.
  return ErrorClass::kTerminal;
}

Error ToError(const AwsError& error) {
  std::string message = error.service + " " + error.operation + " failed: " + DescribeCode(error);
  if (!error.message.empty()) message += ": " + error.message;
  Error out;
  out.kind = ErrorKind::kAws;
  out.error_class = ClassifyAwsError(error);
  // AWS messages can echo request content; never let a credential through.
  out.message = log::Redact(message);
  out.details = {
      {"service", error.service},       {"operation", error.operation},
      {"aws_code", error.code},         {"http_status", std::to_string(error.http_status)},
      {"request_id", error.request_id},
  };
  return out;
}

}  // namespace raycloud::aws

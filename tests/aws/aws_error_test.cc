#include "aws/aws_error.h"

#include <gtest/gtest.h>

#include <string>

namespace raycloud::aws {
namespace {

struct ClassCase {
  const char* service;
  const char* code;
  int status;
  ErrorClass expected;
  bool throttling;
  const char* message = "";
};

constexpr auto kRetry = ErrorClass::kRetryable;
constexpr auto kTerm = ErrorClass::kTerminal;
constexpr auto kGone = ErrorClass::kNotFound;
constexpr auto kConf = ErrorClass::kConflict;

const ClassCase kCases[] = {
    // Throttling, every protocol.
    {"iam", "Throttling", 400, kRetry, true},
    {"ecs", "ThrottlingException", 400, kRetry, true},
    {"x", "ThrottledException", 400, kRetry, true},
    {"x", "RequestThrottledException", 400, kRetry, true},
    {"servicequotas", "TooManyRequestsException", 400, kRetry, true},
    {"elasticfilesystem", "TooManyRequests", 429, kRetry, true},
    {"dynamodb", "ProvisionedThroughputExceededException", 400, kRetry, true},
    {"x", "TransactionInProgressException", 400, kRetry, true},
    {"ec2", "RequestLimitExceeded", 503, kRetry, true},
    {"x", "BandwidthLimitExceeded", 400, kRetry, true},
    {"kinesis", "LimitExceededException", 400, kRetry, true},
    {"x", "RequestThrottled", 400, kRetry, true},
    {"s3", "SlowDown", 503, kRetry, true},
    {"s3", "", 503, kRetry, true},  // a HEAD throttled: SlowDown without a body
    {"ec2", "", 503, kRetry, false},
    {"route53", "PriorRequestNotComplete", 400, kRetry, true},
    {"ec2", "EC2ThrottledException", 400, kRetry, true},
    {"x", "", 429, kRetry, true},
    // LimitExceeded that means a quota: waiting does not help.
    {"iam", "LimitExceeded", 409, kTerm, false},
    {"cloudformation", "LimitExceededException", 400, kTerm, false},
    {"acm", "LimitExceededException", 400, kTerm, false},
    {"ec2", "VpcLimitExceeded", 400, kTerm, false},
    {"ec2", "AddressLimitExceeded", 400, kTerm, false},
    {"elasticfilesystem", "FileSystemLimitExceeded", 403, kTerm, false},
    {"memorydb", "ClusterQuotaForCustomerExceededFault", 400, kTerm, false},
    {"elasticloadbalancing", "TooManyLoadBalancers", 400, kTerm, false},
    // Transient codes and statuses.
    {"s3", "RequestTimeout", 400, kRetry, false},
    {"x", "RequestTimeoutException", 408, kRetry, false},
    {"s3", "InternalError", 500, kRetry, false},
    {"sts", "InternalFailure", 500, kRetry, false},
    {"ec2", "ServiceUnavailable", 503, kRetry, false},
    {"x", "InternalServerError", 500, kRetry, false},
    {"sts", "IDPCommunicationError", 400, kRetry, false},
    {"iam", "ConcurrentModification", 409, kRetry, false},
    {"x", "", 500, kRetry, false},
    {"x", "", 502, kRetry, false},
    {"x", "", 503, kRetry, false},
    {"x", "", 504, kRetry, false},
    {"x", "SomethingOdd", 502, kRetry, false},
    {"elasticfilesystem", "DependencyTimeout", 504, kRetry, false},
    // Not found.
    {"iam", "NoSuchEntity", 404, kGone, false},
    {"s3", "NoSuchBucket", 404, kGone, false},
    {"s3", "NoSuchBucketPolicy", 404, kGone, false},
    {"s3", "NoSuchLifecycleConfiguration", 404, kGone, false},
    {"s3", "ServerSideEncryptionConfigurationNotFoundError", 404, kGone, false},
    {"ec2", "InvalidVpcID.NotFound", 400, kGone, false},
    {"ec2", "InvalidGroup.NotFound", 400, kGone, false},
    {"ec2", "InvalidSubnetID.NotFound", 400, kGone, false},
    {"ec2", "InvalidAllocationID.NotFound", 400, kGone, false},
    {"elasticfilesystem", "FileSystemNotFound", 404, kGone, false},
    {"elasticfilesystem", "MountTargetNotFound", 404, kGone, false},
    {"memorydb", "ClusterNotFoundFault", 400, kGone, false},
    {"elasticloadbalancing", "LoadBalancerNotFound", 400, kGone, false},
    {"servicequotas", "NoSuchResourceException", 400, kGone, false},
    {"budgets", "NotFoundException", 400, kGone, false},
    {"acm", "ResourceNotFoundException", 400, kGone, false},
    {"s3", "", 404, kGone, false},
    {"cloudformation", "ValidationError", 400, kGone, false, "Stack with id x does not exist"},
    // Conflict.
    {"ec2", "DependencyViolation", 400, kConf, false},
    {"iam", "EntityAlreadyExists", 409, kConf, false},
    {"iam", "DeleteConflict", 409, kConf, false},
    {"s3", "BucketAlreadyOwnedByYou", 409, kConf, false},
    {"s3", "BucketAlreadyExists", 409, kConf, false},
    {"s3", "BucketNotEmpty", 409, kConf, false},
    {"ec2", "IncorrectState", 400, kConf, false},
    {"ec2", "InvalidPermission.Duplicate", 400, kConf, false},
    {"ec2", "InvalidGroup.Duplicate", 400, kConf, false},
    {"ec2", "RouteAlreadyExists", 400, kConf, false},
    {"elasticloadbalancing", "ResourceInUse", 400, kConf, false},
    {"acm", "ResourceInUseException", 400, kConf, false},
    {"memorydb", "SubnetGroupInUseFault", 400, kConf, false},
    {"memorydb", "ClusterAlreadyExistsFault", 400, kConf, false},
    {"memorydb", "InvalidClusterStateFault", 400, kConf, false},
    {"elasticfilesystem", "FileSystemInUse", 409, kConf, false},
    {"elasticfilesystem", "MountTargetConflict", 409, kConf, false},
    {"elasticfilesystem", "IncorrectFileSystemLifeCycleState", 409, kConf, false},
    {"acm", "ConflictException", 409, kConf, false},
    {"cloudformation", "AlreadyExistsException", 400, kConf, false},
    {"elasticloadbalancing", "DuplicateTargetGroupName", 400, kConf, false},
    {"x", "", 409, kConf, false},
    // Terminal.
    {"ec2", "InvalidParameterValue", 400, kTerm, false},
    {"cloudformation", "ValidationError", 400, kTerm, false, "Template format error"},
    {"iam", "MalformedPolicyDocument", 400, kTerm, false},
    {"ec2", "UnauthorizedOperation", 403, kTerm, false},
    {"s3", "AccessDenied", 403, kTerm, false},
    {"sts", "AccessDeniedException", 400, kTerm, false},
    {"sts", "ExpiredToken", 400, kTerm, false},
    {"sts", "RegionDisabledException", 403, kTerm, false},
    {"servicequotas", "QuotaExceededException", 400, kTerm, false},
    {"x", "", 403, kTerm, false},
    {"x", "", 400, kTerm, false},
};

class ClassifyAwsErrorTest : public testing::TestWithParam<ClassCase> {};

TEST_P(ClassifyAwsErrorTest, ClassifiesCode) {
  const ClassCase& c = GetParam();
  AwsError error{c.service, "Op", c.status, c.code, c.message, "req-1"};
  EXPECT_EQ(ClassifyAwsError(error), c.expected) << c.service << " " << c.code << " " << c.status;
  EXPECT_EQ(IsThrottlingError(error), c.throttling) << c.service << " " << c.code;
  // The common Error carries enough to answer the throttling question again.
  EXPECT_EQ(IsThrottlingError(ToError(error)), c.throttling) << c.code;
  EXPECT_EQ(ToError(error).error_class, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Table, ClassifyAwsErrorTest, testing::ValuesIn(kCases));

TEST(AwsErrorToErrorTest, CarriesDetailsAndNamesOperationAndCode) {
  AwsError aws{"ec2",
               "DeleteVpc",
               400,
               "DependencyViolation",
               "The vpc 'vpc-1' has dependencies and cannot be deleted.",
               "abc-123"};
  Error error = ToError(aws);
  EXPECT_EQ(error.kind, ErrorKind::kAws);
  EXPECT_EQ(error.error_class, ErrorClass::kConflict);
  EXPECT_NE(error.message.find("DeleteVpc"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("DependencyViolation"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("has dependencies"), std::string::npos) << error.message;
  EXPECT_EQ(error.details.at("service"), "ec2");
  EXPECT_EQ(error.details.at("operation"), "DeleteVpc");
  EXPECT_EQ(error.details.at("aws_code"), "DependencyViolation");
  EXPECT_EQ(error.details.at("http_status"), "400");
  EXPECT_EQ(error.details.at("request_id"), "abc-123");
}

TEST(AwsErrorToErrorTest, NamesStatusWhenBodyHadNoCode) {
  Error error = ToError(AwsError{"s3", "HeadBucket", 404, "", "", "r"});
  EXPECT_EQ(error.error_class, ErrorClass::kNotFound);
  EXPECT_NE(error.message.find("HeadBucket"), std::string::npos);
  EXPECT_NE(error.message.find("HTTP 404"), std::string::npos) << error.message;
}

TEST(AwsErrorToErrorTest, RedactsCredentialsEchoedInMessage) {
  Error error = ToError(AwsError{"sts", "AssumeRole", 400, "InvalidClientTokenId",
                                 "bad X-Amz-Security-Token=FQoGZXIvYXdzEJr1234secret", "r"});
  EXPECT_EQ(error.message.find("FQoGZXIvYXdzEJr1234secret"), std::string::npos) << error.message;
}

TEST(AwsErrorToErrorTest, NonAwsErrorIsNeverThrottling) {
  Error io = Error::Io("connection reset", ErrorClass::kRetryable);
  io.details["aws_code"] = "Throttling";
  EXPECT_FALSE(IsThrottlingError(io));
}

// A delete refused because something still uses the resource is waited out, in every
// service's words; other conflicts (already exists, bucket not empty) are not.
TEST(AwsErrorInUseTest, NamesEveryServicesStillInUseAnswer) {
  auto in_use = [](std::string service, std::string code) {
    return IsInUseError(ToError(AwsError{service, "Delete", 400, code, "m", "r"}));
  };
  EXPECT_TRUE(in_use("ec2", "DependencyViolation"));
  EXPECT_TRUE(in_use("ec2", "InvalidGroup.InUse"));
  EXPECT_TRUE(in_use("iam", "DeleteConflict"));
  EXPECT_TRUE(in_use("elasticfilesystem", "FileSystemInUse"));
  EXPECT_TRUE(in_use("memorydb", "SubnetGroupInUseFault"));
  EXPECT_TRUE(in_use("memorydb", "InvalidClusterStateFault"));
  EXPECT_TRUE(in_use("elasticfilesystem", "IncorrectFileSystemLifeCycleState"));
  EXPECT_FALSE(in_use("iam", "EntityAlreadyExists"));
  EXPECT_FALSE(in_use("s3", "BucketNotEmpty"));
  EXPECT_FALSE(in_use("ec2", "InvalidVpcID.NotFound"));
  Error io = Error::Io("reset", ErrorClass::kRetryable);
  io.details["aws_code"] = "DependencyViolation";
  EXPECT_FALSE(IsInUseError(io));
}

}  // namespace
}  // namespace raycloud::aws

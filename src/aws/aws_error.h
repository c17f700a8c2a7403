#pragma once

#include <string>

#include "common/error.h"

namespace raycloud::aws {

/// An error answered by AWS, parsed from the protocol's error format (never raw XML/HTML).
struct AwsError {
  std::string service;    // signing name, e.g. "ec2"
  std::string operation;  // e.g. "CreateVpc"
  int http_status = 0;
  std::string code;  // AWS error code, e.g. "DependencyViolation"; "" if the body had none
  std::string message;
  std::string request_id;
};

/// The one place AWS errors are classified (retryable, terminal, not-found, conflict);
/// retries and rollbacks rely only on this.
ErrorClass ClassifyAwsError(const AwsError& error);

/// True for the throttling codes of every protocol (adaptive retry mode reacts to these).
bool IsThrottlingError(const AwsError& error);

/// The same test on a common Error made by ToError (reads its aws_code, service and
/// http_status details); false for errors that did not come from an AWS answer.
bool IsThrottlingError(const Error& error);

/// True when AWS refused a delete because something still uses the resource or it is busy
/// in a transition: DependencyViolation, IAM DeleteConflict, `*InUse*` (EFS FileSystemInUse,
/// MemoryDB SubnetGroupInUseFault, EC2 InvalidGroup.InUse), `Incorrect*State`,
/// `Invalid*StateFault`. A delete waits these out; false for other errors.
bool IsInUseError(const Error& error);

/// Turns an AWS error into the common Error (kind kAws) with details {service, operation,
/// aws_code, http_status, request_id} and a message naming the operation and the code.
Error ToError(const AwsError& error);

}  // namespace raycloud::aws

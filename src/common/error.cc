#include "common/error.h"

namespace raycloud {

const char* ErrorCodeName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "invalid_argument";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kAlreadyExists:
      return "already_exists";
    case ErrorKind::kInProgress:
      return "in_progress";
    case ErrorKind::kAws:
      return "aws_error";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kVerificationFailed:
      return "verification_failed";
    case ErrorKind::kInterrupted:
      return "interrupted";
    case ErrorKind::kInternal:
    case ErrorKind::kIo:
      return "internal";
  }
  return "internal";
}

int ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kNotFound:
    case ErrorKind::kAlreadyExists:
      return 2;
    case ErrorKind::kInterrupted:
      return 130;
    default:
      return 1;
  }
}

}  // namespace raycloud

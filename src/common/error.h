#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace raycloud {

/// What a caller should do about an error; retries and rollbacks look only at this.
enum class ErrorClass {
  kRetryable,  // throttling, 5xx, timeouts, connection resets
  kTerminal,   // validation, access denied, quota: retrying will not help
  kNotFound,   // the resource does not exist (success when deleting)
  kConflict,   // already exists, in use, dependency violation
};

/// Where an error came from, which decides the exit code and the JSON error code.
enum class ErrorKind {
  kInvalidArgument,  // bad input: exit 2
  kNotFound,         // a named thing does not exist: exit 2
  kAlreadyExists,
  kInProgress,
  kAws,  // AWS answered with an error
  kTimeout,
  kVerificationFailed,
  kInterrupted,
  kInternal,
  kIo,  // local files, network before any AWS answer
};

/// An error as a value. `details` holds structured fields (service, operation, aws_code,
/// request_id, ...) for JSON output; `message` is one sentence a user can act on.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  ErrorClass error_class = ErrorClass::kTerminal;
  std::string message;
  std::map<std::string, std::string> details;

  static Error Invalid(std::string message) {
    return {ErrorKind::kInvalidArgument, ErrorClass::kTerminal, std::move(message), {}};
  }
  /// Bad input given to a flag: "<flag>: <what is wrong and what is allowed>".
  static Error InvalidFlag(std::string_view flag, std::string_view what) {
    Error error = Invalid(std::string(flag) + ": " + std::string(what));
    error.details["flag"] = std::string(flag);
    return error;
  }
  static Error Internal(std::string message) {
    return {ErrorKind::kInternal, ErrorClass::kTerminal, std::move(message), {}};
  }
  static Error Io(std::string message, ErrorClass error_class = ErrorClass::kTerminal) {
    return {ErrorKind::kIo, error_class, std::move(message), {}};
  }
  static Error NotFound(std::string message) {
    return {ErrorKind::kNotFound, ErrorClass::kNotFound, std::move(message), {}};
  }

  bool retryable() const { return error_class == ErrorClass::kRetryable; }
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error error) { return std::unexpected(std::move(error)); }

/// The JSON error code of the CLI contract (cli.md) for an error kind.
const char* ErrorCodeName(ErrorKind kind);

/// The process exit code of the CLI contract for an error kind.
int ExitCodeFor(ErrorKind kind);

}  // namespace raycloud

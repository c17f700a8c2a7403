#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "aws/auth/credentials.h"
#include "aws/http/http_transport.h"
#include "common/clock.h"
#include "common/error.h"

namespace raycloud::aws {

/// How one service wants its requests signed (see the SigV4 documentation,
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
struct SigningOptions {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // the signing name, e.g. "ec2", "s3"
  /// Remove `.`/`..` segments and empty segments from the path before signing. S3: false.
  bool normalize_path = true;
  /// URI-encode the (already encoded) path again. S3: false, the path is signed as sent.
  bool double_encode_path = true;
  /// Add and sign an `x-amz-content-sha256` header holding the payload hash (header form
  /// only). S3 requires it.
  bool add_content_sha256_header = false;
  /// Sign the literal `UNSIGNED-PAYLOAD` instead of the body's hash (S3 presigned URLs).
  bool unsigned_payload = false;
  /// Sign `X-Amz-Security-Token`. A few services want it added after signing instead.
  bool sign_session_token = true;
  /// `X-Amz-Expires` of a presigned URL, 1 second to 7 days.
  std::chrono::seconds presign_expires{3600};

  /// The defaults for `service` in `region`: S3 (and S3 Express) neither normalises nor
  /// double-encodes the path and wants `x-amz-content-sha256`.
  static SigningOptions For(std::string region, std::string service);
};

/// The intermediate values of one signature, exposed so tests can compare them with AWS's
/// test suite. They contain the signature: never log them.
struct SigningTrace {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-amz-date"
  std::string signature;       // lower-case hex
};

/// Signs HTTP requests with AWS Signature Version 4, at the time of the injected clock.
/// Derived signing keys are cached per (secret, date, region, service). Thread-safe.
class SigV4Signer {
 public:
  explicit SigV4Signer(const Clock& clock) : clock_(clock) {}

  /// Signs `request` in header form: sets `X-Amz-Date`, `X-Amz-Security-Token` (when the
  /// credentials have a session token), `x-amz-content-sha256` (when asked) and
  /// `Authorization`. Fails on a URL it cannot parse or incomplete credentials.
  Result<SigningTrace> Sign(HttpRequest& request, const Credentials& credentials,
                            const SigningOptions& options) const;

  /// Presigns `request`: appends `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
  /// `X-Amz-SignedHeaders`, `X-Amz-Expires`, `X-Amz-Security-Token` and `X-Amz-Signature` to
  /// the URL's query; headers are signed but not changed.
  Result<SigningTrace> Presign(HttpRequest& request, const Credentials& credentials,
                               const SigningOptions& options) const;

 private:
  // The derived key for one day, region and service.
  std::string SigningKey(const std::string& secret, const std::string& date,
                         const SigningOptions& options) const;

  const Clock& clock_;
  mutable std::mutex cache_mutex_;
  // Keyed by SHA-256(secret)/date/region/service so the secret is not kept in the key.
  mutable std::map<std::string, std::string> key_cache_;
};

}  // namespace raycloud::aws

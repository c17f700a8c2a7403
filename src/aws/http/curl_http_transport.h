#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/http/http_transport.h"

namespace raycloud::aws {

/// TLS and plain-HTTP rules every transport applies before sending.
struct TransportPolicy {
  /// PEM bundle to verify peers against (AWS_CA_BUNDLE); empty = the system store.
  std::string ca_bundle;
  std::chrono::milliseconds connect_timeout{10000};
};

/// True when `url` may be sent over plain HTTP: a loopback host, or AWS's own link-local
/// instance-metadata and container-credential endpoints. Anything else must use TLS.
bool PlainHttpAllowed(std::string_view url);

/// The URL without its query string or user info, safe to put in messages (presigned
/// URLs carry signatures in the query).
std::string UrlForMessages(std::string_view url);

/// libcurl transport. Thread-safe: each call borrows an easy handle from a pool, so
/// connections (and TLS sessions) are reused across calls and threads. TLS peer and host
/// verification are always on.
class CurlHttpTransport final : public HttpTransport {
 public:
  explicit CurlHttpTransport(TransportPolicy policy = {});
  ~CurlHttpTransport() override;
  CurlHttpTransport(const CurlHttpTransport&) = delete;
  CurlHttpTransport& operator=(const CurlHttpTransport&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  void* AcquireHandle();
  void ReleaseHandle(void* handle);

  TransportPolicy policy_;
  std::string no_proxy_;
  std::mutex mutex_;
  std::vector<void*> idle_handles_;
};

}  // namespace raycloud::aws

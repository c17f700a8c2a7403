#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace raycloud::aws {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// One HTTP request as the signer and the transport see it. `url` is absolute
/// (scheme://host[:port]/path?query) with the path and query already percent-encoded.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};

  /// The value of the first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
  /// Replaces every header named `name` (case-insensitive) with one value.
  void SetHeader(std::string name, std::string value);
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  std::string Header(std::string_view name) const;
};

/// Sends HTTP requests. A transport error (no connection, reset, timeout, TLS failure) is
/// an Error of kind kIo; any HTTP status, 5xx included, is a response.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace raycloud::aws

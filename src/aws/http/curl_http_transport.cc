#include "aws/http/curl_http_transport.h"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>

#include "common/strings.h"

namespace raycloud::aws {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void EnsureCurlGlobal() { static CurlGlobal global; }

std::string HostOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<HttpHeaders*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after 100-continue or a redirect)
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    headers->emplace_back(std::string(strings::Trim(line.substr(0, colon))),
                          std::string(strings::Trim(line.substr(colon + 1))));
  }
  return size * count;
}

ErrorClass ClassOfCurlError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return ErrorClass::kRetryable;
    default:
      return ErrorClass::kTerminal;
  }
}

}  // namespace

bool PlainHttpAllowed(std::string_view url) {
  std::string host = HostOf(url);
  if (host == "localhost" || host == "::1" || host.starts_with("127.")) return true;
  // EC2 instance metadata (IPv4 and IPv6) and the ECS/EKS container-credential endpoints.
  return host == "169.254.169.254" || host == "fd00:ec2::254" || host == "169.254.170.2" ||
         host == "169.254.170.23" || host == "fd00:ec2::23";
}

std::string UrlForMessages(std::string_view url) {
  std::string_view without_query = url.substr(0, url.find_first_of("?#"));
  size_t scheme_end = without_query.find("://");
  if (scheme_end == std::string_view::npos) return std::string(without_query);
  size_t authority_start = scheme_end + 3;
  size_t path_start = without_query.find('/', authority_start);
  std::string_view authority = without_query.substr(authority_start, path_start - authority_start);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string out(without_query.substr(0, authority_start));
  out += authority;
  if (path_start != std::string_view::npos) out += without_query.substr(path_start);
  return out;
}

CurlHttpTransport::CurlHttpTransport(TransportPolicy policy) : policy_(std::move(policy)) {
  EnsureCurlGlobal();
  no_proxy_ = "127.0.0.1,localhost,::1,169.254.169.254,169.254.170.2,169.254.170.23";
  for (const char* name : {"NO_PROXY", "no_proxy"}) {
    if (const char* value = std::getenv(name); value && *value) no_proxy_ += std::string(",") + value;
  }
}

CurlHttpTransport::~CurlHttpTransport() {
  for (void* handle : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* CurlHttpTransport::AcquireHandle() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_handles_.empty()) {
      void* handle = idle_handles_.back();
      idle_handles_.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void CurlHttpTransport::ReleaseHandle(void* handle) {
  std::lock_guard lock(mutex_);
  idle_handles_.push_back(handle);
}

Result<HttpResponse> CurlHttpTransport::Send(const HttpRequest& request) {
  const std::string safe_url = UrlForMessages(request.url);
  if (request.url.starts_with("http://") && !PlainHttpAllowed(request.url)) {
    return Fail(Error::Invalid("refusing plain HTTP to " + safe_url +
                               ": only loopback endpoints and AWS's metadata endpoints may "
                               "use http://; use https://"));
  }
  if (!request.url.starts_with("http://") && !request.url.starts_with("https://")) {
    return Fail(Error::Invalid("endpoint URL must start with https:// (got " + safe_url + ")"));
  }
  CURL* curl = static_cast<CURL*>(AcquireHandle());
  if (curl == nullptr) return Fail(Error::Internal("libcurl could not create a handle"));
  curl_easy_reset(curl);  // keeps the connection cache, clears per-request options

  HttpResponse response;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_slist* header_list = nullptr;
  for (const auto& [key, value] : request.headers) {
    // "Name;" is curl's spelling of a header with an empty value.
    std::string line = value.empty() ? key + ";" : key + ": " + value;
    header_list = curl_slist_append(header_list, line.c_str());
  }
  // curl adds these on its own; AWS signatures do not cover them.
  header_list = curl_slist_append(header_list, "Expect:");
  if (request.Header("Accept").empty()) header_list = curl_slist_append(header_list, "Accept:");

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!policy_.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, policy_.ca_bundle.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(policy_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  // A proxy from the environment must never see loopback or metadata traffic.
  curl_easy_setopt(curl, CURLOPT_NOPROXY, no_proxy_.c_str());

  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(header_list);
  ReleaseHandle(curl);

  if (code != CURLE_OK) {
    std::string detail = error_buffer[0] != 0 ? error_buffer : curl_easy_strerror(code);
    Error error = Error::Io(request.method + " " + safe_url + " failed: " + detail,
                            ClassOfCurlError(code));
    error.details["transport_error"] = curl_easy_strerror(code);
    if (code == CURLE_OPERATION_TIMEDOUT) {
      error.details["timeout"] = "true";
      error.kind = ErrorKind::kTimeout;
    }
    return Fail(std::move(error));
  }
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace raycloud::aws

#include "aws/http/http_transport.h"

#include <strings.h>

namespace raycloud::aws {
namespace {

std::string HeaderOrEmpty(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

}  // namespace

std::string HttpRequest::Header(std::string_view name) const {
  return HeaderOrEmpty(headers, name);
}

void HttpRequest::SetHeader(std::string name, std::string value) {
  std::erase_if(headers, [&](const auto& header) {
    return header.first.size() == name.size() &&
           strncasecmp(header.first.data(), name.data(), name.size()) == 0;
  });
  headers.emplace_back(std::move(name), std::move(value));
}

std::string HttpResponse::Header(std::string_view name) const {
  return HeaderOrEmpty(headers, name);
}

}  // namespace raycloud::aws

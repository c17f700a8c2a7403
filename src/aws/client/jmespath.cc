#include "aws/client/jmespath.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/strings.h"

namespace raycloud::aws {
namespace {

using json = nlohmann::json;

bool Truthy(const json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string() || value.is_array() || value.is_object()) return !value.empty();
  return true;
}

// Applies `segments[index..]` to `value`; `[]` flattens the current list and projects the
// rest of the path onto each element, dropping nulls, as JMESPath projections do.
json ApplyPath(const json& value, const std::vector<std::string>& segments, size_t index) {
  if (index == segments.size()) return value;
  const std::string& segment = segments[index];
  bool flatten = segment.ends_with("[]");
  std::string field = flatten ? segment.substr(0, segment.size() - 2) : segment;
  json current = value;
  if (!field.empty()) {
    if (!current.is_object() || !current.contains(field)) return nullptr;
    current = current[field];
  }
  if (!flatten) return ApplyPath(current, segments, index + 1);
  if (!current.is_array()) return nullptr;
  json flattened = json::array();
  for (const auto& element : current) {
    if (element.is_array()) {
      for (const auto& inner : element) flattened.push_back(inner);
    } else {
      flattened.push_back(element);
    }
  }
  // A later `[]` in the path is itself a projection: its lists merge into this one.
  bool nested = std::any_of(segments.begin() + static_cast<long>(index) + 1, segments.end(),
                            [](const std::string& s) { return s.ends_with("[]"); });
  json projected = json::array();
  for (const auto& element : flattened) {
    json result = ApplyPath(element, segments, index + 1);
    if (result.is_null()) continue;
    if (nested && result.is_array()) {
      for (const auto& inner : result) projected.push_back(inner);
    } else {
      projected.push_back(result);
    }
  }
  return projected;
}

Result<json> EvaluateTerm(std::string_view text, const json& data);

// The first `||` outside parentheses, or npos.
size_t FindTopLevelOr(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (depth == 0 && text[i] == '|' && text[i + 1] == '|') return i;
  }
  return std::string_view::npos;
}

Result<json> EvaluateOr(std::string_view text, const json& data) {
  size_t pos = FindTopLevelOr(text);
  if (pos == std::string_view::npos) return EvaluateTerm(text, data);
  auto left = EvaluateTerm(strings::Trim(text.substr(0, pos)), data);
  if (!left) return left;
  if (Truthy(*left)) return left;
  return EvaluateOr(strings::Trim(text.substr(pos + 2)), data);
}

Result<json> EvaluateTerm(std::string_view text, const json& data) {
  text = strings::Trim(text);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    return json(std::string(text.substr(1, text.size() - 2)));
  }
  if (text.size() >= 2 && text.front() == '`' && text.back() == '`') {
    json literal = json::parse(text.substr(1, text.size() - 2), nullptr, false);
    if (literal.is_discarded())
      return Fail(Error::Internal("bad JMESPath literal " + std::string(text)));
    return literal;
  }
  if (text.starts_with("length(") && text.ends_with(")")) {
    auto inner = EvaluateOr(text.substr(7, text.size() - 8), data);
    if (!inner) return inner;
    // nlohmann's size() is 1 for any string; JMESPath counts its code points.
    if (inner->is_string()) {
      const auto& chars = inner->get_ref<const std::string&>();
      return json(std::ranges::count_if(chars, [](char c) { return (c & 0xC0) != 0x80; }));
    }
    if (inner->is_array() || inner->is_object()) return json(inner->size());
    return Fail(Error::Internal("JMESPath length() of a non-container in " + std::string(text)));
  }
  for (char c : text) {
    bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' || c == ']';
    if (!ok) return Fail(Error::Internal("unsupported JMESPath expression: " + std::string(text)));
  }
  return ApplyPath(data, strings::Split(text, '.'), 0);
}

}  // namespace

Result<json> EvaluateJmesPath(std::string_view expression, const json& data) {
  static constexpr std::string_view kOperators[] = {"==", "!=", "<=", ">=", "<", ">"};
  for (std::string_view op : kOperators) {
    size_t pos = expression.find(op);
    if (pos == std::string_view::npos) continue;
    auto left = EvaluateOr(expression.substr(0, pos), data);
    if (!left) return left;
    auto right = EvaluateOr(expression.substr(pos + op.size()), data);
    if (!right) return right;
    if (op == "==") return json(*left == *right);
    if (op == "!=") return json(*left != *right);
    if (!left->is_number() || !right->is_number()) return json(false);
    double l = left->get<double>(), r = right->get<double>();
    if (op == "<=") return json(l <= r);
    if (op == ">=") return json(l >= r);
    if (op == "<") return json(l < r);
    return json(l > r);
  }
  return EvaluateOr(expression, data);
}

}  // namespace raycloud::aws

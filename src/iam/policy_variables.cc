#include "iam/policy_variables.h"

#include "common/strings.h"

namespace raycloud::iam {

VariableText VariableText::Parse(std::string_view text, bool enabled) {
  VariableText out;
  out.text_ = std::string(text);
  auto add_literal = [&](std::string_view literal) {
    if (literal.empty()) return;
    if (!out.parts_.empty() && !out.parts_.back().variable && !out.parts_.back().escape) {
      out.parts_.back().text.append(literal);
    } else {
      out.parts_.push_back(Part{false, false, std::string(literal), std::nullopt});
    }
  };
  size_t pos = 0;
  while (enabled && pos < text.size()) {
    size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;
    add_literal(text.substr(pos, open - pos));
    std::string_view inner = text.substr(open + 2, close - open - 2);
    if (inner == "*" || inner == "?" || inner == "$") {
      out.parts_.push_back(Part{false, true, std::string(inner), std::nullopt});
    } else {
      Part part{true, false, {}, std::nullopt};
      std::string_view key = inner;
      if (size_t comma = inner.find(','); comma != std::string_view::npos) {
        key = inner.substr(0, comma);
        std::string_view fallback = strings::Trim(inner.substr(comma + 1));
        if (fallback.size() >= 2 && fallback.front() == '\'' && fallback.back() == '\'') {
          part.fallback = std::string(fallback.substr(1, fallback.size() - 2));
        } else {
          part.fallback = std::string(fallback);
        }
      }
      part.text = strings::Lower(strings::Trim(key));
      out.parts_.push_back(std::move(part));
    }
    out.has_variables_ = true;
    pos = close + 1;
  }
  add_literal(text.substr(pos));
  return out;
}

const std::string* VariableText::Lookup(const Part& part, const RequestContext& context) const {
  const ContextEntry* entry = context.FindLower(part.text);
  if (entry && !entry->multi && entry->values.size() == 1) return &entry->values.front();
  if (part.fallback) return &*part.fallback;
  return nullptr;
}

std::optional<std::string> VariableText::Resolve(const RequestContext& context) const {
  if (!has_variables_) return text_;
  std::string out;
  for (const Part& part : parts_) {
    if (!part.variable) {
      out += part.text;
      continue;
    }
    const std::string* value = Lookup(part, context);
    if (!value) return std::nullopt;
    out += *value;
  }
  return out;
}

bool VariableText::Fill(Glob::Builder& builder, const RequestContext& context) const {
  for (const Part& part : parts_) {
    if (part.escape) {
      builder.AddLiteral(part.text);
    } else if (!part.variable) {
      builder.AddPattern(part.text);
    } else {
      const std::string* value = Lookup(part, context);
      if (!value) return false;
      builder.AddLiteral(*value);
    }
  }
  return true;
}

std::optional<Glob> VariableText::ResolveGlob(const RequestContext& context) const {
  Glob::Builder builder;
  if (!Fill(builder, context)) return std::nullopt;
  return builder.Build();
}

ArnGlob VariableText::AnyValueArnGlob() const {
  Glob::Builder builder;
  for (const Part& part : parts_) {
    if (part.escape) {
      builder.AddLiteral(part.text);
    } else {
      builder.AddPattern(part.variable ? std::string_view("*") : std::string_view(part.text));
    }
  }
  return builder.BuildArn();
}

std::optional<ArnGlob> VariableText::ResolveArnGlob(const RequestContext& context) const {
  Glob::Builder builder;
  if (!Fill(builder, context)) return std::nullopt;
  return builder.BuildArn();
}

}  // namespace raycloud::iam

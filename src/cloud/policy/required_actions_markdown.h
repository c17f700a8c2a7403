#pragma once

#include <string>

namespace raycloud::cloud {

/// docs/required-actions.md: the required-actions table as README-ready markdown.
std::string RequiredActionsMarkdown();

}  // namespace raycloud::cloud

#include "aws/retry/retry_quota.h"

#include <algorithm>

namespace raycloud::aws {

bool RetryQuota::TryAcquire(int cost) {
  std::lock_guard lock(mutex_);
  if (available_ < cost) return false;
  available_ -= cost;
  return true;
}

void RetryQuota::Release(int amount) {
  std::lock_guard lock(mutex_);
  available_ = std::min(capacity_, available_ + amount);
}

int RetryQuota::available() const {
  std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace raycloud::aws

#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace raycloud {

/// Randomness comes in through this interface so that jitter and ids are testable.
class Random {
 public:
  virtual ~Random() = default;
  /// A uniformly distributed value in [0, 1).
  virtual double Uniform() = 0;
};

/// A thread-safe Mersenne Twister, seeded from the OS unless a seed is given.
class MtRandom final : public Random {
 public:
  MtRandom() : engine_(std::random_device{}()) {}
  explicit MtRandom(uint64_t seed) : engine_(seed) {}
  double Uniform() override {
    std::lock_guard lock(mutex_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
  }

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

/// `length` characters of [a-z0-9] from a cryptographically secure source (cloud ids,
/// external ids).
std::string SecureRandomToken(size_t length);

}  // namespace raycloud

#include "common/random.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace raycloud {

std::string SecureRandomToken(size_t length) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  constexpr unsigned kAlphabetSize = sizeof(kAlphabet) - 1;
  // Rejection sampling keeps the distribution uniform: 252 is the largest multiple of 36
  // that fits in a byte.
  constexpr unsigned kLimit = 256 - 256 % kAlphabetSize;
  std::string out;
  out.reserve(length);
  std::vector<unsigned char> buffer(length * 2 + 16);
  while (out.size() < length) {
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
      throw std::runtime_error("OpenSSL RAND_bytes failed");
    }
    for (unsigned char byte : buffer) {
      if (byte < kLimit && out.size() < length) out.push_back(kAlphabet[byte % kAlphabetSize]);
    }
  }
  return out;
}

}  // namespace raycloud

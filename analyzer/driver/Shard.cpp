//===- Shard.cpp - --shard K/N: one part of a scan -----------------------===//
#include "driver/Shard.h"

#include <cstdint>
#include <cstdlib>

using namespace llvm;

namespace dmacheck {

static bool toCount(StringRef S, unsigned &Out) {
  unsigned long long V;
  if (S.getAsInteger(10, V) || V == 0 || V > 100000)
    return false;
  Out = (unsigned)V;
  return true;
}

bool parseShard(StringRef Value, unsigned &K, unsigned &N, std::string &Err) {
  auto [KS, NS] = Value.split('/');
  if (!toCount(KS, K) || !toCount(NS, N) || K > N) {
    Err = "invalid shard '" + Value.str() + "' (K/N with 1 <= K <= N)";
    return false;
  }
  return true;
}

// A file belongs to shard 1 + hash(path) % N. The hash of the path as the
// job names it (relative to the build directory for kbuild and compilation
// databases) does not depend on the order or the checkout.
bool inShard(StringRef File, unsigned K, unsigned N) {
  uint64_t H = 1469598103934665603ull; // FNV-1a
  for (unsigned char C : File) {
    H ^= C;
    H *= 1099511628211ull;
  }
  return H % N == K - 1;
}

} // namespace dmacheck

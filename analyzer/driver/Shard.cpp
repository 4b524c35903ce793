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

namespace {
// Where a CI engine puts the job's shard, in the order of precedence.
struct ShardEnv {
  const char *Index, *Count;
  unsigned First; // the index of the first shard
};
const ShardEnv Engines[] = {
    {"DMACHECK_SHARD_INDEX", "DMACHECK_SHARD_COUNT", 1}, // any engine
    {"JOB_COMPLETION_INDEX", "DMACHECK_SHARD_COUNT", 0}, // Kubernetes
    {"CI_NODE_INDEX", "CI_NODE_TOTAL", 1},               // GitLab CI
};
} // namespace

static bool toIndex(StringRef S, unsigned First, unsigned N, unsigned &K) {
  unsigned long long V;
  if (S.getAsInteger(10, V) || V < First || V - First >= N)
    return false;
  K = (unsigned)(V - First) + 1;
  return true;
}

static std::string var(const char *Name, const char *Value) {
  return std::string(Name) + "='" + Value + "'";
}

static bool fail(std::string &Err, const std::string &Why) {
  Err = "--shard auto: " + Why;
  return false;
}

static bool shardFromEnvironment(unsigned &K, unsigned &N, std::string &Err) {
  for (const ShardEnv &E : Engines) {
    const char *Index = getenv(E.Index), *Count = getenv(E.Count);
    if (!Index)
      continue;
    if (!Count)
      return fail(Err,
                  std::string(E.Index) + " is set but " + E.Count + " is not");
    if (!toCount(Count, N))
      return fail(Err,
                  var(E.Count, Count) + " is not a shard count (1 to 100000)");
    if (!toIndex(Index, E.First, N, K))
      return fail(Err, var(E.Index, Index) + " is not a shard index from " +
                           std::to_string(E.First) + " to " +
                           std::to_string(N - 1 + E.First) + " (" +
                           var(E.Count, Count) + ")");
    return true;
  }
  // No index: a count alone is a mistake, but GitLab sets CI_NODE_TOTAL=1
  // in every job without parallel:, the whole scan.
  if (getenv("DMACHECK_SHARD_COUNT"))
    return fail(Err, "DMACHECK_SHARD_COUNT is set but neither "
                     "DMACHECK_SHARD_INDEX nor JOB_COMPLETION_INDEX is");
  if (const char *Total = getenv("CI_NODE_TOTAL")) {
    if (StringRef(Total) == "1")
      return K = N = 1, true;
    return fail(Err, "CI_NODE_TOTAL is set but CI_NODE_INDEX is not");
  }
  return fail(Err, "no shard in the environment: set DMACHECK_SHARD_INDEX "
                   "(1-based) and DMACHECK_SHARD_COUNT, or run in a "
                   "Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with "
                   "DMACHECK_SHARD_COUNT) or a GitLab CI job with parallel: "
                   "(CI_NODE_INDEX, CI_NODE_TOTAL)");
}

bool parseShard(StringRef Value, unsigned &K, unsigned &N, std::string &Err) {
  if (Value == "auto")
    return shardFromEnvironment(K, N, Err);
  auto [KS, NS] = Value.split('/');
  if (!toCount(KS, K) || !toCount(NS, N) || K > N) {
    Err = "invalid shard '" + Value.str() + "' (K/N with 1 <= K <= N, or auto)";
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

//===- Shard.h - --shard K/N: one part of a scan ---------------*- C++ -*-===//
#ifndef DMACHECK_DRIVER_SHARD_H
#define DMACHECK_DRIVER_SHARD_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace dmacheck {

/// Parses --shard's value: "K/N" (1 <= K <= N), or "auto", the shard that
/// the CI engine gives this job in its environment. The first index variable
/// that is set decides:
///
///   DMACHECK_SHARD_INDEX (1-based), DMACHECK_SHARD_COUNT    any engine
///   JOB_COMPLETION_INDEX (0-based), DMACHECK_SHARD_COUNT    Kubernetes
///                                                           Indexed Job
///   CI_NODE_INDEX (1-based), CI_NODE_TOTAL                  GitLab parallel:
///
/// With none of them, CI_NODE_TOTAL=1 (a GitLab job without parallel:) is
/// 1/1. False with Err (naming the variables) otherwise.
bool parseShard(llvm::StringRef Value, unsigned &K, unsigned &N,
                std::string &Err);

/// Whether File (as its job names it) belongs to shard K of N.
bool inShard(llvm::StringRef File, unsigned K, unsigned N);

} // namespace dmacheck

#endif

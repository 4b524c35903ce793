//===- Shard.h - --shard K/N: one part of a scan ---------------*- C++ -*-===//
#ifndef DMACHECK_DRIVER_SHARD_H
#define DMACHECK_DRIVER_SHARD_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace dmacheck {

/// Parses --shard's value "K/N" (1 <= K <= N). False with Err otherwise.
bool parseShard(llvm::StringRef Value, unsigned &K, unsigned &N,
                std::string &Err);

/// Whether File (as its job names it) belongs to shard K of N.
bool inShard(llvm::StringRef File, unsigned K, unsigned N);

} // namespace dmacheck

#endif

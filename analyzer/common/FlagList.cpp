//===- FlagList.cpp - compiler flags held as shared strings ---------------===//
#include "common/FlagList.h"

#include <unordered_set>

namespace dmacheck {

const std::string &internFlag(llvm::StringRef S) {
  // Node-based: an element never moves once inserted.
  static std::unordered_set<std::string> Pool;
  return *Pool.emplace(S.str()).first;
}

} // namespace dmacheck

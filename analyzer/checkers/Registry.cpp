//===- Registry.cpp - in-process registration of our checkers ---------------===//
#include "checkers/Checkers.h"

#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

namespace dmacheck {

static bool always(const CheckerManager &) { return true; }

const std::vector<std::string> &checkerNames() {
  static const std::vector<std::string> Names = {"dmacheck.MemoryKind",
                                                 "dmacheck.Mapping"};
  return Names;
}

void registerCheckers(CheckerRegistry &Registry) {
  Registry.addChecker(registerMemoryKindChecker, always, "dmacheck.MemoryKind",
                      "memory that must never be handed to the DMA API", "",
                      /*IsHidden=*/false);
  Registry.addChecker(registerMappingChecker, always, "dmacheck.Mapping",
                      "DMA mapping lifecycle", "", /*IsHidden=*/false);
}

} // namespace dmacheck

//===- Registry.cpp - in-process registration of our checkers ---------------===//
//
// Generated from rules/checks.def: each distinct CHECKER becomes the checker
// dmacheck.<CHECKER>, depending on the hidden modelling checker. A rule's
// name leads to its row, its checker file (dma/<CHECKER>.cpp), its doc page
// (docs/rules/<NAME>.md) and its tests (tests/rules/<NAME>/).
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "common/Model.h"

#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>

using namespace clang;
using namespace clang::ento;

namespace dmacheck {

// Rows without a checker name NONE; nothing registers it.
void registerNONE(CheckerManager &) {}

namespace {

constexpr const char *ModelingName = "dmacheck.Modeling";

struct CheckerRow {
  RuleId Rule;
  const char *Checker;
  void (*Register)(CheckerManager &);
};

const CheckerRow Rows[] = {
#define DMA_CHECK(ID, NAME, SEV, STATIC, RUNTIME, CHECKER, SUMMARY)            \
  {ID, #CHECKER, register##CHECKER},
#include "rules/checks.def"
#undef DMA_CHECK
};

bool always(const CheckerManager &) { return true; }

bool hasChecker(const CheckerRow &R) {
  return llvm::StringRef(R.Checker) != "NONE";
}

/// Whether Row is the first row of its checker (each registers once).
bool firstOfChecker(const CheckerRow &Row) {
  for (const CheckerRow &R : Rows) {
    if (&R == &Row)
      return true;
    if (llvm::StringRef(R.Checker) == Row.Checker)
      return false;
  }
  return true;
}

/// "dmacheck.<CHECKER>" for each row; the registry keeps StringRefs, so the
/// strings live as long as the process.
const std::vector<std::string> &fullNames() {
  static const std::vector<std::string> Names = [] {
    std::vector<std::string> N;
    for (const CheckerRow &R : Rows)
      N.push_back(std::string("dmacheck.") + R.Checker);
    return N;
  }();
  return Names;
}

} // namespace

std::vector<std::string> checkerNames() {
  std::vector<std::string> Names;
  for (const CheckerRow &R : Rows) {
    if (!hasChecker(R) || !activeRules().enabled(R.Rule))
      continue;
    const std::string &Name = fullNames()[&R - Rows];
    if (std::find(Names.begin(), Names.end(), Name) == Names.end())
      Names.push_back(Name);
  }
  return Names;
}

void registerCheckers(CheckerRegistry &Registry) {
  Registry.addChecker(registerModeling, shouldRegisterModeling, ModelingName,
                      "the DMA API model and mapping state", "",
                      /*IsHidden=*/true);
  for (const CheckerRow &R : Rows) {
    if (!hasChecker(R) || !firstOfChecker(R))
      continue;
    const std::string &Name = fullNames()[&R - Rows];
    Registry.addChecker(R.Register, always, Name, ruleInfo(R.Rule).Summary, "",
                        /*IsHidden=*/false);
    Registry.addDependency(Name, ModelingName);
  }
}

} // namespace dmacheck

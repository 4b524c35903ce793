//===- Checkers.h - our Static Analyzer checkers ----------------------------===//
//
// Checker core v2: one hidden modelling checker (dma/Modeling.cpp) and one
// checker per rule or tight family of rules, named by the CHECKER column of
// rules/checks.def and registered from it (Registry.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_CHECKERS_H
#define DMACHECK_CHECKERS_CHECKERS_H

#include <string>
#include <vector>

namespace clang {
namespace ento {
class CheckerManager;
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace dmacheck {

/// Full names of the checkers the selected rules need (dmacheck.<CHECKER>),
/// to enable in AnalyzerOptions; the modelling checker comes with them as a
/// dependency.
std::vector<std::string> checkerNames();

/// Registers every dmacheck checker with the analyzer (no plugin needed).
void registerCheckers(clang::ento::CheckerRegistry &Registry);

void registerModeling(clang::ento::CheckerManager &Mgr);
bool shouldRegisterModeling(const clang::ento::CheckerManager &Mgr);

// One per distinct CHECKER of rules/checks.def, in analyzer/checkers/dma/.
#define DMA_CHECK(ID, NAME, SEV, STATIC, RUNTIME, CHECKER, SUMMARY)            \
  void register##CHECKER(clang::ento::CheckerManager &Mgr);
#include "rules/checks.def"
#undef DMA_CHECK

} // namespace dmacheck

#endif

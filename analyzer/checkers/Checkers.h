//===- Checkers.h - our Static Analyzer checkers ----------------------------===//
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

/// Full names of our checkers, to enable in AnalyzerOptions.
const std::vector<std::string> &checkerNames();

/// Registers every dmacheck checker with the analyzer (no plugin needed).
void registerCheckers(clang::ento::CheckerRegistry &Registry);

void registerMemoryKindChecker(clang::ento::CheckerManager &Mgr);
void registerMappingChecker(clang::ento::CheckerManager &Mgr);

} // namespace dmacheck

#endif

//===- EngineChecker.h - the engine's own hidden checkers -------*- C++ -*-===//
//
// The Static Analyzer has no per-function or per-path hook outside its
// checker interface, so the engine's policies (FunctionPolicy.cpp,
// NullPaths.cpp, DonePaths.cpp) are hidden checkers that the engine
// registers and enables itself (engine/Engine.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_ENGINECHECKER_H
#define DMACHECK_ENGINE_ENGINECHECKER_H

#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

namespace dmacheck {

inline void addEngineChecker(clang::ento::CheckerRegistry &Registry,
                             clang::ento::RegisterCheckerFn Register,
                             llvm::StringRef Name, llvm::StringRef Desc) {
  Registry.addChecker(
      Register, [](const clang::ento::CheckerManager &) { return true; }, Name,
      Desc, "", /*IsHidden=*/true);
}

} // namespace dmacheck

#endif

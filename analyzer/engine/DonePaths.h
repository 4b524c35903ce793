//===- DonePaths.h - paths that can report nothing more end -----*- C++ -*-===//
//
// Engine policy, not a rule: at a branch, a path ends when no call ahead of
// it, in its own function or in any caller it returns to, can reach the DMA
// API, and the path holds no obligation: no state of a rule that reports at
// a statement other than a DMA API call (a live mapping that may leak or be
// read by the CPU, a physical address that may reach the device, a channel
// not yet tested, a descriptor not yet issued ...). Such a path could only
// spend the function's node budget; ended, the budget goes to the paths that
// still matter.
//
// Every program-state trait of the rule checkers says which kind it is, next
// to its REGISTER_*_WITH_PROGRAMSTATE line (tests/engine/path-state-kinds.test
// fails on one that does not):
//  - DMACHECK_PATH_OBLIGATION(Name): a non-empty value keeps the path going;
//  - DMACHECK_PATH_CONTEXT(Name): the value only informs later DMA API calls
//    (locks held, scatterlists initialised, where a handle is stored).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_DONEPATHS_H
#define DMACHECK_ENGINE_DONEPATHS_H

#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"

namespace clang {
namespace ento {
class CheckerRegistry;
class ExplodedNode;
} // namespace ento
} // namespace clang

namespace dmacheck {

/// Registers a trait (its GDM index) whose non-empty value keeps a path
/// going; called once per trait by DMACHECK_PATH_OBLIGATION at start-up.
bool addPathObligation(void *GDMIndex);

#define DMACHECK_PATH_OBLIGATION(Name)                                         \
  [[maybe_unused]] static const bool Name##IsObligation =                      \
      ::dmacheck::addPathObligation(                                           \
          ::clang::ento::ProgramStateTrait<Name>::GDMIndex());
#define DMACHECK_PATH_CONTEXT(Name)                                            \
  static_assert(sizeof(::clang::ento::ProgramStateTrait<Name>) > 0,            \
                "a program-state trait");

/// Whether N is a sink the engine made to end its path (the node budget,
/// a path that can report nothing more), not one the program made.
bool engineEndedPath(const clang::ento::ExplodedNode *N);

/// Records the engine checker whose sinks end paths (engine/FunctionPolicy.cpp
/// and this one); the latest instance of each kind counts.
void setPathEnder(unsigned Slot, const void *Tag);

/// Full name of the checker, to enable in AnalyzerOptions.
inline constexpr const char *DonePathsName = "dmacheck.engine.DonePaths";

void registerDonePaths(clang::ento::CheckerRegistry &Registry);

} // namespace dmacheck

#endif

//===- NullPaths.cpp - paths through a NULL dereference end ---------------===//
#include "engine/NullPaths.h"
#include "engine/EngineChecker.h"

#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

namespace {

class NullPaths : public Checker<check::Location> {
public:
  void checkLocation(SVal V, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const;
};

/// A pointer into another address space (x86's __seg_gs per-CPU data) may
/// be 0 and valid.
bool otherAddressSpace(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  return !E || E->IgnoreParenLValueCasts()->getType().hasAddressSpace();
}

// Only the NULL the path holds as a constant (a lookup's `return NULL;`, a
// member of a NULL struct pointer, which Clang keeps as the base address):
// asking the constraints of every symbolic pointer at every load and store,
// as core.NullDereference does, cost 10 % more CPU on the 40-file sample.
void NullPaths::checkLocation(SVal V, bool, const Stmt *S,
                              CheckerContext &C) const {
  auto CI = V.getAs<loc::ConcreteInt>();
  if (!CI || !CI->getValue().isZero() || otherAddressSpace(S))
    return;
  C.generateSink(C.getState(), C.getPredecessor());
}

void registerChecker(CheckerManager &Mgr) { Mgr.registerChecker<NullPaths>(); }

} // namespace

void dmacheck::registerNullPaths(CheckerRegistry &Registry) {
  addEngineChecker(Registry, registerChecker, NullPathsName,
                   "paths through a NULL dereference end");
}

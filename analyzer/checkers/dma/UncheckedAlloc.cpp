//===- UncheckedAlloc.cpp - dma-unchecked-alloc ---------------------------===//
//
// dma_alloc_coherent() & co. and dma_pool_alloc() return NULL when they
// fail (dma-api.rst, Part Ia; "dma_pool_alloc() ... returns NULL on
// failure"), and dma_pool_create() does too. Reported: such a result
// dereferenced, handed to memset()/memcpy() & co., or (a pool) handed to
// dma_pool_alloc(), while the path has not tested it: the state lets it be
// NULL. A result stored or returned and tested later, by the caller, is
// followed by inlining: the test constrains the same symbol.
// Own state: the untested results (dma/Contract.h, shared with
// dmaengine-unchecked-prep, entries by rule).
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Modeling.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class UncheckedAlloc : public Checker<check::PreCall, check::PostCall,
                                      check::Location, check::DeadSymbols> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;

private:
  RuleBugTypes BT{this};
};

/// The calls whose NULL result the rule follows.
bool mayReturnNull(const ApiEntry &Api) {
  if (Api.R == Role::POOL_CREATE)
    return true;
  return Api.R == Role::ALLOC && Api.FailKind == Fail::NULL_ &&
         (Api.RetKind == Ret::CPUADDR || Api.RetKind == Ret::PAGE);
}

constexpr const char *Why =
    "the allocation fails under memory pressure or when the device's mask "
    "cannot be met";

void UncheckedAlloc::checkPostCall(const CallEvent &Call,
                                   CheckerContext &C) const {
  if (!activeRules().enabled(DMC015))
    return;
  const ApiEntry *Api = apiFor(Call);
  if (!Api || !mayReturnNull(*Api) || inModelledBody(C.getLocationContext()))
    return;
  noteResultDue(Call, C, DMC015);
}

void UncheckedAlloc::checkPreCall(const CallEvent &Call,
                                  CheckerContext &C) const {
  if (!activeRules().enabled(DMC015) || !anyNullTestDue(C.getState()))
    return;
  const Stmt *At = Call.getOriginExpr();
  std::optional<NameKind> K = nameKind(Call);
  if (noteNullOrErrTest(Call, C, DMC015))
    return;
  auto Passed = [&] { return "passed to " + displayName(Call, C) + "()"; };
  if (K == NameKind::CPU_COPY || K == NameKind::CPU_FILL ||
      K == NameKind::CPU_READ) {
    for (unsigned I = 0; I < Call.getNumArgs() && I < 2; ++I)
      judgeNullUse(C, BT.get(DMC015), DMC015, Call.getArgSVal(I), false, At,
                   Passed(), Why);
    return;
  }
  // A pool: dma_pool_alloc() reads it (dma_pool_destroy(NULL) is allowed).
  const ApiEntry *Api = apiFor(Call);
  if (Api && Api->R == Role::ALLOC && Api->Fam == Family::POOL)
    judgeNullUse(C, BT.get(DMC015), DMC015, argVal(Call, Api->Dev), false, At,
                 Passed(), Why);
}

void UncheckedAlloc::checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                                   CheckerContext &C) const {
  if (activeRules().enabled(DMC015))
    judgeNullUse(C, BT.get(DMC015), DMC015, Loc, true, S, "dereferenced", Why);
}

void UncheckedAlloc::checkDeadSymbols(SymbolReaper &SR,
                                      CheckerContext &C) const {
  forgetDeadNullTests(SR, C, DMC015);
}

} // namespace

void dmacheck::registerUncheckedAlloc(CheckerManager &Mgr) {
  Mgr.registerChecker<UncheckedAlloc>();
}

//===- UncheckedPrep.cpp - dmaengine-unchecked-prep -----------------------===//
//
// driver-api/dmaengine/client.rst: the dmaengine_prep_*() calls return a
// descriptor, or NULL when the channel cannot take the transfer (no free
// descriptor, an unsupported configuration). Reported: a descriptor
// dereferenced (desc->callback = ...) or handed to dmaengine_submit() or a
// metadata call while the path has not tested it. A descriptor returned by
// a helper and tested by its caller is followed by inlining.
// Own state: the untested results (dma/Contract.h, shared with
// dma-unchecked-alloc, entries by rule).
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

class UncheckedPrep : public Checker<check::PreCall, check::PostCall,
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

constexpr const char *Why =
    "prep returns NULL when the channel cannot take the transfer";

void UncheckedPrep::checkPostCall(const CallEvent &Call,
                                  CheckerContext &C) const {
  if (!activeRules().enabled(DMC019))
    return;
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->R != Role::PREP || inModelledBody(C.getLocationContext()))
    return;
  noteResultDue(Call, C, DMC019);
}

void UncheckedPrep::checkPreCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  if (!activeRules().enabled(DMC019) || !anyNullTestDue(C.getState()))
    return;
  if (noteNullOrErrTest(Call, C, DMC019))
    return;
  const ApiEntry *Api = apiFor(Call);
  if (!Api || (Api->R != Role::SUBMIT && Api->R != Role::METADATA) ||
      Api->Dev < 0)
    return;
  judgeNullUse(C, BT.get(DMC019), DMC019, argVal(Call, Api->Dev), false,
               Call.getOriginExpr(), "passed to " + displayName(Call, C) + "()",
               Why);
}

void UncheckedPrep::checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                                  CheckerContext &C) const {
  if (activeRules().enabled(DMC019))
    judgeNullUse(C, BT.get(DMC019), DMC019, Loc, true, S, "dereferenced", Why);
}

void UncheckedPrep::checkDeadSymbols(SymbolReaper &SR,
                                     CheckerContext &C) const {
  forgetDeadNullTests(SR, C, DMC019);
}

} // namespace

void dmacheck::registerUncheckedPrep(CheckerManager &Mgr) {
  Mgr.registerChecker<UncheckedPrep>();
}

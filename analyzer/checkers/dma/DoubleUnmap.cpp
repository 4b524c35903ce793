//===- DoubleUnmap.cpp - dma-double-unmap ---------------------------------===//
//
// A mapping or allocation is released once (dma-api.rst, Part Ia/Id;
// dma-debug's check_unmap: "frees DMA memory it has already freed" / "has
// not allocated"). On a path (MappingEvent Release): the mapping the call
// releases was released before, by the same call or another; or the handle
// given is one the path knows no mapping can have (0 or DMA_MAPPING_ERROR
// stored by the driver itself). A release guarded by a flag or by a zeroed
// handle (`if (buf->dma) { dma_unmap_single(...); buf->dma = 0; }`) is seen
// as such on the path and stays silent. Reads the state dma/Modeling.cpp
// keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Lifecycle.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class DoubleUnmap : public Checker<check::Event<MappingEvent>, check::PreCall> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;

private:
  RuleBugTypes BT{this};
};

void DoubleUnmap::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC008) || E.Kind != EventKind::Release || !E.M ||
      E.M->phase() != Phase::Released)
    return;
  const MappingState &M = *E.M;
  std::string Msg = displayName(*E.Call, E.C) + "() releases ";
  if (M.isUnseen())
    Msg += "a handle";
  else
    Msg += std::string(M.isAlloc() ? "memory allocated by "
                                   : "a mapping made by ") +
           siteText(M, E.C);
  Msg += ", already released" + releaseLine(M, E.C);
  reportAtCall(E, BT.get(DMC008), Msg, E.Sym, M, nullptr);
}

// An unmap given 0 or DMA_MAPPING_ERROR that the driver itself stored on
// this path (`dma_addr_t dma = 0;` then an error path that skipped the map):
// the value is a constant, not a handle the path merely tested.
void DoubleUnmap::checkPreCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->R != Role::UNMAP || Api->Handle < 0 ||
      !isStreamingFamily(Api->Fam) || !activeRules().enabled(DMC008))
    return;
  auto CI = argVal(Call, Api->Handle).getAs<nonloc::ConcreteInt>();
  // DMA_MAPPING_ERROR stored as a marker is tested with dma_mapping_error()
  // before the unmap (qat); a failed handle unmapped is dma-unchecked-
  // mapping's. Only 0 stays.
  if (!CI || !CI->getValue().isZero())
    return;
  const Expr *A = argExpr(Call, Api->Handle);
  const MemRegion *Holder = holderRegion(A, C);
  // A handle dma_mapping_error() said failed: dma-unchecked-mapping's.
  if (const MappingState *F =
          lookup(C.getState(), handleHeldBy(C.getState(), Holder));
      F && F->phase() == Phase::Failed)
    return;
  // A local's initial 0 (`dma_addr_t rpaddr = 0`) unmapped under a test
  // of driver state, as the map was: the path re-read the flag choosing
  // both after a call it did not enter (i2c-mt65xx's `i2c->op`).
  if (Holder && Holder->hasStackStorage() &&
      underStateTest(Call.getOriginExpr(), C.getLocationContext()))
    return;
  // A 0 the driver stored in an earlier iteration of a ring walk (a slot
  // cleared after its release) is most likely another entry's.
  if (!A || inLaterIteration(C.getPredecessor(), Call.getOriginExpr(),
                             C.getLocationContext()))
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(
      BT.get(DMC008),
      displayName(Call, C) + "() is given " + std::string("0") +
          ", which no mapping returned on this path",
      N);
  R->addRange(A->getSourceRange());
  bugreporter::trackExpressionValue(N, A, *R);
  C.emitReport(std::move(R));
}

} // namespace

void dmacheck::registerDoubleUnmap(CheckerManager &Mgr) {
  Mgr.registerChecker<DoubleUnmap>();
}

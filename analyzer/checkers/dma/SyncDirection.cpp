//===- SyncDirection.cpp - dma-sync-direction -----------------------------===//
//
// A sync or an unmap gives the direction the mapping was made with
// (dma-api.rst, Part Id; dma-debug's check_sync and check_unmap), and
// DMA_NONE never reaches a map, unmap or sync (dma-api-howto.rst, "DMA
// Direction"). As dma-debug, a DMA_BIDIRECTIONAL mapping may be synced with
// a narrower direction. Two views:
//  - on a path (MappingEvent Release, Sync, SgRelease): the direction given
//    is provably not the one the mapping was made with;
//  - across functions (end of the translation unit, FieldPairs): a field
//    that only ever receives mappings made with constant directions is
//    released or synced elsewhere with another constant.
// Reads the state dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/FieldPairs.h"
#include "checkers/dma/Lifecycle.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class SyncDirection : public Checker<check::Event<MappingEvent>, check::PreCall,
                                     check::EndOfTranslationUnit> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkEndOfTranslationUnit(const TranslationUnitDecl *TU,
                                 AnalysisManager &Mgr, BugReporter &BR) const;

private:
  RuleBugTypes BT{this};
};

bool isMapUnmapOrSync(const ApiEntry &Api) {
  switch (Api.R) {
  case Role::MAP:
  case Role::UNMAP:
  case Role::SYNC_CPU:
  case Role::SYNC_DEV:
    return takesDataDirection(Api);
  default:
    return false;
  }
}

// DMA_NONE reaching a call: BUG_ON(!valid_dma_direction(dir)) in the kernel.
void SyncDirection::checkPreCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || !isMapUnmapOrSync(*Api) || !activeRules().enabled(DMC011))
    return;
  // Only DMA_NONE written at the call (or passed to a wrapper): a direction
  // variable the path merely assumes to be DMA_NONE is excluded by the
  // driver's invariants (a command without data has no mapping).
  std::optional<int64_t> Dir = spelledConstant(callArg(Call, Api->Dir), C);
  if (Dir != DirNone)
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(
      BT.get(DMC011),
      displayName(Call, C) +
          "() is given DMA_NONE; a map, unmap or sync needs the direction of "
          "the transfer",
      N);
  if (const Expr *A = argExpr(Call, Api->Dir))
    R->addRange(A->getSourceRange());
  C.emitReport(std::move(R));
}

void SyncDirection::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC011) || !E.Call)
    return;
  bool Release = E.Kind == EventKind::Release;
  if (!Release && E.Kind != EventKind::Sync && E.Kind != EventKind::SgRelease)
    return;
  const ApiEntry *Api = apiFor(*E.Call);
  if (!Api || !takesDataDirection(*Api))
    return;
  SymbolRef S = E.Sym;
  const MappingState *M = E.M;
  if (E.Kind == EventKind::SgRelease) {
    M = sgMappingOf(E, *Api, &S);
    Release = Api->R == Role::UNMAP;
  }
  if (!M || M->phase() == Phase::Released || M->phase() == Phase::Failed ||
      M->isAlloc())
    return; // released twice, or never mapped: other rules
  // A dma_map_sg() count of 0 is a failed mapping: nothing was mapped with
  // any direction (usb_hcd_map_urb_for_dma()'s error path).
  if (M->isSg() && E.Before->isNull(nonloc::SymbolVal(S)).isConstrainedTrue())
    return;
  ASTContext &Ctx = E.C.getASTContext();
  std::optional<Linear> Was =
      linearOf(M->direction(), siteArg(*M, M->api().Dir), Ctx);
  std::optional<Linear> Now = argLinear(*E.Call, Api->Dir, E.C);
  std::optional<int64_t> Diff = difference(Was, Now);
  if (!Diff || *Diff == 0)
    return; // the same, or not known to differ
  if (Now->Off == DirNone && !Now->Base)
    return; // checkPreCall reported it
  if (!Release && !Was->Base && Was->Off == DirBidirectional)
    return; // dma-debug's check_sync accepts a narrower sync
  // Both computed (`dir = usb_urb_dir_in(urb) ? ... : ...` at the map and
  // again at the unmap): the driver computes them alike; values that differ
  // come from a path that re-read the flag after a call it did not enter.
  if (E.Kind != EventKind::SgRelease &&
      !spelledConstant(siteArg(*M, M->api().Dir), E.C) &&
      !spelledConstant(callArg(*E.Call, Api->Dir), E.C))
    return;
  std::string Msg = displayName(*E.Call, E.C) + "() is given ";
  Msg += Now->Base ? std::string("another direction") : directionName(Now->Off);
  Msg += "; the mapping made by " + siteText(*M, E.C);
  Msg += Was->Base ? std::string(" has another")
                   : " is " + directionName(Was->Off);
  reportAtCall(E, BT.get(DMC011), Msg, S, *M, argExpr(*E.Call, Api->Dir));
}

void SyncDirection::checkEndOfTranslationUnit(const TranslationUnitDecl *TU,
                                              AnalysisManager &Mgr,
                                              BugReporter &BR) const {
  if (!activeRules().enabled(DMC011))
    return;
  for (const FieldMismatch &F : fieldMismatches(TU, Mgr.getASTContext()))
    if (F.Kind == FieldMismatch::Direction)
      reportFieldMismatch(F, BT.get(DMC011), Mgr, BR, this);
}

} // namespace

void dmacheck::registerSyncDirection(CheckerManager &Mgr) {
  Mgr.registerChecker<SyncDirection>();
}

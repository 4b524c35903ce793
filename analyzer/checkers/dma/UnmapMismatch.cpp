//===- UnmapMismatch.cpp - dma-unmap-mismatch -----------------------------===//
//
// A release covers exactly what was mapped or allocated, with the call of
// the same API family (dma-api.rst, Part Ia/Id: "must be identical to those
// passed in (and returned)"; dma-debug's check_unmap "frees DMA memory with
// different size" / "with wrong function"). A sync stays within the
// mapping (a _range sync counts from its offset). Two views:
//  - on a path (MappingEvent Release, Sync): the size given is provably not
//    the mapping's, the family differs, or the synced range ends past it;
//  - across functions (FieldPairs): a field that only receives mappings of
//    constant sizes or one family is released elsewhere with another.
// Direction mismatches are dma-sync-direction's; a second release is
// dma-double-unmap's. Reads the state dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/FieldPairs.h"
#include "checkers/dma/Lifecycle.h"

#include "clang/AST/ParentMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class UnmapMismatch
    : public Checker<check::Event<MappingEvent>, check::EndOfTranslationUnit> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkEndOfTranslationUnit(const TranslationUnitDecl *TU,
                                 AnalysisManager &Mgr, BugReporter &BR) const;

private:
  bool family(const MappingEvent &E, const ApiEntry &Api) const;
  void size(const MappingEvent &E, const ApiEntry &Api) const;
  void range(const MappingEvent &E, const ApiEntry &Api) const;

  RuleBugTypes BT{this};
};

std::string sizeText(std::optional<Linear> V, const char *Other) {
  return !V->Base ? "size " + std::to_string(V->Off) : std::string(Other);
}

/// Whether S releases memory of family Fam somewhere in it.
bool releasesFamily(const Stmt *S, Family Fam) {
  return anyCallIn(S, [Fam](const CallExpr *CE) {
    const ApiEntry *A = apiOf(CE);
    return A && (A->R == Role::UNMAP || A->R == Role::FREE) &&
           sameReleaseFamily(Fam, A->Fam);
  });
}

/// Whether the release at Call is one branch of an if whose other branch
/// releases family Fam: the driver chooses between the two there (b44's
/// ring either mapped or allocated by a flag, xhci's stream contexts from a
/// pool or not by their count), and the path chose the other one only by
/// re-reading what decides after a call it did not enter.
bool otherBranchReleases(const Stmt *Call, const LocationContext *LC,
                         Family Fam) {
  const ParentMap &PM = LC->getParentMap();
  for (const Stmt *Child = Call, *P = PM.getParent(Call); P;
       Child = P, P = PM.getParent(P))
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      const Stmt *Other = Child == If->getThen()   ? If->getElse()
                          : Child == If->getElse() ? If->getThen()
                                                   : nullptr;
      if (Other && releasesFamily(Other, Fam))
        return true;
    }
  return false;
}

bool UnmapMismatch::family(const MappingEvent &E, const ApiEntry &Api) const {
  const MappingState &M = *E.M;
  if (sameReleaseFamily(M.api().Fam, Api.Fam))
    return false; // (syncs serve every family: not judged here)
  if (otherBranchReleases(E.Call->getOriginExpr(), E.C.getLocationContext(),
                          M.api().Fam))
    return true; // (not a size question either)
  ASTContext &Ctx = E.C.getASTContext();
  std::string Release = M.api().Release;
  if (const ApiEntry *Shown = lookupApi(displayName(M.site(), Ctx));
      Shown && *Shown->Release)
    Release = Shown->Release;
  reportAtCall(
      E, BT.get(DMC007),
      displayName(*E.Call, E.C) + "() releases " +
          (M.isAlloc() ? "memory allocated by " : "a mapping made by ") +
          siteText(M, E.C) + "; it must be released by " + Release + "()",
      E.Sym, M, nullptr);
  return true;
}

void UnmapMismatch::size(const MappingEvent &E, const ApiEntry &Api) const {
  const MappingState &M = *E.M;
  ASTContext &Ctx = E.C.getASTContext();
  std::optional<Linear> Was = linearOf(M.size(), siteArg(M, M.api().Size), Ctx);
  std::optional<Linear> Now = argLinear(*E.Call, Api.Size, E.C);
  std::optional<int64_t> Diff = difference(Was, Now);
  if (!Diff || *Diff == 0 ||
      spelledAlikeFromState(siteArg(M, M.api().Size),
                            callArg(*E.Call, Api.Size), Ctx))
    return;
  std::string Msg = displayName(*E.Call, E.C) + "() is given " +
                    sizeText(Now, "another size") + "; the " +
                    (M.isAlloc() ? "allocation made by " : "mapping made by ") +
                    siteText(M, E.C) + " has " + sizeText(Was, "another");
  reportAtCall(E, BT.get(DMC007), Msg, E.Sym, M, argExpr(*E.Call, Api.Size));
}

// A sync past the end of the mapping: offset + size > mapped size (the
// offset is 0 unless a _range sync gives one).
void UnmapMismatch::range(const MappingEvent &E, const ApiEntry &Api) const {
  const MappingState &M = *E.M;
  ASTContext &Ctx = E.C.getASTContext();
  std::optional<Linear> End = argLinear(*E.Call, Api.Size, E.C);
  if (Api.has(F_RANGE))
    End = sum(End, argLinear(*E.Call, Api.Handle + 1, E.C));
  std::optional<Linear> Was = linearOf(M.size(), siteArg(M, M.api().Size), Ctx);
  std::optional<int64_t> Past = difference(End, Was);
  if (!Past || *Past <= 0)
    return; // may fit
  reportAtCall(E, BT.get(DMC007),
               displayName(*E.Call, E.C) +
                   "() syncs past the end of the mapping made by " +
                   siteText(M, E.C) +
                   (!Was->Base ? " (" + std::to_string(Was->Off) + " bytes)"
                               : std::string()),
               E.Sym, M, argExpr(*E.Call, Api.Size));
}

void UnmapMismatch::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC007) || !E.Call || !E.M ||
      (E.Kind != EventKind::Release && E.Kind != EventKind::Sync))
    return;
  const ApiEntry *Api = apiFor(*E.Call);
  if (!Api || E.M->phase() == Phase::Released || E.M->phase() == Phase::Failed)
    return; // released twice, or never mapped: other rules
  // Judged only for the handle itself: `dma + off` is another address.
  bool Exact = givenExactly(E.Before, argVal(*E.Call, Api->Handle), E.Sym) ||
               givenExactly(E.Before, argVal(*E.Call, Api->Buf), E.Sym);
  if (!Exact)
    return;
  if (E.Kind == EventKind::Release) {
    if (!family(E, *Api) && Api->Size >= 0)
      size(E, *Api);
    return;
  }
  if (Api->Size >= 0 && !E.M->isAlloc())
    range(E, *Api);
}

void UnmapMismatch::checkEndOfTranslationUnit(const TranslationUnitDecl *TU,
                                              AnalysisManager &Mgr,
                                              BugReporter &BR) const {
  if (!activeRules().enabled(DMC007))
    return;
  for (const FieldMismatch &F : fieldMismatches(TU, Mgr.getASTContext()))
    if (F.Kind != FieldMismatch::Direction)
      reportFieldMismatch(F, BT.get(DMC007), Mgr, BR, this);
}

} // namespace

void dmacheck::registerUnmapMismatch(CheckerManager &Mgr) {
  Mgr.registerChecker<UnmapMismatch>();
}

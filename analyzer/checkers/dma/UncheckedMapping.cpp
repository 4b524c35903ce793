//===- UncheckedMapping.cpp - dma-unchecked-mapping -----------------------===//
//
// A streaming handle used, kept or lost before dma_mapping_error() said it is
// good; a dma_map_sg() count used without a test for 0; a map whose result is
// dropped (dma-api.rst: "the driver must call dma_mapping_error()"). Reads
// the state dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/dma/UncheckedMapping.h"
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Events.h"
#include "checkers/dma/Report.h"
#include "checkers/dma/Summaries.h"

#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class UncheckedMapping
    : public Checker<check::Event<MappingEvent>, check::EndAnalysis> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkEndAnalysis(ExplodedGraph &G, BugReporter &BR,
                        ExprEngine &Eng) const {
    Held.flush(BR);
    if (activeRules().enabled(DMC001))
      checkUnexploredMappings(this, G, BR, Eng, Summaries, ReportedSites);
  }

private:
  void report(const MappingEvent &E, std::string Msg, bool Secondary,
              const Stmt *At, const LocationContext *AtCtx) const;
  void reportAtCall(const MappingEvent &E, StringRef How) const;
  void reportEnd(const MappingEvent &E) const;

  RuleBugTypes BT{this};
  mutable SinkSuppressedReports Held;
  mutable ParamSummaries Summaries;
  /// Map calls reported on some path (the syntactic pass skips them).
  mutable llvm::SmallPtrSet<const Stmt *, 16> ReportedSites;
};

std::string mapName(const MappingEvent &E) {
  return displayName(E.M->site(), E.C.getASTContext()) + "()";
}

void UncheckedMapping::report(const MappingEvent &E, std::string Msg,
                              bool Secondary, const Stmt *At,
                              const LocationContext *AtCtx) const {
  ExplodedNode *N = E.Node.get();
  if (!N)
    return;
  ReportedSites.insert(E.M->site());
  Held.hold(std::make_unique<MappingReport>(BT.get(DMC001, Secondary), Msg, N,
                                            E.Sym, *E.M, At, AtCtx));
}

/// A misuse at a call (an unmap, a register write): the report points at the
/// call in the function that made the mapping (a helper may be right
/// elsewhere).
void UncheckedMapping::reportAtCall(const MappingEvent &E,
                                    StringRef How) const {
  auto [At, AtCtx] =
      inMappingFrame(*E.M, E.Call->getOriginExpr(), E.C.getLocationContext());
  report(E, "the mapping made by " + mapName(E) + " " + How.str(), false, At,
         AtCtx);
}

/// The mapping died, the path ended, or the function that made it returned
/// while it still needed its check.
void UncheckedMapping::reportEnd(const MappingEvent &E) const {
  const MappingState &M = *E.M;
  if (!M.needsCheck() || M.deviceWrite())
    return; // checked, or already reported at the register write
  const StackFrameContext *SiteFrame = M.siteContext()->getStackFrame();
  bool UsedInSiteFrame =
      M.use() && M.useContext()->getStackFrame() == SiteFrame;
  // At the end of an inlined mapping function only a use it made counts:
  // a handle left in the caller's variable (an out parameter) is the
  // caller's to check.
  if (E.Kind == EventKind::FrameEnd && !UsedInSiteFrame)
    return;
  SVal H = nonloc::SymbolVal(E.Sym);
  if (M.isStreaming() && !M.use() && E.Before->isNull(H).isConstrainedTrue())
    return; // tested against 0 and dropped: the driver took that as failure
  std::string Msg;
  if (M.isSg())
    Msg = mapName(E) + " result is used without a check for 0 (the mapping "
                       "failed when it returns 0)";
  else if (!M.use())
    Msg = mapName(E) + " result is lost without dma_mapping_error() check";
  else
    Msg = mapName(E) + " result is used without dma_mapping_error() check";
  const Stmt *At = M.use();
  const LocationContext *AtCtx = M.useContext();
  std::string Fn =
      cast<NamedDecl>(M.siteContext()->getDecl())->getNameAsString() + "()";
  if (At && M.handoff() && !UsedInSiteFrame) {
    if (!isa<ReturnStmt>(M.handoff())) {
      // Stored through an out parameter by a function that returns a
      // status: its "success" covered a mapping it never checked.
      Msg = mapName(E) + " result is handed to the caller of " + Fn +
            " through an out parameter without dma_mapping_error() check";
      At = M.handoff();
      AtCtx = M.siteContext();
    } else if (E.Before->isNull(H).isConstrainedFalse()) {
      // Returned to a caller that tested it against 0 before using it:
      // the caller relies on the function that mapped it to turn a failed
      // mapping into 0 (dma_mapping_error() belonged there).
      Msg = mapName(E) + " result is returned by " + Fn +
            " without dma_mapping_error() check; the caller tests it "
            "against 0 instead";
      At = M.handoff();
      AtCtx = M.siteContext();
    }
  }
  // Lost without any use on this path: another path may show the use.
  report(E, Msg, !M.use(), At, AtCtx);
}

void UncheckedMapping::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC001))
    return;
  switch (E.Kind) {
  case EventKind::Ignored: {
    const ApiEntry *Api = apiFor(*E.Call);
    std::string Msg = displayName(*E.Call, E.C) + "() result is ignored";
    if (Api && Api->Fam == Family::SG)
      Msg += ": a failed mapping (0) goes unnoticed";
    else if (Api && Api->Fam == Family::SGTABLE)
      Msg += ": a failed mapping goes unnoticed";
    else
      Msg += ": the mapping can be neither checked nor unmapped";
    ReportedSites.insert(E.Call->getOriginExpr());
    if (ExplodedNode *N = E.Node.get())
      Held.hold(
          std::make_unique<PathSensitiveBugReport>(BT.get(DMC001), Msg, N));
    return;
  }
  case EventKind::DeviceWrite:
    if (E.M->needsCheck() && !E.M->deviceWrite())
      reportAtCall(E, "is written to the device by " +
                          displayName(*E.Call, E.C) +
                          "() without a dma_mapping_error() check");
    return;
  case EventKind::Release:
    if (E.M->phase() == Phase::Failed)
      // dma-debug reports this as an unmap of an address never mapped.
      reportAtCall(E, "is unmapped by " + displayName(*E.Call, E.C) +
                          "() although dma_mapping_error() reported that it "
                          "failed");
    else if (E.M->needsCheck())
      // dma-debug: "device driver failed to check map error".
      reportAtCall(E, "is unmapped by " + displayName(*E.Call, E.C) +
                          "() without a dma_mapping_error() check");
    return;
  case EventKind::Died:
  case EventKind::EndOfPath:
  case EventKind::FrameEnd:
    reportEnd(E);
    return;
  case EventKind::Sync:
  case EventKind::SgRelease:
  case EventKind::SgListLost:
  case EventKind::CpuAccess:
    return;
  }
}

} // namespace

void dmacheck::registerUncheckedMapping(CheckerManager &Mgr) {
  Mgr.registerChecker<UncheckedMapping>();
}

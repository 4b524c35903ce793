//===- TerminateSync.cpp - dmaengine-terminate-without-sync ---------------===//
//
// driver-api/dmaengine/client.rst: dmaengine_terminate_async() "does not
// wait": the transfer and its completion callback may still run, so
// "dmaengine_synchronize() needs to be called before it is safe to free
// memory accessed by previously submitted descriptors";
// dmaengine_terminate_all() "is deprecated and should not be used in new
// code". Reported:
//  - every call of dmaengine_terminate_all() (syntax);
//  - on a path, a DMA API unmap or free after dmaengine_terminate_async()
//    with no dmaengine_synchronize() (or dmaengine_terminate_sync()) in
//    between, on any channel.
// Own state: the asynchronous terminations not yet synchronized.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

REGISTER_MAP_WITH_PROGRAMSTATE(UnsyncedTerminations, const Stmt *,
                               const LocationContext *)
DMACHECK_PATH_OBLIGATION(UnsyncedTerminations)

namespace {

class TerminateSync : public Checker<check::PreCall, check::ASTCodeBody> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const;

private:
  RuleBugTypes BT{this};
};

void TerminateSync::checkPreCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || !activeRules().enabled(DMC021) ||
      inModelledBody(C.getLocationContext()))
    return;
  ProgramStateRef State = C.getState();
  switch (Api->R) {
  case Role::TERMINATE_ASYNC:
    if (Api->Fam == Family::DMAENGINE)
      C.addTransition(State->set<UnsyncedTerminations>(Call.getOriginExpr(),
                                                       C.getLocationContext()));
    return;
  case Role::SYNCHRONIZE:
  case Role::TERMINATE_SYNC:
  case Role::TERMINATE_ALL: // reported as such; it waits on most drivers
    if (!State->get<UnsyncedTerminations>().isEmpty())
      C.addTransition(State->remove<UnsyncedTerminations>());
    return;
  case Role::UNMAP:
  case Role::FREE:
    break;
  default:
    return;
  }
  auto Pending = State->get<UnsyncedTerminations>();
  if (Pending.isEmpty())
    return;
  auto First = *Pending.begin();
  std::string Msg =
      displayName(Call, C) + "() after " +
      displayName(cast<Expr>(First.first), C.getASTContext()) + "() at line " +
      lineOf(First.first, C.getSourceManager()) +
      " without dmaengine_synchronize(): the transfer and its callback may "
      "still be using the memory";
  reportAtSite(
      C, BT.get(DMC021), Msg, First.first, First.second, Call.getOriginExpr(),
      C.generateNonFatalErrorNode(State->remove<UnsyncedTerminations>()));
}

void TerminateSync::checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                                     BugReporter &BR) const {
  if (!activeRules().enabled(DMC021) || !isDriverBody(D, Mgr))
    return;
  anyCallIn(D->getBody(), [&](const CallExpr *CE) {
    const ApiEntry *Api = apiOf(CE);
    if (!Api || Api->R != Role::TERMINATE_ALL)
      return false;
    BR.EmitBasicReport(
        D, this, ruleInfo(DMC021).Name, "DMA API",
        displayName(CE, Mgr.getASTContext()) +
            "() is deprecated: use dmaengine_terminate_sync(), or "
            "dmaengine_terminate_async() and dmaengine_synchronize() before "
            "the memory the transfer used is freed",
        PathDiagnosticLocation(CE->getBeginLoc(), Mgr.getSourceManager()),
        CE->getSourceRange());
    return false;
  });
}

} // namespace

void dmacheck::registerTerminateSync(CheckerManager &Mgr) {
  Mgr.registerChecker<TerminateSync>();
}

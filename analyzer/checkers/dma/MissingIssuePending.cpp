//===- MissingIssuePending.cpp - dmaengine-missing-issue-pending ----------===//
//
// driver-api/dmaengine/client.rst: dmaengine_submit() "will not start the
// DMA operation, it merely adds it to the pending queue"; the transfers
// start at dma_async_issue_pending(). Reported: a descriptor submitted on
// a path that ends (the analysed function returns) with no
// dma_async_issue_pending() after it on the descriptor's channel, when:
//  - the submission did not fail (dma_submit_error(), a negative cookie),
//    no terminate cancelled it, and the function does not return what may
//    be an error (its caller unwinds the transfer then);
//  - the function has no caller in the file (a helper's callers may issue:
//    their paths step into it and are judged instead);
//  - no function of the file that issues without submitting lies outside
//    what the analysed one calls (a submit in .prepare, the issue in
//    .trigger).
// Own state: the channel of each descriptor prepared, and the submissions
// not yet issued.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"
#include "engine/FunctionPolicy.h"

#include "clang/Analysis/CallGraph.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {
struct Submission {
  SVal Chan;
  SymbolRef Cookie;
  SymbolRef Failed; // dma_submit_error(cookie)
  const LocationContext *Ctx;

  bool operator==(const Submission &O) const {
    return Chan == O.Chan && Cookie == O.Cookie && Failed == O.Failed &&
           Ctx == O.Ctx;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    Chan.Profile(ID);
    ID.AddPointer(Cookie);
    ID.AddPointer(Failed);
    ID.AddPointer(Ctx);
  }
};
} // namespace

REGISTER_MAP_WITH_PROGRAMSTATE(DescChans, SymbolRef, SVal)
DMACHECK_PATH_CONTEXT(DescChans)
REGISTER_MAP_WITH_PROGRAMSTATE(Unissued, const Stmt *, Submission)
DMACHECK_PATH_OBLIGATION(Unissued)

namespace {

class MissingIssuePending
    : public Checker<check::PreCall, check::PostCall, check::EndFunction,
                     check::LiveSymbols> {
public:
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;

private:
  void issue(const CallEvent &Call, SVal Chan, CheckerContext &C) const;
  RuleBugTypes BT{this};
};

/// Functions of the file that issue pending transfers without submitting
/// any, and what each function calls (transitively).
struct IssueFacts {
  llvm::DenseSet<const Decl *> IssueOnly;
  llvm::DenseMap<const Decl *, llvm::DenseSet<const Decl *>> Reach;
  const CallGraph *CG = nullptr; // the engine's (engine/FunctionPolicy.h)
};

/// What D calls, transitively (D included).
const llvm::DenseSet<const Decl *> &reachFrom(IssueFacts &F, const Decl *D) {
  const Decl *K = D->getCanonicalDecl();
  auto It = F.Reach.find(K);
  if (It != F.Reach.end())
    return It->second;
  llvm::DenseSet<const Decl *> Seen{K};
  SmallVector<const Decl *, 16> Work{K};
  while (!Work.empty()) {
    CallGraphNode *N = F.CG->getNode(Work.pop_back_val());
    if (!N)
      continue;
    for (const CallGraphNode::CallRecord &CR : *N)
      if (const Decl *Callee = CR.Callee->getDecl())
        if (Seen.insert(Callee->getCanonicalDecl()).second)
          Work.push_back(Callee->getCanonicalDecl());
  }
  return F.Reach.try_emplace(K, std::move(Seen)).first->second;
}

IssueFacts &issueFacts(ASTContext &Ctx) {
  static const ASTContext *For = nullptr;
  static std::unique_ptr<IssueFacts> F;
  if (For == &Ctx && F)
    return *F;
  For = &Ctx;
  F = std::make_unique<IssueFacts>();
  F->CG = &fileCallGraph(Ctx);
  llvm::DenseSet<const Decl *> Issuers, Submitters;
  for (const auto &Entry : *F->CG) {
    const Decl *D = Entry.first;
    if (!D || !D->hasBody())
      continue;
    anyCallIn(D->getBody(), [&](const CallExpr *CE) {
      if (const ApiEntry *Api = apiOf(CE)) {
        if (Api->R == Role::ISSUE)
          Issuers.insert(D->getCanonicalDecl());
        if (Api->R == Role::SUBMIT)
          Submitters.insert(D->getCanonicalDecl());
      }
      return false;
    });
  }
  // Issues, and submits neither itself nor through a callee (a pcm
  // trigger that calls the submitting helper is not one).
  for (const Decl *D : Issuers)
    if (llvm::none_of(reachFrom(*F, D),
                      [&](const Decl *R) { return Submitters.contains(R); }))
      F->IssueOnly.insert(D);
  return *F;
}

/// Whether a function that only issues lies outside what D calls, or is
/// also called from outside it: an interrupt handler that starts what D
/// queued on a path that returned early (omap_hsmmc's request with a
/// set-block-count command first: the command-complete interrupt issues).
bool issuedElsewhere(const Decl *D, ASTContext &Ctx) {
  IssueFacts &F = issueFacts(Ctx);
  if (F.IssueOnly.empty())
    return false;
  const llvm::DenseSet<const Decl *> &Reach = reachFrom(F, D);
  auto Outside = [&](const Decl *X) { return !Reach.contains(X); };
  return llvm::any_of(F.IssueOnly, [&](const Decl *I) {
    return Outside(I) || llvm::any_of(callersInFile(Ctx, I), Outside);
  });
}

void MissingIssuePending::checkPostCall(const CallEvent &Call,
                                        CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->Fam != Family::DMAENGINE || !activeRules().enabled(DMC020) ||
      inModelledBody(C.getLocationContext()))
    return;
  ProgramStateRef State = C.getState();
  SVal Ret = Call.getReturnValue();
  if (Api->R == Role::PREP) {
    if (SymbolRef D = pointerSymbol(Ret))
      C.addTransition(State->set<DescChans>(D, argVal(Call, Api->Dev)));
    return;
  }
  if (Api->R == Role::SUBMIT) {
    SymbolRef D = pointerSymbol(argVal(Call, Api->Dev));
    const SVal *Chan = D ? State->get<DescChans>(D) : nullptr;
    C.addTransition(State->set<Unissued>(
        Call.getOriginExpr(), {Chan ? *Chan : UnknownVal(), Ret.getAsSymbol(),
                               nullptr, C.getLocationContext()}));
    return;
  }
  if (Api->R == Role::CHECK) { // dma_submit_error(cookie)
    SymbolRef Cookie = argVal(Call, 0).getAsSymbol();
    for (const auto &E : State->get<Unissued>())
      if (Cookie && E.second.Cookie == Cookie) {
        Submission S = E.second;
        S.Failed = Ret.getAsSymbol();
        C.addTransition(State->set<Unissued>(E.first, S));
        return;
      }
  }
}

void MissingIssuePending::checkPreCall(const CallEvent &Call,
                                       CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  ProgramStateRef State = C.getState();
  if (State->get<Unissued>().isEmpty())
    return;
  // The dmaengine core's waits issue the channel first (dma_sync_wait()).
  if (const IdentifierInfo *II = Call.getCalleeIdentifier();
      II && (II->getName() == "dma_sync_wait" ||
             II->getName() == "dma_wait_for_async_tx")) {
    issue(Call, UnknownVal(), C);
    return;
  }
  if (!Api)
    return;
  switch (Api->R) {
  case Role::TERMINATE_SYNC:
  case Role::TERMINATE_ASYNC:
  case Role::TERMINATE_ALL:
    C.addTransition(State->remove<Unissued>());
    return;
  case Role::ISSUE:
    break;
  default:
    return;
  }
  issue(Call, argVal(Call, Api->Dev), C);
}

void MissingIssuePending::issue(const CallEvent &Call, SVal Chan,
                                CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  ProgramStateRef Next = State;
  for (const auto &E : State->get<Unissued>())
    if (E.second.Chan == Chan || E.second.Chan.isUnknown())
      Next = Next->remove<Unissued>(E.first);
  // Not known to be another channel: re-read after a call, it may be it.
  if (Next == State)
    Next = State->remove<Unissued>();
  C.addTransition(Next);
}

// The cookie and its test decide whether the submission failed.
void MissingIssuePending::checkLiveSymbols(ProgramStateRef State,
                                           SymbolReaper &SR) const {
  for (const auto &E : State->get<Unissued>()) {
    if (E.second.Cookie)
      SR.markLive(E.second.Cookie);
    if (E.second.Failed)
      SR.markLive(E.second.Failed);
  }
}

/// Whether the function may be returning an error: the caller undoes the
/// transfer then (ALSA's trigger unwinding, a helper's caller); all four
/// real findings before this were such paths or their callers'.
bool mayFail(const ReturnStmt *RS, CheckerContext &C) {
  const Expr *E = RS ? RS->getRetValue() : nullptr;
  if (!E || !E->getType()->isSignedIntegerType())
    return false;
  SValBuilder &SVB = C.getSValBuilder();
  SVal Neg =
      SVB.evalBinOp(C.getState(), BO_LT, C.getSVal(E),
                    SVB.makeIntVal(0, E->getType()), SVB.getConditionType());
  auto D = Neg.getAs<DefinedOrUnknownSVal>();
  return !D || D->isUnknown() || C.getState()->assume(*D, true);
}

/// Whether the path knows the submission failed.
bool failed(ProgramStateRef State, const Submission &S, SValBuilder &SVB) {
  if (S.Failed) {
    SVal Err = nonloc::SymbolVal(S.Failed);
    if (auto D = Err.getAs<DefinedOrUnknownSVal>())
      if (!State->assume(*D, false))
        return true;
  }
  if (S.Cookie && S.Cookie->getType()->isIntegerType()) {
    SVal Neg = SVB.evalBinOp(State, BO_LT, nonloc::SymbolVal(S.Cookie),
                             SVB.makeIntVal(0, S.Cookie->getType()),
                             SVB.getConditionType());
    if (auto D = Neg.getAs<DefinedOrUnknownSVal>())
      if (!State->assume(*D, false))
        return true;
  }
  return false;
}

void MissingIssuePending::checkEndFunction(const ReturnStmt *RS,
                                           CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (!C.inTopFrame() || State->get<Unissued>().isEmpty())
    return;
  const Decl *D = C.getLocationContext()->getDecl();
  if (!D || hasCallerInFile(C.getASTContext(), D) ||
      issuedElsewhere(D, C.getASTContext()) || mayFail(RS, C))
    return;
  for (const auto &E : State->get<Unissued>()) {
    if (failed(State, E.second, C.getSValBuilder()))
      continue;
    reportAtSite(C, BT.get(DMC020),
                 displayName(cast<Expr>(E.first), C.getASTContext()) +
                     "() queues the descriptor, but this path never calls "
                     "dma_async_issue_pending() on its channel: the transfer "
                     "does not start",
                 E.first, E.second.Ctx, E.first, nullptr, E.second.Ctx);
    return;
  }
}

} // namespace

void dmacheck::registerMissingIssuePending(CheckerManager &Mgr) {
  Mgr.registerChecker<MissingIssuePending>();
}

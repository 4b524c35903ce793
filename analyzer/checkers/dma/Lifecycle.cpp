//===- Lifecycle.cpp - what the lifecycle rules share ---------------------===//
#include "checkers/dma/Lifecycle.h"
#include "checkers/Support.h"
#include "checkers/dma/Report.h"

#include "clang/AST/ParentMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"

#include <tuple>

using namespace clang;
using namespace clang::ento;

namespace dmacheck {
namespace dma {

std::string directionName(int64_t Dir) {
  switch (Dir) {
  case DirBidirectional:
    return "DMA_BIDIRECTIONAL";
  case DirToDevice:
    return "DMA_TO_DEVICE";
  case DirFromDevice:
    return "DMA_FROM_DEVICE";
  case DirNone:
    return "DMA_NONE";
  default:
    return "direction " + std::to_string(Dir);
  }
}

bool takesDataDirection(const ApiEntry &Api) {
  if (Api.Dir < 0)
    return false;
  switch (Api.Fam) {
  case Family::SINGLE:
  case Family::PAGE:
  case Family::RESOURCE:
  case Family::SG:
  case Family::SGTABLE:
  case Family::NONCOHERENT:
  case Family::PAGES:
  case Family::NONCONTIG:
    return true;
  default:
    return false;
  }
}

std::optional<Linear> linearOf(SVal V, const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) &&
      R.Val.getInt().getSignificantBits() <= 63)
    return Linear{nullptr, R.Val.getInt().getExtValue()};
  if (auto CI = V.getAs<nonloc::ConcreteInt>()) {
    if (CI->getValue().getSignificantBits() > 63)
      return std::nullopt;
    return Linear{nullptr, CI->getValue().getExtValue()};
  }
  if (!isa<NonLoc>(V))
    return std::nullopt;
  SymbolRef S = V.getAsSymbol();
  if (!S)
    return std::nullopt;
  if (const auto *SIE = dyn_cast<SymIntExpr>(S)) {
    const llvm::APSInt &C = SIE->getRHS();
    if (C.getSignificantBits() <= 63 &&
        (SIE->getOpcode() == BO_Add || SIE->getOpcode() == BO_Sub)) {
      int64_t N = C.getExtValue();
      return Linear{SIE->getLHS(), SIE->getOpcode() == BO_Add ? N : -N};
    }
  }
  return Linear{S, 0};
}

SVal rawArg(const CallEvent &Call, int I, CheckerContext &C) {
  SVal V = argVal(Call, I);
  if (!V.getAs<nonloc::ConcreteInt>())
    return V;
  // ProgramState::getSVal() gives a symbol the path constrained to one
  // value as that constant; what the variable or field really holds is
  // the store's own binding.
  if (const MemRegion *R = holderRegion(argExpr(Call, I), C)) {
    SVal Raw = C.getState()->getRawSVal(loc::MemRegionVal(R));
    if (isa<NonLoc>(Raw))
      return Raw;
  }
  return V;
}

std::optional<Linear> argLinear(const CallEvent &Call, int I,
                                CheckerContext &C) {
  return linearOf(rawArg(Call, I, C), callArg(Call, I), C.getASTContext());
}

std::optional<int64_t> difference(std::optional<Linear> A,
                                  std::optional<Linear> B) {
  if (!A || !B || A->Base != B->Base)
    return std::nullopt;
  return A->Off - B->Off;
}

std::optional<Linear> sum(std::optional<Linear> A, std::optional<Linear> B) {
  if (!A || !B || (A->Base && B->Base))
    return std::nullopt;
  return Linear{A->Base ? A->Base : B->Base, A->Off + B->Off};
}

const Expr *siteArg(const MappingState &M, int I) {
  const CallExpr *CE = M.site();
  if (!CE || I < 0 || (unsigned)I >= CE->getNumArgs())
    return nullptr;
  return sourceArg(CE->getArg(I), M.siteContext());
}

bool givenExactly(ProgramStateRef State, SVal V, SymbolRef S) {
  SymbolRef X = V.getAsSymbol();
  if (!X)
    X = V.getAsLocSymbol();
  if (!X || !S || !isa<SymbolData>(X))
    return false;
  return X == S || trackedIn(State, nonloc::SymbolVal(X)) == S;
}

const MappingState *sgMappingOf(const MappingEvent &E, const ApiEntry &Api,
                                SymbolRef *Sym) {
  const SgList *L = sgListOf(E.Before, argVal(*E.Call, Api.Buf).getAsRegion());
  if (!L)
    return nullptr;
  const MappingState *M = lookup(E.Before, L->Count);
  if (M && Sym)
    *Sym = L->Count;
  return M;
}

const Expr *sourceArg(const Expr *E, const LocationContext *LC) {
  while (E && LC) {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    const StackFrameContext *SF = LC->getStackFrame();
    const auto *CS = dyn_cast_or_null<CallExpr>(SF->getCallSite());
    if (!P || !CS || P->getFunctionScopeIndex() >= CS->getNumArgs())
      break;
    E = CS->getArg(P->getFunctionScopeIndex());
    LC = SF->getParent();
  }
  return E;
}

const Expr *callArg(const CallEvent &Call, int I) {
  return sourceArg(argExpr(Call, I), Call.getLocationContext());
}

std::pair<const Stmt *, const LocationContext *>
liftBeside(const Stmt *S, const LocationContext *L,
           const LocationContext *Other) {
  const StackFrameContext *Common = nullptr;
  for (const LocationContext *X = L; X && !Common; X = X->getParent())
    for (const LocationContext *Y = Other; Y; Y = Y->getParent())
      if (Y->getStackFrame() == X->getStackFrame()) {
        Common = X->getStackFrame();
        break;
      }
  while (Common && L && S && L->getStackFrame() != Common) {
    const StackFrameContext *SF = L->getStackFrame();
    S = SF->getCallSite();
    L = SF->getParent();
  }
  return {S, L};
}

std::string siteText(const MappingState &M, CheckerContext &C) {
  const Stmt *S =
      liftBeside(M.site(), M.siteContext(), C.getLocationContext()).first;
  return displayName(M.site(), C.getASTContext()) + "() at line " +
         lineOf(S ? S : M.site(), C.getSourceManager());
}

std::string releaseLine(const MappingState &M, CheckerContext &C) {
  if (!M.releaseSite() || !M.releaseContext())
    return "";
  const Stmt *S =
      liftBeside(M.releaseSite(), M.releaseContext(), C.getLocationContext())
          .first;
  return " at line " + lineOf(S ? S : M.releaseSite(), C.getSourceManager());
}

static bool readsState(const Stmt *S) {
  if (!S)
    return false;
  if (isa<MemberExpr, ArraySubscriptExpr, CallExpr>(S))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->hasGlobalStorage() && !VD->getType().isConstQualified();
  for (const Stmt *Child : S->children())
    if (readsState(Child))
      return true;
  return false;
}

bool spelledAlikeFromState(const Expr *A, const Expr *B,
                           const ASTContext &Ctx) {
  if (!A || !B || !readsState(A))
    return false;
  auto Text = [&](const Expr *E) {
    std::string T = writtenText(E, Ctx);
    llvm::erase_if(T, [](char Ch) { return isspace((unsigned char)Ch); });
    return T;
  };
  std::string TA = Text(A);
  return !TA.empty() && TA == Text(B);
}

/// Whether X is S or inside it (in LC's function).
static bool within(const Stmt *X, const Stmt *S, const LocationContext *LC) {
  for (; X; X = LC->getParentMap().getParent(X))
    if (X == S)
      return true;
  return false;
}

/// The loop a block edge enters the condition of, or null.
static const Stmt *loopEntered(ProgramPoint P) {
  auto BE = P.getAs<BlockEdge>();
  const Stmt *Loop = BE ? BE->getDst()->getTerminatorStmt() : nullptr;
  return Loop && isa<ForStmt, WhileStmt, DoStmt>(Loop) ? Loop : nullptr;
}

/// Whether P is a `goto` to a label above S.
static bool jumpsAbove(ProgramPoint P, const Stmt *S, const ExplodedNode *N) {
  auto BE = P.getAs<BlockEdge>();
  const auto *G =
      BE ? dyn_cast_or_null<GotoStmt>(BE->getSrc()->getTerminatorStmt())
         : nullptr;
  const Stmt *Label = G ? G->getLabel()->getStmt() : nullptr;
  return Label &&
         N->getState()
             ->getStateManager()
             .getContext()
             .getSourceManager()
             .isBeforeInTranslationUnit(Label->getBeginLoc(), S->getBeginLoc());
}

/// Whether the path from M's release to N (at Cur) went back to the
/// condition of a loop that holds the release and Cur: the second look at
/// the handle is in another iteration, where a ring index the path cannot
/// follow (`i + 1` wrapped by a size it does not know, an index advanced
/// through a pointer) most likely names another entry.
static bool releasedInEarlierIteration(const ExplodedNode *N,
                                       const MappingState &M, const Stmt *Cur,
                                       const LocationContext *CurCtx) {
  if (M.phase() != Phase::Released || !M.releaseSite() || !M.releaseContext())
    return false;
  bool Moved = false; // left Cur's block: an earlier Cur is another run
  for (; N; N = N->getFirstPred()) {
    ProgramPoint P = N->getLocation();
    if (auto SP = P.getAs<StmtPoint>();
        SP && SP->getStmt() == M.releaseSite() &&
        N->getLocationContext() == M.releaseContext() &&
        (Moved || SP->getStmt() != Cur))
      return false;
    Moved |= P.getAs<BlockEdge>().has_value();
    const Stmt *Loop = loopEntered(P);
    const LocationContext *LC = N->getLocationContext();
    // A retry: the path jumped back above the release (`goto retry`), where
    // the driver maps again under a flag the path re-reads after calls it
    // does not enter (sun8i-ss's HMAC round).
    if (LC == M.releaseContext() && jumpsAbove(P, M.releaseSite(), N))
      return true;
    if (!Loop)
      continue;
    // The loop also holds the second look: another iteration (a loop left
    // after the release, as an unwind's, is not one).
    if (!within(liftBeside(Cur, CurCtx, LC).first, Loop, LC))
      continue;
    if (within(liftBeside(M.releaseSite(), M.releaseContext(), LC).first, Loop,
               LC))
      return true;
    // A handle known only from its release (loaded from a ring entry), met
    // again in a loop entered since: a walk over the entries.
    if (M.isUnseen())
      return true;
  }
  return false;
}

std::optional<int64_t> spelledConstant(const Expr *E, CheckerContext &C) {
  Expr::EvalResult R;
  if (E && !E->isValueDependent() &&
      E->IgnoreParenImpCasts()->EvaluateAsInt(R, C.getASTContext()))
    return R.Val.getInt().getExtValue();
  return std::nullopt;
}

bool underStateTest(const Stmt *S, const LocationContext *LC) {
  const ParentMap &PM = LC->getParentMap();
  for (const Stmt *Child = S, *P = PM.getParent(S); P;
       Child = P, P = PM.getParent(P)) {
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(P))
      Cond = If->getCond() != Child ? If->getCond() : nullptr;
    else if (const auto *Sw = dyn_cast<SwitchStmt>(P))
      Cond = Sw->getCond() != Child ? Sw->getCond() : nullptr;
    if (Cond && readsState(Cond))
      return true;
  }
  return false;
}

bool inLaterIteration(const ExplodedNode *N, const Stmt *S,
                      const LocationContext *LC) {
  llvm::SmallDenseMap<const Stmt *, unsigned, 4> Seen;
  for (; N; N = N->getFirstPred()) {
    const Stmt *Loop = loopEntered(N->getLocation());
    if (!Loop)
      continue;
    // S, or the call leading to it, in the loop's function.
    const LocationContext *L = N->getLocationContext();
    auto [Lifted, LiftedCtx] = liftBeside(S, LC, L);
    if (LiftedCtx && LiftedCtx->getStackFrame() == L->getStackFrame() &&
        within(Lifted, Loop, L) && ++Seen[Loop] > 1)
      return true;
  }
  return false;
}

/// Where a report about the value Arg at Cur (frame L) is shown, when
/// liftBeside() would show it at a call in frame Top: a value computed in a
/// callee (dbc_erst_free()'s sizeof) is shown there; one the callee was
/// given as a parameter (a wrapper's) at the call that gave it, with the
/// argument there.
static std::tuple<const Stmt *, const LocationContext *, const Expr *>
liftToBlame(const Stmt *Cur, const LocationContext *L, const Expr *Arg,
            const LocationContext *Top) {
  for (; L && L->getStackFrame() != Top->getStackFrame();
       L = L->getStackFrame()->getParent()) {
    const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
    const auto *PVD = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    const auto *CE =
        dyn_cast_or_null<CallExpr>(L->getStackFrame()->getCallSite());
    if (!PVD || !CE || PVD->getFunctionScopeIndex() >= CE->getNumArgs())
      break;
    Arg = CE->getArg(PVD->getFunctionScopeIndex());
    Cur = CE;
  }
  return {Cur, L, Arg};
}

void reportAt(ExplodedNode *N, CheckerContext &C, const BugType &BT,
              const std::string &Msg, SymbolRef S, const MappingState &M,
              const Stmt *Cur, const Expr *Arg, const LocationContext *CurCtx) {
  if (!N || releasedInEarlierIteration(
                N, M, Cur, CurCtx ? CurCtx : C.getLocationContext()))
    return;
  const SourceManager &SM = C.getSourceManager();
  const LocationContext *Other =
      M.isUnseen() && M.releaseContext() ? M.releaseContext() : M.siteContext();
  const LocationContext *L = CurCtx ? CurCtx : C.getLocationContext();
  auto [At, AtCtx] = liftBeside(Cur, L, Other);
  if (Arg)
    std::tie(At, AtCtx, Arg) = liftToBlame(Cur, L, Arg, AtCtx);
  auto R = std::make_unique<StmtReport>(BT, Msg, N, At, AtCtx);
  if (Arg)
    R->addRange(Arg->getSourceRange());
  if (S)
    R->markInteresting(S);
  if (!M.isUnseen())
    R->addNote(
        M.isAlloc() ? "allocated here" : "mapped here",
        PathDiagnosticLocation::createBegin(M.site(), SM, M.siteContext()));
  if (M.phase() == Phase::Released && M.releaseSite() && M.releaseContext())
    R->addNote("released here", PathDiagnosticLocation::createBegin(
                                    M.releaseSite(), SM, M.releaseContext()));
  C.emitReport(std::move(R));
}

void reportAtCall(const MappingEvent &E, const BugType &BT,
                  const std::string &Msg, SymbolRef S, const MappingState &M,
                  const Expr *Arg) {
  reportAt(E.Node.get(), E.C, BT, Msg, S, M, E.Call->getOriginExpr(), Arg);
}

} // namespace dma
} // namespace dmacheck

//===- LoopWidening.cpp - widen loops by what they write ------------------===//
#include "engine/LoopWidening.h"
#include "engine/DonePaths.h"
#include "engine/EngineChecker.h"
#include "engine/LoopWrites.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

/// The loops this path has widened, each with its frame: one widening per
/// loop and frame, as the engine's visit counts never fall.
REGISTER_MAP_WITH_PROGRAMSTATE(WidenedLoops, const Stmt *,
                               const StackFrameContext *)
DMACHECK_PATH_CONTEXT(WidenedLoops)

namespace {

/// The memory a store made through R on this turn may reach on any turn:
/// above the outermost element (an index or a stepped pointer varies).
const MemRegion *acrossTurns(const MemRegion *R) {
  const MemRegion *Top = R;
  for (const MemRegion *Cur = R; Cur;) {
    const auto *Sub = dyn_cast<SubRegion>(Cur);
    if (!Sub)
      break;
    if (isa<ElementRegion>(Sub))
      Top = Sub->getSuperRegion();
    Cur = Sub->getSuperRegion();
  }
  return isa<SubRegion>(Top) ? Top : nullptr;
}

/// A counter the loop only steps up is at least what it was when the loop
/// was widened (only down: at most): the unwind after a failed turn then
/// knows the earlier turns happened.
ProgramStateRef keepBounds(ProgramStateRef Before, ProgramStateRef After,
                           const LoopWrites &W, const LocationContext *LC,
                           SValBuilder &SVB) {
  for (auto [VD, How] : W.Steps) {
    if ((How != StepUp && How != StepDown) || !VD->getType()->isIntegerType())
      continue;
    Loc Place = Before->getLValue(VD, LC);
    SVal Old = Before->getSVal(Place, VD->getType());
    SVal New = After->getSVal(Place, VD->getType());
    if (Old.isUnknownOrUndef() || New.isUnknownOrUndef())
      continue;
    SVal Bound = SVB.evalBinOp(After, How == StepUp ? BO_GE : BO_LE, New, Old,
                               SVB.getConditionType());
    if (auto B = Bound.getAs<DefinedOrUnknownSVal>())
      if (ProgramStateRef S = After->assume(*B, true))
        After = S;
  }
  return After;
}

class LoopWidening : public Checker<check::BranchCondition> {
public:
  void checkBranchCondition(const Stmt *Cond, CheckerContext &C) const;

private:
  ProgramStateRef widen(ProgramStateRef State, const LoopWrites &W,
                        const Expr *Cond, CheckerContext &C) const;
};

ProgramStateRef LoopWidening::widen(ProgramStateRef State, const LoopWrites &W,
                                    const Expr *Cond, CheckerContext &C) const {
  const LocationContext *LC = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  MemRegionManager &MRM = SVB.getRegionManager();
  LoopEval Before(State, LC, SVB, W);
  RegionAndSymbolInvalidationTraits Traits;
  SmallVector<const MemRegion *, 16> Regions;
  bool Unknown = W.Unknown;
  for (const Expr *E : W.Stores) {
    const MemRegion *R = Before.lv(E).getAsRegion();
    if (!(R = R ? acrossTurns(R) : nullptr)) {
      Unknown = true;
      break;
    }
    // Only the field stored to, not the whole object. (A whole variable
    // needs no trait; on an array the trait would leave its elements Unknown
    // instead of symbolic, and a later store at a symbolic index would not
    // keep its value alive.)
    if (R != R->getBaseRegion())
      Traits.setTrait(
          R, RegionAndSymbolInvalidationTraits::TK_DoNotInvalidateSuperRegion);
    Regions.push_back(R);
  }
  for (const Expr *E : W.Given) {
    SVal V = Before.rv(E);
    if (V.isZeroConstant())
      continue;
    const MemRegion *R = V.getAsRegion();
    if (!R) {
      Unknown = true;
      break;
    }
    Regions.push_back(R->getBaseRegion()); // as a call may change it
  }
  if (W.Calls)
    Regions.push_back(MRM.getGlobalsRegion());
  if (Unknown) {
    // What Clang's widening does: every local, argument and global.
    const StackFrameContext *SFC = LC->getStackFrame();
    Regions = {MRM.getStackLocalsRegion(SFC), MRM.getStackArgumentsRegion(SFC),
               MRM.getGlobalsRegion()};
  }
  for (const MemRegion *R : Regions)
    if (isa<MemSpaceRegion>(R))
      Traits.setTrait(R, RegionAndSymbolInvalidationTraits::TK_EntireMemSpace);
  ProgramStateRef Widened = State->invalidateRegions(
      Regions, Cond, C.blockCount(), LC, /*CausesPointerEscape=*/true, nullptr,
      nullptr, &Traits);
  return keepBounds(State, Widened, W, LC, SVB);
}

/// The loop whose head ends B, if B ends in one.
const Stmt *loopAt(const CFGBlock &B) {
  const Stmt *T = B.getTerminatorStmt();
  return isa_and_nonnull<ForStmt, WhileStmt, DoStmt>(T) ? T : nullptr;
}

const Expr *loopCond(const Stmt *Loop) {
  if (const auto *FS = dyn_cast<ForStmt>(Loop))
    return FS->getCond();
  if (const auto *WS = dyn_cast<WhileStmt>(Loop))
    return WS->getCond();
  return cast<DoStmt>(Loop)->getCond();
}

/// The loop S is in the body of, if that loop has no condition that can
/// fail (`for (;;)`, `while (1)`): only a branch in its body can leave it.
const Stmt *endlessLoopAround(const Stmt *S, const ParentMap &PM,
                              ASTContext &Ctx) {
  for (const Stmt *P = PM.getParent(S); P; S = P, P = PM.getParent(P)) {
    if (!isa<ForStmt, WhileStmt, DoStmt>(P))
      continue;
    const Expr *Cond = loopCond(P);
    if (S == Cond || (isa<ForStmt>(P) && S == cast<ForStmt>(P)->getInit()))
      return nullptr;
    bool True = false;
    if (Cond && (Cond->HasSideEffects(Ctx) ||
                 !Cond->EvaluateAsBooleanCondition(True, Ctx) || !True))
      return nullptr;
    return P;
  }
  return nullptr;
}

/// The outermost loop of the function that Loop is nested in (Loop itself
/// if none): widening an inner loop alone would leave the outer counter as
/// it was, and the outer loop's next turn would enter the inner loop's head
/// once more than the engine allows, ending every path (a table cleared by
/// two nested loops, arcmsr_alloc_ccb_pool()).
const Stmt *outermostLoop(const Stmt *Loop, const ParentMap &PM) {
  const Stmt *Outer = Loop;
  for (const Stmt *P = PM.getParent(Loop); P; P = PM.getParent(P))
    if (isa<ForStmt, WhileStmt, DoStmt>(P))
      Outer = P;
  return Outer;
}

void LoopWidening::checkBranchCondition(const Stmt *Cond,
                                        CheckerContext &C) const {
  // Clang widens when a path enters a loop head for the last time it may.
  AnalysisManager &AM = C.getAnalysisManager();
  // (blockCount() counts this visit; Clang's widening tests the visits
  // before it against max-loop - 1.)
  if (C.blockCount() != AM.options.maxBlockVisitOnPath)
    return;
  const auto *CondE = dyn_cast<Expr>(Cond);
  const StackFrameContext *SFC = C.getStackFrame();
  const CFG *G = SFC->getCFG();
  if (!CondE || !G || C.getBlockID() >= G->getNumBlockIDs())
    return;
  const CFGBlock *B = *(G->begin() + C.getBlockID());
  if (B->getBlockID() != C.getBlockID())
    return;
  ProgramStateRef State = C.getState();
  const Stmt *Loop = loopAt(*B);
  if (!Loop) {
    // In an endless loop, the branches of its body are its ways out: the
    // first one reached as often widens the loop.
    const Stmt *Term = B->getTerminatorStmt();
    Loop = Term
               ? endlessLoopAround(Term, C.getLocationContext()->getParentMap(),
                                   C.getASTContext())
               : nullptr;
  }
  if (!Loop)
    return;
  if (const StackFrameContext *const *F = State->get<WidenedLoops>(Loop);
      F && *F == SFC)
    return;
  // Read from the syntax on each widening: a path widens a loop once, and
  // the widening itself costs more than the walk.
  LoopWrites W =
      loopWrites(outermostLoop(Loop, C.getLocationContext()->getParentMap()),
                 C.getASTContext());
  ProgramStateRef Widened = widen(State, W, CondE, C);
  SValBuilder &SVB = C.getSValBuilder();
  SVal Again = LoopEval(Widened, C.getLocationContext(), SVB, W).rv(CondE);
  if (Again.isUnknownOrUndef()) {
    static int Tag;
    Again = SVB.conjureSymbolVal(&Tag, CondE, C.getLocationContext(),
                                 CondE->getType(), C.blockCount());
  }
  Widened = Widened->set<WidenedLoops>(Loop, SFC);
  C.addTransition(Widened->BindExpr(CondE, C.getLocationContext(), Again));
}

void registerChecker(CheckerManager &Mgr) {
  Mgr.registerChecker<LoopWidening>();
}

} // namespace

void dmacheck::registerLoopWidening(CheckerRegistry &Registry) {
  addEngineChecker(Registry, registerChecker, LoopWideningName,
                   "loops widened by what they write");
}
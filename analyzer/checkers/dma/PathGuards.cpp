//===- PathGuards.cpp - when a leak's path is evidence of a leak ----------===//
//
// See PathGuards.h. The path is collected once, root first, and each guard
// reads it.
//
//===----------------------------------------------------------------------===//
#include "checkers/dma/PathGuards.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/ProgramPoint.h"
#include "clang/Basic/Builtins.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExplodedGraph.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

/// Whether Body names a variable that holds Sym in State.
bool loopHolds(const Stmt *Body, SymbolRef Sym, ProgramStateRef State,
               const LocationContext *LC) {
  struct Refs : RecursiveASTVisitor<Refs> {
    llvm::SmallPtrSet<const VarDecl *, 8> Vars;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
        Vars.insert(VD);
      return true;
    }
  } R;
  R.TraverseStmt(const_cast<Stmt *>(Body));
  for (const VarDecl *VD : R.Vars)
    if (trackedIn(State, State->getSVal(State->getLValue(VD, LC))) == Sym)
      return true;
  return false;
}

/// Whether the leak's path, after the mapping was made, skipped a loop
/// (its condition false on the first test) whose body names a variable
/// holding the handle: the loop that would have stored it (ttm_pool_map()'s
/// `for (i = 1 << order; i; --i) *(*dma_addr)++ = addr;`). Loop counts the
/// analyzer cannot bound are rarely 0 in drivers, so such a report is more
/// likely an infeasible path than a leak.
bool skipsLoopHoldingHandle(ArrayRef<const ExplodedNode *> Path,
                            SymbolRef Sym) {
  // The stretch of the path that knows the mapping (the dying nodes at the
  // end no longer have the entry).
  size_t End = Path.size();
  while (End && !lookup(Path[End - 1]->getState(), Sym))
    --End;
  size_t Begin = End;
  while (Begin && lookup(Path[Begin - 1]->getState(), Sym))
    --Begin;
  llvm::SmallPtrSet<const Stmt *, 8> Entered;
  for (const ExplodedNode *Node : Path.slice(Begin, End - Begin)) {
    auto BE = Node->getLocationAs<BlockEdge>();
    if (!BE)
      continue;
    const CFGBlock *Src = BE->getSrc();
    const Stmt *Loop = Src->getTerminatorStmt();
    if (!Loop || !isa<ForStmt, WhileStmt>(Loop) || Src->succ_size() != 2)
      continue;
    const CFGBlock *Exit = *(Src->succ_begin() + 1);
    if (BE->getDst() != Exit) {
      Entered.insert(Loop);
      continue;
    }
    const Stmt *Body = isa<ForStmt>(Loop) ? cast<ForStmt>(Loop)->getBody()
                                          : cast<WhileStmt>(Loop)->getBody();
    if (!Entered.count(Loop) &&
        loopHolds(Body, Sym, Node->getState(), Node->getLocationContext()))
      return true;
  }
  return false;
}

/// A branch condition that reads memory through a pointer and nothing the
/// function recomputes: `i2c->op == I2C_MASTER_RD`, not `ret` or a call.
bool isStableFieldTest(const Expr *Cond) {
  struct Scan : RecursiveASTVisitor<Scan> {
    bool ReadsThroughPointer = false, Unstable = false;
    bool VisitMemberExpr(MemberExpr *ME) {
      ReadsThroughPointer |= ME->isArrow();
      return true;
    }
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *FD = CE->getDirectCallee();
      Unstable |= !FD || !FD->getBuiltinID(); // unlikely() is a builtin
      return !Unstable;
    }
    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      Unstable |= VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
                  !VD->getType()->isPointerType();
      return !Unstable;
    }
  } S;
  S.TraverseStmt(const_cast<Expr *>(Cond));
  return S.ReadsThroughPointer && !S.Unstable;
}

/// What one branch says of one field: `F == C` (Eq) or `F != C` (!Eq).
struct FieldFact {
  unsigned Field; // profile of the field expression
  llvm::APSInt C;
  bool Eq;
};

/// Reads `i2c->op == RD`, `i2c->op != RD`, `priv->flag`, `!priv->flag`,
/// `unlikely(...)` of those, for the branch outcome Taken.
std::optional<FieldFact> fieldFact(const Expr *Cond, bool Taken,
                                   ASTContext &Ctx) {
  for (;;) {
    Cond = Cond->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(Cond);
        CE && CE->getBuiltinCallee() == Builtin::BI__builtin_expect) {
      Cond = CE->getArg(0);
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
        UO && UO->getOpcode() == UO_LNot) {
      Cond = UO->getSubExpr();
      Taken = !Taken;
      continue;
    }
    break;
  }
  const Expr *Field = Cond;
  llvm::APSInt C(Ctx.getIntWidth(Ctx.IntTy), /*isUnsigned=*/false);
  bool Eq = !Taken; // `if (f)` taken: f != 0
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (!BO->isEqualityOp())
      return std::nullopt;
    Expr::EvalResult R;
    if (BO->getRHS()->EvaluateAsInt(R, Ctx))
      Field = BO->getLHS();
    else if (BO->getLHS()->EvaluateAsInt(R, Ctx))
      Field = BO->getRHS();
    else
      return std::nullopt;
    C = R.Val.getInt();
    Eq = (BO->getOpcode() == BO_EQ) == Taken;
  }
  Field = Field->IgnoreParenImpCasts();
  if (!isa<MemberExpr>(Field) || !isStableFieldTest(Field))
    return std::nullopt;
  llvm::FoldingSetNodeID ID;
  Field->Profile(ID, Ctx, /*Canonical=*/true);
  C = C.extOrTrunc(64);
  C.setIsUnsigned(true);
  return FieldFact{ID.ComputeHash(), C, Eq};
}

/// Whether the path's branches say contradictory things of one field
/// (`i2c->op == RD` where it maps, `i2c->op == WR` where it unmaps):
/// drivers test fields they do not change in between, and the second
/// answer is the engine's after an opaque call invalidated the field.
bool contradictsFieldTests(ArrayRef<const ExplodedNode *> Path,
                           ASTContext &Ctx) {
  struct Known {
    std::optional<llvm::APSInt> Eq;
    SmallVector<llvm::APSInt, 2> Ne;
  };
  llvm::DenseMap<unsigned, Known> Facts;
  for (const ExplodedNode *N : Path) {
    auto BE = N->getLocationAs<BlockEdge>();
    if (!BE)
      continue;
    const CFGBlock *Src = BE->getSrc();
    const Stmt *T = Src->getTerminatorStmt();
    if (!T || isa<ForStmt, WhileStmt, DoStmt, SwitchStmt>(T) ||
        Src->succ_size() != 2)
      continue;
    const auto *Cond = dyn_cast_or_null<Expr>(Src->getTerminatorCondition());
    std::optional<FieldFact> F =
        Cond ? fieldFact(Cond, BE->getDst() == *Src->succ_begin(), Ctx)
             : std::nullopt;
    if (!F)
      continue;
    Known &K = Facts[F->Field];
    if (F->Eq) {
      if ((K.Eq && *K.Eq != F->C) || llvm::is_contained(K.Ne, F->C))
        return true;
      K.Eq = F->C;
    } else {
      if (K.Eq && *K.Eq == F->C)
        return true;
      K.Ne.push_back(F->C);
    }
  }
  return false;
}

/// Whether Loop contains the mapping call, or a call on the way to it.
bool loopMakesMapping(const Stmt *Loop, const MappingState &M) {
  llvm::SmallPtrSet<const Stmt *, 4> Sites{M.site()};
  for (const LocationContext *LC = M.siteContext(); LC; LC = LC->getParent())
    if (const auto *SF = dyn_cast<StackFrameContext>(LC);
        SF && SF->getCallSite())
      Sites.insert(SF->getCallSite());
  struct Find : RecursiveASTVisitor<Find> {
    const llvm::SmallPtrSet<const Stmt *, 4> *Sites;
    bool Found = false;
    bool VisitStmt(Stmt *S) {
      Found |= Sites->count(S) > 0;
      return !Found;
    }
  } F;
  F.Sites = &Sites;
  F.TraverseStmt(const_cast<Stmt *>(Loop));
  return F.Found;
}

/// Whether the path entered a loop head as often as the engine allows
/// before it widens the loop, for a loop that does not make the mapping:
/// widening forgets what the loop may have changed, locals included (ioat's
/// `op`, set before a copy loop, then assumed to differ at the unwind), so
/// the rest of the path is not evidence of a leak. (A widened loop that
/// makes the mapping starts each mapping afresh; its leak stands.)
bool widenedOtherLoop(ArrayRef<const ExplodedNode *> Path,
                      const MappingState &M, unsigned MaxVisits) {
  llvm::DenseMap<std::pair<const LocationContext *, unsigned>, unsigned> Visits;
  for (const ExplodedNode *N : Path) {
    auto BE = N->getLocationAs<BlockEntrance>();
    const Stmt *Loop = BE ? BE->getBlock()->getTerminatorStmt() : nullptr;
    if (!Loop || !isa<ForStmt, WhileStmt, DoStmt>(Loop))
      continue;
    unsigned &V =
        Visits[{N->getLocationContext(), BE->getBlock()->getBlockID()}];
    if (++V + 1 == MaxVisits && !loopMakesMapping(Loop, M))
      return true;
  }
  return false;
}

} // namespace

bool dma::leakPathIsEvidence(const ExplodedNode *N, SymbolRef Sym,
                             const MappingState &M, CheckerContext &C) {
  SmallVector<const ExplodedNode *, 128> Path;
  for (; N; N = N->getFirstPred())
    Path.push_back(N);
  std::reverse(Path.begin(), Path.end());
  return !skipsLoopHoldingHandle(Path, Sym) &&
         !contradictsFieldTests(Path, C.getASTContext()) &&
         !widenedOtherLoop(Path, M,
                           C.getAnalysisManager().options.maxBlockVisitOnPath);
}

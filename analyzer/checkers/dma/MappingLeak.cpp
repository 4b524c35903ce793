//===- MappingLeak.cpp - dma-mapping-leak
//-----------------------------------===//
//
// A good mapping or allocation whose every reference died on a path before
// its release (dma-api-howto.rst: "Every dma_map_{single,sg}() call should
// have its dma_unmap_{single,sg}() counterpart"). Only when nothing else may
// still hold it: a handle stored in memory that outlives the function,
// returned, passed to code the analyzer cannot see or written to the device
// (which can hand it back) is not provably lost. Reads the state
// dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Events.h"
#include "checkers/dma/Report.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/ProgramPoint.h"
#include "clang/Basic/Builtins.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class MappingLeak : public Checker<check::Event<MappingEvent>> {
public:
  void checkEvent(const MappingEvent &E) const;

private:
  void reportLostList(const MappingEvent &E) const;

  RuleBugTypes BT{this, /*SuppressOnSink=*/true};
};

/// Whether the function that made M owns its end: it calls M's release
/// somewhere, or gives the mapped memory back to the allocator (kfree(buf)).
/// Then a handle it wrote to the device is not the device's to keep: a path
/// that skips the unmap lost it.
bool siteFunctionOwns(const MappingState &M) {
  struct Finder : RecursiveASTVisitor<Finder> {
    StringRef Release;
    Family Fam;
    std::string Buf;
    bool Found = false;
    // The failure branch of a dma_mapping_error() test frees the buffer of
    // a mapping that does not exist: no evidence of ownership.
    bool TraverseIfStmt(IfStmt *If) {
      if (testsMappingError(If->getCond()))
        return TraverseStmt(If->getElse());
      return RecursiveASTVisitor::TraverseIfStmt(If);
    }
    static bool testsMappingError(const Stmt *S) {
      if (!S)
        return false;
      if (const auto *CE = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *FD = CE->getDirectCallee())
          if (const ApiEntry *A =
                  FD->getIdentifier() ? lookupApi(FD->getName()) : nullptr;
              A && A->R == Role::CHECK)
            return true;
      for (const Stmt *Child : S->children())
        if (testsMappingError(Child))
          return true;
      return false;
    }
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return true;
      const ApiEntry *Api = lookupApi(FD->getName());
      if (Api && (Api->R == Role::UNMAP || Api->R == Role::FREE) &&
          (Api->Fam == Fam || FD->getName() == Release))
        Found = true;
      if (!Buf.empty() && lookupName(FD->getName()) == NameKind::FREE &&
          CE->getNumArgs() > 0 &&
          accessPath(CE->getArg(0)->IgnoreParenCasts()) == Buf)
        Found = true;
      return !Found;
    }
  } F;
  F.Release = M.api().Release;
  F.Fam = M.api().Fam;
  if (M.api().Buf >= 0 && (unsigned)M.api().Buf < M.site()->getNumArgs())
    F.Buf = accessPath(M.site()->getArg(M.api().Buf)->IgnoreParenCasts());
  if (const Decl *D = M.siteContext()->getDecl())
    F.TraverseStmt(D->getBody());
  return F.Found;
}

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
bool skipsLoopHoldingHandle(const ExplodedNode *N, SymbolRef Sym) {
  SmallVector<const ExplodedNode *, 64> Path;
  // The dying node's state no longer has the entry.
  while (N && !lookup(N->getState(), Sym))
    N = N->getFirstPred();
  for (; N && lookup(N->getState(), Sym); N = N->getFirstPred())
    Path.push_back(N);
  llvm::SmallPtrSet<const Stmt *, 8> Entered;
  for (const ExplodedNode *Node : llvm::reverse(Path)) {
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
bool contradictsFieldTests(const ExplodedNode *N, ASTContext &Ctx) {
  struct Known {
    std::optional<llvm::APSInt> Eq;
    SmallVector<llvm::APSInt, 2> Ne;
  };
  llvm::DenseMap<unsigned, Known> Facts;
  for (; N; N = N->getFirstPred()) {
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
bool widenedOtherLoop(const ExplodedNode *N, const MappingState &M,
                      unsigned MaxVisits) {
  llvm::DenseMap<std::pair<const LocationContext *, unsigned>, unsigned> Visits;
  for (; N; N = N->getFirstPred()) {
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

/// Whether the path knows the allocation succeeded (a NULL one holds
/// nothing).
bool knownNonNull(const MappingEvent &E) {
  if (!E.M->isAlloc())
    return true;
  SVal P = loc::MemRegionVal(
      E.C.getStoreManager().getRegionManager().getSymbolicRegion(E.Sym));
  return E.Before->isNull(P).isConstrainedFalse();
}

/// A good dma_map_sg() mapping whose list went out of scope or was freed
/// before dma_unmap_sg(): the mapping (and any IOMMU entries, bounce
/// buffers) can never be released.
void MappingLeak::reportLostList(const MappingEvent &E) const {
  const MappingState &M = *E.M;
  // A count of 0 is a failed mapping; only a path that knows it is not.
  if (!M.isSg() || M.phase() != Phase::Checked ||
      !E.Before->isNull(nonloc::SymbolVal(E.Sym)).isConstrainedFalse())
    return;
  ExplodedNode *N = E.Node.get();
  if (!N)
    return;
  std::string What = displayName(M.site(), E.C.getASTContext()) + "()";
  std::string How = E.Call ? "is freed by " + displayName(*E.Call, E.C) + "()"
                           : std::string("goes out of scope");
  E.C.emitReport(std::make_unique<MappingReport>(
      BT.get(DMC002),
      "scatterlist mapped by " + What + " is leaked: it " + How + " without " +
          M.api().Release + "()",
      N, E.Sym, M, nullptr, nullptr));
}

void MappingLeak::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC002))
    return;
  if (E.Kind == EventKind::SgListLost) {
    reportLostList(E);
    return;
  }
  if (E.Kind != EventKind::Died)
    return;
  const MappingState &M = *E.M;
  if (!M.ownedHere() || !(M.isStreaming() || M.isAlloc()) || !knownNonNull(E))
    return;
  // Written to a device register: the device may hand it back (a buffer
  // manager, a free list) unless the mapping's function owns its end.
  if (M.deviceWrite() && !M.isBufferFreed() && !siteFunctionOwns(M))
    return;
  ExplodedNode *N = E.Node.get();
  if (!N || skipsLoopHoldingHandle(N, E.Sym) ||
      contradictsFieldTests(N, E.C.getASTContext()) ||
      widenedOtherLoop(N, M,
                       E.C.getAnalysisManager().options.maxBlockVisitOnPath))
    return;
  std::string What = displayName(M.site(), E.C.getASTContext()) + "()";
  std::string Release = M.api().Release[0] ? M.api().Release : "its release";
  std::string Msg = M.isAlloc()
                        ? "memory from " + What +
                              " is leaked: it is lost without " + Release + "()"
                        : "mapping made by " + What +
                              " is leaked: its handle is lost without " +
                              Release + "()";
  E.C.emitReport(std::make_unique<MappingReport>(BT.get(DMC002), Msg, N, E.Sym,
                                                 M, nullptr, nullptr));
}

} // namespace

void dmacheck::registerMappingLeak(CheckerManager &Mgr) {
  Mgr.registerChecker<MappingLeak>();
}

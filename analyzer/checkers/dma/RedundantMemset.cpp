//===- RedundantMemset.cpp - dma-redundant-memset -------------------------===//
//
// Since linux 5.0 ("dma-mapping: zero memory returned from dma_alloc_*")
// every dma_alloc_coherent()/dma_alloc_attrs()/dma_alloc_wc() buffer comes
// back zeroed, and dma_zalloc_coherent() was removed as redundant. Reported
// (a note): memset(p, 0, n) of the whole buffer such a call returned on the
// path (same pointer, n the allocated size or more), before anything else
// wrote it, and before the device was started or waited for. A part of
// the buffer, another value, a buffer written first, or
// one a callee the path does not enter may have written, is left alone.
// Own state: the fresh zeroed buffers of the path.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"

#include "clang/AST/ParentMap.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {
struct ZeroedAlloc {
  const Expr *Site;
  const LocationContext *Ctx;
  SVal Size;

  bool operator==(const ZeroedAlloc &O) const {
    return Site == O.Site && Ctx == O.Ctx && Size == O.Size;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Site);
    ID.AddPointer(Ctx);
    Size.Profile(ID);
  }
};
} // namespace

REGISTER_MAP_WITH_PROGRAMSTATE(ZeroedAllocs, SymbolRef, ZeroedAlloc)
DMACHECK_PATH_OBLIGATION(ZeroedAllocs)

namespace {

class RedundantMemset
    : public Checker<check::PreCall, check::PostCall, check::Bind,
                     check::DeadSymbols, check::PointerEscape> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;

private:
  RuleBugTypes BT{this};
};

void RedundantMemset::checkPostCall(const CallEvent &Call,
                                    CheckerContext &C) const {
  if (!activeRules().enabled(DMC017))
    return;
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->R != Role::ALLOC || Api->Fam != Family::COHERENT ||
      Api->Size < 0 || inModelledBody(C.getLocationContext()))
    return;
  SymbolRef S = pointerSymbol(Call.getReturnValue());
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (S && CE)
    C.addTransition(C.getState()->set<ZeroedAllocs>(
        S, {CE, C.getLocationContext(), argVal(Call, Api->Size)}));
}

/// Whether the allocation is made in the memset's own function before it
/// on every path there: a buffer allocated only when
/// missing (`if
/// (!vpu->param) vpu->param = dma_alloc_coherent(...)`), or cleared by a
/// helper other callers give an old buffer, is cleared for a reason.
bool allocDominates(const ZeroedAlloc &Z, const Stmt *Memset,
                    const LocationContext *Ctx) {
  // A helper that allocates may do so only when the buffer is missing
  // (mtk-mdp3's shared_mem_alloc()): the allocation must be this one's.
  if (Z.Ctx->getStackFrame() != Ctx->getStackFrame())
    return false;
  const Stmt *Site = Z.Site;
  AnalysisDeclContext *ADC = Ctx->getAnalysisDeclContext();
  CFG *Cfg = ADC->getCFG();
  const CFGStmtMap *Map = ADC->getCFGStmtMap();
  if (!Cfg || !Map)
    return false;
  const CFGBlock *A = Map->getBlock(Site), *M = Map->getBlock(Memset);
  if (!A || !M)
    return false;
  CFGDomTree Dom(Cfg);
  return Dom.dominates(A, M);
}

/// Whether the statement after the memset frees the buffer it clears: a
/// wipe of secrets before the free (qat's keys), not an initialisation.
bool wipesBeforeFree(const Stmt *Memset, const Expr *Buf,
                     const LocationContext *Ctx) {
  const ParentMap &PM = Ctx->getParentMap();
  const Stmt *S = Memset;
  // Up to the statement of a block (FORTIFY's memset is a statement
  // expression: its own block does not count).
  while (const Stmt *P = PM.getParent(S)) {
    if (isa<CompoundStmt>(P) && !isa_and_nonnull<StmtExpr>(PM.getParent(P)))
      break;
    S = P;
  }
  const auto *CS = dyn_cast_or_null<CompoundStmt>(PM.getParent(S));
  std::string Path = accessPath(Buf);
  if (!CS || Path.empty())
    return false;
  for (auto It = CS->body_begin(); It != CS->body_end(); ++It) {
    if (*It != S || std::next(It) == CS->body_end())
      continue;
    return anyCallIn(*std::next(It), [&](const CallExpr *CE) {
      const ApiEntry *Api = apiOf(CE);
      return Api && Api->R == Role::FREE && Api->Buf >= 0 &&
             (unsigned)Api->Buf < CE->getNumArgs() &&
             accessPath(CE->getArg(Api->Buf)) == Path;
    });
  }
  return false;
}

/// Whether Fill covers at least Size bytes.
bool covers(SVal Fill, SVal Size) {
  if (Fill == Size)
    return true;
  auto F = Fill.getAs<nonloc::ConcreteInt>();
  auto S = Size.getAs<nonloc::ConcreteInt>();
  return F && S && F->getValue().getZExtValue() >= S->getValue().getZExtValue();
}

void RedundantMemset::checkPreCall(const CallEvent &Call,
                                   CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<ZeroedAllocs>().isEmpty())
    return;
  std::optional<NameKind> K = nameKind(Call);
  // Started or waited for, the device may have written the buffers.
  if (startsDevice(apiFor(Call), K, /*OrWaits=*/true)) {
    C.addTransition(State->remove<ZeroedAllocs>());
    return;
  }
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  StringRef Callee = II ? II->getName() : "";
  // FORTIFY_SOURCE kernels call memset() as __underlying_memset().
  bool Fortified = Callee == "__underlying_memset" ||
                   Callee == "__underlying_memcpy" ||
                   Callee == "__underlying_memmove";
  if (K != NameKind::CPU_FILL && K != NameKind::CPU_COPY && !Fortified)
    return;
  SymbolRef S = pointeeSymbol(argVal(Call, 0));
  const ZeroedAlloc *Z = S ? State->get<ZeroedAllocs>(S) : nullptr;
  if (!Z)
    return;
  State = State->remove<ZeroedAllocs>(S); // written from here on
  const MemRegion *R = argVal(Call, 0).getAsRegion();
  std::string Fn = Fortified ? Callee.drop_front(strlen("__underlying_")).str()
                             : displayName(Call, C);
  bool Whole =
      (Callee == "memset" || Callee == "__builtin_memset" ||
       Callee == "__underlying_memset") &&
      R && isa<SymbolicRegion>(R->StripCasts()) &&
      argVal(Call, 1).isZeroConstant() && covers(argVal(Call, 2), Z->Size) &&
      allocDominates(*Z, Call.getOriginExpr(), C.getLocationContext()) &&
      !wipesBeforeFree(Call.getOriginExpr(), argExpr(Call, 0),
                       C.getLocationContext());
  if (!Whole) {
    C.addTransition(State);
    return;
  }
  std::string Name = displayName(Z->Site, C.getASTContext());
  reportAtSite(C, BT.get(DMC017),
               Fn + "() of the whole buffer " + Name + "() returned at line " +
                   lineOf(Z->Site, C.getSourceManager()) +
                   ": that memory is already zeroed (every dma_alloc_*() "
                   "buffer is, since linux 5.0)",
               Z->Site, Z->Ctx, Call.getOriginExpr(),
               C.generateNonFatalErrorNode(State));
}

void RedundantMemset::checkBind(SVal Loc, SVal Val, const Stmt *S,
                                CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<ZeroedAllocs>().isEmpty())
    return;
  if (SymbolRef Sym = pointeeSymbol(Loc); Sym && State->get<ZeroedAllocs>(Sym))
    C.addTransition(State->remove<ZeroedAllocs>(Sym));
}

void RedundantMemset::checkDeadSymbols(SymbolReaper &SR,
                                       CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  for (const auto &E : State->get<ZeroedAllocs>())
    if (SR.isDead(E.first))
      State = State->remove<ZeroedAllocs>(E.first);
  if (State != C.getState())
    C.addTransition(State);
}

// A function the path does not enter may write the buffer, given it or
// a structure that holds it (qat writes its keys so).
ProgramStateRef RedundantMemset::checkPointerEscape(
    ProgramStateRef State, const InvalidatedSymbols &Escaped,
    const CallEvent *Call, PointerEscapeKind Kind) const {
  // Builtins read sizes (FORTIFY's __builtin_dynamic_object_size(p)).
  const auto *FD =
      Call ? dyn_cast_or_null<FunctionDecl>(Call->getDecl()) : nullptr;
  if (!Call || nameKind(*Call) == NameKind::LOG || (FD && FD->getBuiltinID()))
    return State;
  for (SymbolRef S : Escaped)
    State = State->remove<ZeroedAllocs>(S);
  return State;
}

} // namespace

void dmacheck::registerRedundantMemset(CheckerManager &Mgr) {
  Mgr.registerChecker<RedundantMemset>();
}

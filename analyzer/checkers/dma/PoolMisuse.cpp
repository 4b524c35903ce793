//===- PoolMisuse.cpp - dma-pool-misuse -----------------------------------===//
//
// dma-api.rst, Part Ib (dma_pool): a block goes back with dma_pool_free()
// to the pool it came from; dma_pool_destroy() "all blocks must have been
// freed"; dma_pool_create()'s align "must be a power of two" (as its
// boundary, when not 0): dmapool.c returns NULL otherwise. Reported:
//  - a constant alignment or boundary that is not a power of two (syntax);
//  - dma_pool_free() of a block dma_pool_alloc() took on this path from a
//    pool that is provably another: created by another call on the path;
//  - dma_pool_destroy() of a pool while a block the path took from it, and
//    holds only in locals, was not given back (nor handed to a driver
//    function the path does not enter; a free of a block the path does not
//    know, an unwind loop, gives back every block of that pool).
// Reads the allocations dma/Modeling.cpp keeps (the pool is their device);
// own state: the blocks the path took and did not give back.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Lifecycle.h"
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

namespace {
/// A block the path took from a pool and has not given back.
struct PoolBlock {
  const void *Pool; // poolIdentity()
  const Expr *Site;
  const LocationContext *Ctx;

  bool operator==(const PoolBlock &O) const {
    return Pool == O.Pool && Site == O.Site && Ctx == O.Ctx;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Pool);
    ID.AddPointer(Site);
    ID.AddPointer(Ctx);
  }
};
} // namespace

REGISTER_MAP_WITH_PROGRAMSTATE(PoolBlocks, SymbolRef, PoolBlock)
DMACHECK_PATH_OBLIGATION(PoolBlocks)

namespace {

class PoolMisuse : public Checker<check::Event<MappingEvent>, check::PreCall,
                                  check::PostCall, check::DeadSymbols,
                                  check::PointerEscape, check::ASTCodeBody> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const;

private:
  void checkDestroy(const CallEvent &Call, const ApiEntry &Api,
                    CheckerContext &C) const;
  RuleBugTypes BT{this};
};

/// The dma_pool_create() call that made a pool on this path, or null.
const Stmt *poolCreator(SVal V) {
  const auto *SC = dyn_cast_or_null<SymbolConjured>(pointerSymbol(V));
  return SC ? SC->getStmt() : nullptr;
}

/// The field a pool was read from (all elements of a pool array are one),
/// or null.
const FieldDecl *poolField(SVal V) {
  SymbolRef S = pointerSymbol(V);
  const MemRegion *R = nullptr;
  if (const auto *RV = dyn_cast_or_null<SymbolRegionValue>(S))
    R = RV->getRegion();
  else if (const auto *D = dyn_cast_or_null<SymbolDerived>(S))
    R = D->getRegion();
  while (const auto *ER = dyn_cast_or_null<ElementRegion>(R))
    R = ER->getSuperRegion();
  const auto *FR = dyn_cast_or_null<FieldRegion>(R);
  return FR ? FR->getDecl() : nullptr;
}

/// What names a pool: its creator, else its field; null when nothing
/// tells.
const void *poolIdentity(SVal V) {
  if (const Stmt *S = poolCreator(V))
    return S;
  return poolField(V);
}

void PoolMisuse::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC016) || E.Kind != EventKind::Release ||
      !E.Call || !E.M || E.M->api().Fam != Family::POOL ||
      E.M->phase() == Phase::Released)
    return;
  const ApiEntry *Api = apiFor(*E.Call);
  if (!Api || Api->Fam != Family::POOL)
    return;
  SVal From = E.M->device(), To = argVal(*E.Call, Api->Dev);
  // Two pools created by two calls on the path. Pools read from two
  // fields were a wrong pairing only on paths the driver's own logic
  // excludes (xhci picks the pool by a size it computes alike twice).
  bool Differ = poolCreator(From) && poolCreator(To) &&
                poolCreator(From) != poolCreator(To);
  if (!Differ)
    return;
  reportAtCall(E, BT.get(DMC016),
               displayName(*E.Call, E.C) +
                   "() gives the block back to another pool than the one " +
                   siteText(*E.M, E.C) + " took it from",
               E.Sym, *E.M, argExpr(*E.Call, Api->Dev));
}

void PoolMisuse::checkPostCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!activeRules().enabled(DMC016) || !Api || Api->R != Role::ALLOC ||
      Api->Fam != Family::POOL || inModelledBody(C.getLocationContext()))
    return;
  SymbolRef S = pointerSymbol(Call.getReturnValue());
  const void *Pool = poolIdentity(argVal(Call, Api->Dev));
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (S && Pool && CE)
    C.addTransition(
        C.getState()->set<PoolBlocks>(S, {Pool, CE, C.getLocationContext()}));
}

void PoolMisuse::checkPreCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  ProgramStateRef State = C.getState();
  if (!Api || Api->Fam != Family::POOL || State->get<PoolBlocks>().isEmpty() ||
      inModelledBody(C.getLocationContext()))
    return;
  if (Api->R == Role::POOL_DESTROY) {
    checkDestroy(Call, *Api, C);
    return;
  }
  if (Api->R != Role::FREE)
    return;
  SymbolRef B = pointerSymbol(argVal(Call, Api->Buf));
  if (B && State->get<PoolBlocks>(B)) {
    C.addTransition(State->remove<PoolBlocks>(B));
    return;
  }
  // A block the path does not know (an unwind loop over a ring): it may be
  // any of that pool's.
  const void *Pool = poolIdentity(argVal(Call, Api->Dev));
  for (const auto &E : State->get<PoolBlocks>())
    if (!Pool || E.second.Pool == Pool)
      State = State->remove<PoolBlocks>(E.first);
  C.addTransition(State);
}

void PoolMisuse::checkDestroy(const CallEvent &Call, const ApiEntry &Api,
                              CheckerContext &C) const {
  const void *Pool = poolIdentity(argVal(Call, Api.Dev));
  ProgramStateRef State = C.getState();
  for (const auto &E : State->get<PoolBlocks>()) {
    // A block the path found NULL was never taken.
    if (E.second.Pool != Pool ||
        !State->assume(C.getSValBuilder().makeLoc(E.first), true))
      continue;
    std::string Msg = displayName(Call, C) + "() while the block " +
                      displayName(E.second.Site, C.getASTContext()) +
                      "() at line " +
                      lineOf(E.second.Site, C.getSourceManager()) +
                      " took from the pool is still allocated; free every "
                      "block with dma_pool_free() first";
    ExplodedNode *N = C.generateNonFatalErrorNode();
    if (!N)
      return;
    auto R = std::make_unique<SiteReport>(BT.get(DMC016), Msg, N, E.second.Site,
                                          E.second.Ctx, Call.getOriginExpr(),
                                          C.getLocationContext());
    R->addRange(Call.getSourceRange());
    // Where the busy block came from: triage and `dmacheck confirm` both
    // start there.
    R->addNote("the block is taken from the pool here",
               PathDiagnosticLocation::createBegin(
                   E.second.Site, C.getSourceManager(), E.second.Ctx));
    C.emitReport(std::move(R));
    return;
  }
}

// A NULL block is no block; a non-NULL one stays outstanding when its last
// reference dies.
void PoolMisuse::checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  for (const auto &E : State->get<PoolBlocks>())
    if (SR.isDead(E.first) &&
        !State->assume(C.getSValBuilder().makeLoc(E.first), true))
      State = State->remove<PoolBlocks>(E.first);
  if (State != C.getState())
    C.addTransition(State);
}

// A driver function the path does not enter may give it back; a block
// stored in memory may be freed by a loop over a ring the path does not
// tell apart (prestera's rx/tx fini).
ProgramStateRef PoolMisuse::checkPointerEscape(
    ProgramStateRef State, const InvalidatedSymbols &Escaped,
    const CallEvent *Call, PointerEscapeKind Kind) const {
  if (Kind != PSK_EscapeOnBind && Call && (apiFor(*Call) || nameKind(*Call)))
    return State;
  // Without a call, the engine widened a loop that may have freed the
  // block on a turn the path did not take.
  for (SymbolRef S : Escaped)
    if (Kind == PSK_EscapeOnBind || !Call || passedDirectly(*Call, S))
      State = State->remove<PoolBlocks>(S);
  return State;
}

bool badPowerOfTwo(const Expr *E, ASTContext &Ctx, uint64_t &Out) {
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return false;
  Out = R.Val.getInt().getZExtValue();
  return Out && (Out & (Out - 1));
}

void PoolMisuse::checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                                  BugReporter &BR) const {
  if (!activeRules().enabled(DMC016) || !isDriverBody(D, Mgr))
    return;
  ASTContext &Ctx = Mgr.getASTContext();
  anyCallIn(D->getBody(), [&](const CallExpr *CE) {
    const ApiEntry *Api = apiOf(CE);
    if (!Api || Api->R != Role::POOL_CREATE || CE->getNumArgs() < 5)
      return false;
    const char *What[] = {"alignment", "boundary"};
    for (unsigned I = 0; I < 2; ++I) {
      uint64_t V = 0;
      const Expr *A = CE->getArg(3 + I);
      if (!badPowerOfTwo(A, Ctx, V))
        continue;
      BR.EmitBasicReport(
          D, this, ruleInfo(DMC016).Name, "DMA API",
          displayName(CE, Ctx) + "() " + What[I] + " " + std::to_string(V) +
              " is not a power of two: the pool is not created (NULL)",
          PathDiagnosticLocation(CE->getBeginLoc(), Mgr.getSourceManager()),
          A->getSourceRange());
    }
    return false;
  });
}

} // namespace

void dmacheck::registerPoolMisuse(CheckerManager &Mgr) {
  Mgr.registerChecker<PoolMisuse>();
}

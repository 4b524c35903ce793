//===- UseAfterUnmap.cpp - dma-use-after-unmap ----------------------------===//
//
// After dma_unmap_*() (or a free) the handle names nothing: the IOMMU entry
// or swiotlb slot may already serve another mapping (dma-api.rst, Part Id;
// dma-debug's check_sync: "device driver tries to sync DMA memory it has
// not allocated"). On a path, a released handle that is synced, written to
// a device register, stored where the device reads it (a descriptor, a
// ring entry: memory outside the stack), or given to a DMA API call that
// takes a dma_addr_t. A second release is dma-double-unmap's. A field
// reassigned by a new mapping before the use holds the new handle on the
// path, and `buf->dma = 0` stores no handle. Reads the state
// dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Lifecycle.h"
#include "checkers/dma/Modeling.h"

#include "clang/Lex/Lexer.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class UseAfterUnmap
    : public Checker<check::Event<MappingEvent>, check::PreCall, check::Bind> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;

private:
  RuleBugTypes BT{this};
};

/// "the handle of the mapping made by dma_map_single() at line 12, released
/// at line 30,"
std::string released(const MappingState &M, CheckerContext &C) {
  if (M.isUnseen())
    return "a handle released" + releaseLine(M, C) + ",";
  std::string S = std::string(M.isAlloc() ? "the DMA address of the memory "
                                            "allocated by "
                                          : "the handle of the mapping made "
                                            "by ") +
                  siteText(M, C);
  if (M.releaseSite())
    S += ", released" + releaseLine(M, C) + ",";
  return S;
}

const MappingState *releasedIn(ProgramStateRef State, SVal V, SymbolRef *Sym) {
  SymbolRef S = trackedIn(State, V);
  const MappingState *M = lookup(State, S);
  if (!M || M->phase() != Phase::Released)
    return nullptr;
  *Sym = S;
  return M;
}

void UseAfterUnmap::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC009) || !E.M || !E.Call ||
      E.M->phase() != Phase::Released)
    return;
  if (E.Kind == EventKind::Sync)
    reportAtCall(E, BT.get(DMC009),
                 displayName(*E.Call, E.C) + "() is given " +
                     released(*E.M, E.C) + " no longer a mapping",
                 E.Sym, *E.M, nullptr);
  else if (E.Kind == EventKind::DeviceWrite)
    reportAtCall(E, BT.get(DMC009),
                 released(*E.M, E.C) + " is written to the device by " +
                     displayName(*E.Call, E.C) + "()",
                 E.Sym, *E.M, nullptr);
}

// DMA API calls the model does not evaluate that take a handle
// (dmaengine_prep_slave_single(), ...).
void UseAfterUnmap::checkPreCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->Handle < 0 || modelled(*Api) ||
      !activeRules().enabled(DMC009))
    return;
  SymbolRef S = nullptr;
  const MappingState *M =
      releasedIn(C.getState(), argVal(Call, Api->Handle), &S);
  if (!M)
    return;
  reportAt(C.generateNonFatalErrorNode(), C, BT.get(DMC009),
           displayName(Call, C) + "() is given " + released(*M, C) +
               " no longer a mapping",
           S, *M, Call.getOriginExpr(), argExpr(Call, Api->Handle));
}

/// Whether H is in E as an address (the handle, a part of it, the handle
/// plus an offset), not only as what is subtracted: `bus - base` is an
/// offset into the buffer (t7xx's data_offset, given to skb_reserve()).
bool asAddress(const SymExpr *E, SymbolRef H) {
  if (E == H)
    return true;
  if (const auto *SC = dyn_cast<SymbolCast>(E))
    return asAddress(SC->getOperand(), H);
  if (const auto *SI = dyn_cast<SymIntExpr>(E))
    return asAddress(SI->getLHS(), H);
  if (const auto *IS = dyn_cast<IntSymExpr>(E))
    return IS->getOpcode() != BO_Sub && asAddress(IS->getRHS(), H);
  if (const auto *SS = dyn_cast<SymSymExpr>(E))
    return asAddress(SS->getLHS(), H) ||
           (SS->getOpcode() != BO_Sub && asAddress(SS->getRHS(), H));
  return false;
}

// Stored where the device or a later path reads it: a descriptor, a ring
// entry, a command (memory that is not a local).
void UseAfterUnmap::checkBind(SVal Loc, SVal Val, const Stmt *S,
                              CheckerContext &C) const {
  const MemRegion *R = Loc.getAsRegion();
  if (!R || R->hasStackStorage() || holdsNothing(C.getState()) ||
      !activeRules().enabled(DMC009))
    return;
  SymbolRef Sym = nullptr;
  const MappingState *M = releasedIn(C.getState(), Val, &Sym);
  if (!M || (Val.getAsSymbol() && !asAddress(Val.getAsSymbol(), Sym)))
    return;
  std::string Where;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(S))
    Where = Lexer::getSourceText(
                CharSourceRange::getTokenRange(BO->getLHS()->getSourceRange()),
                C.getSourceManager(), C.getLangOpts())
                .str();
  if (Where.size() > 40)
    Where.clear();
  reportAt(C.generateNonFatalErrorNode(), C, BT.get(DMC009),
           released(*M, C) + " is stored in " +
               (Where.empty() ? std::string("memory") : "'" + Where + "'") +
               " after the release",
           Sym, *M, S, nullptr);
}

} // namespace

void dmacheck::registerUseAfterUnmap(CheckerManager &Mgr) {
  Mgr.registerChecker<UseAfterUnmap>();
}

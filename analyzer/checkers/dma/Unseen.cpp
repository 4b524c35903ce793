//===- Unseen.cpp - releases of handles the path never saw mapped ---------===//
//
// A completion releases what a refill or an xmit stored in a ring entry: the
// path starts at the release. Such a release is remembered as a released
// mapping known only from its release (MappingState::releasedUnseen()), so
// that releasing it again, or syncing it, is seen. When the engine cannot
// tell what the entry holds (an element of a driver's array at an index it
// computed: the store keeps no value for it), a stand-in symbol is conjured
// for the entry and remembered per entry region; another read of the same
// entry on the path, while nothing was stored into it, reads the stand-in.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

// An entry whose value the engine does not know → the stand-in for it.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaStandIns, const MemRegion *, SymbolRef)
DMACHECK_PATH_CONTEXT(DmaStandIns)
static constexpr unsigned MaxStandIns = 8;

// A read of an entry that has a stand-in, whose value the engine does not
// know: the stand-in.
void Modeling::checkPostStmt(const ImplicitCastExpr *ICE,
                             CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (ICE->getCastKind() != CK_LValueToRValue ||
      State->get<DmaStandIns>().isEmpty() || !C.getSVal(ICE).isUnknown())
    return;
  const MemRegion *Entry = C.getSVal(ICE->getSubExpr()).getAsRegion();
  if (const SymbolRef *S = Entry ? State->get<DmaStandIns>(Entry) : nullptr)
    C.addTransition(
        State->BindExpr(ICE, C.getLocationContext(), nonloc::SymbolVal(*S)));
}

ProgramStateRef Modeling::noteUnseenRelease(const CallEvent &Call,
                                            const ApiEntry &Api, SVal H,
                                            CheckerContext &C,
                                            ProgramStateRef State) const {
  if (!State)
    State = C.getState();
  if (Api.R != Role::UNMAP && Api.R != Role::FREE)
    return State;
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  MappingState M =
      MappingState::releasedUnseen(Api, CE, C.getLocationContext());
  // Only a plain symbol (what memory held), not a constant or a computed
  // value.
  SymbolRef S = Api.R == Role::FREE ? H.getAsLocSymbol() : H.getAsSymbol();
  if (S && isa<SymbolRegionValue, SymbolDerived, SymbolConjured>(S))
    return setMapping(State, S, M);
  if (!H.isUnknown() || Api.R != Role::UNMAP)
    return State;
  const MemRegion *Entry = holderRegion(argExpr(Call, Api.Handle), C);
  // A ring walk releasing entry after entry adds one per iteration.
  if (!Entry || Entry->hasStackStorage() ||
      std::distance(State->get<DmaStandIns>().begin(),
                    State->get<DmaStandIns>().end()) >= MaxStandIns)
    return State;
  static int StandInTag;
  SymbolRef Stand =
      C.getSValBuilder()
          .conjureSymbolVal(&StandInTag, CE, C.getLocationContext(),
                            argExpr(Call, Api.Handle)->getType(),
                            C.blockCount())
          .getAsSymbol();
  if (!Stand)
    return State;
  return setMapping(State->set<DmaStandIns>(Entry, Stand), Stand, M);
}

namespace dmacheck {
namespace dma {

// Kept while the path lasts: the variables that name the entry (the ring,
// its index) die before the call that reads it again has run.
void markStandInsLive(ProgramStateRef State, SymbolReaper &SR) {
  for (const auto &E : State->get<DmaStandIns>())
    SR.markLive(E.second);
}

ProgramStateRef dropStandIns(ProgramStateRef State, const MemRegion *Bound) {
  auto All = State->get<DmaStandIns>();
  if (All.isEmpty())
    return State;
  // A store at an index the path does not know may be into any entry of
  // the same memory.
  bool AnyEntry = Bound->getAsOffset().hasSymbolicOffset();
  for (const auto &E : All)
    if (E.first == Bound ||
        (AnyEntry && E.first->getBaseRegion() == Bound->getBaseRegion()) ||
        !lookup(State, E.second))
      State = State->remove<DmaStandIns>(E.first);
  return State;
}

} // namespace dma
} // namespace dmacheck

//===- Callees.cpp - what a call of a driver function does to a mapping ---===//
//
// Calls of functions with a body: the path steps into them, but what their
// body may do with a handle (dma/Summaries.h) is recorded as well, for the
// stores the store model cannot express and the calls it does not inline.
// See Modeling.h.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/Modeling.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

std::optional<NameKind> dma::nameKind(const CallEvent &Call) {
  return nameKindOf(dyn_cast_or_null<FunctionDecl>(Call.getDecl()));
}

ProgramStateRef Modeling::noteLocalObjectsPassed(const CallEvent &Call,
                                                 ProgramStateRef State) const {
  if (const ApiEntry *Api = apiFor(Call); Api && modelled(*Api))
    return State;
  if (nameKind(Call) == NameKind::LOG)
    return State;
  SmallVector<SymbolRef, 4> Held;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    const MemRegion *R = Call.getArgSVal(I).getAsRegion();
    if (!R || !isa<VarRegion>(R->getBaseRegion()) ||
        !R->getBaseRegion()->hasStackStorage())
      continue;
    handlesHeldIn(State, R->getBaseRegion(), Held);
  }
  for (SymbolRef S : Held)
    if (const MappingState *M = lookup(State, S); M && !M->isEscaped())
      State = setMapping(State, S, M->escaped());
  return State;
}

void Modeling::noteCalleeKeeps(const CallEvent &Call, const FunctionDecl *FD,
                               CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    SymbolRef S = trackedIn(State, Call.getArgSVal(I));
    const MappingState *M = lookup(State, S);
    if (M && !M->isEscaped() && Summaries.keeps(FD, I))
      State = setMapping(State, S, M->escaped());
  }
  C.addTransition(State);
}

ProgramStateRef Modeling::noteCalleeChecks(const CallEvent &Call,
                                           CheckerContext &C,
                                           ProgramStateRef State) const {
  // An inlined body answered on each path already.
  if (C.wasInlined || apiFor(Call))
    return State;
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(Call.getRuntimeDefinition().getDecl());
  if (!FD || !FD->hasBody())
    return State;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    SymbolRef S = trackedIn(State, Call.getArgSVal(I));
    const MappingState *M = lookup(State, S);
    if (!M)
      continue;
    // A body the path did not step into (inlining depth, budgets) may
    // have unmapped or kept the handle: it is no longer provably lost.
    MappingState N = M->escaped();
    // Which of its results means "failed" is the helper's own convention:
    // the path cannot tell a good mapping from a failed one after it.
    if (M->isStreaming() && M->phase() == Phase::Mapped &&
        Summaries.checks(FD, I))
      N = N.checked();
    State = setMapping(State, S, N);
  }
  return State;
}

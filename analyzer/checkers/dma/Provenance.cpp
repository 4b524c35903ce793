//===- Provenance.cpp - where the CPU memory of a mapping comes from ------===//
//
// The modelling checker's view of CPU memory: vmalloc/kmap allocators of
// rules/names.def tag what they return (dma-vmalloc-buffer reads it),
// is_vmalloc_addr() answers from the tag, and a FREE of a mapped buffer is
// recorded on its mappings (dma-mapping-leak reads it). See Modeling.h.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/Modeling.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

// --- where CPU memory comes from ---------------------------------------------

void Modeling::checkPostCall(const CallEvent &Call, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (!holdsNothing(State))
    State = noteLocalObjectsPassed(Call, noteCalleeChecks(Call, C, State));
  std::optional<NameKind> K = nameKind(Call);
  if (!K || (*K != NameKind::VMALLOC && *K != NameKind::MAYBE_VMALLOC &&
             *K != NameKind::KMAP)) {
    if (State != C.getState())
      C.addTransition(State);
    return;
  }
  SymbolRef Sym = Call.getReturnValue().getAsLocSymbol();
  if (!Sym) {
    if (State != C.getState())
      C.addTransition(State);
    return;
  }
  NonLinearAlloc A{*K == NameKind::VMALLOC         ? MemTag::Vmalloc
                   : *K == NameKind::MAYBE_VMALLOC ? MemTag::MaybeVmalloc
                                                   : MemTag::Kmap,
                   Call.getOriginExpr()};
  C.addTransition(setNonLinearAlloc(State, Sym, &A));
}

// is_vmalloc_addr() on memory we know about: kvmalloc'ed buffers are tested
// with it by drivers that then map them page by page.
bool Modeling::evalIsVmallocAddr(const CallEvent &Call,
                                 CheckerContext &C) const {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II || II->getName() != "is_vmalloc_addr" || Call.getNumArgs() != 1)
    return false;
  const MemRegion *MR = Call.getArgSVal(0).getAsRegion();
  const auto *SR = MR ? dyn_cast<SymbolicRegion>(MR->getBaseRegion()) : nullptr;
  ProgramStateRef State = C.getState();
  SymbolRef Sym = SR ? SR->getSymbol() : nullptr;
  const NonLinearAlloc *A = nonLinearAlloc(State, Sym);
  if (!A)
    return false; // let the engine evaluate it as usual
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  SValBuilder &SVB = C.getSValBuilder();
  const LocationContext *LCtx = C.getLocationContext();
  QualType T = CE->getType();
  if (A->Kind != MemTag::MaybeVmalloc) {
    C.addTransition(State->BindExpr(
        CE, LCtx, SVB.makeTruthVal(A->Kind == MemTag::Vmalloc, T)));
    return true;
  }
  NonLinearAlloc V{MemTag::Vmalloc, A->Site};
  C.addTransition(setNonLinearAlloc(State, Sym, &V)
                      ->BindExpr(CE, LCtx, SVB.makeTruthVal(true, T)));
  C.addTransition(setNonLinearAlloc(State, Sym, nullptr)
                      ->BindExpr(CE, LCtx, SVB.makeTruthVal(false, T)));
  return true;
}

ProgramStateRef dma::markBufferFreed(const CallEvent &Call, CheckerContext &C,
                                     SmallVectorImpl<MappingEntry> &LostLists) {
  ProgramStateRef State = C.getState();
  const MemRegion *R = argVal(Call, 0).getAsRegion();
  if (!R)
    return State;
  R = R->getBaseRegion();
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  for (const MappingEntry &E : All) {
    const MemRegion *B = E.M.buffer().getAsRegion();
    if (!B || B->getBaseRegion() != R || E.M.isBufferFreed())
      continue;
    // A list dma_map_sg() mapped, freed while still mapped (no unmap
    // removed it from the lists the state knows).
    if (E.M.isSg() && E.M.phase() == Phase::Checked && sgListOf(State, B) &&
        sgListOf(State, B)->Count == E.Sym)
      LostLists.push_back(E);
    State = setMapping(State, E.Sym, E.M.bufferFreed());
  }
  return State;
}

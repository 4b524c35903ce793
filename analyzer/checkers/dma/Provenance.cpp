//===- Provenance.cpp - where the CPU memory of a mapping comes from ------===//
//
// The modelling checker's view of CPU memory: vmalloc/kmap allocators of
// rules/names.def tag what they return (dma-vmalloc-buffer reads it),
// is_vmalloc_addr() answers from the tag, a FREE of a mapped buffer is
// recorded on its mappings (dma-mapping-leak reads it), and the CPU's
// physical addresses (virt_to_phys() & co.) are tagged where they are made
// (dma-unmapped-address reads it). See Modeling.h.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/Modeling.h"

#include "clang/Basic/Builtins.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

// --- where CPU memory comes from ---------------------------------------------

void Modeling::checkPostCall(const CallEvent &Call, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (!holdsNothing(State))
    State = noteDeviceMayRun(
        Call, C,
        noteLocalObjectsPassed(Call, noteCalleeChecks(Call, C, State)));
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

// --- the CPU's physical addresses
// ---------------------------------------------

/// E's value becomes a fresh symbol tagged as the CPU physical address
/// made at E.
static void bindPhys(const Expr *E, ProgramStateRef State, CheckerContext &C) {
  const LocationContext *LCtx = C.getLocationContext();
  DefinedOrUnknownSVal V = C.getSValBuilder().conjureSymbolVal(
      E, LCtx, E->getType(), C.blockCount());
  State = State->BindExpr(E, LCtx, V);
  if (SymbolRef S = V.getAsSymbol())
    State = setCpuPhys(State, S, E);
  C.addTransition(State);
}

bool Modeling::evalPhys(const CallEvent &Call, CheckerContext &C) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (!CE || nameKind(Call) != NameKind::PHYS ||
      !CE->getType()->isIntegerType())
    return false;
  bindPhys(CE, C.getState(), C);
  return true;
}

/// cpu_to_be64() & co. on a handle or a physical address (a
/// __builtin_bswap*() on little-endian machines): the engine would make the
/// result a value of its own, and where it goes (a big-endian descriptor
/// word) would no longer be seen as the handle's. The value keeps its
/// identity (the bytes are the same address); other values are left to the
/// engine.
bool Modeling::evalByteSwap(const CallEvent &Call, CheckerContext &C) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!CE || !FD || Call.getNumArgs() != 1)
    return false;
  unsigned ID = FD->getBuiltinID();
  if (ID != Builtin::BI__builtin_bswap16 &&
      ID != Builtin::BI__builtin_bswap32 && ID != Builtin::BI__builtin_bswap64)
    return false;
  ProgramStateRef State = C.getState();
  SVal V = Call.getArgSVal(0);
  if (!V.getAsSymbol() || (!trackedIn(State, V) && !cpuPhysSource(State, V)))
    return false;
  C.addTransition(State->BindExpr(CE, C.getLocationContext(), V));
  return true;
}

/// The outermost expansion of a PHYS macro of rules/names.def that Loc is
/// in, or an invalid location.
static SourceLocation physMacro(SourceLocation Loc, const SourceManager &SM,
                                const LangOptions &LO) {
  SourceLocation Found;
  while (Loc.isMacroID()) {
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, LO);
    if (lookupName(Name) == NameKind::PHYS)
      Found = SM.getExpansionLoc(Loc);
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return Found;
}

void Modeling::notePhysMacro(const BinaryOperator *BO,
                             CheckerContext &C) const {
  // Every operator of a kernel macro comes here: the walk up its expansions
  // only when the one rule that reads the tag runs.
  if (!BO->getOperatorLoc().isMacroID() || !BO->getType()->isIntegerType() ||
      !activeRules().enabled(DMC027) ||
      !physMacro(BO->getOperatorLoc(), C.getSourceManager(), C.getLangOpts())
           .isValid() ||
      cpuPhysSource(C.getState(), C.getSVal(BO)))
    return;
  bindPhys(BO, C.getState(), C);
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

//===- Tracking.cpp - what happens to each mapping ------------------------===//
//
// The modelling checker's view of everything that is not a DMA API call:
// uses, stores, register writes, escapes, returns, deaths and the end of
// functions. Where CPU memory comes from is Provenance.cpp. See Modeling.h.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/Modeling.h"
#include "checkers/dma/Report.h"
#include "engine/FunctionPolicy.h"

#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

/// `*out = ...` where out is a parameter: a store through an out
/// parameter, not into a field or an element of what it points to.
bool isOutParameterStore(const Stmt *S) {
  const auto *BO = dyn_cast_or_null<BinaryOperator>(S);
  if (!BO || BO->getOpcode() != BO_Assign)
    return false;
  const auto *UO = dyn_cast<UnaryOperator>(BO->getLHS()->IgnoreParenCasts());
  if (!UO || UO->getOpcode() != UO_Deref)
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenCasts());
  return DRE && isa<ParmVarDecl>(DRE->getDecl());
}

/// Whether the current function hands what it stores through an out
/// parameter to its caller: only a void one. A function that returns a
/// status says "done" for the handles it hands out, so it owns their check
/// (nicvf_alloc_rcv_buffer() returning 0 after `*rbuf = dma_map_page()`).
bool handsOffThroughOutParameters(CheckerContext &C) {
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(C.getLocationContext()->getDecl());
  return FD && FD->getReturnType()->isVoidType();
}

/// Calls that use a buffer and let go of it before they return: memcpy()
/// and the like, and usb_control_msg() & co., synchronous transfers whose
/// buffer the USB core unmaps before return.
bool borrows(const CallEvent &Call) {
  if (const ApiEntry *Api = apiFor(Call))
    return Api->R == Role::USB_XFER && Api->Fam == Family::USB_URB &&
           Api->RetKind == Ret::ERRNO;
  std::optional<NameKind> K = nameKind(Call);
  return K == NameKind::BORROW || K == NameKind::CPU_COPY ||
         K == NameKind::CPU_FILL || K == NameKind::CPU_READ;
}

} // namespace

ProgramStateRef dma::noteUse(ProgramStateRef State, SymbolRef S,
                             const Stmt *Use, const LocationContext *Ctx,
                             bool Escapes) {
  const MappingState *M = lookup(State, S);
  if (!M)
    return State;
  MappingState N = *M;
  if (Use && Ctx) {
    auto [U, L] = inMappingFrame(N, Use, Ctx);
    N = N.usedAt(U, L);
  }
  if (Escapes)
    N = N.escaped();
  return setMapping(State, S, N);
}

// --- uses and escapes -------------------------------------------------------

void Modeling::checkPreCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (Api && modelled(*Api))
    return; // evaluated in evalCall
  std::optional<NameKind> K = nameKind(Call);
  if (K == NameKind::LOG)
    return; // printing a handle neither uses nor keeps it
  if (K == NameKind::FREE) {
    SmallVector<MappingEntry, 2> LostLists;
    ProgramStateRef Before = C.getState();
    ProgramStateRef Next = markBufferFreed(Call, C, LostLists);
    EventNode Node(C, Next);
    for (const MappingEntry &L : LostLists)
      dispatchEvent(MappingEvent{EventKind::SgListLost, C, Node, Before, L.Sym,
                                 &L.M, &Call});
    if (!Node.made() && Next != Before)
      C.addTransition(Next);
    return;
  }
  bool Mmio = K == NameKind::MMIO_WRITE;
  bool Cpu = K == NameKind::CPU_COPY || K == NameKind::CPU_FILL ||
             K == NameKind::CPU_READ;
  // Calls we will step into are judged by what their body does; one that
  // may keep the handle makes it no longer provably lost (the store may be
  // one the path cannot express, or the call may not be inlined).
  if (!Api && !Mmio && !Cpu) {
    const Decl *D = Call.getRuntimeDefinition().getDecl();
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
        FD && FD->hasBody()) {
      noteCalleeKeeps(Call, FD, C);
      return;
    }
  }
  ProgramStateRef State = C.getState(), Before = State;
  SmallVector<CpuTouch, 2> Touched;
  if (Cpu && activeRules().enabled(DMC010))
    State = touchByCall(State, Call, *K, C, Touched);
  SmallVector<SymbolRef, 2> Written;
  bool Borrows = borrows(Call);
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    SymbolRef S = trackedIn(State, Call.getArgSVal(I));
    const MappingState *M = lookup(State, S);
    if (!M)
      continue;
    if (Mmio) {
      auto [U, L] =
          inMappingFrame(*M, Call.getOriginExpr(), C.getLocationContext());
      State = setMapping(State, S, M->toDevice(U, L));
      Written.push_back(S);
      continue;
    }
    // Passed to code we cannot see: it may keep the mapping (no leak),
    // unless the callee only borrows it.
    State = noteUse(State, S, Call.getOriginExpr(), C.getLocationContext(),
                    !Borrows);
  }
  if (Written.empty() && Touched.empty()) {
    C.addTransition(State);
    return;
  }
  EventNode Node(C, State);
  for (SymbolRef S : Written)
    dispatchEvent(MappingEvent{EventKind::DeviceWrite, C, Node, Before, S,
                               lookup(Before, S), &Call});
  dispatchTouches(C, Node, Before, Touched, &Call);
  if (!Node.made())
    C.addTransition(State);
}

void Modeling::checkBind(SVal Loc, SVal Val, const Stmt *S,
                         CheckerContext &C) const {
  const MemRegion *R = Loc.getAsRegion();
  ProgramStateRef State = C.getState();
  if (!R || holdsNothing(State))
    return; // most binds of a driver: nothing of ours is stored or lost
  bool Changed = false;
  if (ProgramStateRef D = dropStandIns(State, R); D != State) {
    State = D;
    Changed = true;
  }
  const Expr *CountOf = nullptr;
  SymbolRef HandleOf = nullptr;
  for (SymbolRef Sym : symbolsIn(Val))
    if (const MappingState *M = lookup(State, Sym)) {
      if (M->isSg())
        CountOf = M->site();
      else if (M->isStreaming() && Val.getAsSymbol() == Sym)
        HandleOf = Sym;
    }
  State = setHolder(State, R, HandleOf, CountOf, Changed);
  const MappingState *HM = lookup(State, HandleOf);
  if (HM && isOutParameterStore(S) && !handsOffThroughOutParameters(C)) {
    // Handed out by a function that returns a status: a use, wherever the
    // parameter points (the caller's variable, when inlined).
    State = noteUse(State, HandleOf, S, C.getLocationContext(), false);
    Changed = true;
  } else if (HM && isOutParameterStore(S)) {
    // `*dma_out = dma_map_single(...)` in a void helper: as a return value.
    // Callers in this file are analysed with it inlined and judge it (a
    // helper nobody here calls keeps the duty: the store is a use).
    if (!C.inTopFrame() &&
        HM->siteContext()->getStackFrame() == C.getStackFrame()) {
      C.addTransition(setMapping(State, HandleOf, HM->handedOff(S)));
      return;
    }
    if (C.inTopFrame() &&
        hasCallerInFile(C.getASTContext(), C.getLocationContext()->getDecl())) {
      C.addTransition(setMapping(State, HandleOf, HM->returned()));
      return;
    }
  }
  if (R->hasStackStorage() && !isa<VarRegion>(R)) {
    // A value built from a handle (lower_32_bits(dma), dma >> 32) stored
    // in a local array or struct (et131x's desc[]): the driver can rebuild
    // the handle from it, the path cannot; no longer provably lost.
    for (SymbolRef Sym : symbolsIn(Val))
      if (const MappingState *M = lookup(State, Sym);
          M && M->isStreaming() && Val.getAsSymbol() != Sym &&
          !M->isEscaped()) {
        State = setMapping(State, Sym, M->escaped());
        Changed = true;
      }
  }
  if (!R->hasStackStorage()) {
    for (SymbolRef Sym : symbolsIn(Val)) {
      SymbolRef T = trackedIn(State, nonloc::SymbolVal(Sym));
      if (!T && Sym->getType()->isPointerType())
        T = trackedIn(
            State,
            loc::MemRegionVal(
                C.getStoreManager().getRegionManager().getSymbolicRegion(Sym)));
      if (!T)
        continue;
      // Stored where it outlives the function (a ring, a descriptor, an out
      // parameter): not a leak, and a use when it is unchecked.
      State = noteUse(State, T, S, C.getLocationContext(), true);
      Changed = true;
    }
  }
  if (Changed)
    C.addTransition(State);
}

void Modeling::checkPreStmt(const ReturnStmt *RS, CheckerContext &C) const {
  if (!RS->getRetValue())
    return;
  ProgramStateRef State = C.getState();
  // Only the handle itself (or the allocation) hands the duty to the
  // caller; a status code built from it does not.
  SVal V = C.getSVal(RS->getRetValue());
  SymbolRef T = trackedIn(State, V);
  if (!T)
    return;
  const MappingState *M = lookup(State, T);
  if (C.inTopFrame())
    C.addTransition(setMapping(State, T, M->returned()));
  else if (M->siteContext()->getStackFrame() == C.getStackFrame())
    C.addTransition(setMapping(State, T, M->handedOff(RS)));
}

// Comparing an unchecked handle with an address (BUG_ON(dma != phys)) uses
// it; a dma_map_sg() count compared with a constant is a count tested.
void Modeling::checkPostStmt(const BinaryOperator *BO,
                             CheckerContext &C) const {
  if (!BO->isComparisonOp()) {
    notePhysMacro(BO, C);
    return;
  }
  ProgramStateRef State = C.getState();
  bool Changed = false;
  for (const Expr *E : {BO->getLHS(), BO->getRHS()}) {
    SymbolRef S = trackedIn(State, C.getSVal(E));
    const MappingState *M = lookup(State, S);
    if (!M)
      continue;
    const Expr *Other = E == BO->getLHS() ? BO->getRHS() : BO->getLHS();
    // `dma != virt_to_phys(buf)`: the driver can name the handle another way
    // (dma == phys), so losing this copy does not lose the mapping.
    if (M->isStreaming() && BO->isEqualityOp() && !M->isEscaped() &&
        C.getSVal(E).getAsSymbol() == S &&
        !trackedIn(State, C.getSVal(Other)) &&
        !Other->isEvaluatable(C.getASTContext())) {
      State = setMapping(State, S, M->escaped());
      M = lookup(State, S);
      Changed = true;
    }
    if (M->phase() != Phase::Mapped)
      continue;
    // `count != 1`, `count <= 0` test the count; `i < count` only walks it.
    if (M->isSg() && Other->isEvaluatable(C.getASTContext())) {
      State = setMapping(State, S, M->checked());
      Changed = true;
    } else if (M->isStreaming() && !M->use() &&
               !Other->isNullPointerConstant(
                   C.getASTContext(), Expr::NPC_ValueDependentIsNotNull)) {
      // `dma == 0` is a (wrong) test, like `!dma`, not a use.
      State = noteUse(State, S, BO, C.getLocationContext(), false);
      Changed = true;
    }
  }
  if (Changed)
    C.addTransition(State);
}

/// Marks a dma_map_sg() count as tested.
static void markCountTested(ProgramStateRef State, SVal V, CheckerContext &C) {
  SymbolRef S = trackedIn(State, V);
  const MappingState *M = lookup(State, S);
  if (!M || !M->isSg() || M->phase() != Phase::Mapped)
    return;
  C.addTransition(setMapping(State, S, M->checked()));
}

// `!count`: evaluated (and split on) before the branch sees it.
void Modeling::checkPostStmt(const UnaryOperator *UO, CheckerContext &C) const {
  if (UO->getOpcode() == UO_LNot)
    markCountTested(C.getState(), C.getSVal(UO->getSubExpr()), C);
}

// `if (count)`: a branch on a dma_map_sg() count tests it. Comparisons are
// judged in checkPostStmt (a loop bound `i < count` is no test).
void Modeling::checkBranchCondition(const Stmt *Cond, CheckerContext &C) const {
  const auto *E = dyn_cast<Expr>(Cond);
  if (!E)
    return;
  const Expr *Inner = E->IgnoreParenImpCasts();
  while (const auto *UO = dyn_cast<UnaryOperator>(Inner)) {
    if (UO->getOpcode() != UO_LNot)
      return;
    Inner = UO->getSubExpr()->IgnoreParenImpCasts();
  }
  if (isa<BinaryOperator>(Inner))
    return;
  markCountTested(C.getState(), C.getSVal(E), C);
}

ProgramStateRef Modeling::checkPointerEscape(ProgramStateRef State,
                                             const InvalidatedSymbols &Escaped,
                                             const CallEvent *Call,
                                             PointerEscapeKind Kind) const {
  if (Call) {
    std::optional<NameKind> K = nameKind(*Call);
    if (borrows(*Call) || K == NameKind::LOG || K == NameKind::FREE)
      return State;
  }
  for (SymbolRef S : Escaped) {
    SymbolRef T = trackedIn(State, nonloc::SymbolVal(S));
    if (!T)
      continue;
    if (!Call && Kind != PSK_EscapeOnBind) {
      // Invalidated by the engine itself (a widened loop): the path no
      // longer knows where the handle went, so nothing more is judged of
      // it, except a use already made unchecked (a ring filled before a
      // later loop was widened): no check can follow that the path would
      // recognise.
      const MappingState *M = lookup(State, T);
      if (M->needsCheck() && M->use())
        State = setMapping(State, T, M->escaped());
      else
        State = removeMapping(State, T);
      continue;
    }
    State = noteUse(State, T, Call ? Call->getOriginExpr() : nullptr,
                    Call ? Call->getLocationContext() : nullptr, true);
  }
  return State;
}

// --- end of life ----------------------------------------------------------

void Modeling::checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const {
  markSgCountsLive(State, SR);
  markStandInsLive(State, SR);
  if (activeRules().enabled(DMC010))
    markMappedBuffersLive(State, SR);
}

void Modeling::checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SmallVector<MappingEntry, 2> Dead, LostLists;
  ProgramStateRef Next = collectDead(State, SR, Dead, LostLists);
  if (Dead.empty() && LostLists.empty()) {
    if (Next != State)
      C.addTransition(Next);
    return;
  }
  EventNode Node(C, Next);
  for (const MappingEntry &D : Dead)
    dispatchEvent(
        MappingEvent{EventKind::Died, C, Node, State, D.Sym, &D.M, nullptr});
  for (const MappingEntry &L : LostLists)
    dispatchEvent(MappingEvent{EventKind::SgListLost, C, Node, State, L.Sym,
                               &L.M, nullptr});
  if (!Node.made())
    C.addTransition(Next);
}

// The end of the top function ends every mapping's path; the end of an
// inlined function ends the duties of the mappings it made and kept.
void Modeling::checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SmallVector<MappingEntry, 4> All, Ending;
  allMappings(State, All);
  bool Top = C.inTopFrame();
  for (const MappingEntry &E : All)
    if (Top || (E.M.siteContext()->getStackFrame() == C.getStackFrame() &&
                !E.M.handoff()))
      Ending.push_back(E);
  if (Ending.empty())
    return;
  EventNode Node(C, State);
  for (const MappingEntry &E : Ending)
    dispatchEvent(MappingEvent{Top ? EventKind::EndOfPath : EventKind::FrameEnd,
                               C, Node, State, E.Sym, &E.M, nullptr});
  if (!Node.made())
    C.addTransition(State);
}

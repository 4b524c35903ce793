//===- Modeling.cpp - the DMA API model, evaluated --------------------------===//
//
// The hidden modelling checker of core v2: the only evalCall of the DMA API
// and the only writer of dma/State.h. The calls of rules/dma_api.def are
// evaluated from their row (roles, argument positions, failure kind), so the
// kernel's inline implementations are never explored; what happens to each
// mapping (used, stored, written to the device, returned, released, dead) is
// recorded, and every step a rule may judge is dispatched to the rule
// checkers as a MappingEvent (dma/Events.h). Note tags along the path tell
// the mapping's story.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Events.h"
#include "checkers/dma/Report.h"
#include "engine/FunctionPolicy.h"

#include "clang/AST/ParentMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class Modeling
    : public Checker<eval::Call, check::PreCall, check::PostCall, check::Bind,
                     check::PreStmt<ReturnStmt>, check::PostStmt<BinaryOperator>,
                     check::PostStmt<UnaryOperator>, check::BranchCondition,
                     check::DeadSymbols, check::EndFunction,
                     check::PointerEscape, EventDispatcher<MappingEvent>> {
public:
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  void checkPreStmt(const ReturnStmt *RS, CheckerContext &C) const;
  void checkPostStmt(const BinaryOperator *BO, CheckerContext &C) const;
  void checkPostStmt(const UnaryOperator *UO, CheckerContext &C) const;
  void checkBranchCondition(const Stmt *Cond, CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;

private:
  void evalMap(const CallEvent &Call, const ApiEntry &Api,
               CheckerContext &C) const;
  void evalCheck(const CallEvent &Call, const ApiEntry &Api,
                 CheckerContext &C) const;
  void evalUnmapOrSync(const CallEvent &Call, const ApiEntry &Api,
                       CheckerContext &C) const;
  void evalAlloc(const CallEvent &Call, const ApiEntry &Api,
                 CheckerContext &C) const;
  void evalFree(const CallEvent &Call, const ApiEntry &Api,
                CheckerContext &C) const;
  bool evalIsVmallocAddr(const CallEvent &Call, CheckerContext &C) const;

  /// Makes the transition to Next with one event dispatched on the way
  /// (its reports hang on the node that carries Next).
  void event(CheckerContext &C, EventKind K, ProgramStateRef Before,
             ProgramStateRef Next, SymbolRef S, const MappingState *M,
             const CallEvent *Call, const NoteTag *Tag = nullptr) const;
};

// --- which calls the model evaluates ---------------------------------------

bool streamingOrSg(const ApiEntry &Api) {
  switch (Api.Fam) {
  case Family::SINGLE:
  case Family::PAGE:
  case Family::RESOURCE:
  case Family::SG:
  case Family::SGTABLE:
    return true;
  default:
    return false;
  }
}

/// Whether the model evaluates calls of this row (one list: evalCall and
/// the use tracking of checkPreCall both ask it).
bool modelled(const ApiEntry &Api) {
  switch (Api.R) {
  case Role::MAP:
  case Role::UNMAP:
  case Role::SYNC_CPU:
  case Role::SYNC_DEV:
    return streamingOrSg(Api);
  case Role::CHECK:
    return Api.Fam == Family::INFO; // dma_mapping_error()
  case Role::ALLOC:
  case Role::FREE:
    return true;
  default:
    return false;
  }
}

bool isLocalStorage(const MemRegion *R) {
  const MemSpaceRegion *MS = R->getMemorySpace();
  return isa<StackLocalsSpaceRegion>(MS) || isa<StackArgumentsSpaceRegion>(MS);
}

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

bool resultIgnored(const CallEvent &Call, CheckerContext &C) {
  const Expr *E = Call.getOriginExpr();
  const Stmt *P =
      C.getLocationContext()->getParentMap().getParentIgnoreParenCasts(E);
  return !P || isa<CompoundStmt>(P);
}

std::optional<NameKind> nameKind(const CallEvent &Call) {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  return II ? lookupName(II->getName()) : std::nullopt;
}

/// Calls that use a buffer and let go of it before they return: memcpy()
/// and the like, and usb_control_msg() & co., synchronous transfers whose
/// buffer the USB core unmaps before return.
bool borrows(const CallEvent &Call) {
  if (const ApiEntry *Api = apiFor(Call))
    return Api->R == Role::USB_XFER && Api->Fam == Family::USB_URB &&
           Api->RetKind == Ret::ERRNO;
  return nameKind(Call) == NameKind::BORROW;
}

/// Records a use of a mapping (attributed, when inside a callee, to the call
/// in the function that mapped) and whether it keeps the mapping alive.
ProgramStateRef noteUse(ProgramStateRef State, SymbolRef S, const Stmt *Use,
                        const LocationContext *Ctx, bool Escapes) {
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

std::string lineOf(const Stmt *S, const SourceManager &SM) {
  return std::to_string(SM.getPresumedLineNumber(S->getBeginLoc()));
}

// --- steps and events --------------------------------------------------------

void Modeling::event(CheckerContext &C, EventKind K, ProgramStateRef Before,
                     ProgramStateRef Next, SymbolRef S, const MappingState *M,
                     const CallEvent *Call, const NoteTag *Tag) const {
  EventNode Node(C, Next, Tag);
  dispatchEvent(MappingEvent{K, C, Node, Before, S, M, Call});
  if (!Node.made())
    C.addTransition(Next, Tag);
}

// --- evaluation of the API calls ---------------------------------------------

bool Modeling::evalCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!isa_and_nonnull<CallExpr>(Call.getOriginExpr()))
    return false;
  if (!Api)
    return evalIsVmallocAddr(Call, C);
  if (!modelled(*Api))
    return false;
  switch (Api->R) {
  case Role::MAP:
    evalMap(Call, *Api, C);
    return true;
  case Role::CHECK:
    evalCheck(Call, *Api, C);
    return true;
  case Role::UNMAP:
  case Role::SYNC_CPU:
  case Role::SYNC_DEV:
    evalUnmapOrSync(Call, *Api, C);
    return true;
  case Role::ALLOC:
    if (!Call.getResultType()->isPointerType())
      return false;
    evalAlloc(Call, *Api, C);
    return true;
  case Role::FREE:
    evalFree(Call, *Api, C);
    return true;
  default:
    return false;
  }
}

void Modeling::evalMap(const CallEvent &Call, const ApiEntry &Api,
                       CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef State = C.getState();
  bool SgLike = Api.Fam == Family::SG || Api.Fam == Family::SGTABLE;

  // dma_map_sg() and dma_map_sgtable() write the DMA addresses (and
  // sgt->nents) into the list they are given.
  if (SgLike) {
    SVal List = argVal(Call, Api.Buf);
    if (List.getAsRegion())
      State = State->invalidateRegions({List}, CE, C.blockCount(), LCtx,
                                       /*CausesPointerEscape=*/false);
  }
  DefinedOrUnknownSVal Ret =
      SVB.conjureSymbolVal(CE, LCtx, CE->getType(), C.blockCount());
  State = State->BindExpr(CE, LCtx, Ret);

  if (resultIgnored(Call, C)) {
    event(C, EventKind::Ignored, C.getState(), State, nullptr, nullptr, &Call);
    return;
  }
  SymbolRef S = Ret.getAsSymbol();
  if (!S || Api.Fam == Family::SGTABLE) {
    C.addTransition(State);
    return;
  }
  if (Api.Fam == Family::SG) {
    // The count is never negative; 0 means failure.
    auto NonNeg = SVB.evalBinOp(State, BO_GE, Ret,
                                SVB.makeZeroVal(CE->getType()),
                                SVB.getConditionType())
                      .getAs<DefinedOrUnknownSVal>();
    if (NonNeg)
      if (ProgramStateRef S2 = State->assume(*NonNeg, true))
        State = S2;
    // ... and at most the nents it was given: a mapping that succeeded was
    // given at least one entry.
    if (auto N = argVal(Call, Api.Nents).getAs<NonLoc>())
      if (auto AtMost = SVB.evalBinOp(State, BO_LE, Ret, *N,
                                      SVB.getConditionType())
                            .getAs<DefinedOrUnknownSVal>())
        if (ProgramStateRef S2 = State->assume(*AtMost, true))
          State = S2;
    if (const MemRegion *R = argVal(Call, Api.Buf).getAsRegion())
      State = setSgList(State, R, SgList{S, argVal(Call, Api.Nents), CE});
  }
  State = setMapping(State, S,
                     MappingState::mapped(Api, CE, LCtx, argVal(Call, Api.Dev),
                                          argVal(Call, Api.Buf),
                                          argVal(Call, Api.Size),
                                          argVal(Call, Api.Dir),
                                          argVal(Call, Api.Nents)));
  std::string Name = displayName(CE, C.getASTContext());
  const NoteTag *Tag = C.getNoteTag([S, Name](PathSensitiveBugReport &BR) {
    return BR.isInteresting(S) ? "mapped by " + Name + "() here"
                               : std::string();
  });
  C.addTransition(State, Tag);
}

/// dma_mapping_error() answers the same way for one handle on one path: a
/// handle the path knows failed is the constant DMA_MAPPING_ERROR; a good
/// one is neither that nor 0.
void Modeling::evalCheck(const CallEvent &Call, const ApiEntry &Api,
                         CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef State = C.getState();
  SVal H = argVal(Call, Api.Handle);
  SymbolRef S = trackedIn(State, H);
  const MappingState *M = lookup(State, S);
  QualType RT = CE->getType();
  SVal Yes = SVB.makeIntVal(-12 /* -ENOMEM */, RT), No = SVB.makeZeroVal(RT);

  if (!M || !M->isStreaming()) {
    // Not a handle we follow; a known failed handle still fails.
    const MappingState *HM =
        lookup(State, handleHeldBy(State, holderRegion(argExpr(Call, Api.Handle), C)));
    if (auto CI = H.getAs<nonloc::ConcreteInt>();
        CI && HM && HM->phase() == Phase::Failed) {
      C.addTransition(State->BindExpr(CE, LCtx, Yes));
      return;
    }
    C.addTransition(State->BindExpr(
        CE, LCtx, SVB.conjureSymbolVal(CE, LCtx, RT, C.blockCount())));
    return;
  }
  QualType HT = S->getType();
  ProgramStateRef OkSt = State, ErrSt = State;
  if (HT->isIntegerType()) {
    nonloc::SymbolVal HV(S);
    nonloc::ConcreteInt Err(SVB.getBasicValueFactory().getMaxValue(HT));
    if (auto IsErr = SVB.evalBinOp(State, BO_EQ, HV, Err, SVB.getConditionType())
                         .getAs<DefinedOrUnknownSVal>())
      std::tie(ErrSt, OkSt) = State->assume(*IsErr);
    if (OkSt)
      if (auto IsZero = SVB.evalBinOp(OkSt, BO_EQ, HV, SVB.makeZeroVal(HT),
                                      SVB.getConditionType())
                            .getAs<DefinedOrUnknownSVal>())
        if (ProgramStateRef NonZero = OkSt->assume(*IsZero, false))
          OkSt = NonZero;
  }
  std::string Name = displayName(M->site(), C.getASTContext());
  const Expr *Site = M->site();
  const SourceManager *SMp = &C.getSourceManager();
  if (OkSt) {
    const NoteTag *Tag = C.getNoteTag([S](PathSensitiveBugReport &BR) {
      return BR.isInteresting(S)
                 ? std::string("dma_mapping_error() says the mapping is good")
                 : std::string();
    });
    C.addTransition(setMapping(OkSt, S, M->checked())->BindExpr(CE, LCtx, No),
                    Tag);
  }
  if (ErrSt) {
    // The failed handle stays known: unmapping it is a bug too. The note
    // is the branch that decided, whichever mapping the report is about.
    const NoteTag *Tag =
        C.getNoteTag([S, Name, Site, SMp](PathSensitiveBugReport &BR) {
          if (BR.isInteresting(S))
            return std::string("dma_mapping_error() says the mapping failed");
          return "dma_mapping_error() says the mapping made by " + Name +
                 "() at line " + lineOf(Site, *SMp) + " failed";
        });
    C.addTransition(setMapping(ErrSt, S, M->failed())->BindExpr(CE, LCtx, Yes),
                    Tag);
  }
}

void Modeling::evalUnmapOrSync(const CallEvent &Call, const ApiEntry &Api,
                               CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (Api.Fam == Family::SG) {
    ProgramStateRef Next = State;
    if (Api.R == Role::UNMAP)
      if (const MemRegion *R = argVal(Call, Api.Buf).getAsRegion())
        Next = removeSgList(State, R);
    event(C, EventKind::SgRelease, State, Next, nullptr, nullptr, &Call);
    return;
  }
  if (Api.Fam == Family::SGTABLE) {
    C.addTransition(State);
    return;
  }
  SymbolRef S = trackedIn(State, argVal(Call, Api.Handle));
  if (!S)
    if (SymbolRef H = handleHeldBy(
            State, holderRegion(argExpr(Call, Api.Handle), C));
        H && lookup(State, H)->phase() == Phase::Failed)
      S = H;
  const MappingState *M = lookup(State, S);
  if (!M) {
    C.addTransition(State);
    return;
  }
  const Stmt *At = Call.getOriginExpr();
  if (Api.R != Role::UNMAP) {
    // A sync is a use: the device is about to (or did) access the buffer.
    ProgramStateRef Next =
        noteUse(State, S, At, C.getLocationContext(), false);
    event(C, EventKind::Sync, State, Next, S, M, &Call);
    return;
  }
  std::string Name = displayName(Call, C);
  const NoteTag *Tag = C.getNoteTag([S, Name](PathSensitiveBugReport &BR) {
    return BR.isInteresting(S) ? "unmapped by " + Name + "() here"
                               : std::string();
  });
  ProgramStateRef Next = setMapping(State, S, M->released(At));
  event(C, EventKind::Release, State, Next, S, M, &Call, Tag);
}

void Modeling::evalAlloc(const CallEvent &Call, const ApiEntry &Api,
                         CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef State = C.getState();
  DefinedOrUnknownSVal Ret =
      SVB.getConjuredHeapSymbolVal(CE, LCtx, C.blockCount());
  State = State->BindExpr(CE, LCtx, Ret);
  SymbolRef P = Ret.getAsLocSymbol();
  if (auto OutLoc = argVal(Call, Api.Handle).getAs<Loc>()) {
    QualType HT = C.getASTContext().UnsignedLongLongTy;
    if (const Expr *E = argExpr(Call, Api.Handle))
      if (const auto *PT = E->getType()->getAs<PointerType>())
        HT = PT->getPointeeType();
    static int HandleTag;
    DefinedOrUnknownSVal H =
        SVB.conjureSymbolVal(&HandleTag, CE, LCtx, HT, C.blockCount());
    State = State->bindLoc(*OutLoc, H, LCtx);
    if (SymbolRef HS = H.getAsSymbol(); HS && P)
      State = linkAllocHandle(State, HS, P);
  }
  if (!P || Api.has(F_MANAGED)) {
    C.addTransition(State);
    return;
  }
  State = setMapping(State, P,
                     MappingState::allocated(Api, CE, LCtx,
                                             argVal(Call, Api.Dev),
                                             argVal(Call, Api.Size)));
  std::string Name = displayName(CE, C.getASTContext());
  const NoteTag *Tag = C.getNoteTag([P, Name](PathSensitiveBugReport &BR) {
    return BR.isInteresting(P) ? "allocated by " + Name + "() here"
                               : std::string();
  });
  C.addTransition(State, Tag);
}

void Modeling::evalFree(const CallEvent &Call, const ApiEntry &Api,
                        CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SymbolRef S = trackedIn(State, argVal(Call, Api.Buf));
  if (!S)
    S = trackedIn(State, argVal(Call, Api.Handle));
  ProgramStateRef Next = State;
  if (const auto *CE = dyn_cast<CallExpr>(Call.getOriginExpr());
      CE && !Call.getResultType()->isVoidType())
    Next = Next->BindExpr(CE, C.getLocationContext(),
                          C.getSValBuilder().conjureSymbolVal(
                              CE, C.getLocationContext(), CE->getType(),
                              C.blockCount()));
  const MappingState *M = lookup(State, S);
  if (!M) {
    C.addTransition(Next);
    return;
  }
  Next = setMapping(Next, S, M->released(Call.getOriginExpr()));
  event(C, EventKind::Release, State, Next, S, M, &Call);
}

// --- where CPU memory comes from ----------------------------------------------

void Modeling::checkPostCall(const CallEvent &Call, CheckerContext &C) const {
  std::optional<NameKind> K = nameKind(Call);
  if (!K || (*K != NameKind::VMALLOC && *K != NameKind::MAYBE_VMALLOC &&
             *K != NameKind::KMAP))
    return;
  SymbolRef Sym = Call.getReturnValue().getAsLocSymbol();
  if (!Sym)
    return;
  NonLinearAlloc A{*K == NameKind::VMALLOC         ? MemTag::Vmalloc
                   : *K == NameKind::MAYBE_VMALLOC ? MemTag::MaybeVmalloc
                                                   : MemTag::Kmap,
                   Call.getOriginExpr()};
  C.addTransition(setNonLinearAlloc(C.getState(), Sym, &A));
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

/// kfree(buf) while buf is mapped: the mapping is no longer the device's.
void markBufferFreed(const CallEvent &Call, CheckerContext &C) {
  const MemRegion *R = argVal(Call, 0).getAsRegion();
  if (!R)
    return;
  R = R->getBaseRegion();
  ProgramStateRef State = C.getState();
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  bool Changed = false;
  for (const MappingEntry &E : All) {
    const MemRegion *B = E.M.buffer().getAsRegion();
    if (B && B->getBaseRegion() == R && !E.M.isBufferFreed()) {
      State = setMapping(State, E.Sym, E.M.bufferFreed());
      Changed = true;
    }
  }
  if (Changed)
    C.addTransition(State);
}

// --- uses and escapes ---------------------------------------------------------

void Modeling::checkPreCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (Api && modelled(*Api))
    return; // evaluated in evalCall
  std::optional<NameKind> K = nameKind(Call);
  if (K == NameKind::LOG)
    return; // printing a handle neither uses nor keeps it
  if (K == NameKind::FREE) {
    markBufferFreed(Call, C);
    return;
  }
  bool Mmio = K == NameKind::MMIO_WRITE;
  // Calls we will step into are judged by what their body does.
  if (!Api && !Mmio) {
    const Decl *D = Call.getRuntimeDefinition().getDecl();
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D); FD && FD->hasBody())
      return;
  }
  ProgramStateRef State = C.getState(), Before = State;
  SmallVector<SymbolRef, 2> Written;
  bool Borrows = borrows(Call);
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    SymbolRef S = trackedIn(State, Call.getArgSVal(I));
    const MappingState *M = lookup(State, S);
    if (!M)
      continue;
    if (Mmio) {
      auto [U, L] = inMappingFrame(*M, Call.getOriginExpr(),
                                   C.getLocationContext());
      State = setMapping(State, S, M->toDevice(U, L));
      Written.push_back(S);
      continue;
    }
    // Passed to code we cannot see: it may keep the mapping (no leak),
    // unless the callee only borrows it.
    State = noteUse(State, S, Call.getOriginExpr(), C.getLocationContext(),
                    !Borrows);
  }
  if (Written.empty()) {
    C.addTransition(State);
    return;
  }
  EventNode Node(C, State);
  for (SymbolRef S : Written)
    dispatchEvent(MappingEvent{EventKind::DeviceWrite, C, Node, Before, S,
                               lookup(Before, S), &Call});
  if (!Node.made())
    C.addTransition(State);
}

void Modeling::checkBind(SVal Loc, SVal Val, const Stmt *S,
                         CheckerContext &C) const {
  const MemRegion *R = Loc.getAsRegion();
  if (!R)
    return;
  ProgramStateRef State = C.getState();
  bool Changed = false;
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
    if (C.inTopFrame() && hasCallerInFile(C.getASTContext(),
                                          C.getLocationContext()->getDecl())) {
      C.addTransition(setMapping(State, HandleOf, HM->returned()));
      return;
    }
  }
  if (!isLocalStorage(R)) {
    for (SymbolRef Sym : symbolsIn(Val)) {
      SymbolRef T = trackedIn(State, nonloc::SymbolVal(Sym));
      if (!T && Sym->getType()->isPointerType())
        T = trackedIn(State, loc::MemRegionVal(C.getStoreManager()
                                                   .getRegionManager()
                                                   .getSymbolicRegion(Sym)));
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
  if (!BO->isComparisonOp())
    return;
  ProgramStateRef State = C.getState();
  bool Changed = false;
  for (const Expr *E : {BO->getLHS(), BO->getRHS()}) {
    SymbolRef S = trackedIn(State, C.getSVal(E));
    const MappingState *M = lookup(State, S);
    if (!M || M->phase() != Phase::Mapped)
      continue;
    const Expr *Other = E == BO->getLHS() ? BO->getRHS() : BO->getLHS();
    // `count != 1`, `count <= 0` test the count; `i < count` only walks it.
    if (M->isSg() && Other->isEvaluatable(C.getASTContext())) {
      State = setMapping(State, S, M->checked());
      Changed = true;
    } else if (M->isStreaming() && !M->use() &&
               !Other->isNullPointerConstant(C.getASTContext(),
                                             Expr::NPC_ValueDependentIsNotNull)) {
      // `dma == 0` is a (wrong) test, like `!dma`, not a use.
      State = noteUse(State, S, BO, C.getLocationContext(), false);
      Changed = true;
    }
  }
  if (Changed)
    C.addTransition(State);
}

/// Marks a dma_map_sg() count as tested.
void markCountTested(ProgramStateRef State, SVal V, CheckerContext &C) {
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
      // longer knows where the handle went, so nothing is judged of it.
      State = removeMapping(State, T);
      continue;
    }
    State = noteUse(State, T, Call ? Call->getOriginExpr() : nullptr,
                    Call ? Call->getLocationContext() : nullptr, true);
  }
  return State;
}

// --- end of life ---------------------------------------------------------------

void Modeling::checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SmallVector<MappingEntry, 2> Dead;
  ProgramStateRef Next = collectDead(State, SR, Dead);
  if (Dead.empty()) {
    if (Next != State)
      C.addTransition(Next);
    return;
  }
  EventNode Node(C, Next);
  for (const MappingEntry &D : Dead)
    dispatchEvent(
        MappingEvent{EventKind::Died, C, Node, State, D.Sym, &D.M, nullptr});
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

} // namespace

void dmacheck::registerModeling(CheckerManager &Mgr) {
  Mgr.registerChecker<Modeling>();
}

bool dmacheck::shouldRegisterModeling(const CheckerManager &) { return true; }

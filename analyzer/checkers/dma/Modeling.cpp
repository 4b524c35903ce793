//===- Modeling.cpp - the DMA API model, evaluated ------------------------===//
//
// The calls of rules/dma_api.def are evaluated from their row (roles,
// argument positions, failure kind), so the kernel's inline implementations
// are never explored. See Modeling.h.
//
//===----------------------------------------------------------------------===//
#include "checkers/dma/Modeling.h"
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Lifecycle.h"
#include "checkers/dma/Report.h"

#include "clang/AST/ParentMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

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

bool resultIgnored(const CallEvent &Call, CheckerContext &C) {
  const Expr *E = Call.getOriginExpr();
  const Stmt *P =
      C.getLocationContext()->getParentMap().getParentIgnoreParenCasts(E);
  return !P || isa<CompoundStmt>(P);
}

} // namespace

bool dma::modelled(const ApiEntry &Api) {
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

/// printk() & co. (LOG in rules/names.def) only read their arguments:
/// dev_dbg(dev, "%pad", &dma) must not make the engine forget what `dma`
/// holds (an opaque call would invalidate it, and the mapping would die).
bool Modeling::evalLog(const CallEvent &Call, CheckerContext &C) const {
  if (nameKind(Call) != NameKind::LOG)
    return false;
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  ProgramStateRef State = C.getState();
  if (!CE->getType()->isVoidType())
    State = State->BindExpr(
        CE, C.getLocationContext(),
        C.getSValBuilder().conjureSymbolVal(CE, C.getLocationContext(),
                                            CE->getType(), C.blockCount()));
  C.addTransition(State);
  return true;
}

bool Modeling::evalCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!isa_and_nonnull<CallExpr>(Call.getOriginExpr()))
    return false;
  if (!Api)
    return evalLog(Call, C) || evalIsVmallocAddr(Call, C) ||
           evalPhys(Call, C) || evalByteSwap(Call, C);
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
  // Memory that is mapped exists: a helper that returns the buffer it
  // mapped returns non-NULL on success (mlx5r_umr_create_xlt()).
  if (auto Buf = argVal(Call, Api.Buf).getAs<DefinedOrUnknownSVal>();
      Buf && isa<Loc>(*Buf))
    if (ProgramStateRef NonNull = State->assume(*Buf, true))
      State = NonNull;
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
    auto NonNeg =
        SVB.evalBinOp(State, BO_GE, Ret, SVB.makeZeroVal(CE->getType()),
                      SVB.getConditionType())
            .getAs<DefinedOrUnknownSVal>();
    if (NonNeg)
      if (ProgramStateRef S2 = State->assume(*NonNeg, true))
        State = S2;
    if (const MemRegion *R = argVal(Call, Api.Buf).getAsRegion())
      State = setSgList(State, R, SgList{S, argVal(Call, Api.Nents), CE});
  }
  State = setMapping(
      State, S,
      MappingState::mapped(Api, CE, LCtx, argVal(Call, Api.Dev),
                           argVal(Call, Api.Buf), rawArg(Call, Api.Size, C),
                           rawArg(Call, Api.Dir, C), argVal(Call, Api.Nents)));
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
    const MappingState *HM = lookup(
        State, handleHeldBy(State, holderRegion(argExpr(Call, Api.Handle), C)));
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
    if (auto IsErr =
            SVB.evalBinOp(State, BO_EQ, HV, Err, SVB.getConditionType())
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
    if (SymbolRef H =
            handleHeldBy(State, holderRegion(argExpr(Call, Api.Handle), C));
        H && lookup(State, H)->phase() == Phase::Failed)
      S = H;
  const MappingState *M = lookup(State, S);
  if (!M) {
    ProgramStateRef Next =
        noteUnseenRelease(Call, Api, argVal(Call, Api.Handle), C);
    C.addTransition(handBackHeld(Call, Api, Next, C));
    return;
  }
  const Stmt *At = Call.getOriginExpr();
  if (Api.R != Role::UNMAP) {
    // A sync is a use: the device is about to (or did) access the buffer;
    // and it moves the buffer between the CPU and the device.
    ProgramStateRef Next = setMapping(
        State, S,
        Api.R == Role::SYNC_CPU ? M->syncedForCpu() : M->syncedForDevice());
    Next = noteUse(Next, S, At, C.getLocationContext(), false);
    event(C, EventKind::Sync, State, Next, S, M, &Call);
    return;
  }
  std::string Name = displayName(Call, C);
  const NoteTag *Tag = C.getNoteTag([S, Name](PathSensitiveBugReport &BR) {
    return BR.isInteresting(S) ? "unmapped by " + Name + "() here"
                               : std::string();
  });
  ProgramStateRef Next =
      setMapping(State, S, M->released(At, C.getLocationContext()));
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
  State =
      setMapping(State, P,
                 MappingState::allocated(Api, CE, LCtx, argVal(Call, Api.Dev),
                                         rawArg(Call, Api.Size, C)));
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
    Next = Next->BindExpr(
        CE, C.getLocationContext(),
        C.getSValBuilder().conjureSymbolVal(CE, C.getLocationContext(),
                                            CE->getType(), C.blockCount()));
  const MappingState *M = lookup(State, S);
  if (!M) {
    C.addTransition(
        noteUnseenRelease(Call, Api, argVal(Call, Api.Buf), C, Next));
    return;
  }
  Next = setMapping(Next, S,
                    M->released(Call.getOriginExpr(), C.getLocationContext()));
  event(C, EventKind::Release, State, Next, S, M, &Call);
}

void dmacheck::registerModeling(CheckerManager &Mgr) {
  Mgr.registerChecker<Modeling>();
}

bool dmacheck::shouldRegisterModeling(const CheckerManager &) { return true; }

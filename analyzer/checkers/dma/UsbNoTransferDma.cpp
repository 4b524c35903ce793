//===- UsbNoTransferDma.cpp - usb-no-transfer-dma -------------------------===//
//
// driver-api/usb/dma.rst: URB_NO_TRANSFER_DMA_MAP tells the USB core that
// urb->transfer_dma already holds the DMA address of the buffer (from
// usb_alloc_coherent(), or a mapping the driver made); the core then maps
// nothing and the host controller uses transfer_dma as it is. Reported: the
// flag set on an urb that usb_alloc_urb() (which zeroes it) returned on
// this path, when the urb is submitted, or the path ends, without
// transfer_dma ever assigned on the path: the controller is given DMA
// address 0. Assigned means stored, or handed by address to a call
// (usb_alloc_coherent(..., &urb->transfer_dma)); an urb handed to a driver
// function the path does not enter may be set up there and is left alone.
// Own state: the fresh urbs, the ones given a transfer_dma, and the flag.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {
struct FlagSet {
  const Stmt *At;
  const LocationContext *Ctx;

  bool operator==(const FlagSet &O) const { return At == O.At && Ctx == O.Ctx; }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(At);
    ID.AddPointer(Ctx);
  }
};
} // namespace

REGISTER_SET_WITH_PROGRAMSTATE(FreshUrbs, SymbolRef)
DMACHECK_PATH_OBLIGATION(FreshUrbs)
REGISTER_SET_WITH_PROGRAMSTATE(UrbsGivenDma, SymbolRef)
DMACHECK_PATH_OBLIGATION(UrbsGivenDma)
REGISTER_MAP_WITH_PROGRAMSTATE(NoMapFlags, SymbolRef, FlagSet)
DMACHECK_PATH_OBLIGATION(NoMapFlags)
// Where a fresh urb was stored (`acecad->irq = usb_alloc_urb(...)`): a read
// of that place after a call the path did not enter is the same urb.
REGISTER_MAP_WITH_PROGRAMSTATE(UrbHolders, const MemRegion *, SymbolRef)
DMACHECK_PATH_OBLIGATION(UrbHolders)
// The usb_fill_*_urb() that gave a fresh urb its buffer: a note, and the
// call site libdmart names as the origin of its report.
REGISTER_MAP_WITH_PROGRAMSTATE(UrbFills, SymbolRef, FlagSet)
DMACHECK_PATH_OBLIGATION(UrbFills)

namespace {

constexpr uint64_t NoTransferDmaMap = 0x0004; // include/linux/usb.h

class UsbNoTransferDma
    : public Checker<check::PreCall, check::PostCall, check::Bind,
                     check::EndFunction, check::PointerEscape> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;

private:
  void judge(CheckerContext &C, SymbolRef Urb, const Stmt *SubmitAt) const;
  RuleBugTypes BT{this};
};

/// The urb a pointer symbol is: itself, or the urb last stored in the
/// place it was read from.
SymbolRef urbOf(ProgramStateRef State, SymbolRef S) {
  if (!S || State->contains<FreshUrbs>(S))
    return S;
  const MemRegion *From = nullptr;
  if (const auto *RV = dyn_cast<SymbolRegionValue>(S))
    From = RV->getRegion();
  else if (const auto *D = dyn_cast<SymbolDerived>(S))
    From = D->getRegion();
  const SymbolRef *Held = From ? State->get<UrbHolders>(From) : nullptr;
  return Held ? *Held : S;
}

/// The urb whose field Name location Loc is, or null.
SymbolRef urbWithField(ProgramStateRef State, SVal Loc, StringRef Name) {
  const auto *FR = dyn_cast_or_null<FieldRegion>(Loc.getAsRegion());
  if (!FR || !FR->getDecl()->getIdentifier() ||
      FR->getDecl()->getName() != Name)
    return nullptr;
  const auto *SR = dyn_cast<SymbolicRegion>(FR->getSuperRegion()->StripCasts());
  return SR ? urbOf(State, SR->getSymbol()) : nullptr;
}

/// Whether a flags value has URB_NO_TRANSFER_DMA_MAP set: a constant, or
/// `flags | URB_NO_TRANSFER_DMA_MAP` of flags the path does not know.
bool setsNoMap(SVal V) {
  if (auto CI = V.getAs<nonloc::ConcreteInt>())
    return (CI->getValue().getZExtValue() & NoTransferDmaMap) != 0;
  const SymExpr *S = V.getAsSymbol();
  while (const auto *SIE = dyn_cast_or_null<SymIntExpr>(S)) {
    if (SIE->getOpcode() != BO_Or)
      return false;
    if (SIE->getRHS().getZExtValue() & NoTransferDmaMap)
      return true;
    S = SIE->getLHS();
  }
  return false;
}

void UsbNoTransferDma::checkPostCall(const CallEvent &Call,
                                     CheckerContext &C) const {
  if (!activeRules().enabled(DMC023) || nameKind(Call) != NameKind::URB_ALLOC)
    return;
  if (SymbolRef S = pointerSymbol(Call.getReturnValue()))
    C.addTransition(C.getState()->add<FreshUrbs>(S));
}

void UsbNoTransferDma::checkBind(SVal Loc, SVal Val, const Stmt *S,
                                 CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<FreshUrbs>().isEmpty())
    return;
  if (SymbolRef U = pointerSymbol(Val); U && State->contains<FreshUrbs>(U))
    if (const MemRegion *R = Loc.getAsRegion()) {
      C.addTransition(State->set<UrbHolders>(R, U));
      return;
    }
  if (SymbolRef U = urbWithField(State, Loc, "transfer_dma")) {
    if (State->contains<FreshUrbs>(U))
      C.addTransition(State->add<UrbsGivenDma>(U));
    return;
  }
  SymbolRef U = urbWithField(State, Loc, "transfer_flags");
  if (!U || !State->contains<FreshUrbs>(U))
    return;
  if (!setsNoMap(Val)) { // cleared, or flags written anew
    if (State->get<NoMapFlags>(U))
      C.addTransition(State->remove<NoMapFlags>(U));
    return;
  }
  if (State->get<NoMapFlags>(U))
    return;
  C.addTransition(State->set<NoMapFlags>(U, {S, C.getLocationContext()}));
}

void UsbNoTransferDma::judge(CheckerContext &C, SymbolRef Urb,
                             const Stmt *SubmitAt) const {
  ProgramStateRef State = C.getState();
  const FlagSet *F = Urb ? State->get<NoMapFlags>(Urb) : nullptr;
  if (!F || State->contains<UrbsGivenDma>(Urb))
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode(State->remove<NoMapFlags>(Urb));
  if (!N)
    return;
  std::string Msg =
      "URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never "
      "set; the USB core will not map the buffer and the host controller "
      "is given DMA address 0";
  if (SubmitAt)
    Msg +=
        " (submitted at line " + lineOf(SubmitAt, C.getSourceManager()) + ")";
  auto R = std::make_unique<SiteReport>(BT.get(DMC023), Msg, N, F->At, F->Ctx,
                                        F->At, F->Ctx);
  R->markInteresting(Urb);
  if (const FlagSet *Fill = State->get<UrbFills>(Urb)) {
    const auto *CE = dyn_cast<CallExpr>(Fill->At);
    const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
    R->addNote("the urb is given its buffer here" +
                   (FD ? " by " + FD->getName().str() + "()" : std::string()),
               PathDiagnosticLocation::createBegin(
                   Fill->At, C.getSourceManager(), Fill->Ctx));
  }
  C.emitReport(std::move(R));
}

void UsbNoTransferDma::checkPreCall(const CallEvent &Call,
                                    CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<FreshUrbs>().isEmpty())
    return;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I)
    if (SymbolRef U = urbWithField(State, Call.getArgSVal(I), "transfer_dma");
        U && State->contains<FreshUrbs>(U))
      State = State->add<UrbsGivenDma>(U);
  const IdentifierInfo *Callee = Call.getCalleeIdentifier();
  if (Callee && Callee->getName().starts_with("usb_fill_") &&
      Call.getNumArgs() > 0 && Call.getOriginExpr())
    if (SymbolRef U = urbOf(State, pointerSymbol(argVal(Call, 0)));
        U && State->contains<FreshUrbs>(U))
      State = State->set<UrbFills>(
          U, {Call.getOriginExpr(), C.getLocationContext()});
  if (State != C.getState()) {
    C.addTransition(State);
    return;
  }
  // Freed unsubmitted: nothing to judge.
  if (Callee && Callee->getName() == "usb_free_urb") {
    if (SymbolRef U = urbOf(State, pointerSymbol(argVal(Call, 0))))
      C.addTransition(State->remove<FreshUrbs>(U)->remove<NoMapFlags>(U));
    return;
  }
  const ApiEntry *Api = apiFor(Call);
  if (Api && Api->R == Role::USB_SUBMIT && Api->Fam == Family::USB_URB)
    judge(C, urbOf(State, pointerSymbol(argVal(Call, Api->Dev))),
          Call.getOriginExpr());
}

void UsbNoTransferDma::checkEndFunction(const ReturnStmt *RS,
                                        CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  for (const auto &E : C.getState()->get<NoMapFlags>())
    judge(C, E.first, nullptr);
}

// A driver function the path does not enter, given the urb, may set
// transfer_dma.
ProgramStateRef UsbNoTransferDma::checkPointerEscape(
    ProgramStateRef State, const InvalidatedSymbols &Escaped,
    const CallEvent *Call, PointerEscapeKind Kind) const {
  if (!Call || apiFor(*Call) || nameKind(*Call))
    return State;
  for (SymbolRef S : Escaped)
    if (passedDirectly(*Call, S))
      State = State->remove<FreshUrbs>(S)->remove<NoMapFlags>(S);
  return State;
}

} // namespace

void dmacheck::registerUsbNoTransferDma(CheckerManager &Mgr) {
  Mgr.registerChecker<UsbNoTransferDma>();
}

//===- Ownership.cpp - CPU accesses to mapped streaming buffers -----------===//
//
// A streaming mapping gives its buffer to the device; dma_sync_*_for_cpu()
// lends it back to the CPU until dma_sync_*_for_device() (dma-api.rst Part
// Id). The modelling checker's half: which mapped buffer a load, a store or
// memcpy() & co. touches, and the CPU writes the device has not been given
// yet (MappingState::cpuWrote()). dma/CpuAccess.cpp judges. See Modeling.h.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/Modeling.h"
#include "checkers/dma/Report.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

bool dma::startsDevice(const ApiEntry *Api, std::optional<NameKind> K,
                       bool OrWaits) {
  if (Api)
    return Api->R == Role::USB_SUBMIT || Api->R == Role::SUBMIT ||
           Api->R == Role::ISSUE;
  return K == NameKind::MMIO_WRITE || (OrWaits && K == NameKind::DEVICE_WAIT);
}

// The ownership transitions of MappingState (dma/State.h).

MappingState MappingState::syncedForCpu() const {
  MappingState M = *this;
  M.CpuOwned = true;
  return M;
}

MappingState MappingState::syncedForDevice() const {
  MappingState M = *this;
  M.CpuWrite = nullptr;
  M.CpuWriteCtx = nullptr;
  M.CpuOwned = false;
  M.DeviceRan = false;
  return M;
}

MappingState MappingState::deviceRan() const {
  MappingState M = *this;
  M.DeviceRan = true;
  return M;
}

MappingState MappingState::cpuWrote(const Stmt *S,
                                    const LocationContext *Ctx) const {
  MappingState M = *this;
  if (!M.CpuWrite) {
    M.CpuWrite = S;
    M.CpuWriteCtx = Ctx;
  }
  return M;
}

namespace {

/// Whether R lies in the memory the mapping M covers: the buffer's region
/// or one inside it, or an offset in the same object from the buffer's
/// start to its end (its size, when known; else only a buffer that starts
/// the object, such as skb->data).
bool inBuffer(const MemRegion *R, const MappingState &M) {
  const MemRegion *B = M.buffer().getAsRegion();
  if (!R || !B)
    return false;
  if (R == B || R->isSubRegionOf(B))
    return true;
  RegionOffset RO = R->getAsOffset(), BO = B->getAsOffset();
  if (!RO.isValid() || !BO.isValid() || RO.getRegion() != BO.getRegion() ||
      BO.hasSymbolicOffset())
    return false;
  int64_t Start = BO.getOffset();
  if (RO.hasSymbolicOffset())
    return Start == 0;
  int64_t Off = RO.getOffset();
  if (Off < Start)
    return false;
  if (auto Size = M.size().getAs<nonloc::ConcreteInt>())
    return Off < Start + Size->getValue().getExtValue() * 8;
  return Start == 0;
}

/// Whether a body the path did not enter (a polling helper it gave up on)
/// starts or waits for the device itself.
bool talksToDevice(const Stmt *Body) {
  return anyCallIn(Body, [](const CallExpr *CE) {
    return startsDevice(apiOf(CE), nameKindOf(CE->getDirectCallee()), true);
  });
}

/// Mappings whose buffer the device may be using: a streaming map of CPU
/// memory (not a page, whose struct is not the buffer), not failed, not
/// released, its memory not freed.
bool deviceMayUse(const MappingState &M) {
  Phase P = M.phase();
  return (P == Phase::Mapped || P == Phase::Checked) && !M.isBufferFreed() &&
         !M.isUnseen() && M.api().R == Role::MAP &&
         M.api().Fam == Family::SINGLE;
}

} // namespace

/// Whether a value the path still needs points into the object of region
/// B: the checkers see liveness before the engine scans the expressions,
/// and `memcpy(priv->buf, ...)` holds the buffer only there.
bool bufferStillUsed(ProgramStateRef State, const MemRegion *B,
                     SymbolReaper &SR) {
  const MemRegion *Base = B->getBaseRegion();
  if (SR.isLiveRegion(Base))
    return true;
  for (const auto &[Entry, V] : State->getEnvironment()) {
    const MemRegion *R = V.getAsRegion();
    const auto *E = dyn_cast_or_null<Expr>(Entry.getStmt());
    if (R && E && R->getBaseRegion() == Base &&
        SR.isLive(E, Entry.getLocationContext()))
      return true;
  }
  // A local variable the path still reads holding a pointer into it.
  struct Finder : StoreManager::BindingsHandler {
    const MemRegion *Base;
    SymbolReaper &SR;
    bool Found = false;
    Finder(const MemRegion *Base, SymbolReaper &SR) : Base(Base), SR(SR) {}
    bool HandleBinding(StoreManager &, Store, const MemRegion *R,
                       SVal V) override {
      const MemRegion *P = V.getAsRegion();
      Found = P && P->getBaseRegion() == Base && isa<VarRegion>(R) &&
              SR.isLiveRegion(R);
      return !Found;
    }
  } F(Base, SR);
  State->getStateManager().getStoreManager().iterBindings(State->getStore(), F);
  return F.Found;
}

void dma::markMappedBuffersLive(ProgramStateRef State, SymbolReaper &SR) {
  if (holdsNothing(State))
    return;
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  for (const MappingEntry &E : All)
    if (deviceMayUse(E.M) && E.M.phase() == Phase::Checked && E.M.isEscaped() &&
        !SR.isLive(E.Sym))
      if (const MemRegion *B = E.M.buffer().getAsRegion();
          B && bufferStillUsed(State, B, SR))
        SR.markLive(E.Sym);
}

ProgramStateRef Modeling::touchBuffers(ProgramStateRef State,
                                       const MemRegion *R, bool Write,
                                       const Stmt *At, CheckerContext &C,
                                       SmallVectorImpl<CpuTouch> &Out) const {
  if (!R || !At || holdsNothing(State))
    return State;
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  for (const MappingEntry &E : All) {
    if (!deviceMayUse(E.M) || !inBuffer(R, E.M))
      continue;
    Out.push_back(CpuTouch{E.Sym, E.M, At, Write});
    if (Write) {
      auto [S, L] = inMappingFrame(E.M, At, C.getLocationContext());
      State = setMapping(State, E.Sym, E.M.cpuWrote(S, L));
    }
  }
  return State;
}

ProgramStateRef Modeling::touchByCall(ProgramStateRef State,
                                      const CallEvent &Call, NameKind K,
                                      CheckerContext &C,
                                      SmallVectorImpl<CpuTouch> &Out) const {
  const Stmt *At = Call.getOriginExpr();
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    bool Write = I == 0 && (K == NameKind::CPU_COPY || K == NameKind::CPU_FILL);
    bool Read = K == NameKind::CPU_READ || (K == NameKind::CPU_COPY && I == 1);
    if (Write || Read)
      State = touchBuffers(State, Call.getArgSVal(I).getAsRegion(), Write, At,
                           C, Out);
  }
  return State;
}

ProgramStateRef Modeling::handBackHeld(const CallEvent &Call,
                                       const ApiEntry &Api,
                                       ProgramStateRef State,
                                       CheckerContext &C) const {
  if (!activeRules().enabled(DMC010) || holdsNothing(State))
    return State;
  // The place that held the handle, when the path still knows it, says
  // whose buffer it is; else any buffer may be the one, and the rule does
  // not claim what the path cannot tell: the CPU may own each, and no write
  // is left unpublished.
  SymbolRef H = handleHeldBy(State, holderRegion(argExpr(Call, Api.Handle), C));
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  for (const MappingEntry &E : All) {
    if (!deviceMayUse(E.M) || (H && E.Sym != H))
      continue;
    MappingState N = E.M;
    if (Api.R != Role::SYNC_DEV)
      N = N.syncedForCpu();
    else if (H || !N.cpuOwns())
      N = N.syncedForDevice();
    else
      N = N.syncedForDevice().syncedForCpu();
    State = setMapping(State, E.Sym, N);
  }
  return State;
}

ProgramStateRef Modeling::noteDeviceMayRun(const CallEvent &Call,
                                           CheckerContext &C,
                                           ProgramStateRef State) const {
  if (!activeRules().enabled(DMC010) || holdsNothing(State))
    return State;
  // Started (a register write, a dmaengine or USB submission), waited for
  // (a completion, a sleep), or a helper the path did not enter that does
  // either. Other calls are not taken to run the device, nor a register
  // read (wd719x polls the command register before it starts the card), nor
  // code given the handle (caam's append_seq_in_ptr() builds a descriptor):
  // a read before the start sees the CPU's own data.
  const ApiEntry *Api = apiFor(Call);
  std::optional<NameKind> K = nameKind(Call);
  bool Runs = startsDevice(Api, K, true);
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
      !Api && !K && !C.wasInlined && FD && FD->hasBody())
    Runs = talksToDevice(FD->getBody());
  if (!Runs)
    return State;
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  for (const MappingEntry &E : All)
    if (deviceMayUse(E.M) && !E.M.cpuOwns() && !E.M.hasDeviceRun())
      State = setMapping(State, E.Sym, E.M.deviceRan());
  return State;
}

void Modeling::dispatchTouches(CheckerContext &C, EventNode &Node,
                               ProgramStateRef Before,
                               ArrayRef<CpuTouch> Touched,
                               const CallEvent *Call) const {
  for (const CpuTouch &T : Touched) {
    MappingEvent E{
        EventKind::CpuAccess, C, Node, Before, T.Sym, &T.Before, Call};
    E.Access = T.At;
    E.Write = T.Write;
    dispatchEvent(E);
  }
}

void Modeling::checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                             CheckerContext &C) const {
  if (!activeRules().enabled(DMC010))
    return;
  ProgramStateRef State = C.getState();
  SmallVector<CpuTouch, 2> Touched;
  ProgramStateRef Next =
      touchBuffers(State, Loc.getAsRegion(), !IsLoad, S, C, Touched);
  if (Touched.empty())
    return;
  EventNode Node(C, Next);
  dispatchTouches(C, Node, State, Touched, nullptr);
  if (!Node.made() && Next != State)
    C.addTransition(Next);
}

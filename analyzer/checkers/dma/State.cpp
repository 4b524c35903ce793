//===- State.cpp - the program state of checker core v2 -------------------===//
#include "checkers/dma/State.h"
#include "checkers/Support.h"
#include "checkers/dma/Events.h"
#include "engine/DonePaths.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

int MappingEvent::Tag;

REGISTER_MAP_WITH_PROGRAMSTATE(DmaMappings, SymbolRef, MappingState)
DMACHECK_PATH_OBLIGATION(DmaMappings)
REGISTER_MAP_WITH_PROGRAMSTATE(DmaSgLists, const MemRegion *, SgList)
DMACHECK_PATH_CONTEXT(DmaSgLists)
// dma_addr_t written through an allocation's handle argument → the CPU
// address: the allocation stays reachable through either.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaAllocHandles, SymbolRef, SymbolRef)
DMACHECK_PATH_OBLIGATION(DmaAllocHandles)
// Variables and fields holding a dma_map_sg() count → the map call. A test
// such as `if (count != 1)` turns the symbol into a constant; where it is
// stored still tells.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaSgCountHolders, const MemRegion *,
                               const Expr *)
DMACHECK_PATH_CONTEXT(DmaSgCountHolders)
// The same for streaming handles.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaHandleHolders, const MemRegion *, SymbolRef)
DMACHECK_PATH_CONTEXT(DmaHandleHolders)
// Values that are the CPU's physical address of memory (virt_to_phys() &
// co., rules/names.def PHYS) → the call or macro expansion that made them.
REGISTER_MAP_WITH_PROGRAMSTATE(CpuPhysAddrs, SymbolRef, const Expr *)
DMACHECK_PATH_OBLIGATION(CpuPhysAddrs)
// Pointers returned by vmalloc-like allocators and kmap.
REGISTER_MAP_WITH_PROGRAMSTATE(NonLinearMem, SymbolRef,
                               dmacheck::dma::NonLinearAlloc)
DMACHECK_PATH_CONTEXT(NonLinearMem)

namespace dmacheck {
namespace dma {

MappingState MappingState::mapped(const ApiEntry &Api, const CallExpr *Site,
                                  const LocationContext *SiteCtx, SVal Dev,
                                  SVal Buf, SVal Size, SVal Dir, SVal Nents) {
  MappingState M;
  M.Api = &Api;
  M.P = Phase::Mapped;
  M.Site = Site;
  M.SiteCtx = SiteCtx;
  M.Dev = Dev;
  M.Buf = Buf;
  M.Size = Size;
  M.Dir = Dir;
  M.Nents = Nents;
  return M;
}

MappingState MappingState::allocated(const ApiEntry &Api, const CallExpr *Site,
                                     const LocationContext *SiteCtx, SVal Dev,
                                     SVal Size) {
  MappingState M = mapped(Api, Site, SiteCtx, Dev, UnknownVal(), Size,
                          UnknownVal(), UnknownVal());
  M.P = Phase::Checked;
  return M;
}

MappingState MappingState::releasedUnseen(const ApiEntry &Api,
                                          const CallExpr *At,
                                          const LocationContext *Ctx) {
  MappingState M = mapped(Api, At, Ctx, UnknownVal(), UnknownVal(),
                          UnknownVal(), UnknownVal(), UnknownVal());
  M.P = Phase::Released;
  M.ReleaseAt = At;
  M.ReleaseCtx = Ctx;
  M.Unseen = true;
  return M;
}

MappingState MappingState::released(const Stmt *At,
                                    const LocationContext *Ctx) const {
  MappingState M = with(Phase::Released);
  if (P != Phase::Released) {
    M.ReleaseAt = At;
    M.ReleaseCtx = Ctx;
  }
  return M;
}

MappingState MappingState::usedAt(const Stmt *S,
                                  const LocationContext *Ctx) const {
  MappingState M = *this;
  if (!M.Use && S && Ctx) {
    M.Use = S;
    M.UseCtx = Ctx;
  }
  return M;
}

MappingState MappingState::escaped() const {
  MappingState M = *this;
  M.Escaped = true;
  return M;
}

MappingState MappingState::returned() const {
  MappingState M = *this;
  M.Returned = true;
  M.Escaped = true;
  return M;
}

MappingState MappingState::handedOff(const Stmt *S) const {
  MappingState M = *this;
  if (!M.Handoff)
    M.Handoff = S;
  return M;
}

MappingState MappingState::toDevice(const Stmt *S,
                                    const LocationContext *Ctx) const {
  MappingState M = usedAt(S, Ctx);
  if (!M.DevWrite)
    M.DevWrite = S;
  return M;
}

MappingState MappingState::bufferFreed() const {
  MappingState M = *this;
  M.BufFreed = true;
  return M;
}

bool MappingState::isStreaming() const { return isStreamingFamily(Api->Fam); }

bool MappingState::isSg() const { return Api->Fam == Family::SG; }

bool MappingState::isAlloc() const { return Api->R == Role::ALLOC; }

bool MappingState::operator==(const MappingState &O) const {
  return Api == O.Api && P == O.P && Site == O.Site && SiteCtx == O.SiteCtx &&
         Dev == O.Dev && Buf == O.Buf && Size == O.Size && Dir == O.Dir &&
         Nents == O.Nents && Use == O.Use && UseCtx == O.UseCtx &&
         DevWrite == O.DevWrite && ReleaseAt == O.ReleaseAt &&
         ReleaseCtx == O.ReleaseCtx && Handoff == O.Handoff &&
         Escaped == O.Escaped && Returned == O.Returned &&
         BufFreed == O.BufFreed && Unseen == O.Unseen &&
         CpuWrite == O.CpuWrite && CpuWriteCtx == O.CpuWriteCtx &&
         CpuOwned == O.CpuOwned && DeviceRan == O.DeviceRan;
}

void MappingState::Profile(llvm::FoldingSetNodeID &ID) const {
  ID.AddPointer(Api);
  ID.AddInteger((unsigned)P);
  ID.AddPointer(Site);
  ID.AddPointer(SiteCtx);
  Dev.Profile(ID);
  Buf.Profile(ID);
  Size.Profile(ID);
  Dir.Profile(ID);
  Nents.Profile(ID);
  ID.AddPointer(Use);
  ID.AddPointer(UseCtx);
  ID.AddPointer(DevWrite);
  ID.AddPointer(ReleaseAt);
  ID.AddPointer(ReleaseCtx);
  ID.AddPointer(Handoff);
  ID.AddBoolean(Escaped);
  ID.AddBoolean(Returned);
  ID.AddBoolean(BufFreed);
  ID.AddBoolean(Unseen);
  ID.AddPointer(CpuWrite);
  ID.AddPointer(CpuWriteCtx);
  ID.AddBoolean(CpuOwned);
  ID.AddBoolean(DeviceRan);
}

const MappingState *lookup(ProgramStateRef State, SymbolRef S) {
  return S ? State->get<DmaMappings>(S) : nullptr;
}

SymbolRef trackedIn(ProgramStateRef State, SVal V) {
  for (SymbolRef S : symbolsIn(V)) {
    if (State->contains<DmaMappings>(S))
      return S;
    if (const SymbolRef *P = State->get<DmaAllocHandles>(S))
      if (State->contains<DmaMappings>(*P))
        return *P;
  }
  return nullptr;
}

SymbolRef handleHeldBy(ProgramStateRef State, const MemRegion *R) {
  if (!R)
    return nullptr;
  const SymbolRef *H = State->get<DmaHandleHolders>(R);
  return H && State->contains<DmaMappings>(*H) ? *H : nullptr;
}

const Expr *sgCountHeldBy(ProgramStateRef State, const MemRegion *R) {
  if (!R)
    return nullptr;
  const Expr *const *E = State->get<DmaSgCountHolders>(R);
  return E ? *E : nullptr;
}

const SgList *sgListOf(ProgramStateRef State, const MemRegion *R) {
  return R ? State->get<DmaSgLists>(R->StripCasts()) : nullptr;
}

const MemRegion *holderRegion(const Expr *E, CheckerContext &C) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  ProgramStateRef State = C.getState();
  const LocationContext *LCtx = C.getLocationContext();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return State->getLValue(VD, LCtx).getAsRegion();
    return nullptr;
  }
  if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E)) {
    // ring[i]: the element of the array or pointer the base names.
    SVal Base = UnknownVal();
    const Expr *B = AE->getBase()->IgnoreParenCasts();
    if (const MemRegion *BR = holderRegion(B, C))
      Base = B->getType()->isArrayType() ? loc::MemRegionVal(BR)
                                         : State->getSVal(BR);
    SVal Idx = C.getSVal(AE->getIdx());
    if (const MemRegion *IR = holderRegion(AE->getIdx(), C))
      Idx = State->getSVal(IR);
    auto NL = Idx.getAs<NonLoc>();
    if (Base.isUnknownOrUndef() || !NL)
      return nullptr;
    return State->getLValue(AE->getType(), *NL, Base).getAsRegion();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return nullptr;
    SVal Base = UnknownVal();
    if (const MemRegion *BR =
            holderRegion(ME->getBase()->IgnoreParenCasts(), C))
      Base = ME->isArrow() ? State->getSVal(BR) : loc::MemRegionVal(BR);
    else if (ME->isArrow())
      Base = C.getSVal(ME->getBase());
    if (Base.isUnknownOrUndef())
      return nullptr;
    return State->getLValue(FD, Base).getAsRegion();
  }
  return nullptr;
}

const NonLinearAlloc *nonLinearAlloc(ProgramStateRef State, SymbolRef S) {
  return S ? State->get<NonLinearMem>(S) : nullptr;
}

ProgramStateRef setNonLinearAlloc(ProgramStateRef State, SymbolRef S,
                                  const NonLinearAlloc *A) {
  return A ? State->set<NonLinearMem>(S, *A) : State->remove<NonLinearMem>(S);
}

ProgramStateRef setMapping(ProgramStateRef State, SymbolRef S,
                           const MappingState &M) {
  return State->set<DmaMappings>(S, M);
}

ProgramStateRef removeMapping(ProgramStateRef State, SymbolRef S) {
  return State->remove<DmaMappings>(S);
}

ProgramStateRef setSgList(ProgramStateRef State, const MemRegion *R,
                          const SgList &L) {
  return State->set<DmaSgLists>(R->StripCasts(), L);
}

ProgramStateRef removeSgList(ProgramStateRef State, const MemRegion *R) {
  return State->remove<DmaSgLists>(R->StripCasts());
}

void handlesHeldIn(ProgramStateRef State, const MemRegion *Base,
                   SmallVectorImpl<SymbolRef> &Out) {
  for (const auto &E : State->get<DmaHandleHolders>())
    if (E.first->getBaseRegion() == Base &&
        State->contains<DmaMappings>(E.second))
      Out.push_back(E.second);
}

ProgramStateRef setHolder(ProgramStateRef State, const MemRegion *R,
                          SymbolRef Handle, const Expr *SgCount,
                          bool &Changed) {
  if (Handle) {
    State = State->set<DmaHandleHolders>(R, Handle);
    Changed = true;
  } else if (State->contains<DmaHandleHolders>(R)) {
    State = State->remove<DmaHandleHolders>(R);
    Changed = true;
  }
  if (SgCount) {
    State = State->set<DmaSgCountHolders>(R, SgCount);
    Changed = true;
  } else if (State->contains<DmaSgCountHolders>(R)) {
    State = State->remove<DmaSgCountHolders>(R);
    Changed = true;
  }
  return State;
}

ProgramStateRef linkAllocHandle(ProgramStateRef State, SymbolRef Handle,
                                SymbolRef Alloc) {
  return State->set<DmaAllocHandles>(Handle, Alloc);
}

bool holdsNothing(ProgramStateRef State) {
  return State->get<DmaMappings>().isEmpty() &&
         State->get<DmaHandleHolders>().isEmpty() &&
         State->get<DmaSgCountHolders>().isEmpty();
}

void allMappings(ProgramStateRef State, SmallVectorImpl<MappingEntry> &Out) {
  for (const auto &E : State->get<DmaMappings>())
    Out.push_back({E.first, E.second});
}

void markSgCountsLive(ProgramStateRef State, SymbolReaper &SR) {
  for (const auto &E : State->get<DmaSgLists>())
    if (const MappingState *M = State->get<DmaMappings>(E.second.Count);
        M && M->phase() == Phase::Checked)
      SR.markLive(E.second.Count);
}

ProgramStateRef collectDead(ProgramStateRef State, SymbolReaper &SR,
                            SmallVectorImpl<MappingEntry> &Dead,
                            SmallVectorImpl<MappingEntry> &LostLists) {
  // An allocation stays reachable while the dma_addr_t written through its
  // handle argument is alive, even when the CPU pointer is not.
  auto HandleAlive = [&](SymbolRef P) {
    for (const auto &H : State->get<DmaAllocHandles>())
      if (H.second == P && !SR.isDead(H.first))
        return true;
    return false;
  };
  for (const auto &E : State->get<DmaMappings>()) {
    if (!SR.isDead(E.first))
      continue;
    if (E.second.isAlloc() && HandleAlive(E.first))
      continue;
    // A failed handle is the constant DMA_MAPPING_ERROR to the engine, whose
    // symbol "dies" while variables still hold it: kept, so that an unmap
    // of it is still seen through where it is stored.
    if (E.second.phase() == Phase::Failed)
      continue;
    Dead.push_back({E.first, E.second});
    State = State->remove<DmaMappings>(E.first);
  }
  for (const auto &E : State->get<DmaSgLists>()) {
    if (SR.isLiveRegion(E.first))
      continue;
    // Only a list on the stack is provably gone; a heap list may be
    // reached again through memory the path no longer tracks.
    const MappingState *M = State->get<DmaMappings>(E.second.Count);
    if (M && M->phase() == Phase::Checked &&
        isa<StackLocalsSpaceRegion>(E.first->getMemorySpace()))
      LostLists.push_back({E.second.Count, *M});
    State = State->remove<DmaSgLists>(E.first);
  }
  for (const auto &E : State->get<DmaHandleHolders>())
    if (!State->contains<DmaMappings>(E.second))
      State = State->remove<DmaHandleHolders>(E.first);
  // Count holders go when they are rebound, not here: the reaper's view of a
  // variable's liveness is taken before the statements that still read it.
  for (const auto &E : State->get<DmaAllocHandles>())
    if (SR.isDead(E.first))
      State = State->remove<DmaAllocHandles>(E.first);
  for (const auto &E : State->get<CpuPhysAddrs>())
    if (SR.isDead(E.first))
      State = State->remove<CpuPhysAddrs>(E.first);
  return State;
}

const Expr *cpuPhysSource(ProgramStateRef State, SVal V) {
  for (SymbolRef S : symbolsIn(V))
    if (const Expr *const *E = State->get<CpuPhysAddrs>(S))
      return *E;
  return nullptr;
}

ProgramStateRef setCpuPhys(ProgramStateRef State, SymbolRef S,
                           const Expr *Site) {
  return State->set<CpuPhysAddrs>(S, Site);
}

} // namespace dma
} // namespace dmacheck

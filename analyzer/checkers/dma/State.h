//===- State.h - the program state of checker core v2 ---------------------===//
//
// The only program-state registration of the mapping rules. dma/Modeling.cpp
// is the only writer; the rule checkers read it and report.
//
// One MappingState per mapping or allocation, keyed by the symbol the API
// returned: the dma_addr_t of a streaming map, the count of dma_map_sg(), the
// CPU address of a coherent or pool allocation. A state is built by the
// factory functions below and moves through phases:
//
//   Mapped ──dma_mapping_error() false──▶ Checked ──unmap/free──▶ Released
//      ├────dma_mapping_error() true───▶ Failed
//      └────unmap without a check (reported)───────────────────────▶ Released
//
// (a dma_map_sg() count becomes Checked when a branch tests it; allocations
// start Checked: the NULL test is another rule's business). Released entries
// stay until their symbol dies, so that a second release or a use after the
// release can be seen.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_STATE_H
#define DMACHECK_CHECKERS_DMA_STATE_H

#include "common/Model.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SVals.h"

namespace dmacheck {
namespace dma {

enum class Phase : unsigned char { Mapped, Checked, Failed, Released };

/// What one map/alloc call created, and what happened to it on this path.
class MappingState {
public:
  /// A streaming or sg mapping made by Site (a call of row Api), with the
  /// device, size, direction and nents it was given (UnknownVal if none).
  static MappingState mapped(const ApiEntry &Api, const clang::CallExpr *Site,
                             const clang::LocationContext *SiteCtx,
                             clang::ento::SVal Dev, clang::ento::SVal Buf,
                             clang::ento::SVal Size, clang::ento::SVal Dir,
                             clang::ento::SVal Nents);
  /// A coherent/pool/page allocation: there is nothing to check with
  /// dma_mapping_error(), so it starts Checked.
  static MappingState allocated(const ApiEntry &Api,
                                const clang::CallExpr *Site,
                                const clang::LocationContext *SiteCtx,
                                clang::ento::SVal Dev, clang::ento::SVal Size);

  /// A release (row Api, at At) of a handle the path never saw made: loaded
  /// from a ring entry in a completion. Released from the start, so that a
  /// second release or a use after it is seen; site() is the release.
  static MappingState releasedUnseen(const ApiEntry &Api,
                                     const clang::CallExpr *At,
                                     const clang::LocationContext *Ctx);

  // Transitions; each returns the new value.
  MappingState checked() const { return with(Phase::Checked); }
  MappingState failed() const { return with(Phase::Failed); }
  /// Released at At (in Ctx's frame); a second release keeps the first.
  MappingState released(const clang::Stmt *At,
                        const clang::LocationContext *Ctx) const;
  /// First use while unchecked (kept: the report points there).
  MappingState usedAt(const clang::Stmt *S,
                      const clang::LocationContext *Ctx) const;
  /// Kept where it outlives the function (memory, a callee we cannot see).
  MappingState escaped() const;
  /// Returned to the caller, who inherits the check and the release.
  MappingState returned() const;
  /// Handed unchecked by the function that made it to a caller the
  /// analysis sees (at S: a return, or a store through an out parameter):
  /// the caller's use is judged, and may be reported here.
  MappingState handedOff(const clang::Stmt *S) const;
  /// Its value was written to the device (MMIO): the device may hand it back.
  MappingState toDevice(const clang::Stmt *S,
                        const clang::LocationContext *Ctx) const;
  /// The mapped CPU memory went back to the allocator.
  MappingState bufferFreed() const;
  /// dma_sync_*_for_cpu(): the CPU owns the buffer until the next
  /// dma_sync_*_for_device(), which gives it back to the device together
  /// with what the CPU wrote meanwhile.
  MappingState syncedForCpu() const;
  MappingState syncedForDevice() const;
  /// The CPU wrote the buffer at S (in Ctx) since the device last got it.
  MappingState cpuWrote(const clang::Stmt *S,
                        const clang::LocationContext *Ctx) const;
  /// The device was started, or code the path does not see ran, since the
  /// buffer was last given to it: it may have written the buffer.
  MappingState deviceRan() const;

  const ApiEntry &api() const { return *Api; }
  Phase phase() const { return P; }
  const clang::CallExpr *site() const { return Site; }
  const clang::LocationContext *siteContext() const { return SiteCtx; }
  clang::ento::SVal device() const { return Dev; }
  clang::ento::SVal buffer() const { return Buf; }
  clang::ento::SVal size() const { return Size; }
  clang::ento::SVal direction() const { return Dir; }
  clang::ento::SVal nents() const { return Nents; }
  const clang::Stmt *use() const { return Use; }
  const clang::LocationContext *useContext() const { return UseCtx; }
  const clang::Stmt *deviceWrite() const { return DevWrite; }
  const clang::Stmt *releaseSite() const { return ReleaseAt; }
  const clang::LocationContext *releaseContext() const { return ReleaseCtx; }
  const clang::Stmt *handoff() const { return Handoff; }
  bool isEscaped() const { return Escaped; }
  bool isReturned() const { return Returned; }
  bool isBufferFreed() const { return BufFreed; }
  /// Known only from its release (releasedUnseen()).
  bool isUnseen() const { return Unseen; }
  /// Between a dma_sync_*_for_cpu() and the next *_for_device().
  bool cpuOwns() const { return CpuOwned; }
  bool hasDeviceRun() const { return DeviceRan; }
  /// The first CPU write since the device last got the buffer, or null.
  const clang::Stmt *cpuWrite() const { return CpuWrite; }
  const clang::LocationContext *cpuWriteContext() const { return CpuWriteCtx; }

  bool isStreaming() const;
  bool isSg() const;
  bool isAlloc() const;
  /// Mapped, not yet known good, and the check is this function's duty.
  bool needsCheck() const { return P == Phase::Mapped && !Returned; }
  /// Good, and no memory or caller holds it (the device may: deviceWrite()).
  bool ownedHere() const {
    return P == Phase::Checked && !Escaped && !Returned;
  }

  bool operator==(const MappingState &O) const;
  void Profile(llvm::FoldingSetNodeID &ID) const;

private:
  MappingState with(Phase NewP) const {
    MappingState M = *this;
    M.P = NewP;
    return M;
  }

  const ApiEntry *Api = nullptr;
  Phase P = Phase::Mapped;
  const clang::CallExpr *Site = nullptr;
  const clang::LocationContext *SiteCtx = nullptr;
  clang::ento::SVal Dev, Buf, Size, Dir, Nents;
  const clang::Stmt *Use = nullptr;
  const clang::LocationContext *UseCtx = nullptr;
  const clang::Stmt *DevWrite = nullptr;
  const clang::Stmt *ReleaseAt = nullptr;
  const clang::LocationContext *ReleaseCtx = nullptr;
  const clang::Stmt *Handoff = nullptr;
  const clang::Stmt *CpuWrite = nullptr;
  const clang::LocationContext *CpuWriteCtx = nullptr;
  bool CpuOwned = false;
  bool DeviceRan = false;
  bool Escaped = false;
  bool Returned = false;
  bool BufFreed = false;
  bool Unseen = false;
};

/// What dma_map_sg() was given for one scatterlist (keyed by the list).
struct SgList {
  clang::ento::SymbolRef Count;
  clang::ento::SVal Nents;
  const clang::Expr *Site;

  bool operator==(const SgList &O) const {
    return Count == O.Count && Nents == O.Nents && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Count);
    Nents.Profile(ID);
    ID.AddPointer(Site);
  }
};

/// Memory outside the kernel's linear map, tagged where an allocator of
/// rules/names.def (vmalloc, kvmalloc, kmap) returned it.
enum class MemTag : unsigned char { Vmalloc, MaybeVmalloc, Kmap };
struct NonLinearAlloc {
  MemTag Kind;
  const clang::Expr *Site; // the allocating call, for the note

  bool operator==(const NonLinearAlloc &O) const {
    return Kind == O.Kind && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger((unsigned)Kind);
    ID.AddPointer(Site);
  }
};

// --- reading the state ------------------------------------------------------

const MappingState *lookup(clang::ento::ProgramStateRef State,
                           clang::ento::SymbolRef S);

/// The tracked mapping a value carries (the handle itself, a value built from
/// it such as lower_32_bits(dma), or an allocation's dma_addr_t), or null.
clang::ento::SymbolRef trackedIn(clang::ento::ProgramStateRef State,
                                 clang::ento::SVal V);

/// The mapping whose handle was last stored in region R (a failed handle is
/// the constant DMA_MAPPING_ERROR once the path knows it failed: where it is
/// stored still tells which mapping it was).
clang::ento::SymbolRef handleHeldBy(clang::ento::ProgramStateRef State,
                                    const clang::ento::MemRegion *R);

/// The dma_map_sg() call whose count was last stored in region R, or null.
const clang::Expr *sgCountHeldBy(clang::ento::ProgramStateRef State,
                                 const clang::ento::MemRegion *R);

/// What dma_map_sg() was given for list region R, or null.
const SgList *sgListOf(clang::ento::ProgramStateRef State,
                       const clang::ento::MemRegion *R);

/// The variable, field or array element an expression reads (`count`,
/// `rq->mapped`, `ring[i].dma`) on this path, or null.
const clang::ento::MemRegion *holderRegion(const clang::Expr *E,
                                           clang::ento::CheckerContext &C);

/// Where the memory a pointer symbol points to came from, when not the
/// linear map; null otherwise or when unknown.
const NonLinearAlloc *nonLinearAlloc(clang::ento::ProgramStateRef State,
                                     clang::ento::SymbolRef S);

/// The call (virt_to_phys(), ...) or macro expansion (page_to_phys()) whose
/// CPU physical address a value is built from, or null.
const clang::Expr *cpuPhysSource(clang::ento::ProgramStateRef State,
                                 clang::ento::SVal V);

// --- writing the state (dma/Modeling.cpp only) -------------------------------

clang::ento::ProgramStateRef setCpuPhys(clang::ento::ProgramStateRef State,
                                        clang::ento::SymbolRef S,
                                        const clang::Expr *Site);

clang::ento::ProgramStateRef setMapping(clang::ento::ProgramStateRef State,
                                        clang::ento::SymbolRef S,
                                        const MappingState &M);
clang::ento::ProgramStateRef removeMapping(clang::ento::ProgramStateRef State,
                                           clang::ento::SymbolRef S);
clang::ento::ProgramStateRef setSgList(clang::ento::ProgramStateRef State,
                                       const clang::ento::MemRegion *R,
                                       const SgList &L);
clang::ento::ProgramStateRef removeSgList(clang::ento::ProgramStateRef State,
                                          const clang::ento::MemRegion *R);
/// Records (or forgets, when neither is given) what region R now holds.
/// The handles stored (as themselves) somewhere inside the object Base.
void handlesHeldIn(clang::ento::ProgramStateRef State,
                   const clang::ento::MemRegion *Base,
                   llvm::SmallVectorImpl<clang::ento::SymbolRef> &Out);
clang::ento::ProgramStateRef setHolder(clang::ento::ProgramStateRef State,
                                       const clang::ento::MemRegion *R,
                                       clang::ento::SymbolRef Handle,
                                       const clang::Expr *SgCount,
                                       bool &Changed);
clang::ento::ProgramStateRef linkAllocHandle(clang::ento::ProgramStateRef State,
                                             clang::ento::SymbolRef Handle,
                                             clang::ento::SymbolRef Alloc);

clang::ento::ProgramStateRef
setNonLinearAlloc(clang::ento::ProgramStateRef State, clang::ento::SymbolRef S,
                  const NonLinearAlloc *A);

struct MappingEntry {
  clang::ento::SymbolRef Sym;
  MappingState M;
};
/// Whether the state follows no mapping and no place that held one: the
/// per-bind and per-call steps have nothing to do.
bool holdsNothing(clang::ento::ProgramStateRef State);
/// Every mapping the state holds.
void allMappings(clang::ento::ProgramStateRef State,
                 llvm::SmallVectorImpl<MappingEntry> &Out);

/// Dead symbols and regions go; returns the mappings that died (with the
/// state they had), and the good dma_map_sg() mappings whose scatterlist,
/// a local of the function, went out of scope before its unmap (keyed by
/// the count), for the rule checkers to judge.
clang::ento::ProgramStateRef
collectDead(clang::ento::ProgramStateRef State, clang::ento::SymbolReaper &SR,
            llvm::SmallVectorImpl<MappingEntry> &Dead,
            llvm::SmallVectorImpl<MappingEntry> &LostLists);

/// Keeps the count of a good dma_map_sg() mapping alive while its list is
/// mapped: whether the list is lost while mapped is judged from it.
void markSgCountsLive(clang::ento::ProgramStateRef State,
                      clang::ento::SymbolReaper &SR);

} // namespace dma
} // namespace dmacheck

#endif

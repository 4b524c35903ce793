//===- CpuAccess.cpp - dma-cpu-access-while-mapped ------------------------===//
//
// dma-api.rst Part Id: after dma_map_single() the buffer is the device's;
// the CPU may touch it only after dma_sync_single_for_cpu() (or the unmap),
// and what it writes reaches the device only through
// dma_sync_single_for_device() (or the map, when written before it). On a
// path that sees the mapping (MappingEvent CpuAccess, EndOfPath, Died):
//  - a read of a DMA_FROM_DEVICE or DMA_BIDIRECTIONAL buffer while the
//    device owns it: the CPU may see stale cache lines, not the DMA data;
//  - a write of a DMA_TO_DEVICE or DMA_BIDIRECTIONAL buffer after it was
//    given to the device, not followed by a sync for the device before the
//    device is started (an MMIO write, dmaengine_submit(),
//    usb_submit_urb()) or, when the device still owns it, before the path
//    ends: the device may read memory without the CPU's data.
// Coherent memory and accesses after the unmap are not concerned; skb
// helpers that touch only the skb's metadata do not access the buffer.
// Reads the state dma/Modeling.cpp keeps (dma/Ownership.cpp); reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Lifecycle.h"
#include "checkers/dma/Modeling.h"
#include "checkers/dma/Report.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class CpuAccess : public Checker<check::Event<MappingEvent>, check::PostCall> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;

private:
  void reportWrite(ExplodedNode *N, CheckerContext &C, SymbolRef S,
                   const MappingState &M) const;

  RuleBugTypes BT{this};
};

/// The direction the mapping was made with, when the source says it.
std::optional<int64_t> directionOf(const MappingState &M, CheckerContext &C) {
  std::optional<Linear> L =
      linearOf(M.direction(), siteArg(M, M.api().Dir), C.getASTContext());
  if (!L || L->Base)
    return std::nullopt;
  return L->Off;
}

bool deviceReads(std::optional<int64_t> Dir) {
  return Dir == DirToDevice || Dir == DirBidirectional;
}

bool deviceWrites(std::optional<int64_t> Dir) {
  return Dir == DirFromDevice || Dir == DirBidirectional;
}

/// A mapping holding a CPU write that the device has not been given.
bool unpublishedWrite(const MappingState &M, CheckerContext &C) {
  Phase P = M.phase();
  return M.cpuWrite() && (P == Phase::Mapped || P == Phase::Checked) &&
         deviceReads(directionOf(M, C));
}

std::string syncName(const MappingState &M, const char *For) {
  std::string Name = M.api().Name;
  bool Legacy = Name.rfind("pci_", 0) == 0;
  return std::string(Legacy ? "pci_dma_sync_single_for_"
                            : "dma_sync_single_for_") +
         For + "()";
}

// One message whether the device is started or the path ends: the two
// are one finding.
void CpuAccess::reportWrite(ExplodedNode *N, CheckerContext &C, SymbolRef S,
                            const MappingState &M) const {
  std::string Msg =
      "the CPU writes the buffer mapped " + directionName(*directionOf(M, C)) +
      " by " + siteText(M, C) +
      (M.cpuOwns() ? " after syncing it for the CPU" : " after mapping it") +
      ", and no " + syncName(M, "device") + " gives the device the data";
  reportAt(N, C, BT.get(DMC010), Msg, S, M, M.cpuWrite(), nullptr,
           M.cpuWriteContext());
}

void CpuAccess::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC010) || !E.M)
    return;
  const MappingState &M = *E.M;
  if (E.Kind == EventKind::CpuAccess && !M.cpuOwns()) {
    std::optional<int64_t> Dir = directionOf(M, E.C);
    std::string Msg;
    if (!E.Write && M.hasDeviceRun() && deviceWrites(Dir))
      // (a read before the device could have written sees the CPU's data)
      Msg = "the CPU reads the buffer mapped " + directionName(*Dir) + " by " +
            siteText(M, E.C) + " while the device owns it; " +
            syncName(M, "cpu") + " or the unmap must come first";
    else if (E.Write && Dir == DirFromDevice)
      // A dirty cache line written back later lands over the device's data
      // (libdmart reports the same at the unmap or the sync for the CPU).
      Msg = "the CPU writes the buffer mapped DMA_FROM_DEVICE by " +
            siteText(M, E.C) + " while the device owns it; write it before " +
            "the map, or after " + syncName(M, "cpu");
    else
      return;
    // One finding per mapping and kind (uniqued at the map): the first.
    ExplodedNode *N = E.Node.get();
    if (!N)
      return;
    auto [At, AtCtx] =
        liftBeside(E.Access, E.C.getLocationContext(), M.siteContext());
    auto R = std::make_unique<MappingReport>(BT.get(DMC010), Msg, N, E.Sym, M,
                                             At, AtCtx);
    R->addNote("mapped here",
               PathDiagnosticLocation::createBegin(
                   M.site(), E.C.getSourceManager(), M.siteContext()));
    E.C.emitReport(std::move(R));
    return;
  }
  // The path ends (or loses the handle) with the device owning a buffer
  // the CPU wrote after mapping it.
  if ((E.Kind == EventKind::EndOfPath || E.Kind == EventKind::Died) &&
      !M.cpuOwns() && unpublishedWrite(M, E.C))
    reportWrite(E.Node.get(), E.C, E.Sym, M);
}

void CpuAccess::checkPostCall(const CallEvent &Call, CheckerContext &C) const {
  if (!activeRules().enabled(DMC010) ||
      !startsDevice(apiFor(Call), nameKind(Call), false))
    return;
  ProgramStateRef State = C.getState();
  if (holdsNothing(State))
    return;
  SmallVector<MappingEntry, 4> All;
  allMappings(State, All);
  ExplodedNode *N = nullptr;
  for (const MappingEntry &E : All) {
    if (!unpublishedWrite(E.M, C))
      continue;
    if (!N && !(N = C.generateNonFatalErrorNode(State)))
      return;
    reportWrite(N, C, E.Sym, E.M);
  }
}

} // namespace

void dmacheck::registerCpuAccess(CheckerManager &Mgr) {
  Mgr.registerChecker<CpuAccess>();
}

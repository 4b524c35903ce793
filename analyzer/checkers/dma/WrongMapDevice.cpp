//===- WrongMapDevice.cpp - dmaengine-wrong-map-device --------------------===//
//
// driver-api/dmaengine/client.rst: the buffers of a slave transfer are
// mapped for the DMA controller, "the device ... the channel belongs to"
// (dmaengine_get_dma_device(chan), chan->device->dev), not for the client:
// behind an IOMMU, or with a bounce buffer, a mapping made for the client's
// struct device gives the controller addresses of another domain. Reported:
// a scatterlist or handle given to dmaengine_prep_slave_sg()/_single() (or
// a cyclic prep) that was mapped on this path with the struct device
// embedded in the driver's own device structure (&pdev->dev, &spi->dev),
// which the channel's device, a pointer the controller set up, is not.
// Reads the mappings dma/Modeling.cpp keeps.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Lifecycle.h"
#include "checkers/dma/Modeling.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class WrongMapDevice : public Checker<check::PreCall> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;

private:
  RuleBugTypes BT{this};
};

/// The record whose embedded struct device a device value is the address
/// of (`&pdev->dev` → platform_device), or null.
const RecordDecl *embeddingRecord(SVal Dev) {
  const MemRegion *R = Dev.getAsRegion();
  const auto *FR = R ? dyn_cast<FieldRegion>(R->StripCasts()) : nullptr;
  if (!FR)
    return nullptr;
  const RecordDecl *Field = FR->getDecl()->getType()->getAsRecordDecl();
  if (!Field || !Field->getIdentifier() || Field->getName() != "device")
    return nullptr;
  const RecordDecl *Owner = FR->getDecl()->getParent();
  // The controller's own device (a dma_device embeds none: it points).
  if (Owner && Owner->getIdentifier() && Owner->getName() == "dma_device")
    return nullptr;
  return Owner;
}

void WrongMapDevice::checkPreCall(const CallEvent &Call,
                                  CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->R != Role::PREP || !activeRules().enabled(DMC022) ||
      inModelledBody(C.getLocationContext()))
    return;
  ProgramStateRef State = C.getState();
  if (holdsNothing(State))
    return;
  const MappingState *M = nullptr;
  if (Api->Buf >= 0)
    if (const SgList *L = sgListOf(State, argVal(Call, Api->Buf).getAsRegion()))
      M = lookup(State, L->Count);
  if (!M && Api->Handle >= 0)
    if (SymbolRef S = trackedIn(State, argVal(Call, Api->Handle)))
      M = lookup(State, S);
  if (!M || M->isAlloc() || M->phase() == Phase::Released)
    return;
  const RecordDecl *Owner = embeddingRecord(M->device());
  if (!Owner)
    return;
  // The device as the driver wrote it: the kernel's dma_map_single() is a
  // macro, whose argument's expansion range is the whole call.
  std::string DevText = "a struct " + Owner->getNameAsString();
  if (const auto *Site = M->site();
      Site && M->api().Dev >= 0 && (unsigned)M->api().Dev < Site->getNumArgs())
    DevText = writtenText(Site->getArg(M->api().Dev), C.getASTContext());
  std::string Msg =
      displayName(Call, C) + "() is given memory that " + siteText(*M, C) +
      " mapped for " + DevText +
      " (the client), not for the channel's "
      "device (dmaengine_get_dma_device(chan)): with an IOMMU the "
      "controller gets addresses it cannot use";
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  auto R = std::make_unique<SiteReport>(BT.get(DMC022), Msg, N, M->site(),
                                        M->siteContext(), Call.getOriginExpr(),
                                        C.getLocationContext());
  R->addRange(Call.getSourceRange());
  C.emitReport(std::move(R));
}

} // namespace

void dmacheck::registerWrongMapDevice(CheckerManager &Mgr) {
  Mgr.registerChecker<WrongMapDevice>();
}

//===- MaskOnUsb.cpp - dma-mask-on-usb ------------------------------------===//
//
// driver-api/usb/dma.rst: a USB device or interface does no DMA itself; the
// host controller does, and the USB core maps for it. Its struct device's
// mask is the core's business, so a driver that sets one (to make
// dma_map_*() work on &udev->dev) works around the API instead of using
// usb_alloc_coherent() or the urb's own mapping. Reported: a dma_set_mask()
// family call whose device is the struct device embedded in a struct
// usb_device or usb_interface, directly or through a local initialised with
// one. A syntax check of each function body.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class MaskOnUsb : public Checker<check::ASTCodeBody> {
public:
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const;
};

/// "usb_device" or "usb_interface" when E is `&X->dev` (or `&X.dev`) of
/// one, else "".
StringRef usbOwner(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return "";
  const auto *ME = dyn_cast<MemberExpr>(UO->getSubExpr()->IgnoreParens());
  if (!ME || ME->getMemberDecl()->getName() != "dev")
    return "";
  QualType T = ME->getBase()->getType();
  if (ME->isArrow() && T->isPointerType())
    T = T->getPointeeType();
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || !RD->getIdentifier())
    return "";
  StringRef N = RD->getName();
  return N == "usb_device" || N == "usb_interface" ? N : "";
}

/// The same through a local `struct device *dev = &intf->dev;`.
StringRef usbOwnerOf(const Expr *E) {
  StringRef N = usbOwner(E);
  if (!N.empty())
    return N;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (V && V->hasLocalStorage() && V->getInit())
    return usbOwner(V->getInit());
  return "";
}

void MaskOnUsb::checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                                 BugReporter &BR) const {
  if (!activeRules().enabled(DMC014) || !isDriverBody(D, Mgr))
    return;
  ASTContext &Ctx = Mgr.getASTContext();
  const SourceManager &SM = Mgr.getSourceManager();
  anyCallIn(D->getBody(), [&](const CallExpr *CE) {
    const ApiEntry *Api = apiOf(CE);
    if (!Api || !isMaskSetter(*Api) || CE->getNumArgs() < 1)
      return false;
    StringRef Owner = usbOwnerOf(CE->getArg(0));
    if (Owner.empty())
      return false;
    BR.EmitBasicReport(
        D, this, ruleInfo(DMC014).Name, "DMA API",
        displayName(CE, Ctx) + "() on the struct device of a struct " +
            Owner.str() +
            ": USB devices do no DMA themselves; the host controller does, "
            "and the USB core maps for it (use usb_alloc_coherent() or let "
            "the core map the urb)",
        PathDiagnosticLocation(CE->getBeginLoc(), SM),
        CE->getArg(0)->getSourceRange());
    return false;
  });
}

} // namespace

void dmacheck::registerMaskOnUsb(CheckerManager &Mgr) {
  Mgr.registerChecker<MaskOnUsb>();
}

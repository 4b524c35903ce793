//===- Report.cpp - reports about one mapping -----------------------------===//
#include "checkers/dma/Report.h"
#include "checkers/dma/FieldPairs.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"

using namespace clang;
using namespace clang::ento;

namespace dmacheck {
namespace dma {

static PathDiagnosticLocation siteLocation(const MappingState &M,
                                           const ExplodedNode *N) {
  const SourceManager &SM =
      N->getState()->getStateManager().getContext().getSourceManager();
  return PathDiagnosticLocation::createBegin(M.site(), SM, M.siteContext());
}

MappingReport::MappingReport(const BugType &BT, StringRef Msg,
                             const ExplodedNode *N, SymbolRef S,
                             const MappingState &M, const Stmt *At,
                             const LocationContext *AtCtx)
    : StmtReport(BT, Msg, N, siteLocation(M, N), M.siteContext()->getDecl(), At,
                 AtCtx) {
  markInteresting(S);
}

PathDiagnosticLocation StmtReport::getLocation() const {
  if (!At || !AtCtx)
    return PathSensitiveBugReport::getLocation();
  const SourceManager &SM = getErrorNode()
                                ->getState()
                                ->getStateManager()
                                .getContext()
                                .getSourceManager();
  return PathDiagnosticLocation::createBegin(At, SM, AtCtx);
}

// The function whose line the report names, not the (possibly inlined
// header) function where the path ended.
const Decl *StmtReport::getDeclWithIssue() const {
  if (At && AtCtx)
    return AtCtx->getStackFrame()->getDecl();
  return PathSensitiveBugReport::getDeclWithIssue();
}

std::pair<const Stmt *, const LocationContext *>
inMappingFrame(const MappingState &M, const Stmt *S,
               const LocationContext *Ctx) {
  const StackFrameContext *Site = M.siteContext()->getStackFrame();
  const LocationContext *L = Ctx;
  const Stmt *U = S;
  while (L && L->getStackFrame() != Site) {
    const StackFrameContext *SF = L->getStackFrame();
    U = SF->getCallSite();
    L = SF->getParent();
  }
  if (L && U)
    return {U, L};
  return {S, Ctx};
}

// A mismatch the file-level pass over fields found (dma/FieldPairs.h).
void reportFieldMismatch(const FieldMismatch &F, const BugType &BT,
                         AnalysisManager &Mgr, BugReporter &BR,
                         const CheckerBase *Checker) {
  const SourceManager &SM = Mgr.getSourceManager();
  auto R = std::make_unique<BasicBugReport>(
      BT, F.Msg, PathDiagnosticLocation(F.Release->getBeginLoc(), SM));
  if (F.Arg)
    R->addRange(F.Arg->getSourceRange());
  R->addNote("mapped here", PathDiagnosticLocation(F.Map->getBeginLoc(), SM));
  R->setDeclWithIssue(F.ReleaseFn);
  BR.emitReport(std::move(R));
}

} // namespace dma
} // namespace dmacheck

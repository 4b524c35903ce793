//===- MappingLeak.cpp - dma-mapping-leak ---------------------------------===//
//
// A good mapping or allocation whose every reference died on a path before
// its release (dma-api-howto.rst: "Every dma_map_{single,sg}() call should
// have its dma_unmap_{single,sg}() counterpart"). Only when nothing else may
// still hold it: a handle stored in memory that outlives the function,
// returned, passed to code the analyzer cannot see or written to the device
// (which can hand it back) is not provably lost. Reads the state
// dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Events.h"
#include "checkers/dma/PathGuards.h"
#include "checkers/dma/Report.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class MappingLeak
    : public Checker<check::Event<MappingEvent>, check::EndAnalysis> {
public:
  void checkEndAnalysis(ExplodedGraph &, BugReporter &BR, ExprEngine &) const {
    Held.flush(BR);
  }
  void checkEvent(const MappingEvent &E) const;

private:
  void reportLostList(const MappingEvent &E) const;

  RuleBugTypes BT{this};
  mutable SinkSuppressedReports Held;
};

/// Whether the function that made M owns its end: it calls M's release
/// somewhere, or gives the mapped memory back to the allocator (kfree(buf)).
/// Then a handle it wrote to the device is not the device's to keep: a path
/// that skips the unmap lost it.
bool siteFunctionOwns(const MappingState &M) {
  struct Finder : RecursiveASTVisitor<Finder> {
    StringRef Release;
    Family Fam;
    std::string Buf;
    bool Found = false;
    // The failure branch of a dma_mapping_error() test frees the buffer of
    // a mapping that does not exist: no evidence of ownership.
    bool TraverseIfStmt(IfStmt *If) {
      if (testsMappingError(If->getCond()))
        return TraverseStmt(If->getElse());
      return RecursiveASTVisitor::TraverseIfStmt(If);
    }
    static bool testsMappingError(const Stmt *S) {
      if (!S)
        return false;
      if (const auto *CE = dyn_cast<CallExpr>(S))
        if (const ApiEntry *A = apiOf(CE); A && A->R == Role::CHECK)
          return true;
      for (const Stmt *Child : S->children())
        if (testsMappingError(Child))
          return true;
      return false;
    }
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return true;
      const ApiEntry *Api = apiOf(CE);
      if (Api && (Api->R == Role::UNMAP || Api->R == Role::FREE) &&
          (Api->Fam == Fam || FD->getName() == Release))
        Found = true;
      if (!Buf.empty() && nameKindOf(FD) == NameKind::FREE &&
          CE->getNumArgs() > 0 &&
          accessPath(CE->getArg(0)->IgnoreParenCasts()) == Buf)
        Found = true;
      return !Found;
    }
  } F;
  F.Release = M.api().Release;
  F.Fam = M.api().Fam;
  if (M.api().Buf >= 0 && (unsigned)M.api().Buf < M.site()->getNumArgs())
    F.Buf = accessPath(M.site()->getArg(M.api().Buf)->IgnoreParenCasts());
  if (const Decl *D = M.siteContext()->getDecl())
    F.TraverseStmt(D->getBody());
  return F.Found;
}

/// Whether the path knows the allocation succeeded (a NULL one holds
/// nothing).
bool knownNonNull(const MappingEvent &E) {
  if (!E.M->isAlloc())
    return true;
  SVal P = loc::MemRegionVal(
      E.C.getStoreManager().getRegionManager().getSymbolicRegion(E.Sym));
  return E.Before->isNull(P).isConstrainedFalse();
}

/// A good dma_map_sg() mapping whose list went out of scope or was freed
/// before dma_unmap_sg(): the mapping (and any IOMMU entries, bounce
/// buffers) can never be released.
void MappingLeak::reportLostList(const MappingEvent &E) const {
  const MappingState &M = *E.M;
  // A count of 0 is a failed mapping; only a path that knows it is not.
  if (!M.isSg() || M.phase() != Phase::Checked ||
      !E.Before->isNull(nonloc::SymbolVal(E.Sym)).isConstrainedFalse())
    return;
  ExplodedNode *N = E.Node.get();
  if (!N)
    return;
  std::string What = displayName(M.site(), E.C.getASTContext()) + "()";
  std::string How = E.Call ? "is freed by " + displayName(*E.Call, E.C) + "()"
                           : std::string("goes out of scope");
  Held.hold(std::make_unique<MappingReport>(
      BT.get(DMC002),
      "scatterlist mapped by " + What + " is leaked: it " + How + " without " +
          M.api().Release + "()",
      N, E.Sym, M, nullptr, nullptr));
}

void MappingLeak::checkEvent(const MappingEvent &E) const {
  if (!activeRules().enabled(DMC002))
    return;
  if (E.Kind == EventKind::SgListLost) {
    reportLostList(E);
    return;
  }
  if (E.Kind != EventKind::Died)
    return;
  const MappingState &M = *E.M;
  if (!M.ownedHere() || !(M.isStreaming() || M.isAlloc()) || !knownNonNull(E))
    return;
  // Written to a device register: the device may hand it back (a buffer
  // manager, a free list) unless the mapping's function owns its end.
  if (M.deviceWrite() && !M.isBufferFreed() && !siteFunctionOwns(M))
    return;
  ExplodedNode *N = E.Node.get();
  if (!N || !leakPathIsEvidence(N, E.Sym, M, E.C))
    return;
  std::string What = displayName(M.site(), E.C.getASTContext()) + "()";
  std::string Release = M.api().Release[0] ? M.api().Release : "its release";
  std::string Msg = M.isAlloc()
                        ? "memory from " + What +
                              " is leaked: it is lost without " + Release + "()"
                        : "mapping made by " + What +
                              " is leaked: its handle is lost without " +
                              Release + "()";
  Held.hold(std::make_unique<MappingReport>(BT.get(DMC002), Msg, N, E.Sym, M,
                                            nullptr, nullptr));
}

} // namespace

void dmacheck::registerMappingLeak(CheckerManager &Mgr) {
  Mgr.registerChecker<MappingLeak>();
}

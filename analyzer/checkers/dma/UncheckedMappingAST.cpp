//===- UncheckedMappingAST.cpp - dma-unchecked-mapping beyond the budget --===//
//
// The path-sensitive rule judges the mappings its paths reach. In a large
// function (a probe, aac_send_raw_srb()) the node budget can run out before
// some map calls are reached at all; those get the syntactic judgement a
// Coccinelle rule makes, kept strict: a streaming map whose result is kept
// or passed on, in a function that calls neither dma_mapping_error() nor a
// driver function that checks a handle (dma/Summaries.h), and that does not
// return it. Reported once per map call, at the call.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Summaries.h"
#include "checkers/dma/UncheckedMapping.h"
#include "engine/FunctionPolicy.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExplodedGraph.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

bool isStreamingMap(const ApiEntry *A) {
  return A && A->R == Role::MAP && isStreamingFamily(A->Fam);
}

/// The function's map calls, and whether anything in it checks a handle.
struct BodyFacts : RecursiveASTVisitor<BodyFacts> {
  ParamSummaries &Summaries;
  SmallVector<const CallExpr *, 8> Maps;
  bool Checks = false;

  explicit BodyFacts(ParamSummaries &S) : Summaries(S) {}

  bool VisitCallExpr(CallExpr *CE) {
    const ApiEntry *A = apiOf(CE);
    if (isStreamingMap(A))
      Maps.push_back(CE);
    else if (A && A->R == Role::CHECK)
      Checks = true;
    else if (!A)
      if (const FunctionDecl *FD = CE->getDirectCallee())
        for (unsigned I = 0; I < CE->getNumArgs() && !Checks; ++I)
          Checks = Summaries.checks(FD, I);
    return true;
  }
};

/// Whether the function hands the result of Map to its caller: returns it
/// (directly or from the variable it went to) or stores it through a
/// pointer parameter (`*dma_out = ...`): the caller's check is the one.
bool handedToCaller(const CallExpr *Map, const FunctionDecl *FD,
                    ParentMap &PM) {
  const Stmt *P = PM.getParentIgnoreParenCasts(Map);
  // `return dev ? dma_map_single(...) : 0;` (nvme-fc fc_dma_map_single())
  while (isa_and_nonnull<ConditionalOperator>(P))
    P = PM.getParentIgnoreParenCasts(P);
  if (isa_and_nonnull<ReturnStmt>(P))
    return true;
  const VarDecl *Var = nullptr;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Assign) {
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(L);
        UO && UO->getOpcode() == UO_Deref)
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
      Var = dyn_cast<VarDecl>(DRE->getDecl());
  } else if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
    Var = DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
  }
  if (!Var)
    return false;
  struct Returns : RecursiveASTVisitor<Returns> {
    const VarDecl *Var;
    bool Found = false;
    bool VisitReturnStmt(ReturnStmt *RS) {
      const Expr *E = RS->getRetValue();
      const auto *DRE =
          E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
      Found |= DRE && DRE->getDecl() == Var;
      return !Found;
    }
  } R;
  R.Var = Var;
  R.TraverseStmt(FD->getBody());
  return R.Found;
}

/// Whether the result of Map is kept or passed on: not dropped (a dropped
/// result has its own report on paths).
bool isUsed(const CallExpr *Map, ParentMap &PM) {
  const Stmt *P = PM.getParentIgnoreParenCasts(Map);
  return P && !isa<CompoundStmt>(P);
}

} // namespace

void dma::checkUnexploredMappings(
    const CheckerBase *Checker, ExplodedGraph &G, BugReporter &BR,
    ExprEngine &Eng, ParamSummaries &Summaries,
    const llvm::SmallPtrSetImpl<const Stmt *> &Reported) {
  if (G.roots_begin() == G.roots_end())
    return;
  const ExplodedNode *Root = *G.roots_begin();
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(Root->getLocationContext()->getDecl());
  if (!FD || !FD->hasBody())
    return;
  BodyFacts Facts(Summaries);
  Facts.TraverseStmt(FD->getBody());
  if (Facts.Checks || Facts.Maps.empty())
    return;
  ParentMap PM(FD->getBody());
  SmallVector<const CallExpr *, 8> Candidates;
  for (const CallExpr *Map : Facts.Maps)
    if (!Reported.count(Map) && isUsed(Map, PM) && !handedToCaller(Map, FD, PM))
      Candidates.push_back(Map);
  // After a complete exploration, code no path reached is dead; a reached
  // site with no report had its paths cut (sinks, budgets) before the end
  // of its function: nothing in this function can check it. Which of them
  // were reached is read from the graph only then, and only until found.
  if (!Candidates.empty() && !Eng.hasWorkRemaining() && !explorationCut()) {
    llvm::SmallPtrSet<const Stmt *, 8> Unreached(Candidates.begin(),
                                                 Candidates.end());
    for (const ExplodedNode &N : G.nodes()) {
      if (auto SP = N.getLocationAs<StmtPoint>())
        Unreached.erase(SP->getStmt());
      if (Unreached.empty())
        break;
    }
    llvm::erase_if(Candidates,
                   [&](const CallExpr *Map) { return Unreached.count(Map); });
  }
  const SourceManager &SM = BR.getSourceManager();
  for (const CallExpr *Map : Candidates) {
    std::string Name = displayName(Map, FD->getASTContext());
    BR.EmitBasicReport(
        FD, Checker, ruleInfo(DMC001).Name, "DMA API",
        Name + "() result is used without dma_mapping_error() check (" +
            FD->getNameAsString() +
            "() calls no dma_mapping_error(); found without a complete "
            "path to it)",
        PathDiagnosticLocation(Map->getBeginLoc(), SM), Map->getSourceRange());
  }
}

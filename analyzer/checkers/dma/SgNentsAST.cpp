//===- SgNentsAST.cpp - dma-sg-nents-mismatch without a path --------------===//
//
// The two views of the rule that read the AST (see SgNents.cpp): a struct
// field carrying dma_map_sg()'s count to another function's unmap, and a
// for_each_sg() walk of a mapped list bounded by the nents.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/SgNents.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

// --- across functions: a struct field that carries the count ----------------

/// The field an expression names last (`cmd->sg` → sg), or null.
const FieldDecl *lastField(const Expr *E) {
  if (const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<FieldDecl>(ME->getMemberDecl());
  return nullptr;
}

class CountFields : public RecursiveASTVisitor<CountFields> {
public:
  struct Store {
    const CallExpr *Map;
    const FieldDecl *List;
    const FunctionDecl *In;
  };
  struct Release {
    const CallExpr *Call;
    const FieldDecl *Count, *List;
    const FunctionDecl *In;
  };
  llvm::DenseMap<const FieldDecl *, SmallVector<Store, 1>> Stores;
  llvm::DenseSet<const FieldDecl *> OtherStores;
  std::vector<Release> Releases;
  const FunctionDecl *Fn = nullptr;
  // Locals holding a map's count in the current function (last assignment).
  llvm::DenseMap<const VarDecl *, const CallExpr *> CountVars;

  bool TraverseFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody())
      return true;
    Fn = FD;
    CountVars.clear();
    return RecursiveASTVisitor::TraverseFunctionDecl(FD);
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (const CallExpr *M = mapCall(VD->getInit()))
      CountVars[VD] = M;
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    const CallExpr *M = mapCall(BO->getRHS());
    if (!M)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(BO->getRHS()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          M = CountVars.lookup(VD);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        if (M)
          CountVars[VD] = M;
        else
          CountVars.erase(VD);
      }
      return true;
    }
    const FieldDecl *F = lastField(L);
    if (!F)
      return true;
    if (M && Fn)
      Stores[F].push_back({M, lastField(M->getArg(apiOf(M)->Buf)), Fn});
    else
      OtherStores.insert(F);
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    const ApiEntry *Api = apiOf(CE);
    if (Fn && isSgRelease(Api, CE))
      if (const FieldDecl *C = lastField(CE->getArg(Api->Nents)))
        Releases.push_back({CE, C, lastField(CE->getArg(Api->Buf)), Fn});
    return true;
  }

private:
  static const CallExpr *mapCall(const Expr *E) {
    const auto *CE = E ? dyn_cast<CallExpr>(E->IgnoreParenCasts()) : nullptr;
    return CE && isSgMap(apiOf(CE), CE) ? CE : nullptr;
  }
};

} // namespace

void dma::checkSgCountFields(const TranslationUnitDecl *TU,
                             AnalysisManager &Mgr, BugReporter &BR,
                             const CheckerBase *Checker) {
  const SourceManager &SM = Mgr.getSourceManager();
  CountFields V;
  for (Decl *D : ownDecls(Mgr.getASTContext()))
    if (const auto *FD = dyn_cast<FunctionDecl>(D);
        FD && FD->hasBody() && SM.isInMainFile(FD->getLocation()))
      V.TraverseDecl(D);
  for (const auto &R : V.Releases) {
    auto It = V.Stores.find(R.Count);
    if (It == V.Stores.end() || V.OtherStores.contains(R.Count))
      continue;
    // In a function that stores the count itself the path-sensitive view
    // sees it (and knows the path).
    if (llvm::any_of(It->second,
                     [&](const CountFields::Store &S) { return S.In == R.In; }))
      continue;
    const CountFields::Store &S = It->second.front();
    if (!S.List || S.List != R.List)
      continue;
    std::string Fn = displayName(R.Call, Mgr.getASTContext());
    std::string Map = displayName(S.Map, Mgr.getASTContext());
    PathDiagnosticLocation L(R.Call->getBeginLoc(), SM);
    BR.EmitBasicReport(
        R.In, Checker, ruleInfo(DMC003).Name, "DMA API",
        Fn + "() is given '" + R.Count->getNameAsString() +
            "', which holds "
            "the count that " +
            Map + "() returned (in " + S.In->getNameAsString() + "(), line " +
            std::to_string(SM.getPresumedLineNumber(S.Map->getBeginLoc())) +
            "); it must be the nents passed to it",
        L, R.Call->getArg(apiOf(R.Call)->Nents)->getSourceRange());
  }
}

namespace {

// --- on the AST: walking the mapped list with the wrong count ---------------

class SgLoopFinder : public RecursiveASTVisitor<SgLoopFinder> {
public:
  struct MapSite {
    const CallExpr *Call;
    std::string List, Nents, Result;
  };
  struct Loop {
    const ForStmt *For;
    std::string List, Bound;
  };
  std::vector<MapSite> Maps;
  llvm::DenseMap<const CallExpr *, std::string> Results;
  std::vector<std::pair<std::string, SourceLocation>> Assigns;
  std::vector<Loop> Loops;

  bool VisitCallExpr(CallExpr *CE) {
    const ApiEntry *Api = apiOf(CE);
    if (isSgMap(Api, CE))
      Maps.push_back({CE, accessPath(CE->getArg(Api->Buf)),
                      accessPath(CE->getArg(Api->Nents)), ""});
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    std::string LHS = accessPath(BO->getLHS());
    Assigns.push_back({LHS, BO->getOperatorLoc()});
    if (const auto *CE = dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenCasts()))
      Results[CE] = LHS;
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *Init = VD->getInit())
      if (const auto *CE = dyn_cast<CallExpr>(Init->IgnoreParenCasts()))
        Results[CE] = VD->getNameAsString();
    return true;
  }
  /// Where each map call's result went (visited before the call itself).
  void attachResults() {
    for (MapSite &M : Maps)
      M.Result = Results.lookup(M.Call);
  }
  bool VisitForStmt(ForStmt *FS) {
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(FS->getCond());
    if (!Cond || (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_LE))
      return true;
    if (readsDmaFields(FS->getBody()))
      Loops.push_back({FS, listOf(FS->getInit()), accessPath(Cond->getRHS())});
    return true;
  }

private:
  // for_each_sg(list, sg, n, i) starts with `i = 0, sg = list`.
  static std::string listOf(const Stmt *Init) {
    const auto *BO = dyn_cast_or_null<BinaryOperator>(Init);
    if (!BO)
      return "";
    if (BO->getOpcode() == BO_Comma) {
      std::string R = listOf(BO->getRHS());
      return R.empty() ? listOf(BO->getLHS()) : R;
    }
    if (BO->getOpcode() == BO_Assign &&
        BO->getLHS()->getType()->isPointerType())
      return accessPath(BO->getRHS());
    return "";
  }

  // Reads of sg_dma_address() (->dma_address), not stores into it: a driver
  // filling in a list it did not map writes the field.
  static bool readsDmaFields(const Stmt *S) {
    if (!S)
      return false;
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        return readsDmaFields(BO->getRHS());
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (ME->getMemberDecl()->getName() == "dma_address")
        return true;
    for (const Stmt *Child : S->children())
      if (readsDmaFields(Child))
        return true;
    return false;
  }
};

bool reassignedBetween(const SgLoopFinder &G, const std::string &Name,
                       SourceLocation From, SourceLocation To,
                       const SourceManager &SM) {
  for (const auto &[N, Loc] : G.Assigns)
    if (N == Name && SM.isBeforeInTranslationUnit(From, Loc) &&
        SM.isBeforeInTranslationUnit(Loc, To))
      return true;
  return false;
}

} // namespace

void dma::checkSgWalk(const Decl *D, AnalysisManager &Mgr, BugReporter &BR,
                      const CheckerBase *Checker) {
  SgLoopFinder G;
  G.TraverseStmt(D->getBody());
  if (G.Maps.empty())
    return;
  G.attachResults();
  const SourceManager &SM = Mgr.getSourceManager();
  for (const auto &[Loop, List, Bound] : G.Loops) {
    for (const auto &M : G.Maps) {
      if (Bound.empty() || Bound != M.Nents || M.Result.empty() ||
          M.Result == M.Nents || List.empty() || List != M.List)
        continue;
      SourceLocation MapLoc = M.Call->getBeginLoc(),
                     LoopLoc = Loop->getBeginLoc();
      if (!SM.isBeforeInTranslationUnit(MapLoc, LoopLoc) ||
          reassignedBetween(G, Bound, MapLoc, LoopLoc, SM))
        continue;
      std::string Map = displayName(M.Call, Mgr.getASTContext());
      BR.EmitBasicReport(
          D, Checker, ruleInfo(DMC003).Name, "DMA API",
          "the mapped scatterlist is walked with '" + Bound +
              "', the nents passed to " + Map +
              "(), while reading DMA addresses; use the count it returned ('" +
              M.Result + "')",
          PathDiagnosticLocation(LoopLoc, SM),
          Loop->getCond()->getSourceRange());
      break;
    }
  }
}

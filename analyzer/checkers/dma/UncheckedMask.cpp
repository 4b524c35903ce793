//===- UncheckedMask.cpp - dma-unchecked-mask -----------------------------===//
//
// dma-api-howto.rst, "DMA addressing capabilities": the dma_set_mask()
// family may fail, and "You must not use DMA on this device unless the
// dma_set_mask family of functions has returned success"; the same text
// says a mask wider than 32 bits never fails. So a result is reported when
// the function drops it (a statement, a (void) cast, a variable written
// again before any read) and the mask is not a constant of 32 bits or more.
// An ignored dma_set_coherent_mask() after a tested dma_set_mask() with the
// same or a wider mask is silent: the howto says that one cannot fail.
// A syntax check of each function body.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"

#include "clang/AST/ParentMap.h"
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

class UncheckedMask : public Checker<check::ASTCodeBody> {
public:
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const;
};

struct MaskCall {
  const CallExpr *CE;
  const ApiEntry *Api;
  std::optional<uint64_t> Mask; // a constant mask
  bool Dropped;
};

std::optional<uint64_t> constantMask(const CallExpr *CE, ASTContext &Ctx) {
  if (CE->getNumArgs() < 2)
    return std::nullopt;
  Expr::EvalResult R;
  if (!CE->getArg(1)->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getZExtValue();
}

/// The statement that assigns a call's result to a local (`ret = call;`,
/// `int ret = call;`), with the local; {null, null} otherwise, or when the
/// assignment's own value is used (`if ((ret = call) != 0)`).
std::pair<const VarDecl *, const Stmt *> resultVar(const CallExpr *CE,
                                                   ParentMap &PM) {
  const Stmt *P = PM.getParentIgnoreParenCasts(CE);
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
    const auto *DRE =
        dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
    const Stmt *Up = PM.getParentIgnoreParens(BO);
    if (BO->getOpcode() == BO_Assign && DRE &&
        BO->getRHS()->IgnoreParenImpCasts() == CE && Up &&
        isa<CompoundStmt>(Up))
      return {dyn_cast<VarDecl>(DRE->getDecl()), BO};
    return {nullptr, nullptr};
  }
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    if (DS->isSingleDecl())
      return {dyn_cast<VarDecl>(DS->getSingleDecl()), DS};
  return {nullptr, nullptr};
}

/// Whether the value Assign stores in V is written again before any read
/// (or never read): the first reference after it, in source order, is the
/// left side of a plain assignment in the same block.
bool overwrittenBeforeRead(const VarDecl *V, const Stmt *Assign,
                           const Stmt *Body, ParentMap &PM,
                           const SourceManager &SM) {
  struct Refs : RecursiveASTVisitor<Refs> {
    const VarDecl *V;
    SmallVector<const DeclRefExpr *, 8> Found;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (E->getDecl() == V)
        Found.push_back(E);
      return true;
    }
  } R;
  R.V = V;
  R.TraverseStmt(const_cast<Stmt *>(Body));
  SourceLocation Pos = Assign->getEndLoc();
  const DeclRefExpr *First = nullptr;
  for (const DeclRefExpr *E : R.Found)
    if (SM.isBeforeInTranslationUnit(Pos, E->getBeginLoc()) &&
        (!First ||
         SM.isBeforeInTranslationUnit(E->getBeginLoc(), First->getBeginLoc())))
      First = E;
  if (!First)
    return true;
  const auto *BO = dyn_cast_or_null<BinaryOperator>(PM.getParent(First));
  if (!BO || BO->getOpcode() != BO_Assign || BO->getLHS() != First)
    return false;
  // `if (quirk) rc = ...;` overwrites on one path only.
  const Stmt *Block = PM.getParent(Assign);
  return Block && isa<CompoundStmt>(Block) && PM.getParent(BO) == Block;
}

bool dropped(const CallExpr *CE, const Stmt *Body, ParentMap &PM,
             const SourceManager &SM) {
  const Stmt *Child = CE, *P = PM.getParent(CE);
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
    Child = P;
    P = PM.getParent(P);
  }
  if (P && isConditionOf(P, Child))
    return false;
  P = PM.getParentIgnoreParens(CE);
  if (!P || isa<CompoundStmt>(P))
    return true;
  if (const auto *Cast = dyn_cast<CStyleCastExpr>(P))
    return Cast->getType()->isVoidType();
  if (isa<BinaryOperator>(PM.getParentIgnoreParenCasts(CE)) ||
      isa<DeclStmt>(PM.getParentIgnoreParenCasts(CE))) {
    auto [V, Assign] = resultVar(CE, PM);
    return V && V->hasLocalStorage() &&
           overwrittenBeforeRead(V, Assign, Body, PM, SM);
  }
  // The body of an if/else/loop without braces.
  return !isa<Expr>(P) && !isa<ReturnStmt>(P) && !isa<DeclStmt>(P);
}

bool setsCoherentOnly(const ApiEntry &Api) {
  StringRef N = Api.Name;
  return N == "dma_set_coherent_mask" || N == "pci_set_consistent_dma_mask";
}

bool setsStreaming(const ApiEntry &Api) { return !setsCoherentOnly(Api); }

unsigned bitsOf(uint64_t Mask) {
  return Mask ? 64 - llvm::countl_zero(Mask) : 0;
}

void UncheckedMask::checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                                     BugReporter &BR) const {
  if (!activeRules().enabled(DMC013) || !isDriverBody(D, Mgr))
    return;
  const Stmt *Body = D->getBody();
  ASTContext &Ctx = Mgr.getASTContext();
  const SourceManager &SM = Mgr.getSourceManager();
  SmallVector<const CallExpr *, 4> Calls;
  anyCallIn(Body, [&](const CallExpr *CE) {
    const ApiEntry *Api = apiOf(CE);
    if (Api && isMaskSetter(*Api))
      Calls.push_back(CE);
    return false; // collect them all
  });
  if (Calls.empty())
    return;
  ParentMap PM(const_cast<Stmt *>(Body));
  SmallVector<MaskCall, 4> Seen;
  for (const CallExpr *CE : Calls)
    Seen.push_back(
        {CE, apiOf(CE), constantMask(CE, Ctx), dropped(CE, Body, PM, SM)});
  for (const MaskCall &M : Seen) {
    // A mask the driver computes (a match table's, a restored one) was
    // >= 32 bits in 7 of 8 real findings: only constants are judged.
    if (!M.Dropped || !M.Mask || *M.Mask >= 0xffffffffULL)
      continue;
    // The coherent mask can always be set to the streaming one or less.
    bool Covered =
        setsCoherentOnly(*M.Api) && llvm::any_of(Seen, [&](const MaskCall &S) {
          return !S.Dropped && setsStreaming(*S.Api) &&
                 SM.isBeforeInTranslationUnit(S.CE->getBeginLoc(),
                                              M.CE->getBeginLoc()) &&
                 S.Mask && *S.Mask >= *M.Mask;
        });
    if (Covered)
      continue;
    std::string Name = displayName(M.CE, Ctx);
    std::string Why = "a " + std::to_string(bitsOf(*M.Mask)) + "-bit mask";
    BR.EmitBasicReport(D, this, ruleInfo(DMC013).Name, "DMA API",
                       "result of " + Name + "() ignored; with " + Why +
                           " it can fail, and the device must not do DMA then",
                       PathDiagnosticLocation(M.CE->getBeginLoc(), SM),
                       M.CE->getSourceRange());
  }
}

} // namespace

void dmacheck::registerUncheckedMask(CheckerManager &Mgr) {
  Mgr.registerChecker<UncheckedMask>();
}

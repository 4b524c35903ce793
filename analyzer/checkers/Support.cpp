//===- Support.cpp - helpers shared by the checkers -----------------------===//
#include "checkers/Support.h"
#include "engine/DonePaths.h"

#include "clang/AST/RecursiveASTVisitor.h"

#include "clang/Lex/Lexer.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExplodedGraph.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;
using namespace clang::ento;

namespace dmacheck {

const ApiEntry *apiFor(const CallEvent &Call) {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II)
    return nullptr;
  return lookupApi(II->getName());
}

static std::string nameAt(const Expr *E, std::string Name, ASTContext &Ctx) {
  if (!E)
    return Name;
  SourceLocation L = E->getBeginLoc();
  if (L.isMacroID()) {
    StringRef Macro = Lexer::getImmediateMacroName(L, Ctx.getSourceManager(),
                                                   Ctx.getLangOpts());
    if (lookupApi(Macro))
      return Macro.str();
  }
  return Name;
}

std::string displayName(const CallEvent &Call, CheckerContext &C) {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  return nameAt(Call.getOriginExpr(), II ? II->getName().str() : "call",
                C.getASTContext());
}

std::string displayName(const Expr *E, ASTContext &Ctx) {
  std::string Name = "call";
  if (const auto *CE = dyn_cast_or_null<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      Name = FD->getNameAsString();
  return nameAt(E, Name, Ctx);
}

SmallVector<SymbolRef, 4> symbolsIn(SVal V) {
  SmallVector<SymbolRef, 4> Out;
  SymbolRef S = V.getAsSymbol(/*IncludeBaseRegions=*/true);
  if (!S)
    return Out;
  for (SymbolRef X : S->symbols())
    Out.push_back(X);
  return Out;
}

std::string writtenText(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (R.isInvalid()) // spans macro expansions: the outermost one's text
    R = SM.getExpansionRange(E->getSourceRange());
  return Lexer::getSourceText(R, SM, Ctx.getLangOpts()).str();
}

const BugType &RuleBugTypes::get(RuleId Id, bool Secondary) const {
  std::unique_ptr<BugType> &T = Types[Secondary][Id];
  if (!T)
    T = std::make_unique<BugType>(Owner, ruleInfo(Id).Name,
                                  Secondary ? SecondaryCategory : "DMA API");
  return *T;
}

namespace {
/// Whether every path from N ends in a sink the program makes (the search
/// Clang's BugReporter makes for suppress-on-sink bug types, with the ends
/// the engine made counted as ends).
bool programSinksFollow(const ExplodedNode *N) {
  if (N->succ_empty())
    return false;
  if (const CFGBlock *B = N->getCFGBlock(); B && B->isInevitablySinking())
    return true; // a noreturn call ahead that the path may not have reached
  SmallVector<const ExplodedNode *, 32> Work{N};
  llvm::DenseSet<const ExplodedNode *> Seen{N};
  while (!Work.empty()) {
    const ExplodedNode *Next = Work.pop_back_val();
    if (Next->succ_empty()) {
      if (!Next->isSink() || engineEndedPath(Next))
        return false;
      continue;
    }
    for (const ExplodedNode *S : Next->succs())
      if (Seen.insert(S).second)
        Work.push_back(S);
  }
  return true;
}
} // namespace

void SinkSuppressedReports::flush(BugReporter &BR) {
  for (std::unique_ptr<PathSensitiveBugReport> &R : Held)
    if (!programSinksFollow(R->getErrorNode()))
      BR.emitReport(std::move(R));
  Held.clear();
}

std::string accessPath(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string Base = accessPath(ME->getBase());
    return Base.empty() ? ""
                        : Base + "." + ME->getMemberDecl()->getNameAsString();
  }
  return "";
}

const ApiEntry *apiOf(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->getIdentifier() ? lookupApi(FD->getName()) : nullptr;
}

std::optional<NameKind> nameKindOf(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  if (std::optional<NameKind> K = lookupName(FD->getName()))
    return K;
  // Tracepoints (trace_swiotlb_bounced()) record their arguments only.
  if (FD->getName().starts_with("trace_"))
    return NameKind::LOG;
  // wil6210's __wil_dbg() prints like the kernel's loggers; not snprintf()
  // & co., whose first argument is the buffer they write.
  if (FD->hasAttr<FormatAttr>() && FD->getNumParams() > 0) {
    QualType P0 = FD->getParamDecl(0)->getType();
    if (!(P0->isPointerType() && P0->getPointeeType()->isCharType() &&
          !P0->getPointeeType().isConstQualified()))
      return NameKind::LOG;
  }
  return std::nullopt;
}

bool anyCallIn(const Stmt *S, llvm::function_ref<bool(const CallExpr *)> Pred) {
  struct Finder : RecursiveASTVisitor<Finder> {
    llvm::function_ref<bool(const CallExpr *)> Pred;
    bool Found = false;
    bool VisitCallExpr(CallExpr *CE) {
      Found = Pred(CE);
      return !Found;
    }
  } F{{}, Pred};
  if (S)
    F.TraverseStmt(const_cast<Stmt *>(S));
  return F.Found;
}

const std::vector<Decl *> &ownDecls(ASTContext &Ctx) {
  // Asked by several checkers once the parse is over: one list per unit.
  static const ASTContext *For = nullptr;
  static std::vector<Decl *> Out;
  if (For == &Ctx)
    return Out;
  For = &Ctx;
  Out.clear();
  for (Decl *D : Ctx.getTranslationUnitDecl()->noload_decls())
    if (!D->isFromASTFile())
      Out.push_back(D);
  return Out;
}

void buildCallGraph(CallGraph &CG, ASTContext &Ctx) {
  for (Decl *D : ownDecls(Ctx))
    CG.addToCallGraph(D);
  // A header body from a precompiled header joins when a call reaches it.
  llvm::DenseSet<const Decl *> Added;
  for (bool Grew = true; Grew;) {
    SmallVector<FunctionDecl *, 16> New;
    for (const auto &Entry : CG)
      if (const Decl *D = Entry.first;
          D && D->isFromASTFile() && Added.insert(D).second)
        if (const FunctionDecl *Def = D->getAsFunction()->getDefinition())
          New.push_back(const_cast<FunctionDecl *>(Def));
    for (FunctionDecl *FD : New)
      CG.addToCallGraph(FD);
    Grew = !New.empty();
  }
}

/// Whether Child is the condition of the statement or ?: Parent.
bool isConditionOf(const Stmt *Parent, const Stmt *Child) {
  if (const auto *If = dyn_cast<IfStmt>(Parent))
    return If->getCond() == Child;
  if (const auto *W = dyn_cast<WhileStmt>(Parent))
    return W->getCond() == Child;
  if (const auto *D = dyn_cast<DoStmt>(Parent))
    return D->getCond() == Child;
  if (const auto *For = dyn_cast<ForStmt>(Parent))
    return For->getCond() == Child;
  if (const auto *Sw = dyn_cast<SwitchStmt>(Parent))
    return Sw->getCond() == Child;
  if (const auto *CO = dyn_cast<ConditionalOperator>(Parent))
    return CO->getCond() == Child;
  return false;
}

std::string lineOf(const Stmt *S, const SourceManager &SM) {
  return std::to_string(SM.getPresumedLineNumber(S->getBeginLoc()));
}

SVal argVal(const CallEvent &Call, int I) {
  if (I < 0 || (unsigned)I >= Call.getNumArgs())
    return UnknownVal();
  return Call.getArgSVal(I);
}

const Expr *argExpr(const CallEvent &Call, int I) {
  if (I < 0 || (unsigned)I >= Call.getNumArgs())
    return nullptr;
  return Call.getArgExpr(I);
}

} // namespace dmacheck

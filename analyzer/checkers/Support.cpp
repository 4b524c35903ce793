//===- Support.cpp - helpers shared by the checkers -------------------------===//
#include "checkers/Support.h"

#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ento;

namespace dmacheck {

const ApiEntry *apiFor(const CallEvent &Call) {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II)
    return nullptr;
  return lookupApi(II->getName());
}

std::string displayName(const CallEvent &Call, CheckerContext &C) {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  std::string Name = II ? II->getName().str() : "call";
  const Expr *E = Call.getOriginExpr();
  if (!E)
    return Name;
  SourceLocation L = E->getBeginLoc();
  const SourceManager &SM = C.getSourceManager();
  if (L.isMacroID()) {
    StringRef Macro =
        Lexer::getImmediateMacroName(L, SM, C.getASTContext().getLangOpts());
    if (lookupApi(Macro))
      return Macro.str();
  }
  return Name;
}

const BugType &RuleBugTypes::get(RuleId Id) const {
  if (!Types[Id])
    Types[Id] = std::make_unique<BugType>(Owner, ruleInfo(Id).Name, "DMA API");
  return *Types[Id];
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

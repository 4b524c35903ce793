//===- LoopWrites.cpp - what a loop may write, an evaluator ---------------===//
#include "engine/LoopWrites.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

namespace {

const VarDecl *varOf(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// How the write E makes to its variable moves it, if it is a variable.
void noteStep(const Expr *Target, unsigned How, LoopWrites &W) {
  if (const VarDecl *VD = varOf(Target))
    W.Steps[VD] |= How;
}

unsigned stepOf(const BinaryOperator *BO, ASTContext &Ctx) {
  Expr::EvalResult R;
  bool Add = BO->getOpcode() == BO_AddAssign;
  if ((!Add && BO->getOpcode() != BO_SubAssign) ||
      !BO->getRHS()->EvaluateAsInt(R, Ctx) ||
      !R.Val.getInt().isStrictlyPositive())
    return StepOther;
  return Add ? StepUp : StepDown;
}

void collect(const Stmt *S, LoopWrites &W, ASTContext &Ctx) {
  if (!S)
    return;
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp()) {
      W.Stores.push_back(BO->getLHS());
      noteStep(BO->getLHS(), stepOf(BO, Ctx), W);
    }
    if (const VarDecl *VD = varOf(BO->getLHS());
        VD && BO->getOpcode() == BO_Assign)
      W.Sources[VD].push_back(BO->getRHS());
  } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) {
      W.Stores.push_back(UO->getSubExpr());
      noteStep(UO->getSubExpr(),
               UO->isIncrementOp()   ? StepUp
               : UO->isDecrementOp() ? StepDown
                                     : StepOther,
               W);
    }
  } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
    W.Calls = true;
    for (const Expr *A : CE->arguments())
      if (A->getType()->isPointerType())
        W.Given.push_back(A);
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit()) {
        // Set afresh on each turn: its last value bounds nothing.
        W.Sources[VD].push_back(VD->getInit());
        W.Steps[VD] |= StepOther;
      }
  } else if (const auto *AS = dyn_cast<GCCAsmStmt>(S)) {
    // As the analyzer evaluates asm: its outputs change, nothing else.
    for (const Expr *O : AS->outputs())
      W.Stores.push_back(O);
  } else if (isa<AsmStmt>(S)) {
    W.Unknown = true;
  }
  for (const Stmt *Child : S->children())
    collect(Child, W, Ctx);
}

} // namespace

LoopWrites dmacheck::loopWrites(const Stmt *Loop, ASTContext &Ctx) {
  LoopWrites W;
  if (const auto *FS = dyn_cast<ForStmt>(Loop)) {
    collect(FS->getCond(), W, Ctx);
    collect(FS->getInc(), W, Ctx);
    collect(FS->getBody(), W, Ctx);
  } else if (const auto *WS = dyn_cast<WhileStmt>(Loop)) {
    collect(WS->getCond(), W, Ctx);
    collect(WS->getBody(), W, Ctx);
  } else if (const auto *DS = dyn_cast<DoStmt>(Loop)) {
    collect(DS->getBody(), W, Ctx);
    collect(DS->getCond(), W, Ctx);
  }
  return W;
}

SVal LoopEval::lv(const Expr *E, unsigned Depth) const {
  E = E->IgnoreParens();
  if (Depth > 8)
    return UnknownVal();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return State->getLValue(VD, LC);
  } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    SVal Base = ME->isArrow() ? rv(ME->getBase(), Depth + 1)
                              : lv(ME->getBase(), Depth + 1);
    if (FD && !Base.isUnknownOrUndef())
      return State->getLValue(FD, Base);
  } else if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E)) {
    SVal Base = rv(AE->getBase(), Depth + 1);
    SVal Idx = rv(AE->getIdx(), Depth + 1);
    if (!Base.isUnknownOrUndef() && !Idx.isUnknownOrUndef())
      return State->getLValue(AE->getType(), Idx, Base);
  } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return rv(UO->getSubExpr(), Depth + 1);
  }
  return UnknownVal();
}

SVal LoopEval::rv(const Expr *E, unsigned Depth) const {
  E = E->IgnoreParens();
  if (Depth > 8)
    return UnknownVal();
  ASTContext &Ctx = SVB.getContext();
  Expr::EvalResult R;
  if (E->getType()->isIntegralOrEnumerationType() && !E->HasSideEffects(Ctx) &&
      E->EvaluateAsInt(R, Ctx))
    return SVB.makeIntVal(R.Val.getInt());
  if (const auto *CE = dyn_cast<CastExpr>(E))
    return cast(CE, Depth);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return unary(UO, Depth);
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAssignmentOp() || BO->isLogicalOp() || BO->isCommaOp())
      return UnknownVal();
    SVal L = rv(BO->getLHS(), Depth + 1), Rt = rv(BO->getRHS(), Depth + 1);
    if (L.isUnknownOrUndef() || Rt.isUnknownOrUndef())
      return UnknownVal();
    return SVB.evalBinOp(State, BO->getOpcode(), L, Rt, BO->getType());
  }
  return UnknownVal();
}

SVal LoopEval::cast(const CastExpr *CE, unsigned Depth) const {
  const Expr *Sub = CE->getSubExpr();
  if (CE->getCastKind() == CK_LValueToRValue) {
    SVal L = lv(Sub, Depth + 1);
    if (auto Place = L.getAs<Loc>()) {
      SVal V = State->getSVal(*Place, CE->getType());
      if (V.isUnknownOrUndef())
        return fromSources(Sub, Depth);
      return V;
    }
    return UnknownVal();
  }
  bool Decays = CE->getCastKind() == CK_ArrayToPointerDecay ||
                CE->getCastKind() == CK_FunctionToPointerDecay;
  SVal V = Decays ? lv(Sub, Depth + 1) : rv(Sub, Depth + 1);
  if (V.isUnknownOrUndef())
    return UnknownVal();
  return SVB.evalCast(V, CE->getType(), Sub->getType());
}

/// A variable the state no longer holds (dead at the loop head, declared
/// in the loop): what the loop last gave it, as far as that evaluates.
SVal LoopEval::fromSources(const Expr *Sub, unsigned Depth) const {
  const VarDecl *VD = varOf(Sub);
  auto It = VD ? W.Sources.find(VD) : W.Sources.end();
  if (It == W.Sources.end())
    return UnknownVal();
  for (const Expr *Src : It->second)
    if (SVal V = rv(Src, Depth + 1); !V.isUnknownOrUndef())
      return V;
  return UnknownVal();
}

SVal LoopEval::unary(const UnaryOperator *UO, unsigned Depth) const {
  const Expr *Sub = UO->getSubExpr();
  if (UO->getOpcode() == UO_AddrOf)
    return lv(Sub, Depth + 1);
  SVal V = rv(Sub, Depth + 1);
  if (V.isUnknownOrUndef())
    return UnknownVal();
  switch (UO->getOpcode()) {
  case UO_LNot:
    return SVB.evalEQ(State, V.castAs<DefinedOrUnknownSVal>(),
                      SVB.makeZeroVal(Sub->getType()));
  case UO_Minus:
    if (auto NL = V.getAs<NonLoc>())
      return SVB.evalMinus(*NL);
    return UnknownVal();
  case UO_Not:
    if (auto NL = V.getAs<NonLoc>())
      return SVB.evalComplement(*NL);
    return UnknownVal();
  case UO_Deref:
    if (auto Place = V.getAs<Loc>())
      return State->getSVal(*Place, UO->getType());
    return UnknownVal();
  default:
    return UnknownVal();
  }
}

//===- ChanErrorCheck.cpp - dmaengine-chan-error-check --------------------===//
//
// driver-api/dmaengine/client.rst: dma_request_chan() "returns a pointer to
// the channel ... or an error pointer" — never NULL. So a NULL test of its
// result lets a failure through as a channel, and a use before IS_ERR()
// dereferences an error pointer. Reported, for dma_request_chan() and
// dma_request_chan_by_mask() (rows whose FAIL is ERR_PTR):
//  - a branch on the result against NULL, unless the same condition also
//    asks IS_ERR() (IS_ERR_OR_NULL() is a test);
//  - a dereference, or a dmaengine call given the channel, before an
//    IS_ERR() (or PTR_ERR_OR_ZERO()...) of it.
// dma_request_slave_channel() returns NULL on failure: not followed.
// Own state: the channels not yet tested on the path.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"

#include "clang/AST/ParentMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;
using dmacheck::dma::NullTestDue;

REGISTER_MAP_WITH_PROGRAMSTATE(UntestedChans, SymbolRef, NullTestDue)
DMACHECK_PATH_OBLIGATION(UntestedChans)

namespace {

class ChanErrorCheck
    : public Checker<check::PreCall, check::PostCall, check::Location,
                     check::BranchCondition, check::DeadSymbols,
                     check::PointerEscape> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const;
  void checkBranchCondition(const Stmt *Cond, CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;

private:
  void report(CheckerContext &C, SymbolRef S, const NullTestDue &Due,
              const Stmt *At, const std::string &Msg) const;
  RuleBugTypes BT{this};
};

void ChanErrorCheck::report(CheckerContext &C, SymbolRef S,
                            const NullTestDue &Due, const Stmt *At,
                            const std::string &Msg) const {
  ExplodedNode *N =
      C.generateNonFatalErrorNode(C.getState()->remove<UntestedChans>(S));
  if (!N)
    return;
  auto R =
      std::make_unique<SiteReport>(BT.get(DMC018), Msg, N, Due.Site,
                                   Due.SiteCtx, At, C.getLocationContext());
  R->addRange(At->getSourceRange());
  R->markInteresting(S);
  C.emitReport(std::move(R));
}

void ChanErrorCheck::checkPostCall(const CallEvent &Call,
                                   CheckerContext &C) const {
  if (!activeRules().enabled(DMC018))
    return;
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->R != Role::CHAN_REQUEST || Api->FailKind != Fail::ERR_PTR)
    return;
  SymbolRef S = pointerSymbol(Call.getReturnValue());
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (S && CE)
    C.addTransition(C.getState()->set<UntestedChans>(
        S, {DMC018, CE, C.getLocationContext()}));
}

void ChanErrorCheck::checkPreCall(const CallEvent &Call,
                                  CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<UntestedChans>().isEmpty())
    return;
  if (nameKind(Call) == NameKind::ERR_TEST) {
    if (SymbolRef S = pointerSymbol(argVal(Call, 0));
        S && State->get<UntestedChans>(S))
      C.addTransition(State->remove<UntestedChans>(S));
    return;
  }
  const ApiEntry *Api = apiFor(Call);
  if (!Api || Api->Fam != Family::DMAENGINE || Api->Dev < 0 ||
      Api->R == Role::SUBMIT || Api->R == Role::METADATA)
    return; // a descriptor call, or none given a channel
  SymbolRef S = pointerSymbol(argVal(Call, Api->Dev));
  if (const NullTestDue *Due = S ? State->get<UntestedChans>(S) : nullptr)
    report(C, S, *Due, Call.getOriginExpr(),
           displayName(Due->Site, C.getASTContext()) +
               "() result is passed to " + displayName(Call, C) +
               "() before an IS_ERR() test: on failure it is an error "
               "pointer");
}

void ChanErrorCheck::checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                                   CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<UntestedChans>().isEmpty())
    return;
  SymbolRef Sym = pointeeSymbol(Loc);
  if (const NullTestDue *Due = Sym ? State->get<UntestedChans>(Sym) : nullptr)
    report(C, Sym, *Due, S,
           displayName(Due->Site, C.getASTContext()) +
               "() result is dereferenced before an IS_ERR() test: on "
               "failure it is an error pointer");
}

/// The pointer a condition compares with NULL (`!chan`, `chan == NULL`,
/// `chan`), or null.
/// E without parentheses and casts, but with its load: the value tested.
const Expr *valueOf(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    const auto *ICE = dyn_cast<ImplicitCastExpr>(E);
    if (!ICE || ICE->getCastKind() == CK_LValueToRValue)
      return E;
    E = ICE->getSubExpr();
  }
}

const Expr *nullTested(const Expr *E, ASTContext &Ctx) {
  E = valueOf(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_LNot)
      E = valueOf(UO->getSubExpr());
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (!BO->isEqualityOp())
      return nullptr;
    auto IsNull = [&](const Expr *X) {
      return X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
    };
    if (IsNull(BO->getRHS()))
      E = valueOf(BO->getLHS());
    else if (IsNull(BO->getLHS()))
      E = valueOf(BO->getRHS());
    else
      return nullptr;
  }
  return E->getType()->isPointerType() ? E : nullptr;
}

/// Whether the whole condition Cond belongs to also asks IS_ERR() of the
/// place Tested names (`!chan || IS_ERR(chan)`).
bool alsoErrTested(const Stmt *Cond, const Expr *Tested, const ParentMap &PM) {
  const Stmt *Top = Cond;
  while (const Stmt *P = PM.getParent(Top)) {
    const auto *BO = dyn_cast<BinaryOperator>(P);
    if (!(BO && BO->isLogicalOp()) && !isa<ParenExpr, ImplicitCastExpr>(P) &&
        !(isa<UnaryOperator>(P) &&
          cast<UnaryOperator>(P)->getOpcode() == UO_LNot))
      break;
    Top = P;
  }
  std::string Path = accessPath(Tested);
  return !Path.empty() && anyCallIn(Top, [&](const CallExpr *CE) {
    return nameKindOf(CE->getDirectCallee()) == NameKind::ERR_TEST &&
           CE->getNumArgs() > 0 && accessPath(CE->getArg(0)) == Path;
  });
}

void ChanErrorCheck::checkBranchCondition(const Stmt *Cond,
                                          CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const auto *E = dyn_cast<Expr>(Cond);
  if (!E || State->get<UntestedChans>().isEmpty())
    return;
  const Expr *Tested = nullTested(E, C.getASTContext());
  SymbolRef S = Tested ? pointerSymbol(C.getSVal(Tested)) : nullptr;
  const NullTestDue *Due = S ? State->get<UntestedChans>(S) : nullptr;
  if (!Due)
    return;
  if (alsoErrTested(Cond, Tested, C.getLocationContext()->getParentMap())) {
    C.addTransition(State->remove<UntestedChans>(S));
    return;
  }
  std::string Name = displayName(Due->Site, C.getASTContext());
  report(C, S, *Due, Cond,
         Name + "() result is tested against NULL; " + Name +
             "() returns an error pointer on failure, never NULL (test it "
             "with IS_ERR())");
}

void ChanErrorCheck::checkDeadSymbols(SymbolReaper &SR,
                                      CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  for (const auto &E : State->get<UntestedChans>())
    if (SR.isDead(E.first))
      State = State->remove<UntestedChans>(E.first);
  if (State != C.getState())
    C.addTransition(State);
}

// A driver function the path does not enter, given the channel, may test it.
ProgramStateRef ChanErrorCheck::checkPointerEscape(
    ProgramStateRef State, const InvalidatedSymbols &Escaped,
    const CallEvent *Call, PointerEscapeKind Kind) const {
  if (!Call || apiFor(*Call) || nameKind(*Call))
    return State;
  for (SymbolRef S : Escaped)
    if (passedDirectly(*Call, S))
      State = State->remove<UntestedChans>(S);
  return State;
}

} // namespace

void dmacheck::registerChanErrorCheck(CheckerManager &Mgr) {
  Mgr.registerChecker<ChanErrorCheck>();
}

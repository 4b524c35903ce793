//===- Contract.cpp - helpers of the API-contract rules -------------------===//
#include "checkers/dma/Contract.h"
#include "checkers/Support.h"
#include "engine/DonePaths.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"

using namespace clang;
using namespace clang::ento;
using dmacheck::dma::NullTestDue;

REGISTER_MAP_WITH_PROGRAMSTATE(NullTestsDue, SymbolRef, NullTestDue)
DMACHECK_PATH_OBLIGATION(NullTestsDue)

namespace dmacheck {
namespace dma {

ProgramStateRef expectNullTest(ProgramStateRef State, SymbolRef S,
                               const NullTestDue &Due) {
  return S ? State->set<NullTestsDue>(S, Due) : State;
}

const NullTestDue *nullTestDue(ProgramStateRef State, SymbolRef S,
                               RuleId Rule) {
  const NullTestDue *D = S ? State->get<NullTestsDue>(S) : nullptr;
  return D && D->Rule == Rule ? D : nullptr;
}

bool anyNullTestDue(ProgramStateRef State) {
  return !State->get<NullTestsDue>().isEmpty();
}

ProgramStateRef nullTestDone(ProgramStateRef State, SymbolRef S) {
  return S ? State->remove<NullTestsDue>(S) : State;
}

void noteResultDue(const CallEvent &Call, CheckerContext &C, RuleId Rule) {
  SVal Ret = Call.getReturnValue();
  SymbolRef S = pointerSymbol(Ret);
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (S && CE && mayBeNull(C.getState(), Ret))
    C.addTransition(
        expectNullTest(C.getState(), S, {Rule, CE, C.getLocationContext()}));
}

bool noteNullOrErrTest(const CallEvent &Call, CheckerContext &C, RuleId Rule) {
  if (!isNullOrErrTest(Call))
    return false;
  if (SymbolRef S = pointerSymbol(argVal(Call, 0));
      nullTestDue(C.getState(), S, Rule))
    C.addTransition(nullTestDone(C.getState(), S));
  return true;
}

void forgetDeadNullTests(SymbolReaper &SR, CheckerContext &C, RuleId Rule) {
  ProgramStateRef State = C.getState();
  for (const auto &E : State->get<NullTestsDue>())
    if (E.second.Rule == Rule && SR.isDead(E.first))
      State = State->remove<NullTestsDue>(E.first);
  if (State != C.getState())
    C.addTransition(State);
}

void judgeNullUse(CheckerContext &C, const BugType &BT, RuleId Rule, SVal V,
                  bool IsLocation, const Stmt *At, StringRef What,
                  StringRef Why) {
  ProgramStateRef State = C.getState();
  if (!anyNullTestDue(State))
    return;
  SymbolRef S = IsLocation ? pointeeSymbol(V) : pointerSymbol(V);
  const NullTestDue *Due = nullTestDue(State, S, Rule);
  if (!Due || !mayBeNull(State, C.getSValBuilder().makeLoc(S)))
    return;
  std::string Msg = displayName(Due->Site, C.getASTContext()) +
                    "() result is " + What.str() + " before a NULL test";
  if (!Why.empty())
    Msg += ": " + Why.str();
  ExplodedNode *N = C.generateNonFatalErrorNode(nullTestDone(State, S));
  if (!N)
    return;
  auto R = std::make_unique<SiteReport>(BT, Msg, N, Due->Site, Due->SiteCtx, At,
                                        C.getLocationContext());
  R->markInteresting(S);
  C.emitReport(std::move(R));
}

SymbolRef pointeeSymbol(SVal Loc) {
  const MemRegion *R = Loc.getAsRegion();
  if (!R)
    return nullptr;
  if (const auto *SR = dyn_cast<SymbolicRegion>(R->getBaseRegion()))
    return SR->getSymbol();
  return nullptr;
}

SymbolRef pointerSymbol(SVal V) {
  if (SymbolRef S = V.getAsLocSymbol())
    return S;
  return V.getAsSymbol();
}

bool mayBeNull(ProgramStateRef State, SVal V) {
  auto D = V.getAs<DefinedOrUnknownSVal>();
  if (!D || D->isUnknown())
    return false;
  auto [NotNull, Null] = State->assume(*D);
  (void)NotNull;
  return Null != nullptr;
}

bool passedDirectly(const CallEvent &Call, SymbolRef S) {
  for (unsigned I = 0; I < Call.getNumArgs(); ++I)
    if (pointerSymbol(Call.getArgSVal(I)) == S)
      return true;
  return false;
}

bool inModelledBody(const LocationContext *LC) {
  for (; LC; LC = LC->getParent()) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(LC->getDecl());
    if (FD && FD->getIdentifier() &&
        (lookupApi(FD->getName()) || lookupName(FD->getName())))
      return true;
  }
  return false;
}

static PathDiagnosticLocation uniqueAt(const Stmt *Site,
                                       const LocationContext *SiteCtx,
                                       const ExplodedNode *N) {
  const SourceManager &SM =
      N->getState()->getStateManager().getContext().getSourceManager();
  return PathDiagnosticLocation::createBegin(Site, SM, SiteCtx);
}

/// A statement inside a header body the path stepped into (an inline
/// helper of the kernel's headers), seen from the driver: the call there.
static std::pair<const Stmt *, const LocationContext *>
inDriverFrame(const Stmt *At, const LocationContext *Ctx,
              const ExplodedNode *N) {
  const SourceManager &SM =
      N->getState()->getStateManager().getContext().getSourceManager();
  while (At && Ctx && !SM.isInMainFile(SM.getExpansionLoc(At->getBeginLoc()))) {
    const StackFrameContext *SF = Ctx->getStackFrame();
    if (SF->inTopFrame() || !SF->getCallSite())
      break;
    At = SF->getCallSite();
    Ctx = SF->getParent();
  }
  return {At, Ctx};
}

SiteReport::SiteReport(const BugType &BT, StringRef Msg, const ExplodedNode *N,
                       const Stmt *Site, const LocationContext *SiteCtx,
                       const Stmt *At, const LocationContext *AtCtx)
    : StmtReport(BT, Msg, N, uniqueAt(Site, SiteCtx, N),
                 SiteCtx->getStackFrame()->getDecl(),
                 inDriverFrame(At, AtCtx, N).first,
                 inDriverFrame(At, AtCtx, N).second) {}

bool reportAtSite(CheckerContext &C, const BugType &BT, StringRef Msg,
                  const Stmt *Site, const LocationContext *SiteCtx,
                  const Stmt *At, ExplodedNode *N,
                  const LocationContext *AtCtx) {
  if (!N)
    N = C.generateNonFatalErrorNode();
  if (!N)
    return false;
  auto R = std::make_unique<SiteReport>(BT, Msg, N, Site, SiteCtx, At,
                                        AtCtx ? AtCtx : C.getLocationContext());
  if (At)
    R->addRange(At->getSourceRange());
  C.emitReport(std::move(R));
  return true;
}

bool isDriverBody(const Decl *D, AnalysisManager &Mgr) {
  return D->hasBody() &&
         Mgr.getSourceManager().isInMainFile(
             Mgr.getSourceManager().getExpansionLoc(D->getLocation()));
}

bool isNullOrErrTest(const CallEvent &Call) {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  return II && II->getName() == "IS_ERR_OR_NULL";
}

bool isMaskSetter(const ApiEntry &Api) {
  return Api.R == Role::MASK_SET && Api.RetKind == Ret::ERRNO && Api.Buf < 0;
}

int gfpArgIndex(const CallEvent &Call) {
  ArrayRef<ParmVarDecl *> Params = Call.parameters();
  for (unsigned I = 0; I < Params.size() && I < Call.getNumArgs(); ++I)
    if (const auto *TT = Params[I]->getType()->getAs<TypedefType>())
      if (TT->getDecl()->getName() == "gfp_t")
        return I;
  return -1;
}

} // namespace dma
} // namespace dmacheck

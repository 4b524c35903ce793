//===- Lifecycle.cpp - what the lifecycle rules share ---------------------===//
#include "checkers/dma/Lifecycle.h"
#include "checkers/Support.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"

using namespace clang;
using namespace clang::ento;

namespace dmacheck {
namespace dma {

std::string directionName(int64_t Dir) {
  switch (Dir) {
  case DirBidirectional:
    return "DMA_BIDIRECTIONAL";
  case DirToDevice:
    return "DMA_TO_DEVICE";
  case DirFromDevice:
    return "DMA_FROM_DEVICE";
  case DirNone:
    return "DMA_NONE";
  default:
    return "direction " + std::to_string(Dir);
  }
}

bool takesDataDirection(const ApiEntry &Api) {
  if (Api.Dir < 0)
    return false;
  switch (Api.Fam) {
  case Family::SINGLE:
  case Family::PAGE:
  case Family::RESOURCE:
  case Family::SG:
  case Family::SGTABLE:
  case Family::NONCOHERENT:
  case Family::PAGES:
  case Family::NONCONTIG:
    return true;
  default:
    return false;
  }
}

std::optional<Linear> linearOf(SVal V, const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) &&
      R.Val.getInt().getSignificantBits() <= 63)
    return Linear{nullptr, R.Val.getInt().getExtValue()};
  if (!isa<NonLoc>(V) || V.getAs<nonloc::ConcreteInt>())
    return std::nullopt; // a constant of the path, not of the source
  SymbolRef S = V.getAsSymbol();
  if (!S)
    return std::nullopt;
  if (const auto *SIE = dyn_cast<SymIntExpr>(S)) {
    const llvm::APSInt &C = SIE->getRHS();
    if (C.getSignificantBits() <= 63 &&
        (SIE->getOpcode() == BO_Add || SIE->getOpcode() == BO_Sub)) {
      int64_t N = C.getExtValue();
      return Linear{SIE->getLHS(), SIE->getOpcode() == BO_Add ? N : -N};
    }
  }
  return Linear{S, 0};
}

std::optional<int64_t> difference(std::optional<Linear> A,
                                  std::optional<Linear> B) {
  if (!A || !B || A->Base != B->Base)
    return std::nullopt;
  return A->Off - B->Off;
}

std::optional<Linear> sum(std::optional<Linear> A, std::optional<Linear> B) {
  if (!A || !B || (A->Base && B->Base))
    return std::nullopt;
  return Linear{A->Base ? A->Base : B->Base, A->Off + B->Off};
}

const Expr *siteArg(const MappingState &M, int I) {
  const CallExpr *CE = M.site();
  return CE && I >= 0 && (unsigned)I < CE->getNumArgs() ? CE->getArg(I)
                                                        : nullptr;
}

bool givenExactly(ProgramStateRef State, SVal V, SymbolRef S) {
  SymbolRef X = V.getAsSymbol();
  if (!X)
    X = V.getAsLocSymbol();
  if (!X || !S || !isa<SymbolData>(X))
    return false;
  return X == S || trackedIn(State, nonloc::SymbolVal(X)) == S;
}

const MappingState *sgMappingOf(const MappingEvent &E, const ApiEntry &Api,
                                SymbolRef *Sym) {
  const SgList *L = sgListOf(E.Before, argVal(*E.Call, Api.Buf).getAsRegion());
  if (!L)
    return nullptr;
  const MappingState *M = lookup(E.Before, L->Count);
  if (M && Sym)
    *Sym = L->Count;
  return M;
}

std::string siteText(const MappingState &M, ASTContext &Ctx) {
  return displayName(M.site(), Ctx) + "() at line " +
         std::to_string(Ctx.getSourceManager().getPresumedLineNumber(
             M.site()->getBeginLoc()));
}

void reportAt(clang::ento::ExplodedNode *N, CheckerContext &C,
              const BugType &BT, const std::string &Msg, SymbolRef S,
              const MappingState &M, const Expr *Arg) {
  if (!N)
    return;
  const SourceManager &SM = C.getSourceManager();
  auto R = std::make_unique<PathSensitiveBugReport>(BT, Msg, N);
  if (Arg)
    R->addRange(Arg->getSourceRange());
  if (S)
    R->markInteresting(S);
  R->addNote(
      M.isAlloc() ? "allocated here" : "mapped here",
      PathDiagnosticLocation::createBegin(M.site(), SM, M.siteContext()));
  if (M.phase() == Phase::Released && M.releaseSite() && M.releaseContext())
    R->addNote("released here", PathDiagnosticLocation::createBegin(
                                    M.releaseSite(), SM, M.releaseContext()));
  C.emitReport(std::move(R));
}

void reportAtCall(const MappingEvent &E, const BugType &BT,
                  const std::string &Msg, SymbolRef S, const MappingState &M,
                  const Expr *Arg) {
  reportAt(E.Node.get(), E.C, BT, Msg, S, M, Arg);
}

} // namespace dma
} // namespace dmacheck

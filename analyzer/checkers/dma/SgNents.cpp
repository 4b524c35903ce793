//===- SgNents.cpp - dma-sg-nents-mismatch --------------------------------===//
//
// dma_unmap_sg() and dma_sync_sg_*() take the nents that was passed to
// dma_map_sg(), not the count it returned (dma-api.rst, Part Id). Three
// views of one rule:
//  - on a path (MappingEvent::SgRelease): the count given is the value a
//    dma_map_sg() returned, a variable or field that holds it, or anything
//    that cannot be that list's nents on this path;
//  - across functions (end of the translation unit): a struct field that
//    receives dma_map_sg()'s count and is given as nents to an unmap/sync of
//    the same list field elsewhere (the completion path of a request);
//  - on the AST of one function: for_each_sg() over the mapped list bounded
//    by the nents while reading sg_dma_address(), where the returned count
//    is the bound (dma-api-howto.rst, "sg_dma_address() and sg_dma_len()").
//
//===----------------------------------------------------------------------===//
#include "checkers/dma/SgNents.h"
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Events.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class SgNents : public Checker<check::Event<MappingEvent>, check::ASTCodeBody,
                               check::EndOfTranslationUnit> {
public:
  void checkEvent(const MappingEvent &E) const;
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const {
    if (D->hasBody() && activeRules().enabled(DMC003))
      checkSgWalk(D, Mgr, BR, this);
  }
  void checkEndOfTranslationUnit(const TranslationUnitDecl *TU,
                                 AnalysisManager &Mgr, BugReporter &BR) const {
    if (activeRules().enabled(DMC003))
      checkSgCountFields(TU, Mgr, BR, this);
  }

private:
  RuleBugTypes BT{this};
};

const CallExpr *errorCodeCall(ProgramStateRef State, SVal Given,
                              const SgList &L) {
  auto NC = L.Nents.getAs<nonloc::ConcreteInt>();
  const auto *GS = dyn_cast_or_null<SymbolConjured>(Given.getAsSymbol());
  if (!NC || !NC->getValue().isSignedIntN(32) || !GS)
    return nullptr;
  const auto *CE = dyn_cast_or_null<CallExpr>(GS->getStmt());
  if (!CE || apiOf(CE) || !State->isNull(Given).isConstrainedFalse())
    return nullptr;
  return CE;
}

// --- on a path ------------------------------------------------------------

void SgNents::checkEvent(const MappingEvent &E) const {
  if (E.Kind != EventKind::SgRelease || !activeRules().enabled(DMC003))
    return;
  const ApiEntry &Api = *apiFor(*E.Call);
  ProgramStateRef State = E.Before;
  SVal Given = argVal(*E.Call, Api.Nents);
  std::string Fn = displayName(*E.Call, E.C) + "()";
  ASTContext &Ctx = E.C.getASTContext();
  const Expr *Site = nullptr;
  std::string Msg;
  for (SymbolRef S : symbolsIn(Given))
    if (const MappingState *M = lookup(State, S); M && M->isSg()) {
      Site = M->site();
      break;
    }
  if (!Site)
    Site = sgCountHeldBy(State, holderRegion(argExpr(*E.Call, Api.Nents), E.C));
  if (Site) {
    Msg = Fn + " is given the count that " + displayName(Site, Ctx) +
          "() returned; it must be the nents passed to it";
  } else {
    const SgList *L = sgListOf(State, argVal(*E.Call, Api.Buf).getAsRegion());
    if (!L || L->Nents.isUnknownOrUndef() || Given.isUnknownOrUndef())
      return;
    // The path knows this list's dma_map_sg() failed (returned 0): nothing
    // is mapped, and a shared cleanup that passes the 0 it stored (ccree
    // cc_map_sg() zeroes its nents) unmaps nothing.
    if (State->isNull(nonloc::SymbolVal(L->Count)).isConstrainedTrue())
      return;
    Site = L->Site;
    SValBuilder &SVB = E.C.getSValBuilder();
    auto Eq = SVB.evalEQ(State, Given.castAs<DefinedOrUnknownSVal>(),
                         L->Nents.castAs<DefinedOrUnknownSVal>());
    if (!State->assume(Eq, false))
      return; // the very nents given to the map (0 on this path)
    auto CI = Given.getAs<nonloc::ConcreteInt>();
    if (CI && CI->getValue().isSigned() && CI->getValue().isNonPositive()) {
      // An error code left in the count variable (`ret = -EIO; goto
      // unmap;`): no list was mapped with that many entries.
      Msg = Fn + " is given " + std::to_string(CI->getValue().getExtValue()) +
            " as nents; it must be the nents passed to " +
            displayName(Site, Ctx) + "()";
    } else if (const CallExpr *Other = errorCodeCall(State, Given, *L)) {
      Msg =
          Fn + " is given the error code " + displayName(Other, Ctx) +
          "() returned; it must be the nents (" +
          std::to_string(
              L->Nents.castAs<nonloc::ConcreteInt>().getValue().getExtValue()) +
          ") passed to " + displayName(Site, Ctx) + "()";
    } else {
      if (State->assume(Eq, true))
        return; // may be equal: not provably wrong
      Msg = Fn + " is given another nents than the one passed to " +
            displayName(Site, Ctx) + "()";
    }
  }
  ExplodedNode *N = E.Node.get();
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(BT.get(DMC003), Msg, N);
  if (const Expr *A = argExpr(*E.Call, Api.Nents))
    R->addRange(A->getSourceRange());
  R->addNote(
      "the scatterlist was mapped here",
      PathDiagnosticLocation(Site->getBeginLoc(), E.C.getSourceManager()));
  E.C.emitReport(std::move(R));
}

} // namespace

void dmacheck::registerSgNents(CheckerManager &Mgr) {
  Mgr.registerChecker<SgNents>();
}

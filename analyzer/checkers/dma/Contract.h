//===- Contract.h - helpers of the API-contract rules ---------------------===//
//
// The rules of the rest of the contract (contexts, masks, allocations,
// pools, dmaengine clients, USB) each keep their own small state in their
// own file; this is what they share: where a pointer points, whether it may
// be NULL, whether the path is inside a body the model owns, and a report
// uniqued at the call that created what it is about.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_CONTRACT_H
#define DMACHECK_CHECKERS_DMA_CONTRACT_H

#include "checkers/dma/Report.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"

namespace dmacheck {
namespace dma {

/// The symbol a location points into (p, p->field, p[i]), or null.
clang::ento::SymbolRef pointeeSymbol(clang::ento::SVal Loc);

/// The symbol of a pointer value (the result of an allocation), or null.
clang::ento::SymbolRef pointerSymbol(clang::ento::SVal V);

/// Whether V may be NULL on this path (it was never tested, or was found
/// NULL).
bool mayBeNull(clang::ento::ProgramStateRef State, clang::ento::SVal V);

/// Whether S itself (not an object that holds it) is an argument of Call:
/// a callee the path does not enter may then act on it. An object reached
/// through a structure the call is given (`priv` holding `priv->urb`) is
/// left as it was: drivers hand their private structure to every helper.
bool passedDirectly(const clang::ento::CallEvent &Call,
                    clang::ento::SymbolRef S);

/// Whether the path is inside the body of an API function or of a
/// rules/names.def function (a header body the engine stepped into): the
/// calls it makes are the API's own, and were judged at the driver's call.
bool inModelledBody(const clang::LocationContext *LC);

/// A report at At (in AtCtx), uniqued at Site: one per creating call and
/// rule, whatever the path.
class SiteReport : public StmtReport {
public:
  SiteReport(const clang::ento::BugType &BT, llvm::StringRef Msg,
             const clang::ento::ExplodedNode *N, const clang::Stmt *Site,
             const clang::LocationContext *SiteCtx, const clang::Stmt *At,
             const clang::LocationContext *AtCtx);
};

/// Emits a SiteReport on N (a new non-fatal error node when null), At in
/// AtCtx (the current frame when null); false if no node could be made.
bool reportAtSite(clang::ento::CheckerContext &C,
                  const clang::ento::BugType &BT, llvm::StringRef Msg,
                  const clang::Stmt *Site,
                  const clang::LocationContext *SiteCtx, const clang::Stmt *At,
                  clang::ento::ExplodedNode *N = nullptr,
                  const clang::LocationContext *AtCtx = nullptr);

/// A result that must be tested against NULL before its first use (an
/// allocation, a dmaengine descriptor), made at Site by the rule's call.
struct NullTestDue {
  RuleId Rule;
  const clang::Expr *Site;
  const clang::LocationContext *SiteCtx;

  bool operator==(const NullTestDue &O) const {
    return Rule == O.Rule && Site == O.Site && SiteCtx == O.SiteCtx;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(Rule);
    ID.AddPointer(Site);
    ID.AddPointer(SiteCtx);
  }
};

/// The state shared by the rules that judge NULL tests (dma-unchecked-alloc,
/// dmaengine-unchecked-prep): each writes and reads its own rule's entries.
clang::ento::ProgramStateRef expectNullTest(clang::ento::ProgramStateRef State,
                                            clang::ento::SymbolRef S,
                                            const NullTestDue &Due);
const NullTestDue *nullTestDue(clang::ento::ProgramStateRef State,
                               clang::ento::SymbolRef S, RuleId Rule);
/// Whether any result waits for its NULL test (the per-call steps have
/// nothing to do otherwise).
bool anyNullTestDue(clang::ento::ProgramStateRef State);
clang::ento::ProgramStateRef nullTestDone(clang::ento::ProgramStateRef State,
                                          clang::ento::SymbolRef S);
/// The steps every NULL-test rule takes: Call's result becomes due when it
/// may be NULL; an IS_ERR_OR_NULL() of it is the test; dead ones go.
void noteResultDue(const clang::ento::CallEvent &Call,
                   clang::ento::CheckerContext &C, RuleId Rule);
/// True when Call was IS_ERR_OR_NULL() (handled).
bool noteNullOrErrTest(const clang::ento::CallEvent &Call,
                       clang::ento::CheckerContext &C, RuleId Rule);
void forgetDeadNullTests(clang::ento::SymbolReaper &SR,
                         clang::ento::CheckerContext &C, RuleId Rule);

/// The rule's check of one possible use of a result that may be NULL: V
/// (a pointer, or a location read or written) is reported at At when it
/// is Rule's untested result and may still be NULL here. What names the
/// use: "dereferenced", "passed to memset()".
void judgeNullUse(clang::ento::CheckerContext &C,
                  const clang::ento::BugType &BT, RuleId Rule,
                  clang::ento::SVal V, bool IsLocation, const clang::Stmt *At,
                  llvm::StringRef What, llvm::StringRef Why);

/// Whether D is a function of the file being analysed, with a body: the
/// syntax checks judge the driver, not the inline functions of headers.
bool isDriverBody(const clang::Decl *D, clang::ento::AnalysisManager &Mgr);

/// IS_ERR_OR_NULL(): the one ERR_TEST of rules/names.def that tests NULL.
bool isNullOrErrTest(const clang::ento::CallEvent &Call);

/// dma_set_mask() and its siblings: set a device's addressing limit and
/// return 0 or an errno (not dma_declare_coherent_memory()).
bool isMaskSetter(const ApiEntry &Api);

/// The index of Call's gfp_t argument, or -1.
int gfpArgIndex(const clang::ento::CallEvent &Call);

} // namespace dma
} // namespace dmacheck

#endif

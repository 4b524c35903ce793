//===- FunctionPolicy.cpp - which functions are explored, how far ---------===//
#include "engine/FunctionPolicy.h"
#include "checkers/Support.h"
#include "common/Model.h"
#include "engine/DonePaths.h"
#include "engine/EngineChecker.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CallGraph.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"

#include <optional>

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

namespace {

/// virt_to_phys() & co.: where dma-unmapped-address starts, as a map starts
/// the mapping rules.
bool givesPhysAddr(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() &&
         lookupName(FD->getName()) == NameKind::PHYS &&
         activeRules().enabled(DMC027);
}

/// Which DMA API calls (and virt_to_phys() & co.) a function body makes
/// directly.
struct DirectUse {
  bool Api = false;      // any call of the model
  bool Maps = false;     // a map or alloc call
  unsigned Releases = 0; // unmaps, frees and syncs (uses of a handle)
};

DirectUse directUse(const Decl *D) {
  struct Finder : RecursiveASTVisitor<Finder> {
    DirectUse U;
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *FD = CE->getDirectCallee();
      const ApiEntry *Api =
          FD && FD->getIdentifier() ? lookupApi(FD->getName()) : nullptr;
      if (Api) {
        U.Api = true;
        U.Maps |= Api->R == Role::MAP || Api->R == Role::ALLOC;
        U.Releases += Api->R == Role::UNMAP || Api->R == Role::FREE ||
                      Api->R == Role::SYNC_CPU || Api->R == Role::SYNC_DEV;
      } else if (givesPhysAddr(FD)) {
        // The CPU's physical address of memory: where dma-unmapped-address
        // starts, as a map starts the mapping rules.
        U.Api = U.Maps = true;
      }
      return !(U.Maps && U.Releases > 1);
    }
  } F;
  F.TraverseStmt(D->getBody());
  return F.U;
}

using CallerMap = llvm::DenseMap<const Decl *, SmallVector<const Decl *, 4>>;

/// Closes Seeds over "is called by" in the file's call graph.
llvm::DenseSet<const Decl *> callersOf(llvm::DenseSet<const Decl *> Seeds,
                                       const CallerMap &Callers) {
  SmallVector<const Decl *, 32> Work(Seeds.begin(), Seeds.end());
  while (!Work.empty()) {
    const Decl *D = Work.pop_back_val();
    for (const Decl *Caller : Callers.lookup(D))
      if (Seeds.insert(Caller).second)
        Work.push_back(Caller);
  }
  return Seeds;
}

// What the policy needs to know about the functions of one translation
// unit, computed once from one call graph (kept: the rules that ask about
// the file's calls use the same one).
struct TUFacts {
  CallGraph CG;
  CallerMap Callers;
  llvm::DenseSet<const Decl *> Reaching;      // can reach a DMA API call
  llvm::DenseSet<const Decl *> DirectMappers; // makes one itself
  llvm::DenseSet<const Decl *> Releasers;     // unmaps, frees or syncs itself
  llvm::DenseSet<const Decl *> Called;        // has a caller in this file
};

const TUFacts &facts(ASTContext &Ctx) {
  // One translation unit per worker process; keyed in case of more.
  static const ASTContext *For = nullptr;
  static std::optional<TUFacts> Facts;
  if (For == &Ctx && Facts)
    return *Facts;
  For = &Ctx;
  Facts.emplace();
  CallGraph &CG = Facts->CG;
  buildCallGraph(CG, Ctx);
  CallerMap &Callers = Facts->Callers;
  llvm::DenseSet<const Decl *> Api;
  for (const auto &Entry : CG) {
    const Decl *D = Entry.first;
    if (!D)
      continue;
    const Decl *K = D->getCanonicalDecl();
    for (const CallGraphNode::CallRecord &CR : *Entry.second)
      if (const Decl *Callee = CR.Callee->getDecl()) {
        Callers[Callee->getCanonicalDecl()].push_back(K);
        Facts->Called.insert(Callee->getCanonicalDecl());
      }
    if (!D->hasBody())
      continue;
    DirectUse U = directUse(D);
    if (U.Api)
      Api.insert(K);
    if (U.Maps)
      Facts->DirectMappers.insert(K);
    // Two uses of handles at least: a second release, or a sync after one
    // (one call, the common completion, is left to its callers' paths:
    // analysing those from their own start cost 29 % more CPU on the
    // 40-file sample).
    if (U.Releases > 1)
      Facts->Releasers.insert(K);
  }
  Facts->Reaching = callersOf(std::move(Api), Callers);
  return *Facts;
}

// Per-function node budgets. Clang reads max-nodes once per function when
// its path analysis starts, but runs the syntax checks (checkASTCodeBody) of
// every function before the first path analysis, so a budget set there
// applied the file's last function's budget to all of them. Clang's own limit
// stays the configured max-nodes, the direct mappers' budget; the small budget
// is counted here, one step per statement the engine evaluates, and a path
// that goes over it ends in a sink.
class FunctionPolicy
    : public Checker<check::BeginFunction, check::PreStmt<Stmt>,
                     check::EndAnalysis> {
public:
  void checkBeginFunction(CheckerContext &C) const;
  void checkPreStmt(const Stmt *S, CheckerContext &C) const;
  void checkEndAnalysis(ExplodedGraph &G, BugReporter &BR,
                        ExprEngine &Eng) const;
};

// The path analysis under way (one at a time): the budget counted here, 0
// where Clang's own limit applies, and the statements evaluated so far.
struct Exploration {
  unsigned Limit = 0;
  unsigned Steps = 0;
  // Paths went over the budget and ended in sinks; Clang's engine then sees
  // no work left, so the checkers ask this (explorationCut()).
  bool cut() const { return Limit && Steps > Limit; }
} Current;

// The small budget: 10000 of Clang's steps, counted in statements (10000
// steps evaluated 5,364-6,663 of them where max-nodes=10000 cut the functions
// of e1000e, tg3.c, xhci-mem.c and qla_iocb.c).
constexpr unsigned SmallSteps = 10000, SmallStatements = 6000;

// The configured max-nodes, Clang's own step limit, where the function makes
// a mapping itself (the engine's default is 35000); 10000 steps for the rest.
// Callers of mapping helpers get the small one too: 50000 for them cost 66 %
// more CPU on drivers/net/ethernet (bench/results.md, "Per-function node
// budgets").
unsigned budgetOf(const Decl *D, CheckerContext &C) {
  if (!D ||
      facts(C.getASTContext()).DirectMappers.contains(D->getCanonicalDecl()))
    return 0;
  unsigned Full = C.getAnalysisManager().options.MaxNodesPerTopLevelFunction;
  return !Full || Full <= SmallSteps ? 0 : SmallStatements; // 0 is unlimited
}

// Top-level functions: those that can reach the DMA API and make a mapping
// themselves (each mapping is followed from its own function, to the end of
// that function, whatever its callers' paths do to the budget), release or
// sync one themselves (a completion path's handles come from a ring entry:
// the lifecycle rules follow them from the release, and the callers' paths,
// an interrupt handler's or a NAPI poll's, run out of budget first), or have no
// caller in this file (entry points: their callees, and what mapping
// helpers hand back to them, are followed by inlining). The engine runs the
// analyzer in inlining mode "all", so a function inlined somewhere is still
// analysed as a top-level one here.
void FunctionPolicy::checkBeginFunction(CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  const Decl *D = C.getLocationContext()->getDecl();
  Current = {budgetOf(D, C), 0};
  if (!D || std::getenv("DMACHECK_ANALYZE_ALL"))
    return;
  const TUFacts &F = facts(C.getASTContext());
  const Decl *K = D->getCanonicalDecl();
  if (!F.Reaching.contains(K) ||
      (!F.DirectMappers.contains(K) && !F.Releasers.contains(K) &&
       F.Called.contains(K)))
    C.generateSink(C.getState(), C.getPredecessor());
}

void FunctionPolicy::checkPreStmt(const Stmt *, CheckerContext &C) const {
  if (++Current.Steps <= Current.Limit || !Current.Limit)
    return;
  C.generateSink(C.getState(), C.getPredecessor());
}

// DMACHECK_BUDGET_TRACE=1: each explored function's budget and how its
// exploration ended, on stderr (tests/engine/budgets.c).
void FunctionPolicy::checkEndAnalysis(ExplodedGraph &G, BugReporter &,
                                      ExprEngine &Eng) const {
  static const bool Trace = std::getenv("DMACHECK_BUDGET_TRACE");
  if (!Trace || G.roots_begin() == G.roots_end())
    return;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(
      (*G.roots_begin())->getLocationContext()->getDecl());
  if (!FD || Current.Steps == 0)
    return; // not explored (sunk at its start)
  llvm::errs() << "budget: " << FD->getName() << " limit=";
  if (Current.Limit)
    llvm::errs() << Current.Limit << " statements";
  else
    llvm::errs() << Eng.getAnalysisManager().options.MaxNodesPerTopLevelFunction
                 << " steps";
  llvm::errs() << " statements=" << Current.Steps << " cut="
               << (Current.cut()                                  ? "budget"
                   : Eng.getCoreEngine().getWorkList()->hasWork() ? "max-nodes"
                                                                  : "no")
               << "\n";
}

void registerPolicy(CheckerManager &Mgr) {
  setPathEnder(1, Mgr.registerChecker<FunctionPolicy>());
}

} // namespace

bool dmacheck::explorationCut() { return Current.cut(); }

bool dmacheck::callMayReachDmaApi(ASTContext &Ctx, const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  return lookupApi(FD->getName()) || givesPhysAddr(FD) ||
         facts(Ctx).Reaching.contains(FD->getCanonicalDecl());
}

const CallGraph &dmacheck::fileCallGraph(ASTContext &Ctx) {
  return facts(Ctx).CG;
}

llvm::ArrayRef<const Decl *> dmacheck::callersInFile(ASTContext &Ctx,
                                                     const Decl *D) {
  const CallerMap &Callers = facts(Ctx).Callers;
  auto It = D ? Callers.find(D->getCanonicalDecl()) : Callers.end();
  return It == Callers.end() ? llvm::ArrayRef<const Decl *>() : It->second;
}

bool dmacheck::hasCallerInFile(ASTContext &Ctx, const Decl *D) {
  return D && facts(Ctx).Called.contains(D->getCanonicalDecl());
}

void dmacheck::registerFunctionPolicy(CheckerRegistry &Registry) {
  addEngineChecker(Registry, registerPolicy, FunctionPolicyName,
                   "which functions are explored, with which budget");
}

//===- Support.h - helpers shared by the checkers
//---------------------------===//
//
// Callee lookup in the API model, the name to show for a call (the macro the
// driver wrote, e.g. dma_map_single, rather than dma_map_single_attrs), and
// one BugType per rule.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_SUPPORT_H
#define DMACHECK_CHECKERS_SUPPORT_H

#include "common/Model.h"

#include "clang/Analysis/CallGraph.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"

#include <memory>
#include <string>
#include <vector>

namespace dmacheck {

/// The model row for a call, or null.
const ApiEntry *apiFor(const clang::ento::CallEvent &Call);
/// The same for a call expression (AST passes, summaries).
const ApiEntry *apiOf(const clang::CallExpr *CE);
/// What rules/names.def says of a function, and a driver's own
/// printf-like logger (`__printf(2, 3)`) is a LOG.
std::optional<NameKind> nameKindOf(const clang::FunctionDecl *FD);

/// The name the driver wrote: the API macro around the call when there is
/// one (dma_map_single → dma_map_single_attrs in kernel headers).
std::string displayName(const clang::ento::CallEvent &Call,
                        clang::ento::CheckerContext &C);

/// The same for a call expression seen earlier (e.g. the mapping site).
std::string displayName(const clang::Expr *Call, clang::ASTContext &Ctx);

/// E's text where the source writes it: an argument of a macro call (the
/// kernel's dma_map_single() is a macro) is its own text, not the call's.
std::string writtenText(const clang::Expr *E, const clang::ASTContext &Ctx);

/// Every symbol V is built from (lower_32_bits(dma) contains dma).
llvm::SmallVector<clang::ento::SymbolRef, 4> symbolsIn(clang::ento::SVal V);

/// Category of reports that only stand when no other report of the same rule
/// shares their uniqueing location (e.g. "lost unchecked" vs "used
/// unchecked" for one mapping): the engine drops them otherwise.
constexpr const char *SecondaryCategory = "DMA API (secondary)";

/// BugTypes named after the rules, created on first use by one checker.
class RuleBugTypes {
public:
  explicit RuleBugTypes(const clang::ento::CheckerBase *Owner) : Owner(Owner) {}
  const clang::ento::BugType &get(RuleId Id, bool Secondary = false) const;

private:
  const clang::ento::CheckerBase *Owner;
  mutable std::unique_ptr<clang::ento::BugType> Types[2][NumRules];
};

/// Reports dropped when every path from them ends in a sink the program
/// makes (BUG(), panic(), a noreturn call, a NULL dereference): locals die
/// there without being leaked. Clang's BugType::isSuppressOnSink() counts
/// every sink, also the paths the engine ended (the node budget, paths that
/// can report nothing more): those are ends here, as Clang's own max-nodes
/// ends are. Held until the end of the analysis, when the graph is complete.
class SinkSuppressedReports {
public:
  void hold(std::unique_ptr<clang::ento::PathSensitiveBugReport> R) {
    Held.push_back(std::move(R));
  }
  /// From checkEndAnalysis: emits the reports that stand.
  void flush(clang::ento::BugReporter &BR);

private:
  std::vector<std::unique_ptr<clang::ento::PathSensitiveBugReport>> Held;
};

/// The variable or field chain an expression names (`buf`, `rq.sg`), for
/// matching two spellings of one place; "" for anything else.
std::string accessPath(const clang::Expr *E);

/// Argument I of Call, or an unknown value when it does not exist.
clang::ento::SVal argVal(const clang::ento::CallEvent &Call, int I);
const clang::Expr *argExpr(const clang::ento::CallEvent &Call, int I);

/// Whether S holds a call for which Pred holds (a body scan for the calls a
/// rule cares about).
bool anyCallIn(const clang::Stmt *S,
               llvm::function_ref<bool(const clang::CallExpr *)> Pred);

/// The top-level declarations this translation unit parsed itself. With a
/// precompiled header, TranslationUnitDecl::decls() would first read every
/// declaration the header holds.
const std::vector<clang::Decl *> &ownDecls(clang::ASTContext &Ctx);

/// The file's call graph: its own functions, and the header functions
/// with a body that they reach (read from a precompiled header only then).
void buildCallGraph(clang::CallGraph &CG, clang::ASTContext &Ctx);

/// Whether Child is the condition of the if, loop, switch or ?: Parent.
bool isConditionOf(const clang::Stmt *Parent, const clang::Stmt *Child);

/// "42": the line of S, as the reports name lines.
std::string lineOf(const clang::Stmt *S, const clang::SourceManager &SM);

} // namespace dmacheck

#endif

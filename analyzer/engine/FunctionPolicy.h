//===- FunctionPolicy.h - which functions are explored, how far -----------===//
//
// Engine policy, kept out of the rule checkers: from one call graph of the
// translation unit, the functions explored as top-level ones are those that
// can reach a DMA API call (directly or through functions of the same file)
// and make a mapping or have no caller in the file; each gets a node budget:
// a large one where mappings are made (their checks and releases must be
// reached), a small one for the rest.
//
// The Static Analyzer has no per-function hook outside its checker
// interface, so the policy is a hidden checker the engine registers itself.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_FUNCTIONPOLICY_H
#define DMACHECK_ENGINE_FUNCTIONPOLICY_H

#include "llvm/ADT/ArrayRef.h"

namespace clang {
class ASTContext;
class CallGraph;
class Decl;
class FunctionDecl;
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace dmacheck {

/// Whether D is called by a function of the same translation unit (its
/// callers' analyses then see it through inlining). From the policy's call
/// graph, built once per translation unit.
bool hasCallerInFile(clang::ASTContext &Ctx, const clang::Decl *D);

/// Whether a call of FD may reach the DMA API: FD is in the model, gives a
/// physical address (where dma-unmapped-address starts), or is a function
/// of the same translation unit that calls one (the policy's call graph).
bool callMayReachDmaApi(clang::ASTContext &Ctx, const clang::FunctionDecl *FD);

/// The translation unit's call graph, built once, and the functions of the
/// file that call D (canonical declarations).
const clang::CallGraph &fileCallGraph(clang::ASTContext &Ctx);
llvm::ArrayRef<const clang::Decl *> callersInFile(clang::ASTContext &Ctx,
                                                  const clang::Decl *D);

/// Whether the path analysis of the current top-level function ended some
/// paths because they went over the function's node budget (Clang's engine
/// then reports no work remaining).
bool explorationCut();

/// Full name of the policy checker, to enable in AnalyzerOptions.
inline constexpr const char *FunctionPolicyName =
    "dmacheck.engine.FunctionPolicy";

void registerFunctionPolicy(clang::ento::CheckerRegistry &Registry);

} // namespace dmacheck

#endif

//===- UncheckedMapping.h - dma-unchecked-mapping, its two files ----------===//
#ifndef DMACHECK_CHECKERS_DMA_UNCHECKEDMAPPING_H
#define DMACHECK_CHECKERS_DMA_UNCHECKEDMAPPING_H

#include "llvm/ADT/SmallPtrSet.h"

namespace clang {
class Stmt;
namespace ento {
class BugReporter;
class CheckerBase;
class ExplodedGraph;
class ExprEngine;
} // namespace ento
} // namespace clang

namespace dmacheck {
namespace dma {

class ParamSummaries;

/// After a top-level analysis: the streaming map calls of its function
/// that no path judged (the budget ran out first, or every path to the
/// function's end was cut), in a function that checks nothing, judged
/// syntactically (UncheckedMappingAST.cpp). Reported: the map calls the
/// path-sensitive rule reported.
void checkUnexploredMappings(
    const clang::ento::CheckerBase *Checker, clang::ento::ExplodedGraph &G,
    clang::ento::BugReporter &BR, clang::ento::ExprEngine &Eng,
    ParamSummaries &Summaries,
    const llvm::SmallPtrSetImpl<const clang::Stmt *> &Reported);

} // namespace dma
} // namespace dmacheck

#endif

//===- Report.h - reports about one mapping -------------------------------===//
//
// What every mapping rule's report shares: uniqued at the mapping site (one
// report per mapping and rule, whatever the path), located where the rule
// broke (the first use, the release, the store), attributed to the driver
// function that holds that line, and with the mapping's symbol and the
// places holding it marked interesting so that the path notes tell its
// story (dma/Modeling.cpp's note tags; conditions that do not touch it are
// left out by the engine).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_REPORT_H
#define DMACHECK_CHECKERS_DMA_REPORT_H

#include "checkers/dma/State.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"

namespace dmacheck {
namespace dma {

/// A report shown at a statement At (in AtCtx's frame; when null, the
/// error node's), attributed to the function that holds it.
class StmtReport : public clang::ento::PathSensitiveBugReport {
public:
  StmtReport(const clang::ento::BugType &BT, llvm::StringRef Msg,
             const clang::ento::ExplodedNode *N, const clang::Stmt *At,
             const clang::LocationContext *AtCtx)
      : PathSensitiveBugReport(BT, Msg, N), At(At), AtCtx(AtCtx) {}

  clang::ento::PathDiagnosticLocation getLocation() const override;
  const clang::Decl *getDeclWithIssue() const override;

protected:
  StmtReport(const clang::ento::BugType &BT, llvm::StringRef Msg,
             const clang::ento::ExplodedNode *N,
             clang::ento::PathDiagnosticLocation Unique,
             const clang::Decl *UniqueDecl, const clang::Stmt *At,
             const clang::LocationContext *AtCtx)
      : PathSensitiveBugReport(BT, Msg, N, Unique, UniqueDecl), At(At),
        AtCtx(AtCtx) {}

private:
  const clang::Stmt *At;
  const clang::LocationContext *AtCtx;
};

/// The same, uniqued at M's mapping site: one report per mapping and rule.
class MappingReport : public StmtReport {
public:
  MappingReport(const clang::ento::BugType &BT, llvm::StringRef Msg,
                const clang::ento::ExplodedNode *N, clang::ento::SymbolRef S,
                const MappingState &M, const clang::Stmt *At,
                const clang::LocationContext *AtCtx);
};

/// A statement inside a callee of the function that made M, seen from that
/// function: the call that led there. Unchanged when M was made deeper.
std::pair<const clang::Stmt *, const clang::LocationContext *>
inMappingFrame(const MappingState &M, const clang::Stmt *S,
               const clang::LocationContext *Ctx);

} // namespace dma
} // namespace dmacheck

#endif

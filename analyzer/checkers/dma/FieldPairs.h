//===- FieldPairs.h - mappings paired with their release by field ---------===//
//
// Real lifecycle bugs mostly span two functions: the handle is mapped in a
// refill or xmit function and stored in a ring entry, a command struct or
// skb->cb (through an accessor macro), and unmapped or synced in the
// completion. No path shows both. This pass reads the main file's functions
// and pairs, by struct field, the streaming mappings stored into a field
// (directly, or through a local) with the unmaps and syncs given that field
// in other functions, and the dma_map_sg() lists kept in a field with their
// unmaps and syncs. A field is judged only when every value stored into it
// is such a mapping (or a constant): anything else may carry another
// mapping's handle.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_FIELDPAIRS_H
#define DMACHECK_CHECKERS_DMA_FIELDPAIRS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
namespace ento {
class AnalysisManager;
class BugReporter;
class CheckerBase;
} // namespace ento
} // namespace clang

namespace dmacheck {
namespace dma {

struct FieldMismatch {
  enum KindT { Direction, Family, Size } Kind;
  const clang::CallExpr *Release; // the unmap or sync
  const clang::FunctionDecl *ReleaseFn;
  const clang::Expr *Arg;     // the argument that disagrees
  const clang::CallExpr *Map; // a mapping stored in the field
  const clang::FunctionDecl *MapFn;
  const clang::FieldDecl *Field;
  std::string Msg;
};

/// A call site with the function it is in, and the member the object
/// holding the field was reached through (`tx_buffers` in
/// `tp->tx_buffers[i].mapping`), or the pointer parameter it was (p54's
/// refill given `ring_control->rx_data`; null when unknown): tulip's rx and
/// tx rings are arrays of one struct whose `mapping` holds either direction.
struct FieldSite {
  const clang::CallExpr *Call;
  const clang::FunctionDecl *In;
  const clang::ValueDecl *Via = nullptr;
};

/// A constant the expression evaluates to, if any.
std::optional<int64_t> fieldConstant(const clang::Expr *E,
                                     const clang::ASTContext &Ctx);

/// Judges release R, given field F, against the mappings stored into F
/// (dma/FieldJudge.cpp); adds what disagrees to Out.
void judgeFieldRelease(const FieldSite &R, const clang::FieldDecl *F,
                       llvm::ArrayRef<FieldSite> Maps, clang::ASTContext &Ctx,
                       std::vector<FieldMismatch> &Out);

/// The mismatches of the translation unit's main file.
const std::vector<FieldMismatch> &
fieldMismatches(const clang::TranslationUnitDecl *TU, clang::ASTContext &Ctx);

void reportFieldMismatch(const FieldMismatch &F, const clang::ento::BugType &BT,
                         clang::ento::AnalysisManager &Mgr,
                         clang::ento::BugReporter &BR,
                         const clang::ento::CheckerBase *Checker);

} // namespace dma
} // namespace dmacheck

#endif

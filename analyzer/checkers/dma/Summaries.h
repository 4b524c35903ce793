//===- Summaries.h - what a driver function does with a handle parameter --===//
//
// Facts read from a callee's body, for the calls the path does not follow
// to the end (a function too large to inline, a budget spent) and for the
// stores the store model cannot express (a handle shifted and masked into a
// descriptor word):
//  - checks(F, I): F tests parameter I with dma_mapping_error() (directly or
//    through a callee that does): the caller's duty to check is done
//    (enic_dma_map_check(), iwl_txq_gen2_set_tb_with_wa()).
//  - keeps(F, I): F may keep parameter I (or a value computed from it) where
//    it outlives the call: memory that is not one of F's scalar locals, a
//    call of code we cannot see, a return of a value built from it (the
//    DMA API, register writes and printing are followed on the path). A mapping
//    handed to such a function is no longer provably lost when the caller drops
//    its copy.
// Both are syntactic, per translation unit, cached by the modelling checker.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_SUMMARIES_H
#define DMACHECK_CHECKERS_DMA_SUMMARIES_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <utility>

namespace dmacheck {
namespace dma {

class ParamSummaries {
public:
  ParamSummaries();
  ~ParamSummaries();
  bool checks(const clang::FunctionDecl *F, unsigned I);
  bool keeps(const clang::FunctionDecl *F, unsigned I);

  /// A body's parent map and variable references, built once per function
  /// whatever the parameters and questions asked of it.
  struct Body;

private:
  using Key = std::pair<const clang::FunctionDecl *, unsigned>;
  bool checks(const clang::FunctionDecl *F, unsigned I, unsigned Depth);
  bool keeps(const clang::FunctionDecl *F, unsigned I, unsigned Depth);
  const Body &body(const clang::FunctionDecl *F);
  /// Table[{F, I}], computed once; Pending answers recursive questions.
  template <typename Fn>
  bool memo(llvm::DenseMap<Key, bool> &Table, const clang::FunctionDecl *F,
            unsigned I, bool Pending, Fn Compute);

  llvm::DenseMap<Key, bool> Checks, Keeps;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<Body>> Bodies;
};

} // namespace dma
} // namespace dmacheck

#endif

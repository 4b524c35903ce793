//===- SgNents.h - dma-sg-nents-mismatch, shared by its two files ---------===//
#ifndef DMACHECK_CHECKERS_DMA_SGNENTS_H
#define DMACHECK_CHECKERS_DMA_SGNENTS_H

#include "checkers/Support.h"
#include "common/Model.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang {
namespace ento {
class AnalysisManager;
class BugReporter;
class CheckerBase;
} // namespace ento
} // namespace clang

namespace dmacheck {
namespace dma {

inline bool isSgMap(const ApiEntry *Api, const clang::CallExpr *CE) {
  return Api && Api->R == Role::MAP && Api->Fam == Family::SG &&
         (unsigned)Api->Nents < CE->getNumArgs() &&
         (unsigned)Api->Buf < CE->getNumArgs();
}

inline bool isSgRelease(const ApiEntry *Api, const clang::CallExpr *CE) {
  return Api && Api->Fam == Family::SG &&
         (Api->R == Role::UNMAP || Api->R == Role::SYNC_CPU ||
          Api->R == Role::SYNC_DEV) &&
         (unsigned)Api->Nents < CE->getNumArgs() &&
         (unsigned)Api->Buf < CE->getNumArgs();
}

/// The call whose result the count variable holds on this error path, when
/// the list was mapped with a constant nents and that result was tested
/// non-zero (`ret = hw_map(...); if (ret) { dma_unmap_sg(.., ret, ..) }`).

/// A struct field that receives dma_map_sg()'s count in one function and is
/// given as nents to an unmap/sync of the same list field in another.
void checkSgCountFields(const clang::TranslationUnitDecl *TU,
                        clang::ento::AnalysisManager &Mgr,
                        clang::ento::BugReporter &BR,
                        const clang::ento::CheckerBase *Checker);
/// for_each_sg() over a mapped list bounded by the nents while reading DMA
/// addresses.
void checkSgWalk(const clang::Decl *D, clang::ento::AnalysisManager &Mgr,
                 clang::ento::BugReporter &BR,
                 const clang::ento::CheckerBase *Checker);

} // namespace dma
} // namespace dmacheck

#endif

//===- HeaderBodies.h - only the header bodies the analysis uses --------===//
//
// A kernel translation unit is mostly headers, and most of the parse is Sema
// of static inline bodies the driver never calls. The analysis needs a body
// only where it may inline it, so the parser skips the body of a function
// defined outside the main file unless
//   - the driver names it: an identifier of the .c file or of its quoted
//     local headers (common/Prefilter.h), or of a macro those names expand
//     to, followed through the macro definitions as the headers make them;
//   - its body names a DMA API function of rules/dma_api.def or a header
//     function kept for that reason (ib_dma_map_single() and the like: the
//     wrappers must stay visible to the checkers);
//   - it is a DMA API function itself.
// A skipped body makes the function opaque: a call to it is evaluated
// conservatively, as for any function defined in another file.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_HEADERBODIES_H
#define DMACHECK_ENGINE_HEADERBODIES_H

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"

#include <memory>
#include <set>
#include <string>

namespace dmacheck {

/// Turns body skipping on in CI and returns Inner wrapped in a consumer
/// that decides which bodies to skip. DriverIdents: localIdentifiers().
std::unique_ptr<clang::ASTConsumer>
skipUnusedHeaderBodies(clang::CompilerInstance &CI,
                       std::unique_ptr<clang::ASTConsumer> Inner,
                       const std::set<std::string> &DriverIdents);

} // namespace dmacheck

#endif

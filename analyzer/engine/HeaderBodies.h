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
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <set>
#include <string>

namespace dmacheck {

/// What a group PCH's build (engine/GroupPch.h) records of a header
/// function whose body the skipping would not always keep: kept only when
/// the driver names it, or never (a config-off stub). A PCH holds every
/// body; a file parsed on top of it drops those its own parse would have
/// skipped, so that its analysis inlines what it would inline alone.
enum class BodyUse : char { IfNamed = 'n', Never = 'x' };
using BodyUses = llvm::StringMap<BodyUse>;

/// Turns body skipping on in CI and returns Inner wrapped in a consumer
/// that decides which bodies to skip. DriverIdents: localIdentifiers().
/// FromPch: the uses recorded with the PCH the file is parsed on, if any.
std::unique_ptr<clang::ASTConsumer>
skipUnusedHeaderBodies(clang::CompilerInstance &CI,
                       std::unique_ptr<clang::ASTConsumer> Inner,
                       const std::set<std::string> &DriverIdents,
                       std::shared_ptr<const BodyUses> FromPch = nullptr);

/// For a PCH build: every body is parsed, and Out gets the uses of those
/// that a driver naming nothing would have skipped.
std::unique_ptr<clang::ASTConsumer>
classifyHeaderBodies(clang::CompilerInstance &CI,
                     std::unique_ptr<clang::ASTConsumer> Inner,
                     std::shared_ptr<BodyUses> Out);

} // namespace dmacheck

#endif

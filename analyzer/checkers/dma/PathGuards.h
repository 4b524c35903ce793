//===- PathGuards.h - when a leak's path is evidence of a leak ------------===//
//
// A path on which a handle dies unreleased is a leak only if the path can
// happen. Each guard below recognises, on the report's path, an idiom that
// linux 6.12 drivers showed to be infeasible there (PathGuards.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_PATHGUARDS_H
#define DMACHECK_CHECKERS_DMA_PATHGUARDS_H

#include "checkers/dma/State.h"

namespace dmacheck {
namespace dma {

/// Whether the path ending at N, where M's handle Sym died, is evidence of
/// a leak: it does not skip a loop that would have stored the handle, does
/// not say contradictory things of one field, and did not widen a loop
/// that does not make the mapping.
bool leakPathIsEvidence(const clang::ento::ExplodedNode *N,
                        clang::ento::SymbolRef Sym, const MappingState &M,
                        clang::ento::CheckerContext &C);

} // namespace dma
} // namespace dmacheck

#endif

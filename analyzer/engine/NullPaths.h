//===- NullPaths.h - paths through a NULL dereference end -------*- C++ -*-===//
//
// Engine modelling, not a rule: a load or store through a NULL pointer the
// path holds as a constant ends the path (the kernel would oops there).
// Clang's core.NullDereference does this and more, and reports; the engine
// does not run the core checkers, so without this the paths went on past the
// dereference, with every store to the NULL object lost.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_NULLPATHS_H
#define DMACHECK_ENGINE_NULLPATHS_H

namespace clang {
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace dmacheck {

/// Full name of the checker, to enable in AnalyzerOptions. It sorts after the
/// rule checkers' names, so they see a location before a path ends there.
inline constexpr const char *NullPathsName = "dmacheck.engine.NullPaths";

void registerNullPaths(clang::ento::CheckerRegistry &Registry);

} // namespace dmacheck

#endif

//===- LoopWidening.h - widen loops by what they write ----------*- C++ -*-===//
//
// Engine policy, not a rule. The analyzer unrolls a loop a few times and
// then must either end the path or widen: go on past the loop with what the
// loop may change made unknown. Clang's widening (AO.ShouldWidenLoops)
// makes every local, every argument and every global of the frame unknown
// (its own TODO says so): after a 4096-entry table is cleared, the driver's
// `dev`, its flags and the handles it holds are all forgotten. That costs
// precision (paths the code cannot take, guards in the rules against them)
// and time (every later branch splits).
//
// This checker widens instead, where Clang would: at the loop's branch when
// a path reaches the loop head for the last time the engine allows, or, in
// an endless loop, at the first branch of its body reached as often. It makes unknown only what the loop may write
// (engine/LoopWrites.h): the variables it assigns or takes the address of,
// the memory it stores through (the whole array when the index varies), and
// what its calls are given (and the globals, if it calls anything); a
// counter only stepped up keeps its lower bound. The condition is then
// evaluated again on the widened state, so that the path past the loop
// knows the condition failed (`i >= 4096`); one it cannot evaluate becomes
// unknown.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_LOOPWIDENING_H
#define DMACHECK_ENGINE_LOOPWIDENING_H

namespace clang {
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace dmacheck {

/// Full name of the checker, to enable in AnalyzerOptions.
inline constexpr const char *LoopWideningName = "dmacheck.engine.LoopWidening";

void registerLoopWidening(clang::ento::CheckerRegistry &Registry);

} // namespace dmacheck

#endif

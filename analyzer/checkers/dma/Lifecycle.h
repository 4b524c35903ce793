//===- Lifecycle.h - what the lifecycle rules share -----------------------===//
//
// The rules that judge a release or a sync against the mapping it concerns
// (dma-unmap-mismatch, dma-sync-direction, dma-double-unmap,
// dma-use-after-unmap) compare values the modelling checker recorded at map
// time with the arguments of a later call. Only what is provably different
// on the path is reported: two spellings of one size (`len` and
// `skb_headlen(skb)` after `len = skb_headlen(skb)`) may be equal.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_LIFECYCLE_H
#define DMACHECK_CHECKERS_DMA_LIFECYCLE_H

#include "checkers/dma/Events.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"

#include <optional>
#include <string>

namespace dmacheck {
namespace dma {

/// enum dma_data_direction (and the legacy PCI_DMA_* values).
enum : int64_t {
  DirBidirectional = 0,
  DirToDevice = 1,
  DirFromDevice = 2,
  DirNone = 3
};

/// "DMA_TO_DEVICE" for 1, ...; the number for anything else.
std::string directionName(int64_t Dir);

/// Whether the rows use enum dma_data_direction for their DIR argument (not
/// the USB is_in flag nor a dmaengine transfer direction).
bool takesDataDirection(const ApiEntry &Api);

/// An argument as the rules compare it: a constant of the source (`128`,
/// `sizeof(*st)`, `DMA_TO_DEVICE`), or a symbol plus a constant (`len`,
/// `len + 8`), or a constant the driver stored. A value the path only
/// assumed ("assuming 'len' is 0") stays a symbol: a size or a direction
/// that differs only on such a path is rarely a bug.
struct Linear {
  clang::ento::SymbolRef Base = nullptr; // null: a constant
  int64_t Off = 0;
};
std::optional<Linear> linearOf(clang::ento::SVal V, const clang::Expr *E,
                               const clang::ASTContext &Ctx);
/// Argument I of Call as the store holds it (rawArg()), as a Linear.
std::optional<Linear> argLinear(const clang::ento::CallEvent &Call, int I,
                                clang::ento::CheckerContext &C);
/// Argument I of Call; when the path knows it only as a constant, what the
/// variable or field it reads holds in the store (a symbol the path merely
/// assumed stays a symbol).
clang::ento::SVal rawArg(const clang::ento::CallEvent &Call, int I,
                         clang::ento::CheckerContext &C);
/// A - B when it does not depend on the path (same base), else nothing.
std::optional<int64_t> difference(std::optional<Linear> A,
                                  std::optional<Linear> B);
/// A + B when at most one has a base.
std::optional<Linear> sum(std::optional<Linear> A, std::optional<Linear> B);

/// Argument I of the call that made M (its size, its direction).
const clang::Expr *siteArg(const MappingState &M, int I);

/// Whether V is S itself (or an allocation's dma_addr_t standing for it),
/// not a value computed from it such as `dma + off`.
bool givenExactly(clang::ento::ProgramStateRef State, clang::ento::SVal V,
                  clang::ento::SymbolRef S);

/// The good dma_map_sg() mapping of the list a dma_unmap_sg() or
/// dma_sync_sg_*() call is given, or null.
const MappingState *sgMappingOf(const MappingEvent &E, const ApiEntry &Api,
                                clang::ento::SymbolRef *Sym = nullptr);

/// Argument I of Call as the driver wrote it: a parameter of an inlined
/// wrapper (`fc_dma_map_single(dev, p, len, dir)`) is followed to the
/// caller's argument, so that a constant passed through it stays one.
const clang::Expr *sourceArg(const clang::Expr *E,
                             const clang::LocationContext *LC);
const clang::Expr *callArg(const clang::ento::CallEvent &Call, int I);

/// Where a finding about a statement at S (in frame L) is shown beside one
/// made in frame Other: lifted to the calls, in the deepest frame both are
/// in, that lead to them (two calls of one unmap wrapper are told apart by
/// the lines of the calls).
std::pair<const clang::Stmt *, const clang::LocationContext *>
liftBeside(const clang::Stmt *S, const clang::LocationContext *L,
           const clang::LocationContext *Other);

/// "dma_map_single() at line 12" (the line of the mapping, or of the call
/// leading to it, beside the frame of C).
std::string siteText(const MappingState &M, clang::ento::CheckerContext &C);
/// " at line 30": where M was first released, beside the frame of C.
std::string releaseLine(const MappingState &M, clang::ento::CheckerContext &C);

/// Whether A and B are written alike and read driver state (a field, a
/// flag, a call): `TG3_RX_STD_RING_BYTES(tp)` at the allocation and at the
/// free differ only on a path that re-read the flag after a call it did not
/// enter, not in the driver.
bool spelledAlikeFromState(const clang::Expr *A, const clang::Expr *B,
                           const clang::ASTContext &Ctx);

/// The value of E when the source spells a constant there (`DMA_NONE`, a
/// wrapper's argument `DMA_TO_DEVICE`), not one the path computed.
std::optional<int64_t> spelledConstant(const clang::Expr *E,
                                       clang::ento::CheckerContext &C);

/// Whether S (in LC's function) runs only under an if or a switch that
/// tests driver state (a field, a call).
bool underStateTest(const clang::Stmt *S, const clang::LocationContext *LC);

/// Whether the path reached S (in LC's frame) in a later iteration of a
/// loop that holds it: it went back to the loop's condition at least once.
bool inLaterIteration(const clang::ento::ExplodedNode *N, const clang::Stmt *S,
                      const clang::LocationContext *LC);

/// Emits Msg about the statement Cur (in CurCtx's frame, by default C's,
/// lifted beside the mapping's frame), the mapping (and, when released, its
/// release) noted along the way.
void reportAt(clang::ento::ExplodedNode *N, clang::ento::CheckerContext &C,
              const clang::ento::BugType &BT, const std::string &Msg,
              clang::ento::SymbolRef S, const MappingState &M,
              const clang::Stmt *Cur, const clang::Expr *Arg,
              const clang::LocationContext *CurCtx = nullptr);

/// The same at E's call.
void reportAtCall(const MappingEvent &E, const clang::ento::BugType &BT,
                  const std::string &Msg, clang::ento::SymbolRef S,
                  const MappingState &M, const clang::Expr *Arg);

} // namespace dma
} // namespace dmacheck

#endif

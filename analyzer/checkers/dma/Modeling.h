//===- Modeling.h - the modelling checker of core v2 ----------------------===//
//
// The hidden modelling checker: the only evalCall of the DMA API and the
// only writer of dma/State.h. Modeling.cpp evaluates the API calls of
// rules/dma_api.def; Tracking.cpp follows what happens to each mapping
// (used, stored, written to the device, returned, dead) and where CPU memory
// comes from. Every step a rule may judge is dispatched to the rule checkers
// as a MappingEvent (dma/Events.h); note tags along the path tell the
// mapping's story.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_MODELING_H
#define DMACHECK_CHECKERS_DMA_MODELING_H

#include "checkers/dma/Events.h"
#include "checkers/dma/Summaries.h"

#include "clang/StaticAnalyzer/Core/Checker.h"

#include <optional>

namespace dmacheck {
namespace dma {

using namespace clang;
using namespace clang::ento;

/// One mapped buffer the CPU touched: the mapping before the access.
struct CpuTouch {
  clang::ento::SymbolRef Sym;
  MappingState Before;
  const clang::Stmt *At;
  bool Write;
};

/// Stand-ins for handles of entries the engine keeps no value for
/// (dma/Unseen.cpp).
void markStandInsLive(ProgramStateRef State, SymbolReaper &SR);
/// Forgets the stand-ins of the entries a store into Bound may overwrite.
ProgramStateRef dropStandIns(ProgramStateRef State, const MemRegion *Bound);

class Modeling
    : public Checker<eval::Call, check::PreCall, check::PostCall, check::Bind,
                     check::Location, check::PreStmt<ReturnStmt>,
                     check::PostStmt<BinaryOperator>,
                     check::PostStmt<UnaryOperator>,
                     check::PostStmt<ImplicitCastExpr>, check::BranchCondition,
                     check::LiveSymbols, check::DeadSymbols, check::EndFunction,
                     check::PointerEscape, EventDispatcher<MappingEvent>> {
public:
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const;
  void checkPreStmt(const ReturnStmt *RS, CheckerContext &C) const;
  void checkPostStmt(const BinaryOperator *BO, CheckerContext &C) const;
  void checkPostStmt(const UnaryOperator *UO, CheckerContext &C) const;
  void checkPostStmt(const ImplicitCastExpr *ICE, CheckerContext &C) const;
  void checkBranchCondition(const Stmt *Cond, CheckerContext &C) const;
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;

private:
  void evalMap(const CallEvent &Call, const ApiEntry &Api,
               CheckerContext &C) const;
  void evalCheck(const CallEvent &Call, const ApiEntry &Api,
                 CheckerContext &C) const;
  void evalUnmapOrSync(const CallEvent &Call, const ApiEntry &Api,
                       CheckerContext &C) const;
  void evalAlloc(const CallEvent &Call, const ApiEntry &Api,
                 CheckerContext &C) const;
  void evalFree(const CallEvent &Call, const ApiEntry &Api,
                CheckerContext &C) const;
  bool evalIsVmallocAddr(const CallEvent &Call, CheckerContext &C) const;
  /// virt_to_phys() & co.: a fresh value, tagged as a CPU physical address.
  bool evalPhys(const CallEvent &Call, CheckerContext &C) const;
  bool evalByteSwap(const CallEvent &Call, CheckerContext &C) const;
  /// The same for a PHYS macro's expansion (x86's page_to_phys()).
  void notePhysMacro(const BinaryOperator *BO, CheckerContext &C) const;
  bool evalLog(const CallEvent &Call, CheckerContext &C) const;
  /// A driver function that tests a handle it is given with
  /// dma_mapping_error() did the check for its caller, also when the path
  /// did not step into it (inlining depth, budgets).
  ProgramStateRef noteCalleeChecks(const CallEvent &Call, CheckerContext &C,
                                   ProgramStateRef State) const;
  /// A local array or struct that holds handles (`dma_addr_t addrs[]`,
  /// sfc's tso `state`), passed by address: the callee may move them where
  /// they outlive the caller (funeth fun_write_gl(), cxgb4vf write_sgl()).
  ProgramStateRef noteLocalObjectsPassed(const CallEvent &Call,
                                         ProgramStateRef State) const;
  /// Before the path steps into FD: a handle FD may keep is escaped (not
  /// provably lost once the caller drops it).
  void noteCalleeKeeps(const CallEvent &Call, const FunctionDecl *FD,
                       CheckerContext &C) const;

  ProgramStateRef noteUnseenRelease(const CallEvent &Call, const ApiEntry &Api,
                                    SVal H, CheckerContext &C,
                                    ProgramStateRef State = nullptr) const;

  /// A CPU access (Write or read) at At of what R names: the mapped
  /// buffers it falls in are recorded in Out, and a write in the state
  /// returned (dma/Ownership.cpp).
  ProgramStateRef touchBuffers(ProgramStateRef State, const MemRegion *R,
                               bool Write, const Stmt *At, CheckerContext &C,
                               SmallVectorImpl<CpuTouch> &Out) const;
  /// The buffers memcpy() & co. (rules/names.def CPU_*) read and write.
  ProgramStateRef touchByCall(ProgramStateRef State, const CallEvent &Call,
                              NameKind K, CheckerContext &C,
                              SmallVectorImpl<CpuTouch> &Out) const;
  /// A sync or unmap of a handle re-read from the place that held a
  /// mapping's (a call the path did not enter made the read a new value):
  /// the buffer of the mapping held there changes owner all the same.
  ProgramStateRef handBackHeld(const CallEvent &Call, const ApiEntry &Api,
                               ProgramStateRef State, CheckerContext &C) const;
  /// After a call that starts the device (an MMIO write, a dmaengine or
  /// USB submission) or runs code the path does not see: the buffers the
  /// device owns may hold what it wrote.
  ProgramStateRef noteDeviceMayRun(const CallEvent &Call, CheckerContext &C,
                                   ProgramStateRef State) const;
  void dispatchTouches(CheckerContext &C, EventNode &Node,
                       ProgramStateRef Before, ArrayRef<CpuTouch> Touched,
                       const CallEvent *Call) const;

  mutable ParamSummaries Summaries;

  /// Makes the transition to Next with one event dispatched on the way
  /// (its reports hang on the node that carries Next).
  void event(CheckerContext &C, EventKind K, ProgramStateRef Before,
             ProgramStateRef Next, SymbolRef S, const MappingState *M,
             const CallEvent *Call, const NoteTag *Tag = nullptr) const;
};

// Shared by Modeling.cpp and Tracking.cpp.

/// Whether the model evaluates calls of this row (one list: evalCall and
/// the use tracking of checkPreCall both ask it).
bool modelled(const ApiEntry &Api);
/// What rules/names.def says of the callee.
std::optional<NameKind> nameKind(const clang::ento::CallEvent &Call);
/// Records a use of a mapping (attributed, when inside a callee, to the
/// call in the function that mapped) and whether it keeps it alive.
clang::ento::ProgramStateRef noteUse(clang::ento::ProgramStateRef State,
                                     clang::ento::SymbolRef S,
                                     const clang::Stmt *Use,
                                     const clang::LocationContext *Ctx,
                                     bool Escapes);

/// Whether a call of this row or name sets the device going on what it was
/// given (a register write, a dmaengine or USB submission) or, with
/// OrWaits, waits for it (rules/names.def DEVICE_WAIT).
bool startsDevice(const ApiEntry *Api, std::optional<NameKind> K, bool OrWaits);

/// Keeps a good mapping stored in memory alive while its buffer is: the
/// handle of `priv->dma = dma_map_single(dev, priv->buf, ...)` dies with
/// the last use of priv, before `memcpy(priv->buf, ...)` touches the buffer
/// it maps (dma/Ownership.cpp).
void markMappedBuffersLive(clang::ento::ProgramStateRef State,
                           clang::ento::SymbolReaper &SR);

/// kfree(buf) while buf is mapped: the mapping is no longer the device's.
/// Returns the state with it recorded, and the good dma_map_sg() mappings
/// whose list is the memory freed before its unmap.
clang::ento::ProgramStateRef
markBufferFreed(const clang::ento::CallEvent &Call,
                clang::ento::CheckerContext &C,
                llvm::SmallVectorImpl<MappingEntry> &LostLists);

} // namespace dma
} // namespace dmacheck

#endif

//===- Events.h - what the modelling checker tells the rule checkers ------===//
//
// dma/Modeling.cpp evaluates the DMA API and keeps the state (dma/State.h).
// At each step a rule may care about it dispatches a MappingEvent (Clang's
// check::Event mechanism) to the rule checkers that are enabled; they read
// the event and the state and report, never change the state.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_CHECKERS_DMA_EVENTS_H
#define DMACHECK_CHECKERS_DMA_EVENTS_H

#include "checkers/dma/State.h"

#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"

namespace dmacheck {
namespace dma {

/// The node the reports of one modelled step hang on: made on first demand
/// (most steps report nothing), carrying the state after the step.
class EventNode {
public:
  EventNode(clang::ento::CheckerContext &C, clang::ento::ProgramStateRef Next,
            const clang::ento::NoteTag *Tag = nullptr)
      : C(C), Next(std::move(Next)), Tag(Tag) {}
  clang::ento::ExplodedNode *get() {
    if (!Made) {
      N = C.generateNonFatalErrorNode(Next, Tag);
      Made = true;
    }
    return N;
  }
  bool made() const { return Made; }
  clang::ento::ProgramStateRef next() const { return Next; }

private:
  clang::ento::CheckerContext &C;
  clang::ento::ProgramStateRef Next;
  const clang::ento::NoteTag *Tag;
  clang::ento::ExplodedNode *N = nullptr;
  bool Made = false;
};

enum class EventKind {
  Died,        // the mapping's last reference died (M: its last state)
  EndOfPath,   // the analysed function returns with the mapping live
  FrameEnd,    // the function that made the mapping returns (inlined)
               // without handing it off (a return, an out-parameter store)
  DeviceWrite, // its value was written to a device register (Call)
  Release,     // unmap/free of the mapping (M: the state before it)
  Sync,        // dma_sync_*() of the mapping (M: the state before it)
  SgRelease,   // dma_unmap_sg()/dma_sync_sg_*(): Sym/M unset, see Call
  Ignored,     // a map call whose result is dropped (Call)
  SgListLost,  // a good dma_map_sg() list went out of scope (a local) or
               // was freed (Call) before its unmap (Sym/M: the count)
  CpuAccess,   // the CPU read or wrote (Write) the mapped buffer at Access
               // (M: the state before it; Call: memcpy() & co., if one)
};

struct MappingEvent {
  static int Tag; // Clang's event registry key

  EventKind Kind;
  clang::ento::CheckerContext &C;
  EventNode &Node;
  /// The state before the step (after it: Node.next()).
  clang::ento::ProgramStateRef Before;
  clang::ento::SymbolRef Sym = nullptr;
  const MappingState *M = nullptr;
  const clang::ento::CallEvent *Call = nullptr;
  const clang::Stmt *Access = nullptr; // CpuAccess
  bool Write = false;                  // CpuAccess
};

} // namespace dma
} // namespace dmacheck

#endif

//===- DonePaths.cpp - paths that can report nothing more end -------------===//
#include "engine/DonePaths.h"
#include "engine/EngineChecker.h"
#include "engine/FunctionPolicy.h"

#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

namespace {

std::vector<void *> &obligations() {
  static std::vector<void *> Keys;
  return Keys;
}

bool holdsObligation(ProgramStateRef State) {
  for (void *Key : obligations())
    if (void *const *V = State->FindGDM(Key); V && *V)
      return true; // an emptied map or set stays in the GDM as null
  return false;
}

bool hasApiCall(const CFGBlock &B, size_t From, ASTContext &Ctx) {
  for (size_t I = From, E = B.size(); I < E; ++I)
    if (auto S = B[I].getAs<CFGStmt>())
      if (const auto *CE = dyn_cast<CallExpr>(S->getStmt()))
        // A call through a pointer: the engine cannot enter it either.
        if (callMayReachDmaApi(Ctx, CE->getDirectCallee()))
          return true;
  return false;
}

/// Per CFG, the blocks from which a call that may reach the DMA API can be
/// reached (the block's own calls included), computed once per function.
/// Keyed by the function: Clang frees its CFGs between top-level functions
/// and builds the same one again for the same body.
class Reach {
public:
  const llvm::BitVector &of(const Decl *D, const CFG &G, ASTContext &Ctx) {
    if (For != &Ctx) {
      Cache.clear();
      For = &Ctx;
    }
    auto [It, New] = Cache.try_emplace(D);
    if (New)
      It->second = compute(G, Ctx);
    return It->second;
  }

private:
  static llvm::BitVector compute(const CFG &G, ASTContext &Ctx) {
    llvm::BitVector R(G.getNumBlockIDs());
    SmallVector<const CFGBlock *, 32> Work;
    for (const CFGBlock *B : G)
      if (hasApiCall(*B, 0, Ctx)) {
        R.set(B->getBlockID());
        Work.push_back(B);
      }
    while (!Work.empty())
      for (const CFGBlock *P : Work.pop_back_val()->preds())
        if (P && !R.test(P->getBlockID())) {
          R.set(P->getBlockID());
          Work.push_back(P);
        }
    return R;
  }

  const ASTContext *For = nullptr;
  llvm::DenseMap<const Decl *, llvm::BitVector> Cache;
};

class DonePaths : public Checker<check::BranchCondition> {
public:
  void checkBranchCondition(const Stmt *Cond, CheckerContext &C) const;

private:
  bool aheadInBlock(const CFGBlock &B, size_t From,
                    AnalysisDeclContext &ADC) const;
  mutable Reach R;
};

/// Whether a call that may reach the DMA API is ahead: in B from element
/// From on, or in a block after B.
bool DonePaths::aheadInBlock(const CFGBlock &B, size_t From,
                             AnalysisDeclContext &ADC) const {
  ASTContext &Ctx = ADC.getASTContext();
  const llvm::BitVector &Reaches = R.of(ADC.getDecl(), *ADC.getCFG(), Ctx);
  for (const CFGBlock *S : B.succs())
    if (S && Reaches.test(S->getBlockID()))
      return true;
  return hasApiCall(B, From, Ctx);
}

void DonePaths::checkBranchCondition(const Stmt *, CheckerContext &C) const {
  if (holdsObligation(C.getState()))
    return;
  const StackFrameContext *SFC = C.getStackFrame();
  const CFG *G = SFC->getCFG();
  if (!G || C.getBlockID() >= G->getNumBlockIDs())
    return;
  // The branch ends its block: what is ahead is in the successors.
  const CFGBlock *B = *(G->begin() + C.getBlockID());
  if (B->getBlockID() != C.getBlockID() ||
      aheadInBlock(*B, B->size(), *SFC->getAnalysisDeclContext()))
    return;
  // And after each call on the stack returns, in its caller.
  for (; SFC->getParent(); SFC = SFC->getParent()->getStackFrame()) {
    const CFG *Caller = SFC->getParent()->getCFG();
    const CFGBlock *Site = SFC->getCallSiteBlock();
    if (!Caller || !Site ||
        aheadInBlock(*Site, SFC->getIndex() + 1,
                     *SFC->getParent()->getAnalysisDeclContext()))
      return;
  }
  C.generateSink(C.getState(), C.getPredecessor());
}

const void *PathEnders[2];

void registerChecker(CheckerManager &Mgr) {
  setPathEnder(0, Mgr.registerChecker<DonePaths>());
}

} // namespace

void dmacheck::setPathEnder(unsigned Slot, const void *Tag) {
  PathEnders[Slot] = Tag;
}

bool dmacheck::engineEndedPath(const ExplodedNode *N) {
  const ProgramPointTag *Tag = N->getLocation().getTag();
  return N->isSink() && Tag && llvm::is_contained(PathEnders, Tag);
}

bool dmacheck::addPathObligation(void *GDMIndex) {
  obligations().push_back(GDMIndex);
  return true;
}

void dmacheck::registerDonePaths(CheckerRegistry &Registry) {
  addEngineChecker(Registry, registerChecker, DonePathsName,
                   "paths that can report nothing more end");
}

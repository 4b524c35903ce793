//===- AtomicContext.cpp - dma-atomic-context -----------------------------===//
//
// dma-api.rst: dma_free_coherent() & co. "may only be called with IRQs
// enabled"; dma_pool_create() and dma_pool_destroy() may sleep ("cannot be
// called in interrupt context", dmapool.c); an allocation with a GFP flag
// that may sleep (GFP_KERNEL) is wrong under a spinlock and in a hard
// interrupt handler. Followed on the path: the spinlocks held (spin_lock()
// & co. of rules/names.def, LOCK*) and whether interrupts are off
// (spin_lock_irqsave(), local_irq_save() ...), through the driver's own
// wrappers by inlining; the hard interrupt handlers the file registers with
// request_irq() & co. Reported:
//  - a coherent free with interrupts off, or in such a handler;
//  - a pool created or destroyed under a lock, interrupts off, or there;
//  - an allocation whose gfp_t is spelled GFP_KERNEL (GFP_NOFS, GFP_NOIO,
//    GFP_USER), at the call or at the call of the wrapper that passes it
//    on, in any of those contexts.
// Own state: lock depth, interrupts-off depth, the call that began it.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/Contract.h"
#include "checkers/dma/Lifecycle.h"
#include "checkers/dma/Modeling.h"
#include "engine/DonePaths.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

#include <optional>

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

REGISTER_TRAIT_WITH_PROGRAMSTATE(LocksHeld, unsigned)
DMACHECK_PATH_CONTEXT(LocksHeld)
REGISTER_TRAIT_WITH_PROGRAMSTATE(IrqsOffDepth, unsigned)
DMACHECK_PATH_CONTEXT(IrqsOffDepth)
// The calls that took the first lock and disabled interrupts first.
REGISTER_TRAIT_WITH_PROGRAMSTATE(LockedSince, const void *)
DMACHECK_PATH_CONTEXT(LockedSince)
REGISTER_TRAIT_WITH_PROGRAMSTATE(IrqsOffSince, const void *)
DMACHECK_PATH_CONTEXT(IrqsOffSince)

namespace {

class AtomicContext : public Checker<check::PreCall> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;

private:
  void judge(const CallEvent &Call, const ApiEntry &Api,
             CheckerContext &C) const;
  RuleBugTypes BT{this};
};

bool isLockName(std::optional<NameKind> K) {
  return K == NameKind::LOCK || K == NameKind::UNLOCK ||
         K == NameKind::LOCK_IRQ || K == NameKind::UNLOCK_IRQ ||
         K == NameKind::IRQ_OFF || K == NameKind::IRQ_ON;
}

unsigned dec(unsigned N) { return N ? N - 1 : 0; }

/// The hard interrupt handlers this file registers: the first argument of
/// function pointer type of request_irq() & co.
const llvm::DenseMap<const Decl *, const CallExpr *> &
irqHandlers(ASTContext &Ctx) {
  static const ASTContext *For = nullptr;
  static llvm::DenseMap<const Decl *, const CallExpr *> Handlers;
  if (For == &Ctx)
    return Handlers;
  For = &Ctx;
  Handlers.clear();
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Decl *D : ownDecls(Ctx)) {
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->hasBody() || !SM.isInMainFile(FD->getLocation()))
      continue;
    anyCallIn(FD->getBody(), [&](const CallExpr *CE) {
      if (nameKindOf(CE->getDirectCallee()) != NameKind::IRQ_REQUEST)
        return false;
      // The first parameter of function pointer type is the hard irq
      // handler (NULL for a threaded-only irq: none).
      const FunctionDecl *Callee = CE->getDirectCallee();
      for (unsigned I = 0; I < Callee->getNumParams() && I < CE->getNumArgs();
           ++I) {
        if (!Callee->getParamDecl(I)->getType()->isFunctionPointerType())
          continue;
        const auto *DRE =
            dyn_cast<DeclRefExpr>(CE->getArg(I)->IgnoreParenImpCasts());
        if (const auto *H =
                DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr)
          Handlers.try_emplace(H->getCanonicalDecl(), CE);
        break;
      }
      return false;
    });
  }
  return Handlers;
}

/// The hard interrupt handler the path is in, and where it is registered.
std::pair<const FunctionDecl *, const CallExpr *>
inIrqHandler(CheckerContext &C) {
  const auto &H = irqHandlers(C.getASTContext());
  if (H.empty())
    return {nullptr, nullptr};
  for (const LocationContext *LC = C.getLocationContext(); LC;
       LC = LC->getParent())
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(LC->getDecl()))
      if (auto It = H.find(FD->getCanonicalDecl()); It != H.end())
        return {FD, It->second};
  return {nullptr, nullptr};
}

/// Whether a gfp_t argument, as the driver wrote it (through a wrapper's
/// parameter, at the wrapper's call), is spelled with a flag that may sleep.
bool mayBlock(const Expr *A, ASTContext &Ctx) {
  if (!A)
    return false;
  std::string Written = writtenText(A, Ctx);
  StringRef Text = Written;
  if (Text.contains("GFP_ATOMIC") || Text.contains("GFP_NOWAIT"))
    return false;
  return llvm::any_of(std::initializer_list<StringRef>{"GFP_KERNEL", "GFP_NOFS",
                                                       "GFP_NOIO", "GFP_USER",
                                                       "GFP_HIGHUSER"},
                      [&](StringRef F) { return Text.contains(F); });
}

void AtomicContext::checkPreCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  if (!activeRules().enabled(DMC012))
    return;
  std::optional<NameKind> K = nameKind(Call);
  ProgramStateRef State = C.getState();
  if (isLockName(K)) {
    // Inside spin_lock()'s own body (its _raw_spin_lock()): counted once,
    // at the driver's call.
    if (inModelledBody(C.getLocationContext()))
      return;
    unsigned Locks = State->get<LocksHeld>();
    unsigned Off = State->get<IrqsOffDepth>();
    if (K == NameKind::LOCK || K == NameKind::LOCK_IRQ)
      ++Locks;
    if (K == NameKind::UNLOCK || K == NameKind::UNLOCK_IRQ)
      Locks = dec(Locks);
    if (K == NameKind::LOCK_IRQ || K == NameKind::IRQ_OFF)
      ++Off;
    if (K == NameKind::UNLOCK_IRQ || K == NameKind::IRQ_ON)
      Off = dec(Off);
    State = State->set<LocksHeld>(Locks)->set<IrqsOffDepth>(Off);
    const Expr *At = Call.getOriginExpr();
    if (Locks && !State->get<LockedSince>())
      State = State->set<LockedSince>(At);
    if (Off && !State->get<IrqsOffSince>())
      State = State->set<IrqsOffSince>(At);
    if (!Locks)
      State = State->remove<LockedSince>();
    if (!Off)
      State = State->remove<IrqsOffSince>();
    C.addTransition(State);
    return;
  }
  const ApiEntry *Api = apiFor(Call);
  if (Api && !inModelledBody(C.getLocationContext()))
    judge(Call, *Api, C);
}

void AtomicContext::judge(const CallEvent &Call, const ApiEntry &Api,
                          CheckerContext &C) const {
  bool Free = Api.R == Role::FREE && Api.Fam == Family::COHERENT;
  bool Pool = Api.R == Role::POOL_CREATE || Api.R == Role::POOL_DESTROY;
  bool Alloc = Api.R == Role::ALLOC;
  if (!Free && !Pool && !Alloc)
    return;
  ProgramStateRef State = C.getState();
  unsigned Locks = State->get<LocksHeld>();
  unsigned Off = State->get<IrqsOffDepth>();
  auto [Handler, Registered] = inIrqHandler(C);
  bool Atomic = Locks || Off || Handler;
  if (!Atomic || (Free && !Off && !Handler))
    return;
  std::string Why;
  if (Alloc) {
    int G = gfpArgIndex(Call);
    if (G < 0 || !mayBlock(callArg(Call, G), C.getASTContext()))
      return;
    Why = " with a gfp_t that may sleep";
  }
  const SourceManager &SM = C.getSourceManager();
  std::string Where;
  auto Since = [&](const void *P, const char *How) {
    const auto *E = static_cast<const Expr *>(P);
    // The name the driver wrote: spin_lock_irqsave(), not the
    // _raw_spin_lock_irqsave() it expands to.
    StringRef Name = Lexer::getSourceText(
        CharSourceRange::getTokenRange(SM.getExpansionLoc(E->getBeginLoc())),
        SM, C.getLangOpts());
    return std::string(How) + " (" + Name.str() + "() at line " +
           lineOf(E, SM) + ")";
  };
  if (Off && State->get<IrqsOffSince>())
    Where = Since(State->get<IrqsOffSince>(), " with interrupts disabled");
  else if (Handler)
    Where = " in the interrupt handler " + Handler->getNameAsString() +
            "() (registered with " +
            displayName(Registered, C.getASTContext()) + "() at line " +
            lineOf(Registered, SM) + ")";
  else if (Locks && State->get<LockedSince>())
    Where = Since(State->get<LockedSince>(), " under a spinlock");
  else
    return;
  std::string Fn = displayName(Call, C);
  std::string Rule =
      Free   ? "; it may only be called with interrupts enabled (dma-api.rst)"
      : Pool ? "; it may sleep"
             : "; the allocation may sleep: use GFP_ATOMIC, or allocate "
               "outside the atomic section";
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(
      BT.get(DMC012), Fn + "()" + Why + " called" + Where + Rule, N);
  R->addRange(Call.getSourceRange());
  C.emitReport(std::move(R));
}

} // namespace

void dmacheck::registerAtomicContext(CheckerManager &Mgr) {
  Mgr.registerChecker<AtomicContext>();
}

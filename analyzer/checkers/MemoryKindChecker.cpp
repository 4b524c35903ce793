//===- MemoryKindChecker.cpp - memory that must never be mapped -------------===//
//
// dma-stack-buffer, dma-vmalloc-buffer, dma-image-buffer: the CPU address
// handed to a call that maps it for DMA (dma_map_single, sg_init_one,
// sg_set_buf, the USB transfers the core maps) must come from the kernel's
// linear map (kmalloc, page_address, ...). dma-api-howto.rst, "What memory is
// DMA'able?".
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"

#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

namespace {

/// Where memory returned by an allocator lives.
enum class Tag : unsigned char { Vmalloc, MaybeVmalloc, Kmap };

struct AllocInfo {
  Tag Kind;
  const Expr *Site; // the allocating call, for the note

  bool operator==(const AllocInfo &O) const {
    return Kind == O.Kind && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger((unsigned)Kind);
    ID.AddPointer(Site);
  }
};

} // namespace

// Pointers returned by vmalloc-like allocators and kmap.
REGISTER_MAP_WITH_PROGRAMSTATE(NonLinearMem, SymbolRef, AllocInfo)

namespace {

class MemoryKindChecker
    : public Checker<check::PreCall, check::PostCall, eval::Call> {
public:
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;

private:
  void report(CheckerContext &C, RuleId Rule, const Expr *Arg,
              std::string Msg, PathDiagnosticLocation NoteLoc,
              std::string Note) const;
  void checkBuffer(const CallEvent &Call, const ApiEntry &Api,
                   CheckerContext &C) const;

  RuleBugTypes BT{this};
};

// Allocators whose memory is outside the linear map (or may be).
std::optional<Tag> allocatorTag(StringRef Name) {
  return llvm::StringSwitch<std::optional<Tag>>(Name)
      .Cases("vmalloc", "vzalloc", "vmalloc_user", "vmalloc_32", Tag::Vmalloc)
      .Cases("vmalloc_32_user", "__vmalloc", "vmalloc_node", "vzalloc_node",
             Tag::Vmalloc)
      .Cases("vmalloc_array", "vcalloc", "vmap", "vmalloc_noprof", Tag::Vmalloc)
      .Cases("vzalloc_noprof", "__vmalloc_noprof", "vmalloc_user_noprof",
             "vmalloc_32_noprof", Tag::Vmalloc)
      .Cases("kvmalloc", "kvzalloc", "kvmalloc_array", "kvcalloc",
             Tag::MaybeVmalloc)
      .Cases("kvmalloc_node", "kvzalloc_node", "kvmalloc_node_noprof",
             "__kvmalloc_node_noprof", Tag::MaybeVmalloc)
      .Cases("kvrealloc", "kvmemdup", "kvmalloc_array_noprof", Tag::MaybeVmalloc)
      .Cases("kmap", "kmap_local_page", "kmap_atomic", "kmap_local_folio",
             Tag::Kmap)
      .Default(std::nullopt);
}

// A call maps CPU memory when its buffer parameter is a plain pointer
// (void *, u8 *, ...); page, scatterlist and sg_table rows are not.
bool mapsCpuPointer(const CallEvent &Call, const ApiEntry &Api) {
  if (Api.Buf < 0 || (unsigned)Api.Buf >= Call.getNumArgs())
    return false;
  if (Api.R != Role::MAP && Api.R != Role::SG_SET && Api.R != Role::USB_XFER)
    return false;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  QualType T = FD && (unsigned)Api.Buf < FD->getNumParams()
                   ? FD->getParamDecl(Api.Buf)->getType()
                   : Call.getArgExpr(Api.Buf)->getType();
  const auto *PT = T->getAs<PointerType>();
  if (!PT)
    return false;
  QualType P = PT->getPointeeType();
  return P->isVoidType() || P->isCharType() ||
         P->isSpecificBuiltinType(BuiltinType::UChar);
}

// How to name the buffer in a message: the variable or field the driver
// wrote ('buf', 'cmd.data'), else the argument's text.
std::string bufferName(const MemRegion *R, const Expr *Arg, CheckerContext &C) {
  // 'hdr', not 'hdr[8]': the element is of the buffer the driver declared.
  while (const auto *ER = dyn_cast<ElementRegion>(R))
    R = ER->getSuperRegion();
  if (!isa<SymbolicRegion>(R)) {
    std::string N = R->getDescriptiveName(/*UseQuotes=*/true);
    if (!N.empty())
      return N;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenCasts()))
    return "'" + DRE->getDecl()->getNameAsString() + "'";
  StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Arg->getSourceRange()),
      C.getSourceManager(), C.getASTContext().getLangOpts());
  if (!Text.empty() && Text.size() <= 40 && !Text.contains('\n'))
    return "'" + Text.str() + "'";
  return "the buffer";
}

const VarDecl *varOf(const MemRegion *Base) {
  if (const auto *VR = dyn_cast<VarRegion>(Base))
    return VR->getDecl();
  return nullptr;
}

void MemoryKindChecker::checkPostCall(const CallEvent &Call,
                                      CheckerContext &C) const {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II)
    return;
  std::optional<Tag> T = allocatorTag(II->getName());
  if (!T)
    return;
  SymbolRef Sym = Call.getReturnValue().getAsLocSymbol();
  if (!Sym)
    return;
  C.addTransition(C.getState()->set<NonLinearMem>(
      Sym, AllocInfo{*T, Call.getOriginExpr()}));
}

// is_vmalloc_addr() on memory we know about: kvmalloc'ed buffers are
// tested with it by drivers that then map them page by page.
bool MemoryKindChecker::evalCall(const CallEvent &Call,
                                 CheckerContext &C) const {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (!II || !CE || II->getName() != "is_vmalloc_addr" ||
      Call.getNumArgs() != 1)
    return false;
  const MemRegion *MR = Call.getArgSVal(0).getAsRegion();
  const auto *SR = MR ? dyn_cast<SymbolicRegion>(MR->getBaseRegion()) : nullptr;
  ProgramStateRef State = C.getState();
  const AllocInfo *AI = SR ? State->get<NonLinearMem>(SR->getSymbol()) : nullptr;
  if (!AI)
    return false; // let the engine evaluate it as usual
  SValBuilder &SVB = C.getSValBuilder();
  const LocationContext *LCtx = C.getLocationContext();
  QualType T = CE->getType();
  if (AI->Kind != Tag::MaybeVmalloc) {
    C.addTransition(State->BindExpr(CE, LCtx, SVB.makeTruthVal(
                                                  AI->Kind == Tag::Vmalloc, T)));
    return true;
  }
  SymbolRef Sym = SR->getSymbol();
  C.addTransition(
      State->set<NonLinearMem>(Sym, AllocInfo{Tag::Vmalloc, AI->Site})
          ->BindExpr(CE, LCtx, SVB.makeTruthVal(true, T)));
  C.addTransition(State->remove<NonLinearMem>(Sym)->BindExpr(
      CE, LCtx, SVB.makeTruthVal(false, T)));
  return true;
}

void MemoryKindChecker::checkPreCall(const CallEvent &Call,
                                     CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (Api && mapsCpuPointer(Call, *Api))
    checkBuffer(Call, *Api, C);
}

void MemoryKindChecker::checkBuffer(const CallEvent &Call, const ApiEntry &Api,
                                    CheckerContext &C) const {
  const MemRegion *MR = Call.getArgSVal(Api.Buf).getAsRegion();
  if (!MR)
    return;
  const MemRegion *Base = MR->getBaseRegion();
  const Expr *Arg = Call.getArgExpr(Api.Buf);
  std::string Fn = displayName(Call, C) + "()";
  const SourceManager &SM = C.getSourceManager();
  const MemSpaceRegion *Space = Base->getMemorySpace();

  if (isa<StackSpaceRegion>(Space) || isa<AllocaRegion>(Base)) {
    PathDiagnosticLocation NoteLoc;
    std::string Note;
    if (const VarDecl *VD = varOf(Base)) {
      NoteLoc = PathDiagnosticLocation::create(VD, SM);
      Note = "'" + VD->getNameAsString() + "' is " +
             (isa<ParmVarDecl>(VD) ? "a parameter" : "a local variable") +
             " on the stack";
    }
    report(C, DMC004, Arg,
           Fn + " is given stack memory " + bufferName(MR, Arg, C) +
               "; DMA to the stack is not allowed (use kmalloc'ed memory)",
           NoteLoc, Note);
    return;
  }

  if (isa<GlobalsSpaceRegion>(Space) &&
      (isa<VarRegion>(Base) || isa<StringRegion>(Base) ||
       isa<CompoundLiteralRegion>(Base) || isa<CodeSpaceRegion>(Space))) {
    PathDiagnosticLocation NoteLoc;
    std::string Note, What = "a string literal in .rodata";
    if (const VarDecl *VD = varOf(Base)) {
      bool RO = VD->getType().isConstQualified();
      What = std::string(RO ? "read-only " : "") +
             (VD->isStaticLocal() ? "static local " : "global ") +
             "variable '" + VD->getNameAsString() + "'";
      NoteLoc = PathDiagnosticLocation::create(VD, SM);
      Note = "'" + VD->getNameAsString() + "' is defined here, in the " +
             (RO ? "kernel image's .rodata" : "kernel image's static storage");
    }
    report(C, DMC006, Arg,
           Fn + " is given " + What +
               "; kernel-image memory must not be used for DMA",
           NoteLoc, Note);
    return;
  }

  SymbolRef Sym = nullptr;
  if (const auto *SR = dyn_cast<SymbolicRegion>(Base))
    Sym = SR->getSymbol();
  const AllocInfo *AI = Sym ? C.getState()->get<NonLinearMem>(Sym) : nullptr;
  if (!AI)
    return;
  std::string Alloc = "the allocator";
  if (const auto *CE = dyn_cast_or_null<CallExpr>(AI->Site))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      Alloc = FD->getNameAsString() + "()";
  PathDiagnosticLocation NoteLoc =
      AI->Site ? PathDiagnosticLocation(AI->Site->getBeginLoc(), SM)
               : PathDiagnosticLocation();
  switch (AI->Kind) {
  case Tag::Vmalloc:
    report(C, DMC005, Arg,
           Fn + " is given vmalloc memory " + bufferName(MR, Arg, C) +
               ", which is not in the linear map; map it page by page "
               "(vmalloc_to_page + dma_map_page)",
           NoteLoc, "memory allocated by " + Alloc + " here");
    break;
  case Tag::MaybeVmalloc:
    report(C, DMC005, Arg,
           Fn + " is given memory from " + Alloc +
               ", which may be vmalloc memory; use kmalloc for DMA buffers",
           NoteLoc,
           Alloc + " falls back to vmalloc when kmalloc fails or the size "
                   "is large");
    break;
  case Tag::Kmap:
    report(C, DMC005, Arg,
           Fn + " is given a " + Alloc +
               " address, which is not in the linear map for highmem pages; "
               "map the page with dma_map_page()",
           NoteLoc, "address from " + Alloc + " here");
    break;
  }
}

void MemoryKindChecker::report(CheckerContext &C, RuleId Rule, const Expr *Arg,
                               std::string Msg, PathDiagnosticLocation NoteLoc,
                               std::string Note) const {
  if (!activeRules().enabled(Rule))
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(BT.get(Rule), Msg, N);
  if (Arg)
    R->addRange(Arg->getSourceRange());
  if (NoteLoc.isValid() && !Note.empty())
    R->addNote(Note, NoteLoc);
  C.emitReport(std::move(R));
}

} // namespace

void dmacheck::registerMemoryKindChecker(CheckerManager &Mgr) {
  Mgr.registerChecker<MemoryKindChecker>();
}

//===- MemoryKind.cpp - memory that must never be mapped ------------------===//
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
#include "checkers/dma/State.h"

#include "clang/Lex/Lexer.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class MemoryKind : public Checker<check::PreCall> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;

private:
  void report(CheckerContext &C, RuleId Rule, const Expr *Arg, std::string Msg,
              PathDiagnosticLocation NoteLoc, std::string Note) const;
  void checkBuffer(const CallEvent &Call, const ApiEntry &Api,
                   CheckerContext &C) const;

  RuleBugTypes BT{this};
};

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

void MemoryKind::checkPreCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (Api && mapsCpuPointer(Call, *Api))
    checkBuffer(Call, *Api, C);
}

void MemoryKind::checkBuffer(const CallEvent &Call, const ApiEntry &Api,
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
  const NonLinearAlloc *AI = nonLinearAlloc(C.getState(), Sym);
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
  case MemTag::Vmalloc:
    report(C, DMC005, Arg,
           Fn + " is given vmalloc memory " + bufferName(MR, Arg, C) +
               ", which is not in the linear map; map it page by page "
               "(vmalloc_to_page + dma_map_page)",
           NoteLoc, "memory allocated by " + Alloc + " here");
    break;
  case MemTag::MaybeVmalloc:
    report(C, DMC005, Arg,
           Fn + " is given memory from " + Alloc +
               ", which may be vmalloc memory; use kmalloc for DMA buffers",
           NoteLoc,
           Alloc + " falls back to vmalloc when kmalloc fails or the size "
                   "is large");
    break;
  case MemTag::Kmap:
    report(C, DMC005, Arg,
           Fn + " is given a " + Alloc +
               " address, which is not in the linear map for highmem pages; "
               "map the page with dma_map_page()",
           NoteLoc, "address from " + Alloc + " here");
    break;
  }
}

void MemoryKind::report(CheckerContext &C, RuleId Rule, const Expr *Arg,
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

void dmacheck::registerMemoryKind(CheckerManager &Mgr) {
  Mgr.registerChecker<MemoryKind>();
}

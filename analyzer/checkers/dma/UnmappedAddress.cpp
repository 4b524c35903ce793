//===- UnmappedAddress.cpp - dma-unmapped-address -------------------------===//
//
// The device is only given addresses the DMA API produced (dma-api-howto.rst,
// "What memory is DMA'able" and "DMA addressing limitations": the CPU's
// physical address is not the device's bus address once an IOMMU or a bus
// offset is in between). Reported: the CPU's physical address of memory
// (virt_to_phys(), __pa(), page_to_phys(), ...; tagged by the modelling
// checker) reaching the device: stored in a dma_addr_t or in a descriptor
// word (__le32/__le64 & co. outside the stack), written to a register, given
// to the DMA API where it takes a dma_addr_t, or to a driver function's
// dma_addr_t parameter; and a CPU pointer cast to an integer stored in a
// dma_addr_t or given where a dma_addr_t is taken. Not reported: physical
// addresses of MMIO (a struct resource), physical addresses logged,
// compared or bounds-tested, handles of the DMA API. One report per source
// (the virt_to_phys() call), at its first sink on the path. Reads the state
// dma/Modeling.cpp keeps; reports only.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "checkers/dma/State.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

class UnmappedAddress : public Checker<check::PreCall, check::Bind> {
public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;

private:
  /// Reports V when it is an address no DMA API call produced; Sink says
  /// where it goes ("is written to the device by writel()"). LocAsInteger
  /// (a CPU pointer as an integer) only when PointerToo.
  /// Stored is the right side of a store V comes from (binds only).
  void judge(SVal V, bool PointerToo, const std::string &Sink,
             const Expr *Range, CheckerContext &C,
             const Expr *Stored = nullptr) const;

  RuleBugTypes BT{this};
};

bool hasTypedef(QualType T, std::initializer_list<StringRef> Names) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    StringRef N = TT->getDecl()->getName();
    for (StringRef Want : Names)
      if (N == Want)
        return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

bool isDmaAddr(QualType T) { return hasTypedef(T, {"dma_addr_t"}); }

/// Whether the translation unit is below the DMA API: an IOMMU driver
/// (its hardware walks page tables and takes its own tables' addresses as
/// physical addresses by design: io-pgtable-arm.c requires dma == phys) or
/// an implementation of the DMA API itself (dma-iommu.c's iova arithmetic).
/// Known by what it defines, or by living in an iommu directory. Only
/// definitions count: a header's extern declaration of dma_dummy_ops or of
/// the io-pgtable formats says nothing about its includer, and walking
/// only the unit's own declarations keeps a precompiled header from
/// deserialising every declaration it holds.
bool belowDmaApi(ASTContext &Ctx, StringRef MainFile) {
  if (MainFile.contains("/iommu/") || MainFile.starts_with("iommu/"))
    return true;
  for (const Decl *D : ownDecls(Ctx))
    if (const auto *VD = dyn_cast<VarDecl>(D);
        VD && VD->isThisDeclarationADefinition() != VarDecl::DeclarationOnly)
      if (const auto *RD = VD->getType()->getAsRecordDecl())
        if (RD->getName() == "iommu_ops" ||
            RD->getName() == "iommu_domain_ops" ||
            RD->getName() == "dma_map_ops" ||
            RD->getName() == "io_pgtable_init_fns")
          return true;
  return false;
}

/// Adds RD and the structures and unions nested in it (by value or as
/// arrays) to Out.
void addWithNested(const RecordDecl *RD,
                   llvm::DenseSet<const RecordDecl *> &Out) {
  if (!RD || !Out.insert(cast<RecordDecl>(RD->getCanonicalDecl())).second)
    return;
  for (const FieldDecl *FD : RD->fields()) {
    QualType T = FD->getType();
    while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
      T = AT->getElementType();
    addWithNested(T->getAsRecordDecl(), Out);
  }
}

/// What the rule needs to know of a translation unit, from one walk over
/// the main file's function bodies.
struct FileFacts {
  /// Whether the rule judges it: the main file maps or allocates with the
  /// DMA API (a driver that never does gives physical addresses to a
  /// hypervisor, to firmware or to memory on the device by design:
  /// goldfish_pipe, fjes, oxu210hp's on-chip pools; the rule is about
  /// drivers that use the DMA API and bypass it somewhere), and it is not
  /// below the DMA API.
  bool In = false;
  /// The structures it places in memory from dma_alloc_coherent(),
  /// dma_pool_alloc() & co. (`ring->desc = dma_alloc_coherent(...)`), and
  /// those nested in them: the formats of descriptors and commands the
  /// device reads, whatever the endianness of their words (tg3's u32
  /// addr_lo, myrs' u64 sge_addr).
  llvm::DenseSet<const RecordDecl *> DeviceRecords;
};

/// One answer per translation unit: a worker analyses several in turn, and
/// the main file's name tells them apart where an address might not.
const FileFacts &fileFacts(ASTContext &Ctx) {
  static const ASTContext *CachedCtx = nullptr;
  static std::string CachedFile;
  static FileFacts Facts;
  const SourceManager &SM = Ctx.getSourceManager();
  OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getMainFileID());
  StringRef Name = File ? File->getName() : StringRef();
  if (CachedCtx == &Ctx && CachedFile == Name)
    return Facts;
  CachedCtx = &Ctx;
  CachedFile = Name.str();
  Facts = FileFacts();
  struct Finder : RecursiveASTVisitor<Finder> {
    FileFacts &Out;
    bool Maps = false;
    explicit Finder(FileFacts &Out) : Out(Out) {}
    void take(QualType Dest, const Expr *Init) {
      const auto *CE =
          Init ? dyn_cast<CallExpr>(Init->IgnoreParenCasts()) : nullptr;
      const ApiEntry *Api = CE ? apiOf(CE) : nullptr;
      if (Api && Api->R == Role::ALLOC && Dest->isPointerType())
        addWithNested(Dest->getPointeeType()->getAsRecordDecl(),
                      Out.DeviceRecords);
    }
    bool VisitCallExpr(CallExpr *CE) {
      const ApiEntry *Api = apiOf(CE);
      Maps |= Api && (Api->R == Role::MAP || Api->R == Role::ALLOC);
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->getOpcode() == BO_Assign)
        take(BO->getLHS()->getType(), BO->getRHS());
      return true;
    }
    bool VisitVarDecl(VarDecl *VD) {
      take(VD->getType(), VD->getInit());
      return true;
    }
  } F(Facts);
  for (const Decl *D : ownDecls(Ctx))
    if (const auto *FD = dyn_cast<FunctionDecl>(D);
        FD && FD->hasBody() &&
        SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      F.TraverseStmt(FD->getBody());
  Facts.In = F.Maps && !belowDmaApi(Ctx, Name);
  return Facts;
}

bool inScope(ASTContext &Ctx) { return fileFacts(Ctx).In; }

/// A word of a structure the device reads (a descriptor): a little- or
/// big-endian word, or an integer field of a structure the file places in
/// coherent or pool memory.
bool isDeviceWord(QualType T, const MemRegion *R, ASTContext &Ctx) {
  if (hasTypedef(T, {"__le64", "__le32", "__be64", "__be32"}))
    return true;
  const auto *FR = dyn_cast<FieldRegion>(R);
  if (!FR || !T->isIntegerType() || Ctx.getTypeSize(T) < 32)
    return false;
  return fileFacts(Ctx).DeviceRecords.contains(
      cast<RecordDecl>(FR->getDecl()->getParent()->getCanonicalDecl()));
}

/// The memory a CPU pointer converted to an integer points to: the engine
/// keeps such a value as the pointer (LocAsInteger, or the region itself).
const MemRegion *cpuPointer(SVal V) {
  if (auto L = V.getAs<nonloc::LocAsInteger>())
    return L->getLoc().getAsRegion();
  if (auto L = V.getAs<loc::MemRegionVal>())
    return L->getRegion();
  return nullptr;
}

/// Whether the path is inside a function that takes both a phys_addr_t and
/// a dma_addr_t (or a callee of one): the device gets the buffer's DMA
/// address from it beside the physical address, which is then a cookie the
/// device hands back (mvpp2_bm_pool_put(): "not interpreted by HW, returned
/// in the cookie field of the RX descriptor"; its high bits share a register
/// with those of the DMA address).
bool physCookie(const LocationContext *L) {
  for (; L; L = L->getStackFrame()->getParent()) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(L->getDecl());
    auto Has = [FD](StringRef T) {
      return llvm::any_of(FD->parameters(), [T](const ParmVarDecl *P) {
        return hasTypedef(P->getType(), {T});
      });
    };
    if (FD && Has("phys_addr_t") && Has("dma_addr_t"))
      return true;
  }
  return false;
}

/// Whether the function the path is in maps the memory E points to with
/// the DMA API: a CPU pointer stored as the DMA address there is a mode of
/// the driver without DMA, chosen by a flag (esp_scsi's ESP_FLAG_NO_DMA_MAP:
/// `ent->sense_dma = (uintptr_t)ent->sense_ptr` on one branch,
/// `dma_map_single(esp->dev, ent->sense_ptr, ...)` on the other). Asked of
/// stores only: such a pointer given to the DMA API or to a helper's
/// dma_addr_t parameter is a bug even there (s2io's
/// `dma_unmap_single(dev, (dma_addr_t)skb->data, ...)` beside the map).
bool mappedElsewhere(const Expr *E, CheckerContext &C) {
  std::string Path = E ? accessPath(E->IgnoreParenCasts()) : "";
  const Decl *D = C.getLocationContext()->getDecl();
  return !Path.empty() && D && D->getBody() &&
         anyCallIn(D->getBody(), [&](const CallExpr *CE) {
           const ApiEntry *Api = apiOf(CE);
           return Api && Api->R == Role::MAP && Api->Buf >= 0 &&
                  unsigned(Api->Buf) < CE->getNumArgs() &&
                  accessPath(CE->getArg(Api->Buf)->IgnoreParenCasts()) == Path;
         });
}

/// Whether the physical address is made on one branch of an if whose other
/// branch maps or allocates with the DMA API: the driver's choice between
/// the DMA API and physical addresses (virtio_ring's `if
/// (vring_use_dma_api(vdev)) dma_alloc_coherent(...) else virt_to_phys(...)`
/// for legacy devices that take guest physical addresses). The choice is
/// re-read at the release after calls the path does not enter, so a path
/// may seem to take both branches.
bool chosenOverDmaApi(const Expr *Src, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*Src);
  for (int Depth = 0; Depth < 64; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return false;
    const DynTypedNode &P = Parents[0];
    if (P.get<FunctionDecl>())
      return false;
    if (const auto *If = P.get<IfStmt>()) {
      const Stmt *Child = N.get<Stmt>();
      const Stmt *Other = Child == If->getThen()   ? If->getElse()
                          : Child == If->getElse() ? If->getThen()
                                                   : nullptr;
      if (Other && anyCallIn(Other, [](const CallExpr *CE) {
            const ApiEntry *Api = apiOf(CE);
            return Api && (Api->R == Role::MAP || Api->R == Role::ALLOC);
          }))
        return true;
    }
    N = P;
  }
  return false;
}

void UnmappedAddress::judge(SVal V, bool PointerToo, const std::string &Sink,
                            const Expr *Range, CheckerContext &C,
                            const Expr *Stored) const {
  ProgramStateRef State = C.getState();
  const Expr *Src = cpuPhysSource(State, V);
  if (Src ? physCookie(C.getLocationContext()) ||
                chosenOverDmaApi(Src, C.getASTContext())
          : mappedElsewhere(Stored, C))
    return;
  std::string What;
  if (Src) {
    What = "the CPU physical address from ";
    if (const auto *CE = dyn_cast<CallExpr>(Src))
      What += displayName(CE, C.getASTContext()) + "()";
    else
      What += "page_to_phys()";
  } else if (PointerToo && cpuPointer(V)) {
    What = "a CPU pointer cast to an integer";
  } else {
    return;
  }
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  const SourceManager &SM = C.getSourceManager();
  PathDiagnosticLocation Unique =
      Src ? PathDiagnosticLocation::createBegin(Src, SM, C.getLocationContext())
          : PathDiagnosticLocation();
  auto R = std::make_unique<PathSensitiveBugReport>(
      BT.get(DMC027),
      What + " " + Sink +
          "; the device must be given an address from the DMA API "
          "(dma_map_*(), dma_alloc_coherent())",
      N, Unique, Src ? C.getLocationContext()->getDecl() : nullptr);
  if (Range && !Src) // (ranges would tell two sinks of one source apart)
    R->addRange(Range->getSourceRange());
  if (Src)
    R->addNote(
        "the physical address is taken here",
        PathDiagnosticLocation::createBegin(Src, SM, C.getLocationContext()));
  C.emitReport(std::move(R));
}

void UnmappedAddress::checkPreCall(const CallEvent &Call,
                                   CheckerContext &C) const {
  if (!activeRules().enabled(DMC027) || !inScope(C.getASTContext()))
    return;
  std::string Fn = displayName(Call, C) + "()";
  if (const ApiEntry *Api = apiFor(Call)) {
    if (Api->Handle >= 0 && Api->R != Role::ALLOC)
      judge(argVal(Call, Api->Handle), true, "is given to " + Fn,
            argExpr(Call, Api->Handle), C);
    return;
  }
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (nameKindOf(FD) == NameKind::MMIO_WRITE) {
    judge(argVal(Call, 0), false, "is written to the device by " + Fn,
          argExpr(Call, 0), C);
    return;
  }
  if (!FD || nameKindOf(FD))
    return;
  for (unsigned I = 0; I < Call.getNumArgs() && I < FD->getNumParams(); ++I)
    if (isDmaAddr(FD->getParamDecl(I)->getType()))
      judge(Call.getArgSVal(I), true,
            "is passed as the dma_addr_t '" +
                FD->getParamDecl(I)->getNameAsString() + "' of " + Fn,
            argExpr(Call, I), C);
}

void UnmappedAddress::checkBind(SVal Loc, SVal Val, const Stmt *S,
                                CheckerContext &C) const {
  const auto *R = dyn_cast_or_null<TypedValueRegion>(Loc.getAsRegion());
  if (!R || !activeRules().enabled(DMC027) || !inScope(C.getASTContext()))
    return;
  QualType T = R->getValueType();
  // The declared type, typedefs kept: a region's own type may have lost
  // them (an element of `dma_addr_t addrs[]`).
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(S))
    T = BO->getLHS()->getType();
  else if (const auto *DS = dyn_cast_or_null<DeclStmt>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
      T = VD->getType();
  // A local is judged where its value goes (nvme_print_sgl() keeps
  // `dma_addr_t phys = sg_phys(sg)` only to print it).
  if (R->hasStackStorage())
    return;
  const Expr *Value = nullptr;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(S))
    Value = BO->getRHS();
  if (isDmaAddr(T))
    judge(Val, true, "is stored in a dma_addr_t", nullptr, C, Value);
  else if (isDeviceWord(T, R, C.getASTContext()))
    judge(Val, false, "is stored in a descriptor word", nullptr, C, Value);
}

} // namespace

void dmacheck::registerUnmappedAddress(CheckerManager &Mgr) {
  Mgr.registerChecker<UnmappedAddress>();
}

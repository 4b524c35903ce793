//===- FieldPairs.cpp - mappings paired with their release by field -------===//
#include "checkers/dma/FieldPairs.h"
#include "checkers/Support.h"
#include "checkers/dma/Lifecycle.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "llvm/ADT/DenseSet.h"

#include <set>

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

/// The field an expression names: `buf->dma`, or an element of an array
/// member (`np->tx_dma[entry]`).
const FieldDecl *fieldOf(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E))
    if (AE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType() ||
        isa<MemberExpr>(AE->getBase()->IgnoreParenImpCasts()))
      E = AE->getBase()->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return dyn_cast<FieldDecl>(ME->getMemberDecl());
  return nullptr;
}

const VarDecl *localOf(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasLocalStorage())
      return VD;
  return nullptr;
}

bool isStreamingMap(const ApiEntry *A) {
  return A && A->R == Role::MAP && isStreamingFamily(A->Fam);
}

bool isRelease(const ApiEntry *A) {
  return A &&
         (A->R == Role::UNMAP || A->R == Role::SYNC_CPU ||
          A->R == Role::SYNC_DEV) &&
         takesDataDirection(*A);
}

class Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(ASTContext &Ctx) : Ctx(Ctx) {}

  // Streaming handles: field → the map calls whose handle it receives.
  llvm::DenseMap<const FieldDecl *, SmallVector<FieldSite, 2>> Stores;
  // dma_map_sg() lists kept in a field → the map calls given the field.
  llvm::DenseMap<const FieldDecl *, SmallVector<FieldSite, 2>> SgMaps;
  // Fields that receive anything else, or lists handed to other code.
  llvm::DenseSet<const FieldDecl *> Unknown;
  // Unmaps and syncs given a field (directly or through a local).
  std::vector<std::pair<FieldSite, const FieldDecl *>> Releases;
  // Pointer parameters → the members (or the callers' parameters) the
  // file's calls pass them; null: an argument of unknown origin.
  llvm::DenseMap<const ParmVarDecl *, llvm::SmallPtrSet<const ValueDecl *, 2>>
      ParamVia;

  /// Whether two sites may reach the field through the same member.
  bool sameVia(const ValueDecl *A, const ValueDecl *B) const {
    auto Members = [&](const ValueDecl *V) {
      llvm::SmallPtrSet<const ValueDecl *, 4> Out, Seen;
      SmallVector<const ValueDecl *, 4> Work{V};
      while (!Work.empty()) {
        const auto *P = dyn_cast_or_null<ParmVarDecl>(Work.back());
        if (!P) {
          Out.insert(Work.pop_back_val());
          continue;
        }
        Work.pop_back();
        if (!Seen.insert(P).second)
          continue;
        auto It = ParamVia.find(P);
        if (It == ParamVia.end())
          Out.insert(nullptr); // (no caller in the file)
        else
          Work.append(It->second.begin(), It->second.end());
      }
      return Out;
    };
    auto SA = Members(A), SB = Members(B);
    return SA.contains(nullptr) || SB.contains(nullptr) ||
           llvm::any_of(SA, [&](const ValueDecl *V) { return SB.contains(V); });
  }

  bool TraverseFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody())
      return true;
    Fn = FD;
    Holds.clear();
    LoadedFrom.clear();
    Via.clear();
    PointsInto.clear();
    return RecursiveASTVisitor::TraverseFunctionDecl(FD);
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->hasLocalStorage())
      assignLocal(VD, VD->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    bool Plain = BO->getOpcode() == BO_Assign;
    if (const VarDecl *V = localOf(L)) {
      assignLocal(V, Plain ? R : nullptr);
      return true;
    }
    const FieldDecl *F = fieldOf(L);
    if (!F)
      return true;
    const CallExpr *M = Plain ? mapOf(R) : nullptr;
    if (M)
      Stores[F].push_back({M, Fn, viaOf(L)});
    else if (!Plain || (!fieldConstant(R, Ctx) && fieldOf(R) != F))
      Unknown.insert(F);
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    const ApiEntry *A = apiOf(CE);
    if (A && A->Fam == Family::SG && A->Buf >= 0 &&
        (unsigned)A->Buf < CE->getNumArgs()) {
      const Expr *Buf = CE->getArg(A->Buf);
      const FieldDecl *F = heldField(Buf);
      if (F && A->R == Role::MAP)
        SgMaps[F].push_back({CE, Fn, viaOf(Buf)});
      else if (F && isRelease(A))
        Releases.push_back({{CE, Fn, viaOf(Buf)}, F});
      return true;
    }
    if (isRelease(A) && A->Handle >= 0 &&
        (unsigned)A->Handle < CE->getNumArgs()) {
      const Expr *H = CE->getArg(A->Handle);
      if (const FieldDecl *F = heldField(H))
        Releases.push_back({{CE, Fn, viaOf(H)}, F});
      return true;
    }
    if (A)
      return true;
    if (const FunctionDecl *Def = CE->getDirectCallee()
                                      ? CE->getDirectCallee()->getDefinition()
                                      : nullptr)
      for (unsigned I = 0; I < CE->getNumArgs() && I < Def->getNumParams(); ++I)
        if (CE->getArg(I)->getType()->isPointerType())
          ParamVia[Def->getParamDecl(I)].insert(passedVia(CE->getArg(I)));
    // A list given to the driver's own code may be mapped there, through a
    // parameter this pass does not follow.
    for (const Expr *Arg : CE->arguments())
      if (Arg->getType()->isPointerType())
        if (const FieldDecl *F = heldField(Arg))
          Unknown.insert(F);
    return true;
  }

private:
  const CallExpr *mapOf(const Expr *E) const {
    if (!E)
      return nullptr;
    if (const auto *CE = dyn_cast<CallExpr>(E->IgnoreParenCasts()))
      return isStreamingMap(apiOf(CE)) ? CE : nullptr;
    if (const VarDecl *V = localOf(E))
      return Holds.lookup(V);
    return nullptr;
  }
  const FieldDecl *heldField(const Expr *E) const {
    if (const FieldDecl *F = fieldOf(E))
      return F;
    if (const VarDecl *V = localOf(E))
      return LoadedFrom.lookup(V);
    return nullptr;
  }
  void assignLocal(const VarDecl *V, const Expr *Init) {
    Holds.erase(V);
    LoadedFrom.erase(V);
    Via.erase(V);
    PointsInto.erase(V);
    if (!Init)
      return;
    if (const CallExpr *M = mapOf(Init))
      Holds[V] = M;
    else if (const FieldDecl *F = fieldOf(Init))
      LoadedFrom[V] = F, Via[V] = viaOf(Init);
    // A pointer into a member: `p = &x->ring[i]`, `p = x->rings[i]`.
    if (V->getType()->isPointerType())
      if (const ValueDecl *C = containerOf(Init))
        PointsInto[V] = C;
  }
  /// What an argument passes: a member (or an element of one), or the
  /// caller's own pointer parameter, handed on.
  const ValueDecl *passedVia(const Expr *E) const {
    if (const ValueDecl *C = containerOf(E))
      return C;
    const VarDecl *V = localOf(E);
    return V && isa<ParmVarDecl>(V) ? V : nullptr;
  }
  /// The member through which the object of field access E is reached.
  const ValueDecl *viaOf(const Expr *E) const {
    E = E->IgnoreParenCasts();
    if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E))
      E = AE->getBase()->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return containerOf(ME->getBase());
    if (const VarDecl *V = localOf(E))
      return Via.lookup(V);
    return nullptr;
  }
  /// The member an object expression names: B in `x->B[i]`, `&x->B[i]`,
  /// `x->B + i`, `x->B`, what a local pointer was set to, or the pointer
  /// parameter whose elements it is (`ring[i]`, `&ring[i]`, `ring + i`).
  const ValueDecl *containerOf(const Expr *E) const {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenCasts();
    bool Element = false;
    if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isAdditiveOp())
      E = BO->getLHS()->IgnoreParenCasts(), Element = true;
    if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E))
      E = AE->getBase()->IgnoreParenImpCasts(), Element = true;
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (const VarDecl *V = localOf(E)) {
      if (const ValueDecl *P = PointsInto.lookup(V))
        return P;
      return Element && isa<ParmVarDecl>(V) ? V : nullptr;
    }
    return nullptr;
  }

  ASTContext &Ctx;
  const FunctionDecl *Fn = nullptr;
  llvm::DenseMap<const VarDecl *, const CallExpr *> Holds;
  llvm::DenseMap<const VarDecl *, const FieldDecl *> LoadedFrom;
  llvm::DenseMap<const VarDecl *, const ValueDecl *> Via;
  llvm::DenseMap<const VarDecl *, const ValueDecl *> PointsInto;
};

} // namespace

std::optional<int64_t> dma::fieldConstant(const Expr *E,
                                          const ASTContext &Ctx) {

  Expr::EvalResult R;
  if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getExtValue();
  return std::nullopt;
}

// Read by two rules: computed once per translation unit (keyed, in case).
const std::vector<FieldMismatch> &
dma::fieldMismatches(const TranslationUnitDecl *TU, ASTContext &Ctx) {
  static const TranslationUnitDecl *For = nullptr;
  static std::vector<FieldMismatch> Out;
  if (For == TU)
    return Out;
  For = TU;
  Out.clear();
  const SourceManager &SM = Ctx.getSourceManager();
  Collector V(Ctx);
  for (Decl *D : ownDecls(Ctx))
    if (const auto *FD = dyn_cast<FunctionDecl>(D);
        FD && FD->hasBody() && SM.isInMainFile(FD->getLocation()))
      V.TraverseDecl(D);
  for (const auto &[R, F] : V.Releases) {
    if (V.Unknown.contains(F))
      continue;
    bool Sg = apiOf(R.Call)->Fam == Family::SG;
    auto &Map = Sg ? V.SgMaps : V.Stores;
    auto It = Map.find(F);
    if (It == Map.end())
      continue;
    // Only the mappings stored through the same member (or one unknown).
    SmallVector<FieldSite, 2> Same;
    for (const FieldSite &M : It->second)
      if (V.sameVia(M.Via, R.Via))
        Same.push_back(M);
    judgeFieldRelease(R, F, Same, Ctx, Out);
  }
  return Out;
}

//===- Summaries.cpp - what a driver function does with a handle parameter ===//
//
// See Summaries.h. Each question walks the callee's body once: every
// reference to the parameter (or to a scalar local it was copied into) is
// followed up through casts and arithmetic to what consumes it.
//
//===----------------------------------------------------------------------===//
#include "checkers/dma/Summaries.h"
#include "checkers/Support.h"
#include "common/Model.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

// Deeper helpers are rare in drivers; past this the answer is the safe one.
constexpr unsigned MaxDepth = 3;

const FunctionDecl *definitionOf(const FunctionDecl *F) {
  const FunctionDecl *Def = nullptr;
  return F && F->hasBody(Def) ? Def : nullptr;
}

struct RefCollector : RecursiveASTVisitor<RefCollector> {
  SmallVector<const DeclRefExpr *, 16> Refs;
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (isa<VarDecl>(E->getDecl()))
      Refs.push_back(E);
    return true;
  }
};

} // namespace

struct ParamSummaries::Body {
  explicit Body(const FunctionDecl *F) : PM(F->getBody()) {
    RefCollector RC;
    RC.TraverseStmt(F->getBody());
    Refs = std::move(RC.Refs);
  }
  ParentMap PM;
  SmallVector<const DeclRefExpr *, 16> Refs;
};

namespace {

bool isScalarLocal(const Decl *D, const FunctionDecl *F) {
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
         VD->getDeclContext() == F && VD->getType()->isIntegerType();
}

/// One function's references to a parameter and its scalar copies.
class ParamUses {
public:
  ParamUses(const FunctionDecl *F, unsigned I, const ParamSummaries::Body &B)
      : PM(B.PM), Refs(B.Refs) {
    Names.insert(F->getParamDecl(I));
  }

  /// Calls Visit(Ref) for every reference of the parameter or a copy, until
  /// it returns true (then true). Visit may add copies with addCopy().
  template <typename Fn> bool any(Fn Visit) {
    llvm::SmallPtrSet<const DeclRefExpr *, 16> Done;
    for (bool Grew = true; Grew;) {
      Grew = false;
      for (const DeclRefExpr *R : Refs) {
        if (!Names.count(R->getDecl()) || !Done.insert(R).second)
          continue;
        Grew = true;
        if (Visit(R))
          return true;
      }
    }
    return false;
  }
  void addCopy(const Decl *D) { Names.insert(D); }
  bool names(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
    return DRE && Names.count(DRE->getDecl());
  }

  const ParentMap &PM;

private:
  ArrayRef<const DeclRefExpr *> Refs;
  llvm::SmallPtrSet<const Decl *, 4> Names;
};

/// `cmd.addr`, `descs[i].addr`, `cmd`: part of an object that is one of F's
/// own locals (dies with F), not memory reached through a pointer.
bool isLocalObject(const Expr *E, const FunctionDecl *F) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return false;
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      if (!AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType() &&
          !isa<DeclRefExpr>(AS->getBase()->IgnoreParenImpCasts()))
        return false;
      const auto *DRE =
          dyn_cast<DeclRefExpr>(AS->getBase()->IgnoreParenImpCasts());
      if (!DRE || !DRE->getDecl()->getType()->isArrayType())
        return false;
      E = DRE;
    } else {
      const auto *DRE = dyn_cast<DeclRefExpr>(E);
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return VD && VD->hasLocalStorage() && VD->getDeclContext() == F &&
             !VD->getType()->isPointerType();
    }
  }
}

bool isArithmetic(BinaryOperatorKind K) {
  switch (K) {
  case BO_Add:
  case BO_Sub:
  case BO_Mul:
  case BO_Div:
  case BO_Rem:
  case BO_And:
  case BO_Or:
  case BO_Xor:
  case BO_Shl:
  case BO_Shr:
    return true;
  default:
    return false;
  }
}

} // namespace

ParamSummaries::ParamSummaries() = default;
ParamSummaries::~ParamSummaries() = default;

const ParamSummaries::Body &ParamSummaries::body(const FunctionDecl *F) {
  std::unique_ptr<Body> &B = Bodies[F];
  if (!B)
    B = std::make_unique<Body>(F);
  return *B;
}

template <typename Fn>
bool ParamSummaries::memo(llvm::DenseMap<Key, bool> &Table,
                          const FunctionDecl *F, unsigned I, bool Pending,
                          Fn Compute) {
  auto [It, New] = Table.try_emplace({F, I}, Pending);
  if (!New)
    return It->second;
  bool Result = Compute(ParamUses(F, I, body(F)));
  // Computing may have grown the table: look the entry up again.
  Table[{F, I}] = Result;
  return Result;
}

bool ParamSummaries::checks(const FunctionDecl *F, unsigned I) {
  return checks(F, I, 0);
}

bool ParamSummaries::keeps(const FunctionDecl *F, unsigned I) {
  return keeps(F, I, 0);
}

bool ParamSummaries::checks(const FunctionDecl *F, unsigned I, unsigned Depth) {
  F = definitionOf(F);
  if (!F || I >= F->getNumParams() || Depth > MaxDepth)
    return false;
  return memo(Checks, F, I, false, [&](ParamUses U) {
    return U.any([&](const DeclRefExpr *R) {
      const Stmt *Cur = R;
      const Stmt *P = U.PM.getParentIgnoreParenCasts(Cur);
      // A plain copy (`dma_addr_t oldphys = phys;`) still names it.
      if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit() &&
                                                     U.names(VD->getInit()) &&
                                                     isScalarLocal(VD, F))
            U.addCopy(VD);
        return false;
      }
      const auto *CE = dyn_cast_or_null<CallExpr>(P);
      const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
      if (!Callee || !Callee->getIdentifier())
        return false;
      const ApiEntry *A = apiOf(CE);
      for (unsigned J = 0; J < CE->getNumArgs(); ++J) {
        if (!U.names(CE->getArg(J)))
          continue;
        if (A)
          return A->R == Role::CHECK && A->Handle == (int)J;
        if (checks(Callee, J, Depth + 1))
          return true;
      }
      return false;
    });
  });
}

bool ParamSummaries::keeps(const FunctionDecl *F, unsigned I, unsigned Depth) {
  F = definitionOf(F);
  if (!F || I >= F->getNumParams() || Depth > MaxDepth)
    return true;
  // Recursion answers "keeps" until the walk below says otherwise.
  return memo(Keeps, F, I, true, [&](ParamUses U) {
    return U.any([&](const DeclRefExpr *R) {
      const Stmt *Cur = R;
      bool Derived = false;
      for (const Stmt *P = U.PM.getParent(Cur); P;
           Cur = P, P = U.PM.getParent(Cur)) {
        if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(P))
          continue;
        if (isConditionOf(P, Cur))
          return false;
        if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
          if (UO->getOpcode() == UO_LNot)
            return false;
          if (UO->getOpcode() == UO_Minus || UO->getOpcode() == UO_Not ||
              UO->getOpcode() == UO_Plus) {
            Derived = true;
            continue;
          }
          return true; // &param, ++param: taken somewhere we do not follow
        }
        if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
          if (BO->isComparisonOp() || BO->isLogicalOp())
            return false;
          if (isArithmetic(BO->getOpcode())) {
            Derived = true;
            continue;
          }
          if (BO->getOpcode() == BO_Comma) {
            if (BO->getRHS() != Cur)
              return false;
            continue;
          }
          if (BO->isAssignmentOp()) {
            if (BO->getLHS() == Cur)
              return false; // overwritten, not kept
            const auto *L =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenCasts());
            if (L && isScalarLocal(L->getDecl(), F)) {
              U.addCopy(L->getDecl());
              return false;
            }
            // A field of a local struct dies with F; a field, an element
            // reached through a pointer, *out or a global outlives it.
            return !isLocalObject(BO->getLHS(), F);
          }
          return true;
        }
        if (const auto *DS = dyn_cast<DeclStmt>(P)) {
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D);
                VD && VD->getInit() == Cur) {
              if (isScalarLocal(VD, F))
                U.addCopy(VD);
              else if (!VD->hasLocalStorage() || VD->isStaticLocal() ||
                       VD->getType()->isPointerType())
                return true;
            }
          return false;
        }
        if (isa<InitListExpr, DesignatedInitExpr>(P)) {
          Derived = true;
          continue; // the object it initializes decides
        }
        if (isa<ReturnStmt>(P))
          return Derived; // the path follows a returned handle itself
        if (const auto *CE = dyn_cast<CallExpr>(P)) {
          if (CE->getCallee() == Cur)
            return false;
          const FunctionDecl *Callee = CE->getDirectCallee();
          if (!Callee || !Callee->getIdentifier())
            return true;
          unsigned J = 0;
          while (J < CE->getNumArgs() && CE->getArg(J) != Cur)
            ++J;
          if (const ApiEntry *A = apiOf(CE))
            return !(A->R == Role::CHECK || A->R == Role::UNMAP ||
                     A->R == Role::SYNC_CPU || A->R == Role::SYNC_DEV);
          // A register write is judged on the path (MappingLeak asks whether
          // the mapping's function owns its end); printing keeps nothing.
          if (nameKindOf(Callee))
            return false;
          return keeps(Callee, J, Depth + 1);
        }
        return true; // an initializer list, a member, a statement expression
      }
      return false;
    });
  });
}

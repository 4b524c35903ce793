//===- FieldJudge.cpp - a release against the mappings of its field ------===//
//
// The judging half of dma/FieldPairs.h: direction, family and size of one
// unmap or sync against every mapping the file stores into the same field
// through the same member.
//
//===----------------------------------------------------------------------===//
#include "checkers/Support.h"
#include "checkers/dma/FieldPairs.h"
#include "checkers/dma/Lifecycle.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;
using namespace dmacheck::dma;

namespace {

const Expr *arg(const CallExpr *CE, int I) {
  return I >= 0 && (unsigned)I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
}

std::string where(const FieldSite &S, ASTContext &Ctx) {
  return displayName(S.Call, Ctx) + "() in " + S.In->getNameAsString() +
         "(), line " +
         std::to_string(Ctx.getSourceManager().getPresumedLineNumber(
             S.Call->getBeginLoc()));
}

/// The release the driver should have called for a mapping made by Map.
std::string releaseFor(const CallExpr *Map, ASTContext &Ctx) {
  std::string Name = displayName(Map, Ctx);
  if (const ApiEntry *A = lookupApi(Name); A && *A->Release)
    return A->Release;
  return apiOf(Map)->Release;
}

class Judge {
public:
  Judge(ASTContext &Ctx, std::vector<FieldMismatch> &Out)
      : Ctx(Ctx), Out(Out) {}

  void judge(const FieldSite &R, const FieldDecl *F, ArrayRef<FieldSite> Maps) {
    const ApiEntry &RA = *apiOf(R.Call);
    // The function that maps is seen on a path: the path-sensitive view
    // judges it there.
    if (Maps.empty() ||
        llvm::any_of(Maps, [&](const FieldSite &M) { return M.In == R.In; }))
      return;
    direction(R, RA, F, Maps);
    if (RA.Fam != Family::SG) {
      family(R, RA, F, Maps);
      size(R, RA, F, Maps);
    }
  }

private:
  void add(FieldMismatch::KindT K, const FieldSite &R, const Expr *A,
           const FieldSite &M, const FieldDecl *F, std::string Msg) {
    Out.push_back({K, R.Call, R.In, A, M.Call, M.In, F, std::move(Msg)});
  }

  void direction(const FieldSite &R, const ApiEntry &RA, const FieldDecl *F,
                 ArrayRef<FieldSite> Maps) {
    const Expr *DirArg = arg(R.Call, RA.Dir);
    std::optional<int64_t> Given = fieldConstant(DirArg, Ctx);
    if (!Given || *Given == DirNone)
      return;
    std::set<int64_t> Dirs;
    for (const FieldSite &M : Maps) {
      std::optional<int64_t> D =
          fieldConstant(arg(M.Call, apiOf(M.Call)->Dir), Ctx);
      if (!D)
        return;
      Dirs.insert(*D);
    }
    if (Dirs.count(*Given) ||
        (RA.R != Role::UNMAP && Dirs.count(DirBidirectional)))
      return;
    const FieldSite &M = Maps.front();
    std::string Was =
        directionName(*fieldConstant(arg(M.Call, apiOf(M.Call)->Dir), Ctx));
    add(FieldMismatch::Direction, R, DirArg, M, F,
        displayName(R.Call, Ctx) + "() is given " + directionName(*Given) +
            " for '" + F->getNameAsString() + "', which holds " +
            (Dirs.size() == 1 ? Was : std::string("other")) + " mappings (" +
            where(M, Ctx) + ")");
  }

  void family(const FieldSite &R, const ApiEntry &RA, const FieldDecl *F,
              ArrayRef<FieldSite> Maps) {
    if (RA.R != Role::UNMAP)
      return;
    for (const FieldSite &M : Maps)
      if (sameReleaseFamily(apiOf(M.Call)->Fam, RA.Fam))
        return;
    const FieldSite &M = Maps.front();
    add(FieldMismatch::Family, R, R.Call->getCallee(), M, F,
        displayName(R.Call, Ctx) + "() releases '" + F->getNameAsString() +
            "', which holds mappings made by " + where(M, Ctx) +
            "; they are released by " + releaseFor(M.Call, Ctx) + "()");
  }

  void size(const FieldSite &R, const ApiEntry &RA, const FieldDecl *F,
            ArrayRef<FieldSite> Maps) {
    const Expr *SizeArg = arg(R.Call, RA.Size);
    std::optional<int64_t> Given = fieldConstant(SizeArg, Ctx);
    if (!Given || RA.has(F_RANGE))
      return;
    int64_t Max = 0;
    std::set<int64_t> Sizes;
    for (const FieldSite &M : Maps) {
      std::optional<int64_t> S =
          fieldConstant(arg(M.Call, apiOf(M.Call)->Size), Ctx);
      if (!S)
        return;
      Sizes.insert(*S);
      Max = std::max(Max, *S);
    }
    // A sync may cover part of the mapping; an unmap covers all of it.
    if (RA.R == Role::UNMAP ? Sizes.count(*Given) != 0 : *Given <= Max)
      return;
    const FieldSite &M = Maps.front();
    add(FieldMismatch::Size, R, SizeArg, M, F,
        displayName(R.Call, Ctx) + "() is given size " +
            std::to_string(*Given) + " for '" + F->getNameAsString() +
            "', which holds mappings of " +
            (Sizes.size() == 1 ? std::to_string(*Sizes.begin())
                               : "at most " + std::to_string(Max)) +
            " bytes (" + where(M, Ctx) + ")");
  }

  ASTContext &Ctx;
  std::vector<FieldMismatch> &Out;
};

} // namespace

void dma::judgeFieldRelease(const FieldSite &R, const FieldDecl *F,
                            ArrayRef<FieldSite> Maps, ASTContext &Ctx,
                            std::vector<FieldMismatch> &Out) {
  Judge(Ctx, Out).judge(R, F, Maps);
}

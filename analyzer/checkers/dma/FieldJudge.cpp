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
  /// The constants the mappings were given as argument Arg (their
  /// directions, their sizes), or none when one of them is not a constant.
  std::optional<std::set<int64_t>> constantsAt(ArrayRef<FieldSite> Maps,
                                               int ApiEntry::*Arg) const {
    std::set<int64_t> Out;
    for (const FieldSite &M : Maps) {
      std::optional<int64_t> V =
          fieldConstant(arg(M.Call, apiOf(M.Call)->*Arg), Ctx);
      if (!V)
        return std::nullopt;
      Out.insert(*V);
    }
    return Out;
  }

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
    std::optional<std::set<int64_t>> Dirs = constantsAt(Maps, &ApiEntry::Dir);
    if (!Dirs || Dirs->count(*Given) ||
        (RA.R != Role::UNMAP && Dirs->count(DirBidirectional)))
      return;
    const FieldSite &M = Maps.front();
    add(FieldMismatch::Direction, R, DirArg, M, F,
        displayName(R.Call, Ctx) + "() is given " + directionName(*Given) +
            " for '" + F->getNameAsString() + "', which holds " +
            (Dirs->size() == 1 ? directionName(*Dirs->begin())
                               : std::string("other")) +
            " mappings (" + where(M, Ctx) + ")");
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
    std::optional<std::set<int64_t>> Sizes = constantsAt(Maps, &ApiEntry::Size);
    if (!Sizes)
      return;
    int64_t Max = *Sizes->rbegin();
    // A sync may cover part of the mapping; an unmap covers all of it.
    if (RA.R == Role::UNMAP ? Sizes->count(*Given) != 0 : *Given <= Max)
      return;
    const FieldSite &M = Maps.front();
    add(FieldMismatch::Size, R, SizeArg, M, F,
        displayName(R.Call, Ctx) + "() is given size " +
            std::to_string(*Given) + " for '" + F->getNameAsString() +
            "', which holds mappings of " +
            (Sizes->size() == 1 ? std::to_string(Max)
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

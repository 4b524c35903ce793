//===- MappingChecker.cpp - DMA mapping lifecycle ---------------------------===//
//
// One program-state entry per mapping or allocation, keyed by the symbol the
// API returned: the dma_addr_t of a streaming map, the count of dma_map_sg(),
// the CPU address of a coherent/pool allocation. From it:
//   dma-unchecked-mapping  used or lost before dma_mapping_error() said it is
//                          good (a 0 test for dma_map_sg());
//   dma-mapping-leak       a good mapping whose handle dies unreleased;
//   dma-sg-nents-mismatch  unmap/sync given dma_map_sg()'s count, or another
//                          nents than the one it was given.
// The API calls are evaluated here (evalCall) so that the kernel's inline
// implementations are never explored: the model in rules/dma_api.def is
// authoritative.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CallGraph.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace clang::ento;
using namespace dmacheck;

namespace {

struct Mapping {
  const ApiEntry *Api;
  bool Checked;    // dma_mapping_error() said it is good (streaming maps)
  bool Escaped;    // kept where it outlives the function: not a leak
  bool Returned;   // handed to the caller, who checks and releases it
  bool Reported;   // already reported as unchecked on this path
  bool Failed;     // dma_mapping_error() said the mapping failed
  const Expr *Site;
  const LocationContext *SiteCtx;
  const Stmt *Use; // first use while unchecked, where a report points
  const LocationContext *UseCtx;

  bool operator==(const Mapping &O) const {
    return Api == O.Api && Checked == O.Checked && Escaped == O.Escaped &&
           Returned == O.Returned && Reported == O.Reported &&
           Failed == O.Failed &&
           Site == O.Site && Use == O.Use;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Api);
    ID.AddBoolean(Checked);
    ID.AddBoolean(Escaped);
    ID.AddBoolean(Returned);
    ID.AddBoolean(Reported);
    ID.AddBoolean(Failed);
    ID.AddPointer(Site);
    ID.AddPointer(Use);
  }
};

/// What dma_map_sg() was given for one scatterlist.
struct SgMapping {
  SymbolRef Count;
  SVal Nents;
  const Expr *Site;

  bool operator==(const SgMapping &O) const {
    return Count == O.Count && Nents == O.Nents && Site == O.Site;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Count);
    Nents.Profile(ID);
    ID.AddPointer(Site);
  }
};

} // namespace

REGISTER_MAP_WITH_PROGRAMSTATE(DmaMappings, SymbolRef, Mapping)
REGISTER_MAP_WITH_PROGRAMSTATE(DmaSgMappings, const MemRegion *, SgMapping)
// dma_addr_t written through an alloc's handle argument → the CPU address.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaAllocHandles, SymbolRef, SymbolRef)
// Variables and fields holding a dma_map_sg() count → the map call. The count
// is followed by where it is stored, not only by its symbol, because a test
// such as `if (count != 1)` turns the symbol into a constant.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaSgCountHolders, const MemRegion *, const Expr *)
// The same for streaming handles: a failed handle is DMA_MAPPING_ERROR, a
// constant, once the path knows it failed; where it is stored still tells.
REGISTER_MAP_WITH_PROGRAMSTATE(DmaHandleHolders, const MemRegion *, SymbolRef)

namespace {

/// A report that points at the mapping's first use rather than at the node
/// where the path ended: that is where the check is missing.
class UseSiteReport : public PathSensitiveBugReport {
public:
  UseSiteReport(const BugType &BT, StringRef Msg, const ExplodedNode *N,
                PathDiagnosticLocation Unique, const Decl *UniqueDecl,
                PathDiagnosticLocation Use)
      : PathSensitiveBugReport(BT, Msg, N, Unique, UniqueDecl), Use(Use) {}

  PathDiagnosticLocation getLocation() const override {
    return Use.isValid() ? Use : PathSensitiveBugReport::getLocation();
  }

private:
  PathDiagnosticLocation Use;
};

class MappingChecker
    : public Checker<check::ASTCodeBody, check::BeginFunction, eval::Call,
                     check::PreCall, check::Bind,
                     check::PreStmt<ReturnStmt>,
                     check::PostStmt<BinaryOperator>,
                     check::PostStmt<UnaryOperator>, check::BranchCondition,
                     check::DeadSymbols,
                     check::EndFunction, check::PointerEscape> {
public:
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const;
  void checkBeginFunction(CheckerContext &C) const;
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  void checkPreStmt(const ReturnStmt *RS, CheckerContext &C) const;
  void checkPostStmt(const BinaryOperator *BO, CheckerContext &C) const;
  void checkPostStmt(const UnaryOperator *UO, CheckerContext &C) const;
  void checkBranchCondition(const Stmt *Cond, CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  ProgramStateRef checkPointerEscape(ProgramStateRef State,
                                     const InvalidatedSymbols &Escaped,
                                     const CallEvent *Call,
                                     PointerEscapeKind Kind) const;

private:
  void evalMap(const CallEvent &Call, const ApiEntry &Api,
               CheckerContext &C) const;
  void evalCheck(const CallEvent &Call, const ApiEntry &Api,
                 CheckerContext &C) const;
  void evalCheckSplit(CheckerContext &C, const CallExpr *CE, SymbolRef S,
                      const Mapping &M, ProgramStateRef OkSt,
                      ProgramStateRef ErrSt) const;
  void evalUnmapOrSync(const CallEvent &Call, const ApiEntry &Api,
                       CheckerContext &C) const;
  void evalAlloc(const CallEvent &Call, const ApiEntry &Api,
                 CheckerContext &C) const;
  void evalFree(const CallEvent &Call, const ApiEntry &Api,
                CheckerContext &C) const;
  bool checkSgNents(const CallEvent &Call, const ApiEntry &Api,
                    CheckerContext &C, ProgramStateRef Next) const;

  bool isUnchecked(ProgramStateRef State, SymbolRef S, const Mapping &M) const;
  void reportUnchecked(CheckerContext &C, ExplodedNode *N, SymbolRef S,
                       const Mapping &M, StringRef How = "") const;
  void reportLeak(CheckerContext &C, ExplodedNode *N, SymbolRef S,
                  const Mapping &M) const;
  void reportIgnored(CheckerContext &C, const ApiEntry &Api,
                     const CallEvent &Call) const;
  void addSiteNote(PathSensitiveBugReport &R, const Mapping &M,
                   CheckerContext &C) const;

  RuleBugTypes BT{this, /*SuppressOnSink=*/true};
  void setNodeBudget(const Decl *D, AnalysisManager &Mgr) const;

  // What the checker needs to know about the functions of this translation
  // unit, computed once from one call graph.
  struct TUFacts {
    llvm::DenseSet<const Decl *> Reaching;      // can reach a DMA API call
    llvm::DenseSet<const Decl *> Mappers;       // can reach a map/alloc
    llvm::DenseSet<const Decl *> DirectMappers; // makes one itself
  };
  const TUFacts &facts(ASTContext &Ctx) const;
  mutable std::optional<TUFacts> Facts;
  mutable unsigned FullBudget = 0; // the configured max-nodes
};

// MMIO writers: a handle written to a register reaches the hardware, but
// the register does not keep the mapping reachable.
bool isMmioWrite(StringRef Name) {
  static const llvm::StringSet<> Names = {
      "writel",         "writeq",         "writew",        "writeb",
      "writel_relaxed", "writeq_relaxed", "iowrite32",     "iowrite64",
      "iowrite16",      "iowrite32be",    "iowrite64be",   "lo_hi_writeq",
      "hi_lo_writeq",   "__raw_writel",   "__raw_writeq",  "writel_be",
      "iowrite64_lo_hi", "iowrite64_hi_lo", "__writel",    "__writeq"};
  return Names.contains(Name);
}

bool releasesBuffer(const CallEvent &Call);

bool isStreaming(const ApiEntry &Api) {
  return Api.Fam == Family::SINGLE || Api.Fam == Family::PAGE ||
         Api.Fam == Family::RESOURCE;
}

bool isSg(const ApiEntry &Api) { return Api.Fam == Family::SG; }

bool isAlloc(const ApiEntry &Api) { return Api.R == Role::ALLOC; }

const Mapping *lookup(ProgramStateRef State, SymbolRef S) {
  return State->get<DmaMappings>(S);
}

/// The tracked mapping a value carries (the handle itself, or a value built
/// from it such as lower_32_bits(dma)), or null.
SymbolRef trackedIn(ProgramStateRef State, SVal V) {
  for (SymbolRef S : symbolsIn(V)) {
    if (State->contains<DmaMappings>(S))
      return S;
    if (const SymbolRef *P = State->get<DmaAllocHandles>(S))
      if (State->contains<DmaMappings>(*P))
        return *P;
  }
  return nullptr;
}

const MemRegion *holderRegion(const Expr *E, CheckerContext &C);

bool isLocalStorage(const MemRegion *R) {
  const MemSpaceRegion *MS = R->getMemorySpace();
  return isa<StackLocalsSpaceRegion>(MS) || isa<StackArgumentsSpaceRegion>(MS);
}

ProgramStateRef setMapping(ProgramStateRef State, SymbolRef S, Mapping M) {
  return State->set<DmaMappings>(S, M);
}

/// A statement inside a callee of the function that made a mapping, seen
/// from that function: the call that led there. Unchanged when the mapping
/// was made deeper than the statement.
std::pair<const Stmt *, const LocationContext *>
inMappingFrame(const Mapping &M, const Stmt *S, const LocationContext *LCtx) {
  const StackFrameContext *Site = M.SiteCtx->getStackFrame();
  const LocationContext *L = LCtx;
  const Stmt *U = S;
  while (L && L->getStackFrame() != Site) {
    const StackFrameContext *SF = L->getStackFrame();
    U = SF->getCallSite();
    L = SF->getParent();
  }
  if (L && U)
    return {U, L};
  return {S, LCtx};
}

/// Records a use of an unchecked mapping and whether it keeps it alive. A use
/// inside a callee is attributed to the call, in the function that mapped:
/// that is where the check belongs.
ProgramStateRef noteUse(ProgramStateRef State, SymbolRef S, const Stmt *Use,
                        const LocationContext *LCtx, bool Escapes) {
  const Mapping *M = lookup(State, S);
  if (!M)
    return State;
  Mapping N = *M;
  if (!N.Use && Use && LCtx)
    std::tie(N.Use, N.UseCtx) = inMappingFrame(N, Use, LCtx);
  N.Escaped |= Escapes;
  return setMapping(State, S, N);
}

bool MappingChecker::isUnchecked(ProgramStateRef State, SymbolRef S,
                                 const Mapping &M) const {
  if (M.Returned || M.Failed)
    return false;
  if (isStreaming(*M.Api))
    return !M.Checked;
  if (isSg(*M.Api))
    // Tested when a branch looked at the count itself (`if (!count)`) or
    // compared it with a constant (`count != 1`); a loop bound is no test.
    return !M.Checked;
  return false;
}

// --- walking the mapped list with the wrong count --------------------------
//
// for_each_sg(sgl, sg, nents, i) reading sg_dma_address()/sg_dma_len() must
// use the count dma_map_sg() returned: entries past it carry no DMA address
// (dma-api-howto.rst, "sg_dma_address() and sg_dma_len()"). Found on the
// AST: the loop bound names the nents variable or field passed to the map,
// whose result went elsewhere, and nothing reassigns it in between.

/// The variable or field chain an expression names (a.b->c), for matching.
std::string exprKey(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string Base = exprKey(ME->getBase());
    return Base.empty() ? "" : Base + "." + ME->getMemberDecl()->getNameAsString();
  }
  return "";
}

class SgLoopFinder : public RecursiveASTVisitor<SgLoopFinder> {
public:
  struct MapSite {
    const CallExpr *Call;
    std::string List, Nents, Result;
  };
  struct Loop {
    const ForStmt *For;
    std::string List, Bound;
  };
  std::vector<MapSite> Maps;
  llvm::DenseMap<const CallExpr *, std::string> Results;
  std::vector<std::pair<std::string, SourceLocation>> Assigns;
  std::vector<Loop> Loops;

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    const ApiEntry *Api = FD ? lookupApi(FD->getName()) : nullptr;
    if (!Api || Api->R != Role::MAP || Api->Fam != Family::SG ||
        (unsigned)Api->Nents >= CE->getNumArgs())
      return true;
    std::string List = (unsigned)Api->Buf < CE->getNumArgs()
                           ? exprKey(CE->getArg(Api->Buf))
                           : "";
    Maps.push_back({CE, List, exprKey(CE->getArg(Api->Nents)), ""});
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    std::string LHS = exprKey(BO->getLHS());
    Assigns.push_back({LHS, BO->getOperatorLoc()});
    if (const auto *CE = dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenCasts()))
      Results[CE] = LHS;
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *Init = VD->getInit())
      if (const auto *CE = dyn_cast<CallExpr>(Init->IgnoreParenCasts()))
        Results[CE] = VD->getNameAsString();
    return true;
  }
  /// Where each map call's result went (visited before the call itself).
  void attachResults() {
    for (MapSite &M : Maps)
      M.Result = Results.lookup(M.Call);
  }
  bool VisitForStmt(ForStmt *FS) {
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(FS->getCond());
    if (!Cond || (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_LE))
      return true;
    if (readsDmaFields(FS->getBody()))
      Loops.push_back({FS, listOf(FS->getInit()), exprKey(Cond->getRHS())});
    return true;
  }

private:
  // for_each_sg(list, sg, n, i) starts with `i = 0, sg = list`.
  static std::string listOf(const Stmt *Init) {
    const auto *BO = dyn_cast_or_null<BinaryOperator>(Init);
    if (!BO)
      return "";
    if (BO->getOpcode() == BO_Comma) {
      std::string R = listOf(BO->getRHS());
      return R.empty() ? listOf(BO->getLHS()) : R;
    }
    if (BO->getOpcode() == BO_Assign &&
        BO->getLHS()->getType()->isPointerType())
      return exprKey(BO->getRHS());
    return "";
  }

  // Reads of sg_dma_address() (->dma_address), not stores into it: a driver
  // filling in a list it did not map writes the field.
  static bool readsDmaFields(const Stmt *S) {
    if (!S)
      return false;
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        return readsDmaFields(BO->getRHS());
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (ME->getMemberDecl()->getName() == "dma_address")
        return true;
    for (const Stmt *Child : S->children())
      if (readsDmaFields(Child))
        return true;
    return false;
  }
};

/// The exploration budget of the next top-level function: the full budget
/// where mappings are made (their checks and releases must be reached), a
/// middle one where a callee makes them, a small one for functions that only
/// reach the rest of the DMA API.
/// Syntax checks run right before a function's path analysis, so this is
/// the place to set it.
void MappingChecker::setNodeBudget(const Decl *D, AnalysisManager &Mgr) const {
  if (!FullBudget)
    FullBudget = Mgr.options.MaxNodesPerTopLevelFunction;
  const TUFacts &F = facts(Mgr.getASTContext());
  const Decl *K = D->getCanonicalDecl();
  unsigned Budget = std::min(FullBudget, 10000u);
  if (F.DirectMappers.contains(K))
    Budget = FullBudget;
  else if (F.Mappers.contains(K))
    Budget = std::min(FullBudget, 50000u); // a mapping made in a callee
  Mgr.options.MaxNodesPerTopLevelFunction = Budget;
}

void MappingChecker::checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                                      BugReporter &BR) const {
  if (!D->hasBody())
    return;
  setNodeBudget(D, Mgr);
  if (!activeRules().enabled(DMC003))
    return;
  SgLoopFinder G;
  G.TraverseStmt(D->getBody());
  if (G.Maps.empty())
    return;
  G.attachResults();
  const SourceManager &SM = Mgr.getSourceManager();
  for (const auto &[Loop, List, Bound] : G.Loops) {
    for (const auto &M : G.Maps) {
      if (Bound.empty() || Bound != M.Nents || M.Result.empty() ||
          M.Result == M.Nents || List.empty() || List != M.List)
        continue;
      SourceLocation MapLoc = M.Call->getBeginLoc(), LoopLoc = Loop->getBeginLoc();
      if (!SM.isBeforeInTranslationUnit(MapLoc, LoopLoc))
        continue;
      bool Reassigned = false;
      for (const auto &[Name, Loc] : G.Assigns)
        if (Name == Bound && SM.isBeforeInTranslationUnit(MapLoc, Loc) &&
            SM.isBeforeInTranslationUnit(Loc, LoopLoc))
          Reassigned = true;
      if (Reassigned)
        continue;
      std::string Map = displayName(M.Call, Mgr.getASTContext());
      PathDiagnosticLocation L(LoopLoc, SM);
      BR.EmitBasicReport(
          D, this, ruleInfo(DMC003).Name, "DMA API",
          "the mapped scatterlist is walked with '" + Bound +
              "', the nents passed to " + Map + "(), while reading DMA "
              "addresses; use the count it returned ('" + M.Result + "')",
          L, Loop->getCond()->getSourceRange());
      break;
    }
  }
}

// --- which functions to explore --------------------------------------------
//
// Most functions of a driver never touch the DMA API; exploring them is most
// of the cost. Only functions that can reach a DMA API call, directly or
// through functions of the same file, are explored as top-level functions.

/// Which DMA API calls a function body makes directly.
struct DirectUse {
  bool Api = false;  // any call of the model
  bool Maps = false; // a map or alloc call
};

DirectUse directUse(const Decl *D) {
  struct Finder : RecursiveASTVisitor<Finder> {
    DirectUse U;
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *FD = CE->getDirectCallee();
      const ApiEntry *Api =
          FD && FD->getIdentifier() ? lookupApi(FD->getName()) : nullptr;
      if (Api) {
        U.Api = true;
        U.Maps |= Api->R == Role::MAP || Api->R == Role::ALLOC;
      }
      return !U.Maps;
    }
  } F;
  F.TraverseStmt(D->getBody());
  return F.U;
}

/// Closes Seeds over "is called by" in the file's call graph.
llvm::DenseSet<const Decl *> callersOf(
    llvm::DenseSet<const Decl *> Seeds,
    const llvm::DenseMap<const Decl *, SmallVector<const Decl *, 4>> &Callers) {
  SmallVector<const Decl *, 32> Work(Seeds.begin(), Seeds.end());
  while (!Work.empty()) {
    const Decl *D = Work.pop_back_val();
    for (const Decl *Caller : Callers.lookup(D))
      if (Seeds.insert(Caller).second)
        Work.push_back(Caller);
  }
  return Seeds;
}

const MappingChecker::TUFacts &MappingChecker::facts(ASTContext &Ctx) const {
  if (Facts)
    return *Facts;
  Facts.emplace();
  CallGraph CG;
  CG.addToCallGraph(Ctx.getTranslationUnitDecl());
  llvm::DenseMap<const Decl *, SmallVector<const Decl *, 4>> Callers;
  llvm::DenseSet<const Decl *> Api;
  for (const auto &Entry : CG) {
    const Decl *D = Entry.first;
    if (!D)
      continue;
    const Decl *K = D->getCanonicalDecl();
    for (const CallGraphNode::CallRecord &CR : *Entry.second)
      if (const Decl *Callee = CR.Callee->getDecl())
        Callers[Callee->getCanonicalDecl()].push_back(K);
    if (!D->hasBody())
      continue;
    DirectUse U = directUse(D);
    if (U.Api)
      Api.insert(K);
    if (U.Maps)
      Facts->DirectMappers.insert(K);
  }
  Facts->Reaching = callersOf(std::move(Api), Callers);
  Facts->Mappers = callersOf(Facts->DirectMappers, Callers);
  return *Facts;
}

void MappingChecker::checkBeginFunction(CheckerContext &C) const {
  if (!C.inTopFrame() || std::getenv("DMACHECK_ANALYZE_ALL"))
    return;
  const Decl *D = C.getLocationContext()->getDecl();
  if (D && !facts(C.getASTContext()).Reaching.contains(D->getCanonicalDecl()))
    C.generateSink(C.getState(), C.getPredecessor());
}

// --- evaluation of the API calls ------------------------------------------

bool MappingChecker::evalCall(const CallEvent &Call, CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (!Api || !isa_and_nonnull<CallExpr>(Call.getOriginExpr()))
    return false;
  switch (Api->R) {
  case Role::MAP:
    if (!isStreaming(*Api) && !isSg(*Api) && Api->Fam != Family::SGTABLE)
      return false;
    evalMap(Call, *Api, C);
    return true;
  case Role::CHECK:
    if (Api->Fam != Family::INFO)
      return false;
    evalCheck(Call, *Api, C);
    return true;
  case Role::UNMAP:
  case Role::SYNC_CPU:
  case Role::SYNC_DEV:
    if (!isStreaming(*Api) && !isSg(*Api) && Api->Fam != Family::SGTABLE)
      return false;
    evalUnmapOrSync(Call, *Api, C);
    return true;
  case Role::ALLOC:
    if (!Call.getResultType()->isPointerType())
      return false;
    evalAlloc(Call, *Api, C);
    return true;
  case Role::FREE:
    evalFree(Call, *Api, C);
    return true;
  default:
    return false;
  }
}

bool resultIgnored(const CallEvent &Call, CheckerContext &C) {
  const Expr *E = Call.getOriginExpr();
  const Stmt *P = C.getLocationContext()->getParentMap().getParentIgnoreParenCasts(E);
  return !P || isa<CompoundStmt>(P);
}

void MappingChecker::evalMap(const CallEvent &Call, const ApiEntry &Api,
                             CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef State = C.getState();

  // dma_map_sg() and dma_map_sgtable() write the DMA addresses (and
  // sgt->nents) into the list they are given.
  if (isSg(Api) || Api.Fam == Family::SGTABLE) {
    SVal List = argVal(Call, Api.Buf);
    if (List.getAsRegion())
      State = State->invalidateRegions({List}, CE, C.blockCount(), LCtx,
                                       /*CausesPointerEscape=*/false);
  }
  DefinedOrUnknownSVal Ret =
      SVB.conjureSymbolVal(CE, LCtx, CE->getType(), C.blockCount());
  State = State->BindExpr(CE, LCtx, Ret);

  if (resultIgnored(Call, C)) {
    reportIgnored(C, Api, Call);
    C.addTransition(State);
    return;
  }
  SymbolRef S = Ret.getAsSymbol();
  if (!S || Api.Fam == Family::SGTABLE) {
    C.addTransition(State);
    return;
  }
  if (isSg(Api)) {
    // The count is never negative; 0 means failure.
    auto NonNeg = SVB.evalBinOp(State, BO_GE, Ret,
                                SVB.makeZeroVal(CE->getType()),
                                SVB.getConditionType())
                      .getAs<DefinedOrUnknownSVal>();
    if (NonNeg)
      if (ProgramStateRef S2 = State->assume(*NonNeg, true))
        State = S2;
    if (const MemRegion *R = argVal(Call, Api.Buf).getAsRegion())
      State = State->set<DmaSgMappings>(
          R->StripCasts(), SgMapping{S, argVal(Call, Api.Nents), CE});
  }
  State = setMapping(State, S,
                     Mapping{&Api, false, false, false, false, false, CE,
                             LCtx, nullptr, nullptr});
  C.addTransition(State);
}

void MappingChecker::evalCheck(const CallEvent &Call, const ApiEntry &Api,
                               CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef State = C.getState();
  SymbolRef S = trackedIn(State, argVal(Call, Api.Handle));
  const Mapping *M = S ? lookup(State, S) : nullptr;
  if (!M || !isStreaming(*M->Api)) {
    State = State->BindExpr(
        CE, LCtx, SVB.conjureSymbolVal(CE, LCtx, CE->getType(), C.blockCount()));
    C.addTransition(State);
    return;
  }
  // Split: the mapping failed (the handle is DMA_MAPPING_ERROR, all ones),
  // or it is good (anything else).
  QualType HT = S->getType();
  if (HT->isIntegerType()) {
    nonloc::ConcreteInt Err(SVB.getBasicValueFactory().getMaxValue(HT));
    auto IsErr = SVB.evalBinOp(State, BO_EQ, nonloc::SymbolVal(S), Err,
                               SVB.getConditionType())
                     .getAs<DefinedOrUnknownSVal>();
    if (IsErr) {
      auto [ErrSt, OkSt] = State->assume(*IsErr);
      if (!ErrSt || !OkSt) {
        // The path already knows which: no split.
        ProgramStateRef Only = ErrSt ? ErrSt : OkSt;
        Mapping Known = *M;
        Known.Checked = true;
        Known.Failed = ErrSt != nullptr;
        C.addTransition(setMapping(Only, S, Known)->BindExpr(
            CE, LCtx,
            ErrSt ? SVB.makeIntVal(-12, CE->getType())
                  : SVB.makeZeroVal(CE->getType())));
        return;
      }
      evalCheckSplit(C, CE, S, *M, OkSt, ErrSt);
      return;
    }
  }
  evalCheckSplit(C, CE, S, *M, State, State);
}

void MappingChecker::evalCheckSplit(CheckerContext &C, const CallExpr *CE,
                                    SymbolRef S, const Mapping &M,
                                    ProgramStateRef OkSt,
                                    ProgramStateRef ErrSt) const {
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  Mapping Good = M;
  Good.Checked = true;
  ProgramStateRef Ok = setMapping(OkSt, S, Good)->BindExpr(
      CE, LCtx, SVB.makeZeroVal(CE->getType()));
  // The failed handle stays known: unmapping it is a bug too.
  Mapping Bad = M;
  Bad.Checked = true;
  Bad.Failed = true;
  ProgramStateRef Err = setMapping(ErrSt, S, Bad)->BindExpr(
      CE, LCtx, SVB.makeIntVal(-12 /* -ENOMEM */, CE->getType()));
  C.addTransition(Ok);
  C.addTransition(Err);
}

void MappingChecker::evalUnmapOrSync(const CallEvent &Call, const ApiEntry &Api,
                                     CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (isSg(Api)) {
    ProgramStateRef Next = State;
    if (Api.R == Role::UNMAP)
      if (const MemRegion *R = argVal(Call, Api.Buf).getAsRegion())
        Next = State->remove<DmaSgMappings>(R->StripCasts());
    if (!checkSgNents(Call, Api, C, Next))
      C.addTransition(Next);
    return;
  }
  if (Api.Fam == Family::SGTABLE) {
    C.addTransition(State);
    return;
  }
  SVal Handle = argVal(Call, Api.Handle);
  SymbolRef S = trackedIn(State, Handle);
  if (!S)
    if (const MemRegion *R = holderRegion(argExpr(Call, Api.Handle), C))
      if (const SymbolRef *H = State->get<DmaHandleHolders>(R))
        if (const Mapping *HM = lookup(State, *H); HM && HM->Failed)
          S = *H;
  const Mapping *M = S ? lookup(State, S) : nullptr;
  if (!M) {
    C.addTransition(State);
    return;
  }
  if (Api.R != Role::UNMAP) {
    // A sync is a use: the device is about to (or did) access the buffer.
    C.addTransition(noteUse(State, S, Call.getOriginExpr(),
                            C.getLocationContext(), false));
    return;
  }
  ProgramStateRef Next = State->remove<DmaMappings>(S);
  if (M->Failed && activeRules().enabled(DMC001)) {
    // dma-debug reports this as an unmap of an address never mapped.
    if (ExplodedNode *N = C.generateNonFatalErrorNode(Next))
      reportUnchecked(C, N, S, *M,
                      "is unmapped by " + displayName(Call, C) +
                          "() although dma_mapping_error() reported that it "
                          "failed");
    return;
  }
  if (isUnchecked(State, S, *M) && activeRules().enabled(DMC001)) {
    // dma-debug: "device driver failed to check map error".
    if (ExplodedNode *N = C.generateNonFatalErrorNode(Next))
      reportUnchecked(C, N, S, *M,
                      "is unmapped by " + displayName(Call, C) +
                          "() without a dma_mapping_error() check");
    return;
  }
  C.addTransition(Next);
}

/// The variable or field an argument reads (`count`, `rq->mapped`), or null.
const MemRegion *holderRegion(const Expr *E, CheckerContext &C) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  ProgramStateRef State = C.getState();
  const LocationContext *LCtx = C.getLocationContext();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return State->getLValue(VD, LCtx).getAsRegion();
    return nullptr;
  }
  if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E)) {
    // ring[i]: the element of the array or pointer the base names.
    SVal Base = UnknownVal();
    const Expr *B = AE->getBase()->IgnoreParenCasts();
    if (const MemRegion *BR = holderRegion(B, C))
      Base = B->getType()->isArrayType() ? loc::MemRegionVal(BR)
                                         : State->getSVal(BR);
    SVal Idx = C.getSVal(AE->getIdx());
    if (const MemRegion *IR = holderRegion(AE->getIdx(), C))
      Idx = State->getSVal(IR);
    auto NL = Idx.getAs<NonLoc>();
    if (Base.isUnknownOrUndef() || !NL)
      return nullptr;
    return State->getLValue(AE->getType(), *NL, Base).getAsRegion();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return nullptr;
    SVal Base = UnknownVal();
    if (const MemRegion *BR = holderRegion(ME->getBase()->IgnoreParenCasts(), C))
      Base = ME->isArrow() ? State->getSVal(BR) : loc::MemRegionVal(BR);
    else if (ME->isArrow())
      Base = C.getSVal(ME->getBase());
    if (Base.isUnknownOrUndef())
      return nullptr;
    return State->getLValue(FD, Base).getAsRegion();
  }
  return nullptr;
}

// Reports a wrong nents; the report's node carries Next. Returns whether it
// made that transition.
bool MappingChecker::checkSgNents(const CallEvent &Call, const ApiEntry &Api,
                                  CheckerContext &C,
                                  ProgramStateRef Next) const {
  if (!activeRules().enabled(DMC003))
    return false;
  ProgramStateRef State = C.getState();
  SVal Given = argVal(Call, Api.Nents);
  std::string Fn = displayName(Call, C) + "()";
  const Expr *Site = nullptr;
  std::string Msg;
  for (SymbolRef S : symbolsIn(Given)) {
    const Mapping *M = lookup(State, S);
    if (!M || !isSg(*M->Api))
      continue;
    Site = M->Site;
    Msg = Fn + " is given the count that " +
          displayName(M->Site, C.getASTContext()) +
          "() returned; it must be the nents passed to it";
    break;
  }
  if (!Site) {
    if (const MemRegion *Holder = holderRegion(argExpr(Call, Api.Nents), C))
      if (const Expr *const *MapSite = State->get<DmaSgCountHolders>(Holder)) {
        Site = *MapSite;
        Msg = Fn + " is given the count that " +
              displayName(Site, C.getASTContext()) +
              "() returned; it must be the nents passed to it";
      }
  }
  if (!Site) {
    const MemRegion *R = argVal(Call, Api.Buf).getAsRegion();
    const SgMapping *SM = R ? State->get<DmaSgMappings>(R->StripCasts()) : nullptr;
    if (!SM || SM->Nents.isUnknownOrUndef() || Given.isUnknownOrUndef())
      return false;
    SValBuilder &SVB = C.getSValBuilder();
    auto Eq = SVB.evalEQ(State, Given.castAs<DefinedOrUnknownSVal>(),
                         SM->Nents.castAs<DefinedOrUnknownSVal>());
    if (State->assume(Eq, true))
      return false; // may be equal: not provably wrong
    Site = SM->Site;
    Msg = Fn + " is given another nents than the one passed to " +
          displayName(SM->Site, C.getASTContext()) + "()";
  }
  ExplodedNode *N = C.generateNonFatalErrorNode(Next);
  if (!N)
    return false;
  const SourceManager &SMgr = C.getSourceManager();
  auto R = std::make_unique<PathSensitiveBugReport>(BT.get(DMC003), Msg, N);
  if (const Expr *E = argExpr(Call, Api.Nents))
    R->addRange(E->getSourceRange());
  R->addNote("the scatterlist was mapped here",
             PathDiagnosticLocation(Site->getBeginLoc(), SMgr));
  C.emitReport(std::move(R));
  return true;
}

void MappingChecker::evalAlloc(const CallEvent &Call, const ApiEntry &Api,
                               CheckerContext &C) const {
  const auto *CE = cast<CallExpr>(Call.getOriginExpr());
  const LocationContext *LCtx = C.getLocationContext();
  SValBuilder &SVB = C.getSValBuilder();
  ProgramStateRef State = C.getState();
  DefinedOrUnknownSVal Ret = SVB.getConjuredHeapSymbolVal(CE, LCtx, C.blockCount());
  State = State->BindExpr(CE, LCtx, Ret);
  SymbolRef P = Ret.getAsLocSymbol();
  SVal Out = argVal(Call, Api.Handle);
  if (auto OutLoc = Out.getAs<Loc>()) {
    QualType HT = C.getASTContext().UnsignedLongLongTy;
    if (const Expr *E = argExpr(Call, Api.Handle))
      if (const auto *PT = E->getType()->getAs<PointerType>())
        HT = PT->getPointeeType();
    static int HandleTag;
    DefinedOrUnknownSVal H =
        SVB.conjureSymbolVal(&HandleTag, CE, LCtx, HT, C.blockCount());
    State = State->bindLoc(*OutLoc, H, LCtx);
    if (SymbolRef HS = H.getAsSymbol(); HS && P)
      State = State->set<DmaAllocHandles>(HS, P);
  }
  if (P && !Api.has(F_MANAGED))
    State = setMapping(State, P,
                       Mapping{&Api, true, false, false, false, false, CE,
                               LCtx, nullptr, nullptr});
  C.addTransition(State);
}

void MappingChecker::evalFree(const CallEvent &Call, const ApiEntry &Api,
                              CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SymbolRef S = trackedIn(State, argVal(Call, Api.Buf));
  if (!S)
    S = trackedIn(State, argVal(Call, Api.Handle));
  if (S)
    State = State->remove<DmaMappings>(S);
  if (const auto *CE = dyn_cast<CallExpr>(Call.getOriginExpr());
      CE && !Call.getResultType()->isVoidType())
    State = State->BindExpr(CE, C.getLocationContext(),
                            C.getSValBuilder().conjureSymbolVal(
                                CE, C.getLocationContext(), CE->getType(),
                                C.blockCount()));
  C.addTransition(State);
}

// --- uses and escapes ------------------------------------------------------

void MappingChecker::checkPreCall(const CallEvent &Call,
                                  CheckerContext &C) const {
  const ApiEntry *Api = apiFor(Call);
  if (Api && (Api->R == Role::MAP || Api->R == Role::UNMAP ||
              Api->R == Role::CHECK || Api->R == Role::SYNC_CPU ||
              Api->R == Role::SYNC_DEV || Api->R == Role::ALLOC ||
              Api->R == Role::FREE))
    return; // evaluated in evalCall
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  bool Mmio = II && isMmioWrite(II->getName());
  // Calls we will step into are judged by what their body does.
  if (!Api && !Mmio) {
    const Decl *D = Call.getRuntimeDefinition().getDecl();
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D); FD && FD->hasBody())
      return;
  }
  ProgramStateRef State = C.getState();
  SmallVector<std::pair<SymbolRef, Mapping>, 2> Written;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    SymbolRef S = trackedIn(State, Call.getArgSVal(I));
    if (!S)
      continue;
    const Mapping *M = lookup(State, S);
    if (Mmio && isUnchecked(State, S, *M) && !M->Reported) {
      Written.push_back({S, *M});
      Mapping Seen = *M;
      Seen.Reported = true; // one report per mapping
      State = setMapping(State, S, Seen);
      continue;
    }
    // Passed to code we cannot see: it may keep the mapping (no leak).
    State = noteUse(State, S, Call.getOriginExpr(), C.getLocationContext(),
                    !Mmio && !releasesBuffer(Call));
  }
  if (Written.empty() || !activeRules().enabled(DMC001)) {
    C.addTransition(State);
    return;
  }
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  for (const auto &W : Written)
    reportUnchecked(C, N, W.first, W.second,
                    "is written to the device by " + II->getName().str() +
                        "() without a dma_mapping_error() check");
}

void MappingChecker::checkBind(SVal Loc, SVal Val, const Stmt *S,
                               CheckerContext &C) const {
  const MemRegion *R = Loc.getAsRegion();
  if (!R)
    return;
  ProgramStateRef State = C.getState();
  bool Changed = false;
  const Expr *CountOf = nullptr;
  SymbolRef HandleOf = nullptr;
  for (SymbolRef Sym : symbolsIn(Val))
    if (const Mapping *M = lookup(State, Sym)) {
      if (isSg(*M->Api))
        CountOf = M->Site;
      else if (isStreaming(*M->Api) && Val.getAsSymbol() == Sym)
        HandleOf = Sym;
    }
  if (HandleOf) {
    State = State->set<DmaHandleHolders>(R, HandleOf);
    Changed = true;
  } else if (State->contains<DmaHandleHolders>(R)) {
    State = State->remove<DmaHandleHolders>(R);
    Changed = true;
  }
  if (CountOf) {
    State = State->set<DmaSgCountHolders>(R, CountOf);
    Changed = true;
  } else if (State->contains<DmaSgCountHolders>(R)) {
    State = State->remove<DmaSgCountHolders>(R);
    Changed = true;
  }
  if (isLocalStorage(R)) {
    if (Changed)
      C.addTransition(State);
    return;
  }
  for (SymbolRef Sym : symbolsIn(Val)) {
    SymbolRef T = trackedIn(State, nonloc::SymbolVal(Sym));
    if (!T && Sym->getType()->isPointerType())
      T = trackedIn(State, loc::MemRegionVal(
                               C.getStoreManager().getRegionManager().getSymbolicRegion(Sym)));
    if (!T)
      continue;
    // Stored where it outlives the function (a ring, an out parameter):
    // not a leak, but a use when it is unchecked. Only returning the handle
    // hands the check to the caller.
    State = noteUse(State, T, S, C.getLocationContext(), true);
    Changed = true;
  }
  if (Changed)
    C.addTransition(State);
}

void MappingChecker::checkPreStmt(const ReturnStmt *RS,
                                  CheckerContext &C) const {
  if (!C.inTopFrame() || !RS->getRetValue())
    return;
  ProgramStateRef State = C.getState();
  SVal V = C.getSVal(RS->getRetValue());
  SymbolRef T = trackedIn(State, V);
  if (!T)
    return;
  Mapping M = *lookup(State, T);
  M.Returned = true;
  M.Escaped = true;
  C.addTransition(setMapping(State, T, M));
}

// Calls that use a buffer and let go of it: passing a buffer to them does
// not make it reachable from anywhere else.
bool releasesBuffer(const CallEvent &Call) {
  if (const ApiEntry *Api = apiFor(Call))
    // usb_control_msg() & co. are synchronous: the core unmaps before return.
    return Api->R == Role::USB_XFER && Api->Fam == Family::USB_URB &&
           Api->RetKind == Ret::ERRNO;
  static const llvm::StringSet<> Names = {
      "memcpy",  "memset",  "memmove",        "memcmp",  "strcpy",
      "strncpy", "strlen",  "strscpy",        "kfree",   "print_hex_dump",
      "crc32_le", "memcpy_fromio", "memcpy_toio", "le32_to_cpu_array",
      "cpu_to_le32_array"};
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  return II && Names.contains(II->getName());
}

// Comparing an unchecked handle (BUG_ON(dma != phys), dma == 0) uses it.
void MappingChecker::checkPostStmt(const BinaryOperator *BO,
                                   CheckerContext &C) const {
  if (!BO->isComparisonOp())
    return;
  ProgramStateRef State = C.getState();
  bool Changed = false;
  for (const Expr *E : {BO->getLHS(), BO->getRHS()}) {
    SymbolRef S = trackedIn(State, C.getSVal(E));
    const Mapping *M = S ? lookup(State, S) : nullptr;
    const Expr *Other = E == BO->getLHS() ? BO->getRHS() : BO->getLHS();
    // `count != 1`, `count <= 0` test the count; `i < count` (for_each_sg)
    // only walks it.
    if (M && isSg(*M->Api) && !M->Checked &&
        Other->isEvaluatable(C.getASTContext())) {
      Mapping T = *M;
      T.Checked = true; // a dma_map_sg() count compared is a count tested
      State = setMapping(State, S, T);
      Changed = true;
      continue;
    }
    if (!M || !isStreaming(*M->Api) || !isUnchecked(State, S, *M) || M->Use)
      continue;
    State = noteUse(State, S, BO, C.getLocationContext(), false);
    Changed = true;
  }
  if (Changed)
    C.addTransition(State);
}

/// Marks a dma_map_sg() count as tested.
void markCountTested(ProgramStateRef State, SVal V, CheckerContext &C) {
  SymbolRef S = trackedIn(State, V);
  const Mapping *M = S ? lookup(State, S) : nullptr;
  if (!M || !isSg(*M->Api) || M->Checked)
    return;
  Mapping T = *M;
  T.Checked = true;
  C.addTransition(setMapping(State, S, T));
}

// `!count`: evaluated (and split on) before the branch sees it.
void MappingChecker::checkPostStmt(const UnaryOperator *UO,
                                   CheckerContext &C) const {
  if (UO->getOpcode() == UO_LNot)
    markCountTested(C.getState(), C.getSVal(UO->getSubExpr()), C);
}

// `if (count)`: a branch on a dma_map_sg() count tests it.
void MappingChecker::checkBranchCondition(const Stmt *Cond,
                                          CheckerContext &C) const {
  const auto *E = dyn_cast<Expr>(Cond);
  if (!E)
    return;
  // Only the count itself, possibly negated: comparisons are judged in
  // checkPostStmt (a loop bound `i < count` is no test).
  const Expr *Inner = E->IgnoreParenImpCasts();
  while (const auto *UO = dyn_cast<UnaryOperator>(Inner)) {
    if (UO->getOpcode() != UO_LNot)
      return;
    Inner = UO->getSubExpr()->IgnoreParenImpCasts();
  }
  if (isa<BinaryOperator>(Inner))
    return;
  markCountTested(C.getState(), C.getSVal(E), C);
}

ProgramStateRef
MappingChecker::checkPointerEscape(ProgramStateRef State,
                                   const InvalidatedSymbols &Escaped,
                                   const CallEvent *Call,
                                   PointerEscapeKind Kind) const {
  if (Call && releasesBuffer(*Call))
    return State;
  for (SymbolRef S : Escaped) {
    SymbolRef T = trackedIn(State, nonloc::SymbolVal(S));
    if (!T)
      continue;
    State = noteUse(State, T, Call ? Call->getOriginExpr() : nullptr,
                    Call ? Call->getLocationContext() : nullptr, true);
  }
  return State;
}

// --- end of life ------------------------------------------------------------

void MappingChecker::checkDeadSymbols(SymbolReaper &SR,
                                      CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SmallVector<std::pair<SymbolRef, Mapping>, 2> Unchecked, Leaked;
  // An allocation stays reachable while the dma_addr_t written through its
  // handle argument is alive, even when the CPU pointer is not.
  auto HandleAlive = [&](SymbolRef P) {
    for (const auto &H : State->get<DmaAllocHandles>())
      if (H.second == P && !SR.isDead(H.first))
        return true;
    return false;
  };
  for (const auto &E : State->get<DmaMappings>()) {
    if (!SR.isDead(E.first))
      continue;
    if (isAlloc(*E.second.Api) && HandleAlive(E.first))
      continue;
    if (E.second.Failed)
      continue; // its value, DMA_MAPPING_ERROR, may still be unmapped
    const Mapping &M = E.second;
    if (isUnchecked(State, E.first, M)) {
      // A handle the driver tested against 0 and dropped: it took that as
      // the failure path; the report belongs to the path that uses it.
      bool DroppedAsZero =
          isStreaming(*M.Api) && !M.Use &&
          State->isNull(nonloc::SymbolVal(E.first)).isConstrainedTrue();
      if (!M.Reported && !DroppedAsZero)
        Unchecked.push_back({E.first, M});
      else if (!M.Escaped)
        Leaked.push_back({E.first, M});
    }
    else if (!M.Escaped && !M.Returned && !M.Failed &&
             (isStreaming(*M.Api) || isAlloc(*M.Api)) &&
             (!isAlloc(*M.Api) ||
              State->isNull(loc::MemRegionVal(
                                C.getStoreManager().getRegionManager().getSymbolicRegion(E.first)))
                  .isConstrainedFalse()))
      Leaked.push_back({E.first, M});
    State = State->remove<DmaMappings>(E.first);
  }
  for (const auto &E : State->get<DmaSgMappings>())
    if (!SR.isLiveRegion(E.first))
      State = State->remove<DmaSgMappings>(E.first);
  for (const auto &E : State->get<DmaHandleHolders>())
    if (!State->contains<DmaMappings>(E.second))
      State = State->remove<DmaHandleHolders>(E.first);
  // Count holders go when they are rebound (checkBind), not here: the
  // reaper's view of a variable's liveness is taken before the statements
  // that still read the count.
  for (const auto &E : State->get<DmaAllocHandles>())
    if (SR.isDead(E.first))
      State = State->remove<DmaAllocHandles>(E.first);

  if (Unchecked.empty() && Leaked.empty()) {
    C.addTransition(State);
    return;
  }
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  for (const auto &E : Unchecked)
    reportUnchecked(C, N, E.first, E.second);
  for (const auto &E : Leaked)
    reportLeak(C, N, E.first, E.second);
}

void MappingChecker::checkEndFunction(const ReturnStmt *RS,
                                      CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  ProgramStateRef State = C.getState();
  SmallVector<std::pair<SymbolRef, Mapping>, 2> Unchecked;
  for (const auto &E : State->get<DmaMappings>())
    if (isUnchecked(State, E.first, E.second) && !E.second.Reported)
      Unchecked.push_back({E.first, E.second});
  if (Unchecked.empty())
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  for (const auto &E : Unchecked)
    reportUnchecked(C, N, E.first, E.second);
}

// --- reports ----------------------------------------------------------------

void MappingChecker::addSiteNote(PathSensitiveBugReport &R, const Mapping &M,
                                 CheckerContext &C) const {
  R.addNote("mapped by " + displayName(M.Site, C.getASTContext()) + "() here",
            PathDiagnosticLocation::createBegin(M.Site, C.getSourceManager(),
                                                M.SiteCtx));
}

void MappingChecker::reportUnchecked(CheckerContext &C, ExplodedNode *N,
                                     SymbolRef S, const Mapping &M,
                                     StringRef How) const {
  if (!activeRules().enabled(DMC001))
    return;
  std::string Map = displayName(M.Site, C.getASTContext()) + "()";
  std::string Msg;
  if (!How.empty())
    Msg = "the mapping made by " + Map + " " + How.str();
  else if (isSg(*M.Api))
    Msg = Map + " result is used without a check for 0 (the mapping failed "
                "when it returns 0)";
  else if (!M.Use)
    Msg = Map + " result is lost without dma_mapping_error() check";
  else
    Msg = Map + " result is used without dma_mapping_error() check";
  // Lost without any use on this path: another path may show the use.
  bool Secondary = How.empty() && !M.Use;
  const SourceManager &SM = C.getSourceManager();
  PathDiagnosticLocation Unique =
      PathDiagnosticLocation::createBegin(M.Site, SM, M.SiteCtx);
  PathDiagnosticLocation Use;
  if (How.empty() && M.Use && M.UseCtx) {
    Use = PathDiagnosticLocation::createBegin(M.Use, SM, M.UseCtx);
  } else if (!How.empty()) {
    // An unmap or register write inside a helper: point at the call in the
    // function that made the mapping (the helper may be right elsewhere).
    const Stmt *At = N->getStmtForDiagnostics();
    if (At) {
      auto [S2, L2] = inMappingFrame(M, At, N->getLocationContext());
      Use = PathDiagnosticLocation::createBegin(S2, SM, L2);
    }
  }
  auto R = std::make_unique<UseSiteReport>(
      BT.get(DMC001, Secondary), Msg, N, Unique,
      M.SiteCtx ? M.SiteCtx->getDecl() : nullptr, Use);
  R->markInteresting(S);
  addSiteNote(*R, M, C);
  C.emitReport(std::move(R));
}

void MappingChecker::reportLeak(CheckerContext &C, ExplodedNode *N,
                                SymbolRef S, const Mapping &M) const {
  if (!activeRules().enabled(DMC002))
    return;
  std::string What = displayName(M.Site, C.getASTContext()) + "()";
  std::string Release = M.Api->Release[0] ? M.Api->Release : "its release";
  std::string Msg = isAlloc(*M.Api)
                        ? "memory from " + What + " is leaked: it is lost without " +
                              Release + "()"
                        : "mapping made by " + What + " is leaked: its handle is lost without " +
                              Release + "()";
  const SourceManager &SM = C.getSourceManager();
  auto R = std::make_unique<PathSensitiveBugReport>(
      BT.get(DMC002), Msg, N,
      PathDiagnosticLocation::createBegin(M.Site, SM, M.SiteCtx),
      M.SiteCtx ? M.SiteCtx->getDecl() : nullptr);
  R->markInteresting(S);
  R->addNote((isAlloc(*M.Api) ? "allocated by " : "mapped by ") + What + " here",
             PathDiagnosticLocation::createBegin(M.Site, SM, M.SiteCtx));
  C.emitReport(std::move(R));
}

void MappingChecker::reportIgnored(CheckerContext &C, const ApiEntry &Api,
                                   const CallEvent &Call) const {
  if (!activeRules().enabled(DMC001))
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode();
  if (!N)
    return;
  std::string Msg = displayName(Call, C) + "() result is ignored";
  if (isStreaming(Api))
    Msg += ": the mapping can be neither checked nor unmapped";
  else if (isSg(Api))
    Msg += ": a failed mapping (0) goes unnoticed";
  else
    Msg += ": a failed mapping goes unnoticed";
  C.emitReport(std::make_unique<PathSensitiveBugReport>(BT.get(DMC001), Msg, N));
}

} // namespace

void dmacheck::registerMappingChecker(CheckerManager &Mgr) {
  Mgr.registerChecker<MappingChecker>();
}




//===- Engine.cpp - Clang frontend + Static Analyzer with our checkers ----===//
//
// One file's analysis: run the frontend with the analysis consumer, our
// checkers registered in-process, and turn the path diagnostics into plain
// findings. NOLINT comments are honoured here, where the source is at hand.
//
//===----------------------------------------------------------------------===//
#include "engine/Engine.h"
#include "checkers/Checkers.h"
#include "checkers/Support.h"
#include "common/Model.h"
#include "common/Prefilter.h"
#include "engine/DonePaths.h"
#include "engine/FunctionPolicy.h"
#include "engine/GroupPch.h"
#include "engine/HeaderBodies.h"
#include "engine/LoopWidening.h"
#include "engine/NullPaths.h"

#include "clang/AST/Decl.h"
#include "clang/Analysis/PathDiagnostic.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <cstdlib>
#include <set>

using namespace clang;
using namespace clang::ento;

namespace dmacheck {

std::string bundledIncludeDir() {
  if (const char *E = std::getenv("DMACHECK_INCLUDE_DIR"))
    return E;
  return DMACHECK_SOURCE_DIR "/runtime/include";
}

namespace {

std::string oneLine(StringRef S) {
  std::string Out;
  bool Space = false;
  for (char C : S) {
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

Location toLocation(const SourceManager &SM, SourceLocation L) {
  Location Out;
  if (L.isInvalid())
    return Out;
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(L));
  if (P.isInvalid())
    return Out;
  Out.File = P.getFilename();
  Out.Line = P.getLine();
  Out.Col = P.getColumn();
  return Out;
}

StringRef lineText(const SourceManager &SM, SourceLocation L, int Delta) {
  L = SM.getExpansionLoc(L);
  FileID FID = SM.getFileID(L);
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(FID, &Invalid);
  if (Invalid)
    return "";
  unsigned Line = SM.getExpansionLineNumber(L);
  if ((int)Line + Delta < 1)
    return "";
  SourceLocation Start = SM.translateLineCol(FID, Line + Delta, 1);
  unsigned Off = SM.getFileOffset(Start);
  StringRef Rest = Buf.substr(Off);
  return Rest.take_until([](char C) { return C == '\n'; });
}

// NOLINT, NOLINT(rule,...) on the line; NOLINTNEXTLINE(...) on the line above.
bool mentionsRule(StringRef Text, StringRef Marker, StringRef Rule) {
  size_t P = Text.find(Marker);
  while (P != StringRef::npos) {
    StringRef After = Text.substr(P + Marker.size());
    if (!After.starts_with("NEXTLINE") || Marker.ends_with("NEXTLINE")) {
      if (!After.starts_with("("))
        return true;
      StringRef List =
          After.drop_front().take_until([](char C) { return C == ')'; });
      SmallVector<StringRef, 4> Names;
      List.split(Names, ',');
      for (StringRef N : Names) {
        N = N.trim();
        if (N == Rule || N == "*" ||
            (N.ends_with("*") && Rule.starts_with(N.drop_back())))
          return true;
      }
    }
    P = Text.find(Marker, P + 1);
  }
  return false;
}

bool suppressed(const SourceManager &SM, SourceLocation L, StringRef Rule) {
  if (L.isInvalid())
    return false;
  StringRef Here = lineText(SM, L, 0);
  if (mentionsRule(Here, "NOLINT", Rule))
    return true;
  return mentionsRule(lineText(SM, L, -1), "NOLINTNEXTLINE", Rule);
}

class CollectingConsumer : public PathDiagnosticConsumer {
public:
  explicit CollectingConsumer(std::vector<Finding> &Out) : Out(Out) {}

  StringRef getName() const override { return "dmacheck"; }
  PathGenerationScheme getGenerationScheme() const override { return Minimal; }
  bool supportsCrossFileDiagnostics() const override { return true; }

  void FlushDiagnosticsImpl(std::vector<const PathDiagnostic *> &Diags,
                            FilesMade *) override {
    // A secondary report yields to any other report of its rule that shares
    // its uniqueing location (the same mapping).
    std::set<std::pair<std::string, unsigned>> Primary;
    auto Key = [](const PathDiagnostic *PD) {
      return std::make_pair(
          PD->getBugType().str(),
          PD->getUniqueingLoc().isValid()
              ? PD->getUniqueingLoc().asLocation().getRawEncoding()
              : 0u);
    };
    for (const PathDiagnostic *PD : Diags)
      if (PD->getCategory() != SecondaryCategory)
        Primary.insert(Key(PD));
    for (const PathDiagnostic *PD : Diags)
      if (PD->getCategory() != SecondaryCategory || !Primary.count(Key(PD)))
        collect(*PD);
  }

private:
  void collect(const PathDiagnostic &PD) {
    PathDiagnosticLocation PL = PD.getLocation();
    const SourceManager &SM = PL.getManager();
    SourceLocation L = PL.asLocation();
    const RuleInfo *R = lookupRule(PD.getBugType());
    if (!R || suppressed(SM, L, R->Name))
      return;
    Finding F;
    F.Rule = R->Name;
    F.Severity = severityName(R->Sev);
    F.Loc = toLocation(SM, L);
    F.Message = PD.getShortDescription().str();
    if (const auto *ND = dyn_cast_or_null<NamedDecl>(PD.getDeclWithIssue()))
      F.Function = ND->getNameAsString();
    F.Snippet = oneLine(lineText(SM, L, 0));
    PathPieces Flat = PD.path.flatten(/*ShouldFlattenMacros=*/false);
    // "Assuming ..." about a condition that does not touch what the report
    // is about (the analyzer marks those prunable) is noise between the
    // notes that tell the mapping's story, except the last one: the branch
    // that sent the path where the rule broke.
    const PathDiagnosticPiece *Decisive = nullptr;
    bool Story = false; // a note about the tracked value came first
    for (const PathDiagnosticPieceRef &P : Flat) {
      const auto *EP = dyn_cast<PathDiagnosticEventPiece>(P.get());
      if (EP && EP->isPrunable() && Story)
        Decisive = EP;
      else if (EP && !EP->isPrunable() && !EP->getString().empty())
        Story = true;
    }
    for (const PathDiagnosticPieceRef &P : Flat) {
      if (P->getString().empty())
        continue;
      if (!isa<PathDiagnosticEventPiece>(P.get()) &&
          !isa<PathDiagnosticNotePiece>(P.get()))
        continue;
      if (const auto *EP = dyn_cast<PathDiagnosticEventPiece>(P.get());
          EP && EP->isPrunable() && EP != Decisive)
        continue;
      PathEvent E{toLocation(SM, P->getLocation().asLocation()),
                  P->getString().str()};
      if (E.Message == F.Message && E.Loc.Line == F.Loc.Line &&
          E.Loc.File == F.Loc.File)
        continue; // the warning itself
      F.Path.push_back(std::move(E));
    }
    Out.push_back(std::move(F));
  }

  std::vector<Finding> &Out;
};

// Frontend errors decide whether the file was analysed at all: the analysis
// consumer silently skips a translation unit that had an error.
class ErrorCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !First.empty())
      return;
    SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      Location L = toLocation(Info.getSourceManager(), Info.getLocation());
      First = L.File + ":" + std::to_string(L.Line) + ":" +
              std::to_string(L.Col) + ": error: " + Msg.str().str();
    } else {
      First = "error: " + Msg.str().str();
    }
  }
  std::string First;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(const EngineOptions &Opts, std::vector<Finding> &Out,
                 const PchLists *Pch, std::shared_ptr<std::string> PchConflict)
      : Opts(Opts), Out(Out), Pch(Pch), PchConflict(std::move(PchConflict)) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    AnalyzerOptions &AO = CI.getAnalyzerOpts();
    AO.CheckersAndPackages.clear();
    // BuiltinFunctions models __builtin_expect, i.e. likely()/unlikely().
    AO.CheckersAndPackages.emplace_back("core.builtin.BuiltinFunctions", true);
    AO.CheckersAndPackages.emplace_back("core.builtin.NoReturnFunctions", true);
    AO.CheckersAndPackages.emplace_back(FunctionPolicyName, true);
    AO.CheckersAndPackages.emplace_back(NullPathsName, true);
    AO.CheckersAndPackages.emplace_back(DonePathsName, true);
    AO.CheckersAndPackages.emplace_back(LoopWideningName, true);
    for (const std::string &Name : checkerNames())
      AO.CheckersAndPackages.emplace_back(Name, true);
    for (const std::string &Name : Opts.ExtraCheckers)
      AO.CheckersAndPackages.emplace_back(Name, true);
    AO.AnalysisDiagOpt = PD_NONE;
    // Every function that makes a mapping is analysed from its own start
    // (engine/FunctionPolicy.cpp picks which), even if a caller inlined it.
    AO.InliningMode = All;
    // Loops are widened by engine/LoopWidening.cpp, which makes unknown only
    // what the loop writes; Clang's widening forgets every local, argument
    // and global of the frame (the handle mapped before a fill loop).
    AO.ShouldWidenLoops = false;
    // The node budget of the functions that make mappings
    // (engine/FunctionPolicy.cpp). Clang's 225000 finds a few more and costs
    // far more CPU; 50000 found the same on drivers/net/ethernet and the
    // mutation sets for 13 % more statements (bench/results.md, "Per-function
    // node budgets" and "Issue 22: the direct mappers' budget, NULL paths").
    if (llvm::none_of(Opts.AnalyzerConfig, [](const std::string &KV) {
          return StringRef(KV).starts_with("max-nodes=");
        }))
      AO.MaxNodesPerTopLevelFunction = 35000;
    std::unique_ptr<AnalysisASTConsumer> C = CreateAnalysisConsumer(CI);
    C->AddCheckerRegistrationFn(registerCheckers);
    C->AddCheckerRegistrationFn(registerFunctionPolicy);
    C->AddCheckerRegistrationFn(registerNullPaths);
    C->AddCheckerRegistrationFn(registerDonePaths);
    C->AddCheckerRegistrationFn(registerLoopWidening);
    C->AddDiagnosticConsumer(new CollectingConsumer(Out));
    if (Pch)
      watchPchMacros(CI.getPreprocessor(), *Pch, PchConflict);
    if (Opts.AllHeaderBodies)
      return C;
    return skipUnusedHeaderBodies(
        CI, std::move(C), localIdentifiers(InFile.str(), "", Opts.Flags),
        Pch ? Pch->Bodies : nullptr);
  }

private:
  const EngineOptions &Opts;
  std::vector<Finding> &Out;
  const PchLists *Pch; // with Opts.Pch
  std::shared_ptr<std::string> PchConflict;
};

// One parse and analysis. With a PCH, Conflict says why its result does not
// stand (an error, or a macro the common headers test); then R is not used.
FileResult analyzeOnce(const std::string &File, const EngineOptions &Opts,
                       const PchLists *Pch, std::string &Conflict) {
  FileResult R;
  R.File = File;
  std::vector<Finding> Findings;
  ErrorCollector Errors;
  auto Watch = std::make_shared<std::string>();
  llvm::IntrusiveRefCntPtr<FileManager> Files(
      new FileManager(FileSystemOptions()));
  tooling::ToolInvocation Inv(
      compileArgs(File, Opts),
      std::make_unique<AnalysisAction>(Opts, Findings, Pch, Watch),
      Files.get());
  Inv.setDiagnosticConsumer(&Errors);
  bool Ok = Inv.run();
  Conflict = *Watch;
  if (!Ok || Errors.getNumErrors() > 0) {
    R.Status = FileStatus::ParseError;
    R.Error = Errors.First.empty() ? File + ": error: the compiler failed"
                                   : Errors.First;
    if (Conflict.empty())
      Conflict = "error: " + R.Error;
    SmallVector<OptionalFileEntryRef, 64> Seen;
    Files->GetUniqueIDMapping(Seen);
    for (OptionalFileEntryRef F : Seen)
      if (F)
        R.Read.push_back(F->getName().str());
    return R;
  }
  R.Findings = std::move(Findings);
  return R;
}

void tracePch(const std::string &File, const std::string &Why) {
  if (std::getenv("DMACHECK_PCH_TRACE"))
    llvm::errs() << "dmacheck: pch: " << File << ": "
                 << (Why.empty() ? "used" : "not used: " + Why) << "\n";
}

} // namespace

FileResult analyzeFile(const std::string &File, const EngineOptions &Opts) {
  if (Opts.BuildPch)
    return buildGroupPch(File, Opts);
  auto Start = std::chrono::steady_clock::now();
  if (!llvm::sys::fs::exists(File)) {
    FileResult R;
    R.File = File;
    R.Status = FileStatus::ParseError;
    R.Error = File + ": error: no such file";
    return R;
  }
  std::string Conflict;
  FileResult R;
  bool Done = false;
  if (!Opts.Pch.empty()) {
    PchLists Lists = loadPchLists(Opts.Pch);
    Conflict = pchConflict(File, Lists);
    if (Conflict.empty())
      R = analyzeOnce(File, Opts, &Lists, Conflict);
    Done = Conflict.empty();
    tracePch(File, Conflict);
  }
  if (!Done) {
    EngineOptions Plain = Opts;
    Plain.Pch.clear();
    R = analyzeOnce(File, Plain, nullptr, Conflict);
  }
  R.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  return R;
}

} // namespace dmacheck

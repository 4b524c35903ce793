//===- GroupPch.cpp - one precompiled header per compile-flag group -------===//
#include "engine/GroupPch.h"
#include "engine/HeaderBodies.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace clang;
using namespace llvm;

namespace dmacheck {

namespace {

bool isIdentStart(char C) { return isAlpha(C) || C == '_'; }

// Every identifier of Text (the macro names a #if condition may test).
template <typename Fn> void identifiersIn(StringRef Text, Fn Each) {
  for (size_t I = 0; I < Text.size();) {
    if (!isIdentStart(Text[I])) {
      ++I;
      continue;
    }
    size_t E = I;
    while (E < Text.size() && (isAlnum(Text[E]) || Text[E] == '_'))
      ++E;
    Each(Text.slice(I, E));
    I = E;
  }
}

// The macro names the precompiled headers test.
class TestedMacros : public PPCallbacks {
public:
  TestedMacros(const SourceManager &SM, StringSet<> &Out) : SM(SM), Out(Out) {}

  void Ifdef(SourceLocation, const Token &Name,
             const MacroDefinition &) override {
    add(Name);
  }
  void Ifndef(SourceLocation, const Token &Name,
              const MacroDefinition &) override {
    add(Name);
  }
  void Elifdef(SourceLocation, const Token &Name,
               const MacroDefinition &) override {
    add(Name);
  }
  void Elifndef(SourceLocation, const Token &Name,
                const MacroDefinition &) override {
    add(Name);
  }
  void Defined(const Token &Name, const MacroDefinition &,
               SourceRange) override {
    add(Name);
  }
  void If(SourceLocation, SourceRange Cond, ConditionValueKind) override {
    condition(Cond);
  }
  void Elif(SourceLocation, SourceRange Cond, ConditionValueKind,
            SourceLocation) override {
    condition(Cond);
  }

private:
  void add(const Token &Name) {
    if (const IdentifierInfo *II = Name.getIdentifierInfo())
      Out.insert(II->getName());
  }
  void condition(SourceRange Cond) {
    bool Invalid = false;
    StringRef Text = Lexer::getSourceText(CharSourceRange::getTokenRange(Cond),
                                          SM, LangOptions(), &Invalid);
    if (!Invalid)
      identifiersIn(Text, [&](StringRef Id) { Out.insert(Id); });
  }

  const SourceManager &SM;
  StringSet<> &Out;
};

class BuildAction : public GeneratePCHAction {
public:
  BuildAction(StringSet<> &Tested, std::shared_ptr<BodyUses> Uses)
      : Tested(Tested), Uses(std::move(Uses)) {}
  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<TestedMacros>(CI.getSourceManager(), Tested));
    return GeneratePCHAction::BeginSourceFileAction(CI);
  }
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    return classifyHeaderBodies(
        CI, GeneratePCHAction::CreateASTConsumer(CI, InFile), Uses);
  }

private:
  StringSet<> &Tested;
  std::shared_ptr<BodyUses> Uses;
};

// The first error, and the line of the group header whose #include led to
// it (0: none, or the error is not below one).
class FirstError : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !Message.empty())
      return;
    SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    Message = Msg.str().str();
    if (!Info.hasSourceManager() || Info.getLocation().isInvalid())
      return;
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation L = SM.getExpansionLoc(Info.getLocation());
    // Up the include stack to the line of the group header.
    while (L.isValid() && SM.getFileID(L) != SM.getMainFileID())
      L = SM.getIncludeLoc(SM.getFileID(L));
    if (L.isValid())
      Line = SM.getExpansionLineNumber(L);
  }
  std::string Message;
  unsigned Line = 0;
};

std::optional<std::vector<std::string>> readLines(const std::string &Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return std::nullopt;
  std::vector<std::string> Lines;
  SmallVector<StringRef, 64> Parts;
  (*Buf)->getBuffer().split(Parts, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef P : Parts)
    Lines.push_back(P.str());
  return Lines;
}

bool writeLines(const std::string &Path, const std::vector<std::string> &L) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  for (const std::string &S : L)
    OS << S << '\n';
  OS.close();
  return !EC && !OS.has_error();
}

} // namespace

FileResult buildGroupPch(const std::string &Header, const EngineOptions &Opts) {
  FileResult R;
  R.File = Header;
  R.Status = FileStatus::ParseError;
  std::optional<std::vector<std::string>> Lines = readLines(Header);
  if (!Lines) {
    R.Error = Header + ": error: cannot read the group header";
    return R;
  }
  // A header that needs another one first (or clashes with one) fails the
  // build: it is left out, the rest are built again.
  while (!Lines->empty()) {
    StringSet<> Tested;
    auto Uses = std::make_shared<BodyUses>();
    FirstError Err;
    IntrusiveRefCntPtr<FileManager> Files(new FileManager(FileSystemOptions()));
    tooling::ToolInvocation Inv(compileArgs(Header, Opts),
                                std::make_unique<BuildAction>(Tested, Uses),
                                Files.get());
    Inv.setDiagnosticConsumer(&Err);
    if (Inv.run() && Err.getNumErrors() == 0) {
      std::vector<std::string> Names;
      for (const auto &E : Tested)
        Names.push_back(E.getKey().str());
      std::vector<std::string> Bodies;
      for (const auto &E : *Uses)
        Bodies.push_back(std::string(1, char(E.second)) + " " +
                         E.getKey().str());
      if (!writeLines(Opts.Pch + ".macros", Names) ||
          !writeLines(Opts.Pch + ".bodies", Bodies)) {
        R.Error = Opts.Pch + ": error: cannot write its lists";
        return R;
      }
      R.Status = FileStatus::Analysed;
      return R;
    }
    sys::fs::remove(Opts.Pch);
    if (Err.Line == 0 || Err.Line > Lines->size()) {
      R.Error = Header + ": error: " + Err.Message;
      return R;
    }
    Lines->erase(Lines->begin() + (Err.Line - 1));
    if (!writeLines(Header, *Lines)) {
      R.Error = Header + ": error: cannot write it";
      return R;
    }
  }
  R.Error = Header + ": error: no header of the group builds";
  return R;
}

namespace {

// Defined first by nearly every driver; they only prefix message strings.
bool harmless(StringRef Name) { return Name == "pr_fmt" || Name == "dev_fmt"; }

class ConflictWatch : public PPCallbacks {
public:
  ConflictWatch(Preprocessor &PP, std::shared_ptr<const StringSet<>> Tested,
                std::shared_ptr<std::string> Conflict)
      : PP(PP), SM(PP.getSourceManager()), Tested(std::move(Tested)),
        Conflict(std::move(Conflict)) {}

  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    check(Name, MD ? MD->getLocation() : Name.getLocation());
  }
  void MacroUndefined(const Token &Name, const MacroDefinition &,
                      const MacroDirective *) override {
    check(Name, Name.getLocation());
  }

private:
  void check(const Token &Name, SourceLocation L) {
    // The command line's macros (-D) are the group's, or the file's own
    // KBUILD_* that no header tests.
    if (!Conflict->empty() || L.isInvalid() || SM.isWrittenInBuiltinFile(L) ||
        SM.isWrittenInCommandLineFile(L) || SM.isWrittenInScratchSpace(L))
      return;
    StringRef N = Name.getIdentifierInfo()->getName();
    if (!Tested->contains(N) || harmless(N))
      return;
    *Conflict = "defines " + N.str() + ", which the common headers test";
    // An error: the analysis does not run on this parse, which is done
    // again without the PCH.
    DiagnosticsEngine &D = PP.getDiagnostics();
    D.Report(L, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << *Conflict;
  }

  Preprocessor &PP;
  const SourceManager &SM;
  std::shared_ptr<const StringSet<>> Tested;
  std::shared_ptr<std::string> Conflict;
};

} // namespace

PchLists loadPchLists(const std::string &Pch) {
  auto Tested = std::make_shared<StringSet<>>();
  if (auto Lines = readLines(Pch + ".macros"))
    for (const std::string &L : *Lines)
      Tested->insert(L);
  auto Bodies = std::make_shared<BodyUses>();
  if (auto Lines = readLines(Pch + ".bodies"))
    for (StringRef L : *Lines)
      if (L.size() > 2)
        (*Bodies)[L.drop_front(2)] = BodyUse(L[0]);
  return {std::move(Tested), std::move(Bodies)};
}

std::string pchConflict(const std::string &File, const PchLists &L) {
  auto Buf = MemoryBuffer::getFile(File);
  if (!Buf)
    return "cannot read " + File;
  const StringSet<> &Tested = *L.Tested;
  if (Tested.empty())
    return "no list of the precompiled header's macros";
  // #define and #undef of the file itself, before the parse.
  StringRef Text = (*Buf)->getBuffer();
  for (size_t I = 0; I < Text.size();) {
    StringRef Line =
        Text.substr(I).take_until([](char C) { return C == '\n'; });
    I += Line.size() + 1;
    StringRef T = Line.ltrim();
    if (!T.consume_front("#"))
      continue;
    T = T.ltrim();
    if (!T.consume_front("define") && !T.consume_front("undef"))
      continue;
    StringRef Name =
        T.ltrim().take_while([](char C) { return isAlnum(C) || C == '_'; });
    if (Tested.contains(Name) && !harmless(Name))
      return "defines " + Name.str() + ", which the common headers test";
  }
  return "";
}

void watchPchMacros(Preprocessor &PP, const PchLists &L,
                    std::shared_ptr<std::string> Conflict) {
  PP.addPPCallbacks(
      std::make_unique<ConflictWatch>(PP, L.Tested, std::move(Conflict)));
}

} // namespace dmacheck

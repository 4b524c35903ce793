//===- Prefilter.cpp - skip files that cannot use the DMA API -------------===//
#include "common/Prefilter.h"

#include "common/Model.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

using namespace llvm;

namespace dmacheck {

namespace {

struct Definition {
  std::string Name;
  std::set<std::string> Uses; // identifiers of the body
};

struct ScannedFile {
  std::set<std::string> Idents;
  std::vector<std::string> QuotedIncludes;
  std::vector<Definition> Defs;
};

bool isIdentStart(char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_';
}
bool isIdentChar(char C) { return isIdentStart(C) || (C >= '0' && C <= '9'); }

// Identifiers of C text outside comments and literals; preprocessor lines
// give quoted includes and macro definitions; top-level `name(...) {`
// gives function definitions. Without Idents the file's identifier set is
// not kept (a header's, for the verdict: a register header of amdgpu has
// 300,000 macro names), nor the definitions that name nothing (they can
// never be wrappers).
ScannedFile scan(StringRef S, bool Idents = true) {
  ScannedFile F;
  size_t I = 0, N = S.size();
  bool LineStart = true;
  int Depth = 0, Parens = 0;
  std::string Candidate; // last top-level identifier followed by '('
  std::string Last;      // last identifier seen
  char LastPunct = 0;    // last non-identifier token character
  long InFunction = -1;  // index into F.Defs
  auto SkipComment = [&]() -> bool {
    if (S[I] == '/' && I + 1 < N && S[I + 1] == '/') {
      while (I < N && S[I] != '\n')
        ++I;
      return true;
    }
    if (S[I] == '/' && I + 1 < N && S[I + 1] == '*') {
      size_t E = S.find("*/", I + 2);
      I = E == StringRef::npos ? N : E + 2;
      return true;
    }
    return false;
  };
  auto SkipLiteral = [&]() -> bool {
    char Q = S[I];
    if (Q != '"' && Q != '\'')
      return false;
    for (++I; I < N && S[I] != Q && S[I] != '\n'; ++I)
      if (S[I] == '\\')
        ++I;
    ++I;
    return true;
  };
  while (I < N) {
    char C = S[I];
    if (C == '\n') {
      LineStart = true;
      ++I;
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\r' || C == '\f') {
      ++I;
      continue;
    }
    if (LineStart && C == '#') {
      // A directive, with its backslash-continued lines.
      size_t E = I;
      while (E < N && S[E] != '\n')
        E = (S[E] == '\\' && E + 1 < N && S[E + 1] == '\n') ? E + 2 : E + 1;
      StringRef Line = S.slice(I + 1, E).ltrim();
      StringRef Word = Line.take_while(isIdentChar);
      StringRef Rest = Line.drop_front(Word.size()).ltrim();
      if (Word == "include" && Rest.starts_with("\"")) {
        StringRef Name =
            Rest.drop_front().take_until([](char Ch) { return Ch == '"'; });
        F.QuotedIncludes.push_back(Name.str());
      } else if (Word == "define") {
        StringRef Name = Rest.take_while(isIdentChar);
        ScannedFile Body = scan(Rest.drop_front(Name.size()));
        if (!Name.empty() && !Body.Idents.empty())
          F.Defs.push_back({Name.str(), Body.Idents});
        if (Idents)
          F.Idents.insert(Body.Idents.begin(), Body.Idents.end());
      } else if (Idents && (Word == "if" || Word == "elif" || Word == "ifdef" ||
                            Word == "ifndef")) {
        ScannedFile Cond = scan(Rest);
        F.Idents.insert(Cond.Idents.begin(), Cond.Idents.end());
      }
      I = E;
      continue;
    }
    LineStart = false;
    if (SkipComment() || SkipLiteral())
      continue;
    if (C >= '0' && C <= '9') {
      // A number (0x1fUL): its letters are no identifier.
      while (I < N && (isIdentChar(S[I]) || S[I] == '.'))
        ++I;
      LastPunct = '0'; // a number is no call's name
      continue;
    }
    if (isIdentStart(C)) {
      size_t B = I;
      while (I < N && isIdentChar(S[I]))
        ++I;
      Last = S.slice(B, I).str();
      if (Idents)
        F.Idents.insert(Last);
      if (InFunction >= 0)
        F.Defs[InFunction].Uses.insert(Last);
      LastPunct = 0;
      continue;
    }
    if (C == '(') {
      if (Depth == 0 && Parens == 0 && LastPunct == 0)
        Candidate = Last;
      ++Parens;
    } else if (C == ')') {
      Parens = Parens > 0 ? Parens - 1 : 0;
    } else if (C == '{') {
      if (Depth == 0 && LastPunct == ')' && !Candidate.empty()) {
        F.Defs.push_back({Candidate, {}});
        InFunction = (long)F.Defs.size() - 1;
      }
      ++Depth;
    } else if (C == '}') {
      Depth = Depth > 0 ? Depth - 1 : 0;
      if (Depth == 0)
        InFunction = -1;
    } else if (C == ';' && Depth == 0) {
      Candidate.clear();
    }
    LastPunct = C;
    ++I;
  }
  llvm::erase_if(F.Defs, [](const Definition &D) { return D.Uses.empty(); });
  return F;
}

struct Collector {
  // Keep the headers' identifiers (localIdentifiers) or only what the
  // verdict reads of them: their definitions (prefilterFile).
  explicit Collector(bool HeaderIdents) : HeaderIdents(HeaderIdents) {}
  const bool HeaderIdents;
  std::vector<std::string> IncludeDirs; // absolute, inside the source tree
  std::vector<std::string> Absent;      // include candidates not found
  // absolute path → contents
  std::map<std::string, std::shared_ptr<const ScannedFile>> Files;

  std::string absolute(StringRef P, StringRef Base) const {
    SmallString<256> A(P);
    if (!sys::path::is_absolute(A)) {
      A = Base;
      sys::path::append(A, P);
    }
    sys::path::remove_dots(A, /*remove_dot_dot=*/true);
    return std::string(A);
  }

  // Main: the file itself, whose identifiers are always kept.
  bool add(const std::string &Path, bool Main = false) {
    if (Files.count(Path))
      return true;
    // A driver's files include the same local headers: the parent reads
    // each once for the verdicts of all of them. Only the lean scans are
    // kept (a whole tree's ~10,000 local headers with their identifier
    // sets held the parent at 1.4 GB), and a bounded number: the files of
    // one driver, which share them, come one after another.
    static std::map<std::string, std::shared_ptr<const ScannedFile>> Seen;
    bool Lean = !Main && !HeaderIdents;
    if (Seen.size() >= 256)
      Seen.clear();
    auto It = Lean ? Seen.find(Path) : Seen.end();
    if (It != Seen.end()) {
      Files[Path] = It->second;
      return true;
    }
    auto Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      return false;
    auto F = std::make_shared<const ScannedFile>(
        scan((*Buf)->getBuffer(), /*Idents=*/!Lean));
    Files[Path] = F;
    if (Lean)
      Seen[Path] = F;
    return true;
  }

  void addIncludes(const std::string &Path, unsigned DepthLeft) {
    if (!DepthLeft || Files.size() > 500)
      return;
    std::vector<std::string> Quoted = Files[Path]->QuotedIncludes;
    std::string Dir = sys::path::parent_path(Path).str();
    for (const std::string &Q : Quoted) {
      std::vector<std::string> Candidates = {absolute(Q, Dir)};
      for (const std::string &D : IncludeDirs)
        Candidates.push_back(absolute(Q, D));
      for (const std::string &C : Candidates) {
        if (Files.count(C))
          break;
        if (sys::fs::is_regular_file(C) && add(C)) {
          addIncludes(C, DepthLeft - 1);
          break;
        }
        Absent.push_back(C);
      }
    }
  }
};

// The API functions a selected rule can start from, and the other kernel
// functions (rules/names.def) of a kind one starts from (rules/triggers.def).
const StringSet<> &triggerNames() {
  static const StringSet<> Names = [] {
    StringSet<> S;
    for (const ApiEntry &E : allApis())
      if (activeRules().triggeredBy(E.R))
        S.insert(E.Name);
#define DMA_NAME(KIND, NAME)                                                   \
  if (activeRules().triggeredByName(NameKind::KIND))                           \
    S.insert(#NAME);
#include "rules/names.def"
#undef DMA_NAME
    return S;
  }();
  return Names;
}

// Adds to Wrappers every definition whose body names an API function or a
// wrapper, until nothing changes.
void closeWrappers(const std::vector<const Definition *> &Defs,
                   StringSet<> &Wrappers) {
  const StringSet<> &Apis = triggerNames();
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const Definition *D : Defs) {
      if (Wrappers.contains(D->Name) || Apis.contains(D->Name))
        continue;
      for (const std::string &U : D->Uses)
        if (Apis.contains(U) || Wrappers.contains(U)) {
          Wrappers.insert(D->Name);
          Changed = true;
          break;
        }
    }
  }
}

struct DirectoryWrappers {
  StringSet<> Names;
  std::vector<std::string> Headers; // the files they were read from
};

// The wrappers defined in the headers of one directory.
const DirectoryWrappers &directoryWrappers(const std::string &Dir) {
  static std::map<std::string, DirectoryWrappers> Memo;
  auto It = Memo.find(Dir);
  if (It != Memo.end())
    return It->second;
  DirectoryWrappers &W = Memo[Dir];
  std::vector<ScannedFile> Headers;
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), End; I != End && !EC;
       I.increment(EC)) {
    if (!StringRef(I->path()).ends_with(".h"))
      continue;
    if (auto Buf = MemoryBuffer::getFile(I->path())) {
      Headers.push_back(scan((*Buf)->getBuffer(), /*Idents=*/false));
      W.Headers.push_back(I->path());
    }
  }
  std::vector<const Definition *> Defs;
  for (const ScannedFile &F : Headers)
    for (const Definition &D : F.Defs)
      Defs.push_back(&D);
  closeWrappers(Defs, W.Names);
  return W;
}

// The file and its quoted local headers, scanned. False when the file
// cannot be read.
bool collectLocal(const std::string &File, const std::string &Directory,
                  const FlagList &Flags, Collector &C, std::string &Main) {
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  std::string Base =
      Directory.empty() ? std::string(Cwd) : C.absolute(Directory, Cwd);
  Main = C.absolute(File, Base);
  // "Inside the source tree": the working directory of the build (the
  // kernel root) or the file's own directory.
  std::string Tree =
      Directory.empty() ? sys::path::parent_path(Main).str() : Base;
  for (const std::string &Dir : includeDirs(Flags, /*Quote=*/true)) {
    std::string Abs = C.absolute(Dir, Base);
    if (StringRef(Abs).starts_with(Tree))
      C.IncludeDirs.push_back(Abs);
  }
  if (!C.add(Main, /*Main=*/true))
    return false;
  C.addIncludes(Main, 16);
  return true;
}

} // namespace

std::set<std::string> localIdentifiers(const std::string &File,
                                       const std::string &Directory,
                                       const FlagList &Flags) {
  Collector C(/*HeaderIdents=*/true);
  std::string Main;
  std::set<std::string> Ids;
  if (!collectLocal(File, Directory, Flags, C, Main))
    return Ids;
  for (auto &[Path, F] : C.Files)
    Ids.insert(F->Idents.begin(), F->Idents.end());
  return Ids;
}

bool prefilterFile(const std::string &File, const std::string &Directory,
                   const FlagList &Flags, PrefilterInputs *Inputs) {
  Collector C(/*HeaderIdents=*/false);
  std::string Main;
  if (!collectLocal(File, Directory, Flags, C, Main))
    return true; // unreadable: let the analysis say why

  // Wrappers may also live in a header of the driver that is not included
  // with quotes (e.g. through an -I and <...>): the headers of the file's
  // directory and of the -I directories beneath it (memoised per
  // directory: a driver's files share them).
  const StringSet<> &Apis = triggerNames();
  std::string MainDir = sys::path::parent_path(Main).str();
  std::vector<std::string> Dirs = {MainDir};
  for (const std::string &D : C.IncludeDirs)
    if (StringRef(D).starts_with(MainDir + "/"))
      Dirs.push_back(D);
  StringSet<> Wrappers;
  for (const std::string &D : Dirs) {
    const DirectoryWrappers &W = directoryWrappers(D);
    for (const auto &N : W.Names)
      Wrappers.insert(N.getKey());
    if (Inputs) {
      Inputs->Listings.push_back(D);
      Inputs->Files.insert(Inputs->Files.end(), W.Headers.begin(),
                           W.Headers.end());
    }
  }
  if (Inputs) {
    for (auto &[Path, F] : C.Files)
      Inputs->Files.push_back(Path);
    Inputs->Absent = C.Absent;
  }
  std::vector<const Definition *> Defs;
  for (auto &[Path, F] : C.Files)
    for (const Definition &D : F->Defs)
      Defs.push_back(&D);
  closeWrappers(Defs, Wrappers);
  // Only the file's own functions are analysed (a header's are reached only
  // through them), so only its own text can call what matters.
  for (const std::string &Id : C.Files[Main]->Idents)
    if (Apis.contains(Id) || Wrappers.contains(Id))
      return true;
  return false;
}

} // namespace dmacheck

//===- KbuildCache.cpp - kbuild dry runs kept across scans ----------------===//
#include "driver/KbuildCache.h"
#include "driver/Cache.h"

#include "db/dmadb.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

using namespace llvm;

namespace dmacheck {

namespace {

bool isMakefile(StringRef Name) {
  return Name.starts_with("Makefile") || Name.starts_with("Kbuild");
}

/// The makefiles directly in Dir (relative to the tree), into Files.
void makefilesIn(StringRef Tree, StringRef Dir, std::set<std::string> &Files) {
  SmallString<256> P(Tree);
  sys::path::append(P, Dir);
  std::error_code EC;
  for (sys::fs::directory_iterator I(P, EC), E; I != E && !EC; I.increment(EC))
    if (I->type() != sys::fs::file_type::directory_file &&
        isMakefile(sys::path::filename(I->path())))
      Files.insert(I->path());
}

/// Every makefile beneath Dir.
void makefilesBeneath(StringRef Tree, StringRef Dir,
                      std::set<std::string> &Files) {
  SmallString<256> P(Tree);
  sys::path::append(P, Dir);
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator I(P, EC), E; I != E && !EC;
       I.increment(EC)) {
    StringRef Name = sys::path::filename(I->path());
    if (I->type() == sys::fs::file_type::directory_file) {
      // Version control and build metadata shape no command.
      if (Name.starts_with("."))
        I.no_push();
      continue;
    }
    if (isMakefile(Name))
      Files.insert(I->path());
  }
}

std::string goalId(const DryRunRequest &Req, StringRef Goal) {
  return "kbuild\t" + Req.Tree + "\t" + Goal.str() + "\t" +
         join(Req.MakeArgs.begin(), Req.MakeArgs.end(), " ") + "\t" +
         Req.Compiler;
}

/// The hash of everything the goal's dry run depends on.
std::string goalKey(const DryRunRequest &Req, StringRef Goal,
                    ContentHasher &H) {
  std::set<std::string> Files;
  for (const char *F : {".config", "include/config/auto.conf", "Makefile"})
    Files.insert((Req.Tree + "/" + F));
  makefilesBeneath(Req.Tree, "scripts", Files);
  std::error_code EC;
  for (sys::fs::directory_iterator I(Req.Tree + "/arch", EC), E; I != E && !EC;
       I.increment(EC))
    makefilesIn(Req.Tree, ("arch/" + sys::path::filename(I->path())).str(),
                Files);
  if (Goal.empty()) {
    makefilesBeneath(Req.Tree, "", Files);
  } else {
    makefilesBeneath(Req.Tree, Goal, Files);
    for (StringRef D = sys::path::parent_path(Goal.rtrim('/')); !D.empty();
         D = sys::path::parent_path(D))
      makefilesIn(Req.Tree, D, Files);
  }
  std::vector<std::string> Parts = {toolIdentity(), goalId(Req, Goal)};
  for (const std::string &F : Files)
    Parts.push_back(F + "\t" + H.hash(F));
  return hashParts(Parts);
}

// --- a dry run as JSON
// --------------------------------------------------------

json::Value toJson(const DryRun &R) {
  json::Array Cmds, Objs, Outs;
  for (const KbuildCommand &C : R.Commands)
    Cmds.push_back(json::Object{{"file", C.File},
                                {"args", json::Array(C.Args)},
                                {"file_arg", (int64_t)C.FileArg},
                                {"object", C.Object}});
  for (const std::string &O : R.Objects)
    Objs.push_back(O);
  for (const std::string &O : R.Outputs)
    Outs.push_back(O);
  return json::Object{{"commands", std::move(Cmds)},
                      {"objects", std::move(Objs)},
                      {"outputs", std::move(Outs)}};
}

bool strings(const json::Array *A, std::vector<std::string> &Out) {
  if (!A)
    return false;
  for (const json::Value &V : *A) {
    auto S = V.getAsString();
    if (!S)
      return false;
    Out.push_back(S->str());
  }
  return true;
}

bool fromJson(StringRef Text, DryRun &R) {
  auto V = json::parse(Text);
  if (!V) {
    consumeError(V.takeError());
    return false;
  }
  const json::Object *O = V->getAsObject();
  const json::Array *Cmds = O ? O->getArray("commands") : nullptr;
  if (!Cmds || !strings(O->getArray("objects"), R.Objects) ||
      !strings(O->getArray("outputs"), R.Outputs))
    return false;
  for (const json::Value &CV : *Cmds) {
    const json::Object *C = CV.getAsObject();
    KbuildCommand K;
    auto File = C ? C->getString("file") : std::nullopt;
    auto Arg = C ? C->getInteger("file_arg") : std::nullopt;
    auto Obj = C ? C->getString("object") : std::nullopt;
    if (!File || !Arg || !Obj || !strings(C->getArray("args"), K.Args) ||
        *Arg < 0 || (size_t)*Arg >= K.Args.size())
      return false;
    K.File = File->str();
    K.FileArg = (size_t)*Arg;
    K.Object = Obj->str();
    R.Commands.push_back(std::move(K));
  }
  return true;
}

void append(DryRun &To, DryRun &&From) {
  for (KbuildCommand &C : From.Commands)
    To.Commands.push_back(std::move(C));
  To.Objects.insert(To.Objects.end(), From.Objects.begin(), From.Objects.end());
  To.Outputs.insert(To.Outputs.end(), From.Outputs.begin(), From.Outputs.end());
}

/// The goal (of Goals) a path of the dry run is beneath, or -1.
int goalOf(StringRef Path, const std::vector<std::string> &Goals) {
  for (size_t I = 0; I < Goals.size(); ++I) {
    StringRef G = StringRef(Goals[I]).rtrim('/');
    if (G.empty() || (Path.starts_with(G) && Path.size() > G.size() &&
                      Path[G.size()] == '/'))
      return (int)I;
  }
  return -1;
}

/// Each goal's share of a dry run of them all: what lies beneath it, and
/// what lies beneath none (prerequisites) in every share.
std::vector<DryRun> split(const DryRun &R, const std::vector<std::string> &G) {
  std::vector<DryRun> Parts(G.size());
  auto Put = [&](StringRef Path, auto Add) {
    int I = goalOf(Path, G);
    for (size_t J = 0; J < G.size(); ++J)
      if (I < 0 || (size_t)I == J)
        Add(Parts[J]);
  };
  for (const KbuildCommand &C : R.Commands)
    Put(C.File, [&](DryRun &P) { P.Commands.push_back(C); });
  for (const std::string &O : R.Objects)
    Put(O, [&](DryRun &P) { P.Objects.push_back(O); });
  for (const std::string &O : R.Outputs)
    Put(O, [&](DryRun &P) { P.Outputs.push_back(O); });
  return Parts;
}

bool runAndParse(const DryRunRequest &Req,
                 const std::vector<std::string> &Goals, DryRun &Out,
                 std::string &Err) {
  std::unique_ptr<MemoryBuffer> Text;
  // The whole tree ("") is make's default goal.
  std::vector<std::string> Targets;
  for (const std::string &G : Goals)
    if (!G.empty())
      Targets.push_back(G);
  if (!runDryRun(Req.Tree, Req.MakeArgs, Targets, Req.Jobs, Text, Err))
    return false;
  Out = parseDryRun(Text->getBuffer(), Req.Compiler);
  return true;
}

} // namespace

bool cachedDryRun(const DryRunRequest &Req,
                  const std::vector<std::string> &GivenGoals, DryRun &Out,
                  std::string &Err) {
  const std::vector<std::string> Goals =
      GivenGoals.empty() ? std::vector<std::string>{""} : GivenGoals;
  char *OpenErr = nullptr;
  dmadb *Db = Req.Db.empty()
                  ? nullptr
                  : dmadb_open(Req.Db.c_str(), DMADB_CREATE, &OpenErr);
  dmadb_free(OpenErr);
  if (!Db) // no cache, or none usable: the scan reports the database itself
    return runAndParse(Req, Goals, Out, Err);
  ContentHasher H;
  std::vector<std::string> Missing, Keys;
  for (const std::string &G : Goals) {
    std::string Key = goalKey(Req, G, H);
    char *Data = nullptr;
    DryRun Part;
    bool Hit = !dmadb_kbuild_get(Db, Key.c_str(), &Data) && Data &&
               fromJson(Data, Part);
    dmadb_free(Data);
    if (Hit) {
      append(Out, std::move(Part));
    } else {
      Missing.push_back(G);
      Keys.push_back(std::move(Key));
    }
  }
  bool Ok = true;
  if (!Missing.empty()) {
    DryRun Run;
    Ok = runAndParse(Req, Missing, Run, Err);
    if (Ok) {
      std::vector<DryRun> Parts = split(Run, Missing);
      for (size_t I = 0; I < Missing.size(); ++I) {
        std::string Text;
        raw_string_ostream(Text) << toJson(Parts[I]);
        // A failed store costs the next scan a dry run, nothing else.
        dmadb_kbuild_put(Db, goalId(Req, Missing[I]).c_str(), Keys[I].c_str(),
                         Text.c_str());
        append(Out, std::move(Parts[I]));
      }
    }
  }
  dmadb_close(Db);
  return Ok;
}

} // namespace dmacheck

//===- KbuildCache.cpp - kbuild dry runs kept across scans ----------------===//
#include "driver/KbuildCache.h"
#include "driver/Cache.h"
#include "driver/DbBridge.h"

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

// --- a dry run as JSON lines
// A whole-tree dry run is ~19,600 commands: one small JSON document per line,
// parsed one at a time, instead of one document whose parsed form would
// cost the parent hundreds of MB.
constexpr StringLiteral Format = "dmacheck-kbuild-lines/1";

void writeText(const DryRun &R, raw_ostream &OS) {
  OS << json::Value(json::Object{{"format", Format}}) << "\n";
  for (const KbuildCommand &C : R.Commands)
    OS << json::Value(json::Object{{"file", C.File},
                                   {"args", json::Array(C.Args.strings())},
                                   {"file_arg", (int64_t)C.FileArg},
                                   {"object", C.Object}})
       << "\n";
  for (const std::string &O : R.Objects)
    OS << json::Value(json::Object{{"traced", O}}) << "\n";
  for (const std::string &O : R.Outputs)
    OS << json::Value(json::Object{{"output", O}}) << "\n";
}

// The text is written twice, never held: once counted (no writer), to
// size the entry, then into it through the database's writer.
class EntryStream : public raw_ostream {
  dmadb_writer *W;
  uint64_t Pos = 0;
  void write_impl(const char *P, size_t Size) override {
    if (W)
      Failed |= dmadb_write(W, P, Size) != 0;
    Pos += Size;
  }
  uint64_t current_pos() const override { return Pos; }

public:
  bool Failed = false;
  explicit EntryStream(dmadb_writer *W) : W(W) { SetBufferSize(1 << 20); }
};

uint64_t textSize(const DryRun &R) {
  EntryStream C(nullptr);
  writeText(R, C);
  return C.tell();
}

int fillEntry(void *Arg, dmadb_writer *W) {
  EntryStream OS(W);
  writeText(*static_cast<const DryRun *>(Arg), OS);
  OS.flush();
  return OS.Failed;
}

bool command(const json::Object &C, DryRun &R) {
  auto File = C.getString("file");
  auto Arg = C.getInteger("file_arg");
  auto Obj = C.getString("object");
  const json::Array *Args = C.getArray("args");
  if (!File || !Arg || !Obj || !Args || *Arg < 0 ||
      (size_t)*Arg >= Args->size())
    return false;
  KbuildCommand K;
  for (const json::Value &V : *Args) {
    auto S = V.getAsString();
    if (!S)
      return false;
    K.Args.push_back(*S);
  }
  K.File = File->str();
  K.FileArg = (size_t)*Arg;
  K.Object = Obj->str();
  R.Commands.push_back(std::move(K));
  return true;
}

/// Reads an entry piece by piece (dmadb_kbuild_read): one line, one
/// document at a time.
struct TextReader {
  DryRun R;
  LineSplitter Lines;
  bool First = true, Bad = false;

  bool line(StringRef L) {
    auto V = json::parse(L);
    if (!V) {
      consumeError(V.takeError());
      return false;
    }
    const json::Object *O = V->getAsObject();
    if (!O)
      return false;
    if (First) {
      First = false;
      return O->getString("format") == Format; // else another version's
    }
    if (auto T = O->getString("traced"))
      R.Objects.push_back(T->str());
    else if (auto W = O->getString("output"))
      R.Outputs.push_back(W->str());
    else
      return command(*O, R);
    return true;
  }

  static int piece(void *Arg, const char *P, size_t N) {
    auto *T = static_cast<TextReader *>(Arg);
    T->Bad = !T->Lines.feed(StringRef(P, N),
                            [T](StringRef L) { return T->line(L); });
    return T->Bad;
  }

  bool done() {
    return !Bad && Lines.finish([this](StringRef L) { return line(L); }) &&
           !First;
  }
};

void append(DryRun &To, DryRun &&From) {
  for (KbuildCommand &C : From.Commands)
    To.Commands.push_back(std::move(C));
  To.Objects.insert(To.Objects.end(),
                    std::make_move_iterator(From.Objects.begin()),
                    std::make_move_iterator(From.Objects.end()));
  To.Outputs.insert(To.Outputs.end(),
                    std::make_move_iterator(From.Outputs.begin()),
                    std::make_move_iterator(From.Outputs.end()));
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
/// what lies beneath none (prerequisites) in every share. R is consumed:
/// a whole tree's commands are moved, not copied (the parent's peak).
std::vector<DryRun> split(DryRun &&R, const std::vector<std::string> &G) {
  std::vector<DryRun> Parts(G.size());
  auto Put = [&](auto &Item, StringRef Path, auto Member) {
    int I = goalOf(Path, G);
    if (I >= 0) {
      (Parts[I].*Member).push_back(std::move(Item));
      return;
    }
    for (DryRun &P : Parts)
      (P.*Member).push_back(Item);
  };
  for (KbuildCommand &C : R.Commands)
    Put(C, C.File, &DryRun::Commands);
  for (std::string &O : R.Objects)
    Put(O, O, &DryRun::Objects);
  for (std::string &O : R.Outputs)
    Put(O, O, &DryRun::Outputs);
  R = DryRun();
  return Parts;
}

bool runAndParse(const DryRunRequest &Req,
                 const std::vector<std::string> &Goals, DryRun &Out,
                 std::string &Err) {
  // The whole tree ("") is make's default goal.
  std::vector<std::string> Targets;
  for (const std::string &G : Goals)
    if (!G.empty())
      Targets.push_back(G);
  return runDryRun(Req.Tree, Req.MakeArgs, Targets, Req.Compiler, Out, Err);
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
  // The Makefiles of the key (2,092 for drivers/ + sound/), not read again
  // when stat() says they are unchanged (a failed load or store only costs
  // reading them).
  StatCache Stats;
  statsLoad(Db, Stats);
  ContentHasher H;
  H.useStats(&Stats);
  std::vector<std::string> Missing, Keys;
  for (const std::string &G : Goals) {
    std::string Key = goalKey(Req, G, H);
    TextReader T;
    int Found = 0;
    if (!dmadb_kbuild_read(Db, Key.c_str(), TextReader::piece, &T, &Found) &&
        Found && T.done()) {
      append(Out, std::move(T.R));
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
      std::vector<DryRun> Parts = split(std::move(Run), Missing);
      for (size_t I = 0; I < Missing.size(); ++I) {
        // A failed store costs the next scan a dry run, nothing else.
        dmadb_kbuild_put(Db, goalId(Req, Missing[I]).c_str(), Keys[I].c_str(),
                         (long long)textSize(Parts[I]), fillEntry, &Parts[I]);
        append(Out, std::move(Parts[I]));
      }
    }
  }
  statsPut(Db, Stats.takeChanged());
  if (std::getenv("DMACHECK_HASH_TRACE"))
    errs() << "dmacheck: kbuild key hashes: " << H.readCount()
           << " files read, " << H.statCount() << " unchanged by stat()\n";
  dmadb_close(Db);
  return Ok;
}

} // namespace dmacheck

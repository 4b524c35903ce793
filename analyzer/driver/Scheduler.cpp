//===- Scheduler.cpp - prefilter, cache and worker pool ------------------===//
#include "driver/Scheduler.h"
#include "driver/Cache.h"
#include "driver/PchGroups.h"
#include "driver/PrefilterCache.h"
#include "driver/Spawner.h"

#include "common/Model.h"
#include "common/Prefilter.h"
#include "engine/Engine.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

namespace dmacheck {

namespace {

volatile sig_atomic_t StopSignal = 0;

extern "C" void onStopSignal(int Sig) { StopSignal = Sig; }

/// A kernel file that does not parse because it includes a header kbuild
/// generates during the build (msm's `*.xml.h`): kbuild names the directory
/// the build fills with -I, by the kernel's convention a `generated/`
/// directory, and in a tree that was only prepared it is missing or empty.
/// Then the file is skipped, with the reason, like a generated source: not a
/// failure of the tool.
struct MissingHeader {
  std::string Why;
  std::string Path; // where the build will write it
};
std::optional<MissingHeader> missingGeneratedHeader(const Job &J,
                                                    const FileResult &R) {
  if (R.Status != FileStatus::ParseError)
    return std::nullopt;
  StringRef Err(R.Error);
  size_t Q = Err.find("error: '");
  if (Q == StringRef::npos || !Err.ends_with("' file not found"))
    return std::nullopt;
  StringRef Header = Err.drop_front(Q + 8).drop_back(16);
  // The directory to name: one the build has not filled yet (missing or
  // empty, msm's), else the last (a driver's flags follow the tree's).
  std::string Best, BestPath;
  bool BestUnfilled = false;
  for (const std::string &Dir : includeDirs(J.Opts.Flags, /*Quote=*/false)) {
    std::string Path = absolutePath(Dir, J.Directory);
    if (sys::path::filename(Path) != "generated")
      continue;
    SmallString<256> In(Path);
    sys::path::append(In, Header);
    if (sys::fs::exists(In))
      continue;
    std::error_code EC;
    bool Unfilled =
        !sys::fs::exists(Path) ||
        sys::fs::directory_iterator(Path, EC) == sys::fs::directory_iterator();
    if (BestUnfilled && !Unfilled)
      continue;
    Best = Dir;
    BestPath = std::string(In);
    BestUnfilled = Unfilled;
  }
  if (Best.empty())
    return std::nullopt;
  return MissingHeader{"includes '" + Header.str() +
                           "', which kbuild generates into '" + Best +
                           "' during the build (build it first to analyse it)",
                       BestPath};
}

// The part of a job's cache key that is not file content.
std::string cacheKey(const Job &J) {
  std::vector<std::string> Parts = {toolIdentity(),
                                    activeRules().spec(),
                                    J.File,
                                    J.Directory,
                                    J.Opts.HaveFlags ? "flags" : "bundled",
                                    bundledIncludeDir()};
  if (const char *All = std::getenv("DMACHECK_ANALYZE_ALL"))
    Parts.push_back(std::string("analyze-all=") + All);
  for (const std::string &F : J.Opts.Flags)
    Parts.push_back("f:" + F);
  for (const std::string &A : J.Opts.AnalyzerConfig)
    Parts.push_back("a:" + A);
  for (const std::string &C : J.Opts.ExtraCheckers)
    Parts.push_back("c:" + C);
  if (J.Opts.AllHeaderBodies)
    Parts.push_back("all-header-bodies");
  return hashParts(Parts);
}

struct Running {
  size_t Index; // the job, or PchGroups::None for a group's PCH build
  std::string OutPath;
  size_t Group = PchGroups::None; // the PCH it builds
  bool UsesPch = false;
  int64_t StartNs = 0; // fileClockNanos() when it started
};

class Pool {
public:
  Pool(const std::vector<Job> &Jobs, const ScheduleOptions &S,
       DbRecorder &Cache, Sinks &Out)
      : Jobs(Jobs), S(S), Cache(Cache), Out(Out), Keys(Jobs.size()),
        Verdicts(Cache, Hasher, S.UseCache), Groups(Jobs, S.Pch),
        Resolved(Jobs.size(), Unresolved) {}
  bool run(bool &Failed);

private:
  bool resolve(size_t Index);
  bool needsWorker(size_t Index);
  bool start(size_t Index);
  void pchBuilt(const Running &R, int Status);
  void complete(size_t Index, FileResult R, bool FromCache,
                const std::string &DepsPath, int64_t StartNs = 0);
  void stop();

  const std::vector<Job> &Jobs;
  const ScheduleOptions &S;
  DbRecorder &Cache;
  Sinks &Out;
  std::vector<std::string> Keys;
  StatCache Stats;      // hashes of files stat() says are unchanged
  ContentHasher Hasher; // dependency hashes, shared by every lookup
  PrefilterCache Verdicts;
  std::map<pid_t, Running> Live;
  SmallString<128> TmpDir;
  PchGroups Groups;
  enum : char { Unresolved, Finished, NeedsWorker };
  std::vector<char> Resolved;  // files resolved ahead of their turn
  std::deque<size_t> Released; // files whose group's PCH build ended
};

// A finished file: cached when it was analysed, or skipped for a header
// the build generates (until that header appears: msm's and xe's files
// would otherwise be parsed again by every re-scan), then handed on.
void Pool::complete(size_t Index, FileResult R, bool FromCache,
                    const std::string &DepsPath, int64_t StartNs) {
  const Job &J = Jobs[Index];
  std::string Absent;
  if (S.KernelTree)
    if (std::optional<MissingHeader> M = missingGeneratedHeader(J, R)) {
      R.Status = FileStatus::Skipped;
      R.Error = M->Why;
      Absent = absentRecord(M->Path);
    }
  if (!DepsPath.empty()) {
    auto Deps = MemoryBuffer::getFile(DepsPath);
    if (Deps && (R.Status == FileStatus::Analysed || !Absent.empty())) {
      Cache.cachePut(Keys[Index], J.File, (*Deps)->getBuffer().str() + Absent,
                     serialize(R), R.Seconds);
      // The worker read and hashed them: the next scan need not.
      for (StringRef L : split((*Deps)->getBuffer(), '\n'))
        if (auto [Hash, Path] = L.split('\t'); !Path.empty())
          Stats.rememberFrom(Path, Hash.str(), StartNs);
    }
    std::remove(DepsPath.c_str());
  }
  Out.done(Index, std::move(R), FromCache);
}

// Files that need no worker: unresolved, generated, no DMA API name, or
// cached results.
bool Pool::resolve(size_t Index) {
  const Job &J = Jobs[Index];
  auto Finish = [&](FileStatus St, std::string Why) {
    FileResult R;
    R.File = J.File;
    R.Status = St;
    R.Error = std::move(Why);
    complete(Index, std::move(R), false, "");
    return true;
  };
  if (!J.Unresolved.empty())
    return Finish(FileStatus::ParseError, J.Unresolved);
  if (S.KernelTree) {
    // kbuild compiles some sources it first generates (keymaps, logos,
    // register dumps): a tree that was only prepared does not have them.
    SmallString<256> Path(J.Directory);
    sys::path::append(Path, J.File);
    if (!sys::fs::exists(Path))
      return Finish(FileStatus::Skipped,
                    "not in the tree: kbuild generates it (build it first "
                    "to analyse it)");
  }
  if (S.Prefilter && !Verdicts.worthParsing(J))
    return Finish(FileStatus::Skipped, PrefilterSkip);
  if (!S.UseCache)
    return false;
  Keys[Index] = cacheKey(J);
  std::string Deps, Text;
  FileResult R;
  if (Cache.cacheGet(Keys[Index], Deps, Text) && depsUnchanged(Deps, Hasher) &&
      deserialize(Text, R) &&
      (R.Status == FileStatus::Analysed || R.Status == FileStatus::Skipped)) {
    R.File = J.File;
    complete(Index, std::move(R), true, "");
    return true;
  }
  return false;
}

bool Pool::needsWorker(size_t Index) {
  if (Resolved[Index] == Unresolved)
    Resolved[Index] = resolve(Index) ? Finished : NeedsWorker;
  return Resolved[Index] == NeedsWorker;
}

// A finished PCH build releases the files of its group that waited.
void Pool::pchBuilt(const Running &R, int Status) {
  Job B;
  B.File = Groups.pch(R.Group);
  FileResult Res = collectWorker(B, R.OutPath, Status, S.Worker);
  std::vector<size_t> Held = Groups.built(
      R.Group, Res.Status == FileStatus::Analysed ? "" : Res.Error);
  Released.insert(Released.end(), Held.begin(), Held.end());
}

// Starts the worker of a file that needs one, or holds the file until its
// group's PCH is built (the first file of a group may start that build).
// False when no process could be started.
bool Pool::start(size_t Index) {
  Job J = Jobs[Index];
  if (size_t G = Groups.groupOf(Index); G != PchGroups::None) {
    using St = PchGroups::State;
    if (Groups.state(G) == St::Undecided)
      if (std::optional<Job> B = Groups.decide(
              G, Index, [&](size_t I) { return needsWorker(I); }, TmpDir)) {
        WorkerSetup W = S.Worker;
        W.WantDeps = false;
        std::string OutPath = B->File + ".result";
        errs().flush();
        pid_t Pid = spawnWorker(*B, OutPath, W);
        if (Pid < 0)
          return false;
        Live[Pid] = {PchGroups::None, OutPath, G};
        Groups.building(G, Index);
        return true;
      }
    if (Groups.state(G) == St::Building) {
      Groups.hold(G, Index);
      return true;
    }
    if (Groups.state(G) == St::Ready) {
      J.Opts.Pch = Groups.pch(G);
      Groups.use(G);
    }
  }
  std::string OutPath =
      (TmpDir + "/" + std::to_string(Index) + ".result").str();
  errs().flush();
  pid_t Pid = spawnWorker(J, OutPath, S.Worker);
  if (Pid < 0)
    return false;
  Out.started(Index);
  Live[Pid] = {Index, OutPath, PchGroups::None, !J.Opts.Pch.empty(),
               fileClockNanos()};
  return true;
}

// Stopped by a signal: the files being analysed are abandoned (not
// recorded: they were not analysed).
void Pool::stop() {
  stopSpawner(); // first: the wait below waits for every child
  for (auto &L : Live)
    kill(L.first, SIGKILL);
  while (wait(nullptr) > 0 || errno == EINTR) {
  }
  Live.clear();
}

bool Pool::run(bool &Failed) {
  if (sys::fs::createUniqueDirectory("dmacheck", TmpDir)) {
    errs() << "dmacheck: error: cannot create a temporary directory\n";
    Failed = true;
    return true;
  }
  if (S.UseCache) {
    Cache.statsLoad(Stats);
    Hasher.useStats(&Stats);
  }
  size_t Next = 0;
  errs().flush();
  outs().flush();
  while (Next < Jobs.size() || !Released.empty() || !Live.empty()) {
    if (StopSignal)
      break;
    while (Live.size() < S.MaxWorkers && !StopSignal) {
      size_t I;
      if (!Released.empty()) {
        I = Released.front();
        Released.pop_front();
      } else if (Next < Jobs.size()) {
        I = Next++;
        if (!needsWorker(I))
          continue;
      } else {
        break;
      }
      if (!start(I)) {
        errs() << "dmacheck: error: cannot start a worker: "
               << std::strerror(errno) << "\n";
        Failed = true;
        stop();
        sys::fs::remove_directories(TmpDir);
        return true;
      }
    }
    if (Live.empty())
      continue; // everything left was resolved without a worker
    // What was resolved without a worker is stored before the wait: a scan
    // killed while its workers run loses none of it.
    Cache.flush();
    int Status = 0;
    pid_t Pid = waitpid(-1, &Status, 0);
    if (Pid < 0)
      continue; // EINTR: a stop signal is checked at the top
    auto It = Live.find(Pid);
    if (It == Live.end())
      continue;
    Running R = It->second;
    Live.erase(It);
    if (R.Group != PchGroups::None && !workerInterrupted(Status)) {
      pchBuilt(R, Status);
      continue;
    }
    if (workerInterrupted(Status)) {
      // Ctrl-C reaches the whole process group: the worker was stopped,
      // it did not crash. The scan stops with it.
      if (!StopSignal)
        StopSignal = WTERMSIG(Status);
      std::remove(R.OutPath.c_str());
      break;
    }
    complete(R.Index, collectWorker(Jobs[R.Index], R.OutPath, Status, S.Worker),
             false, S.UseCache ? R.OutPath + ".deps" : "", R.StartNs);
    if (R.UsesPch)
      Groups.done(Groups.groupOf(R.Index), Next);
  }
  if (StopSignal)
    stop();
  stopSpawner();
  Verdicts.flush();
  Cache.statsPut(Stats.takeChanged());
  if (std::getenv("DMACHECK_HASH_TRACE"))
    errs() << "dmacheck: hashes: " << Hasher.readCount() << " files read, "
           << Hasher.statCount() << " unchanged by stat()\n";
  sys::fs::remove_directories(TmpDir);
  return !StopSignal;
}

} // namespace

void installStopHandlers() {
  struct sigaction SA;
  std::memset(&SA, 0, sizeof(SA));
  SA.sa_handler = onStopSignal; // no SA_RESTART: waitpid() returns EINTR
  sigemptyset(&SA.sa_mask);
  for (int Sig : {SIGINT, SIGTERM}) {
    struct sigaction Old;
    // A signal the caller ignores (nohup, a background job) stays ignored.
    if (sigaction(Sig, nullptr, &Old) == 0 && Old.sa_handler != SIG_IGN)
      sigaction(Sig, &SA, nullptr);
  }
}

int stopSignal() { return StopSignal; }

void dieOfStopSignal() {
  int Sig = StopSignal ? StopSignal : SIGTERM;
  errs().flush();
  signal(Sig, SIG_DFL);
  raise(Sig);
  _exit(128 + Sig);
}

bool runJobs(const std::vector<Job> &Jobs, const ScheduleOptions &S,
             DbRecorder &Cache, Sinks &Out, bool &Failed) {
  Pool P(Jobs, S, Cache, Out);
  return P.run(Failed);
}

} // namespace dmacheck

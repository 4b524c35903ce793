//===- Main.cpp - the dmacheck command line -------------------------------===//
//
// The stages of a scan, in the order data flows:
//   inputs (Inputs.cpp: files, -p, --kernel-tree, CHECK=) -> jobs;
//   scheduler (Scheduler.cpp: prefilter, cache, a pool of forked workers,
//              Worker.cpp) -> one FileResult per job;
//   sinks (Sinks.cpp: printer, progress, summary; DbBridge.cpp: database
//          and SARIF).
// The database commands (findings, diff, ...) live in analyzer/db.
//
//===----------------------------------------------------------------------===//
#include "driver/DbBridge.h"
#include "driver/DbCommands.h"
#include "driver/Inputs.h"
#include "driver/Options.h"
#include "driver/Progress.h"
#include "driver/Scheduler.h"
#include "driver/Sinks.h"
#include "driver/Spawner.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <malloc.h>
#include <unistd.h>

using namespace llvm;
using namespace dmacheck;

namespace {

/// Outputs are checked before the scan, which may take an hour: a path
/// that cannot be written is an error now, and nothing is created yet.
/// (An existing database is checked by the database layer when it opens
/// it, also before the scan: IsDatabase leaves it to that.)
void checkOutput(const std::string &Path, const char *Option, bool IsDatabase) {
  if (Path.empty() || Path == "-" || (IsDatabase && sys::fs::exists(Path)))
    return;
  if (sys::fs::is_directory(Path))
    usageError(std::string(Option) + " '" + Path + "' is a directory");
  if (sys::fs::exists(Path)) {
    if (access(Path.c_str(), W_OK) != 0)
      usageError(std::string(Option) + " '" + Path +
                 "' cannot be written: " + std::strerror(errno));
    return;
  }
  SmallString<256> Dir(sys::path::parent_path(Path));
  if (Dir.empty())
    Dir = ".";
  if (!sys::fs::is_directory(Dir))
    usageError(std::string(Option) + " '" + Path + "': no directory '" +
               std::string(Dir) + "'");
  if (access(Dir.c_str(), W_OK) != 0)
    usageError(std::string(Option) + " '" + Path +
               "': cannot create files in '" + std::string(Dir) +
               "': " + std::strerror(errno));
}

int dumpCommands(const std::vector<Job> &Jobs) {
  json::Array Out;
  for (const Job &J : Jobs) {
    json::Array Args;
    Args.push_back("clang");
    for (const std::string &F : J.Opts.Flags)
      Args.push_back(F);
    if (!J.Opts.HaveFlags)
      for (const char *A : {"-std=gnu11", "-D__KERNEL__"})
        Args.push_back(A); // bundled-header mode (see the engine)
    bool HasFile = false;
    for (const std::string &F : J.Opts.Flags)
      HasFile |= F == J.File;
    if (!HasFile)
      Args.push_back(J.File);
    SmallString<256> Dir(J.Directory);
    if (Dir.empty())
      sys::fs::current_path(Dir);
    Out.push_back(json::Object{{"directory", std::string(Dir)},
                               {"file", J.File},
                               {"arguments", std::move(Args)}});
  }
  outs() << formatv("{0:2}", json::Value(std::move(Out))) << "\n";
  return 0;
}

// The prefilter is for trees: files named on the command line are parsed
// unless --prefilter says otherwise.
bool usePrefilter(const ScanOptions &O) {
  if (O.Prefilter >= 0)
    return O.Prefilter == 1;
  bool NamedFiles = O.KernelTree.empty() && !O.KbuildCheck &&
                    std::none_of(O.Files.begin(), O.Files.end(),
                                 [](const std::string &F) {
                                   return sys::fs::is_directory(F);
                                 }) &&
                    (O.BuildPath.empty() || !O.Files.empty());
  return !NamedFiles;
}

int scan(const ScanOptions &O) {
  if (O.KbuildCheck && (!O.DbPath.empty() || !O.SarifPath.empty()))
    usageError("--db and --sarif are not available in kbuild checker mode "
               "(use --kernel-tree or -p for a recorded scan)");
  checkOutput(O.DbPath, "--db", /*IsDatabase=*/true);
  checkOutput(O.SarifPath, "--sarif", /*IsDatabase=*/false);
  // Before the inputs are read: the workers are forked from a process
  // whose heap is still small (driver/Spawner.h).
  if (!O.DumpCommands)
    startSpawner();
  Progress Prog(O.Quiet || O.KbuildCheck);
  if (!O.KbuildCheck)
    installStopHandlers();
  Prog.stage(!O.KernelTree.empty()  ? "kbuild dry run (make -n)"
             : !O.BuildPath.empty() ? "reading the compilation database"
                                    : "reading the inputs");
  ResolvedInputs In = resolveInputs(O);
  // Reading a compilation database or a dry run frees hundreds of megabytes
  // of small blocks: hand them back (the scan's RSS).
  malloc_trim(0);
  if (stopSignal())
    dieOfStopSignal();
  if (O.DumpCommands)
    return dumpCommands(In.Jobs);

  DbRecorder Rec; // --db/--sarif; inactive without them
  const Job *First = In.Jobs.empty() ? nullptr : &In.Jobs[0];
  if (!Rec.open(O.DbPath, O.SarifPath, O.CommandLine, First ? First->File : "",
                First ? First->Directory : "", In.SourceRoot, In.CommonDir))
    return 2;
  bool UseCache = O.Cache && !O.DbPath.empty();
  ScheduleOptions S{O.Jobs ? O.Jobs : numCores(),
                    usePrefilter(O),
                    !O.KernelTree.empty(),
                    UseCache,
                    WorkerSetup{O.Timeout, O.MemoryMiB, UseCache},
                    O.Pch};
  Prog.start(In.Jobs.size());
  Sinks Out(In.Jobs, Rec, Prog, O.KbuildCheck);
  bool Failed = false;
  bool Completed = runJobs(In.Jobs, S, Rec, Out, Failed);
  Prog.finish();
  // The summary stays in terminals and CI logs; one file needs none.
  bool Summary = !O.Quiet && !O.KbuildCheck &&
                 (In.Jobs.size() > 1 || !O.DbPath.empty() || !Completed);
  if (!Completed) {
    Rec.interrupted();
    if (Summary)
      Out.summary(/*Interrupted=*/true);
    dieOfStopSignal();
  }
  if (Summary)
    Out.summary(false);
  if (!Rec.finish() || Failed)
    return 2;
  if (O.KbuildCheck) // kbuild: never fail the build unless asked
    return !O.FailOnFindings  ? 0
           : Out.anyFailure() ? 2
           : Out.anyFinding() ? 1
                              : 0;
  if (Out.anyFailure())
    return 2;
  return Out.anyFinding() ? 1 : 0;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc > 1 && isDbCommand(Argv[1]))
    return runDbCommand(Argc, Argv);
  return scan(parseScanOptions(Argc, Argv));
}

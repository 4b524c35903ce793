//===- Main.cpp - the dmacheck command line ---------------------------------===//
//
// Resolves the inputs (files, a compilation database), runs one worker
// process per file so that a crash or a hang loses only that file, and
// prints the findings in Clang's diagnostic format.
//
//===----------------------------------------------------------------------===//
#include "common/Finding.h"
#include "common/Model.h"
#include "db/dmadb.h"
#include "driver/DbBridge.h"
#include "engine/Engine.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;
using namespace dmacheck;

namespace {

const char *Usage =
    "usage: dmacheck [options] <file>... [-- <compiler args>]\n"
    "       dmacheck [options] -p <build dir | compile_commands.json> [<file>...]\n"
    "       dmacheck findings|diff|triage|gate|export|runs [<args>] (--help each)\n"
    "\n"
    "Finds Linux DMA API misuse in C driver code.\n"
    "\n"
    "A file given without compiler args is parsed against the bundled\n"
    "kernel-style headers (runtime/include), so a driver file can be checked\n"
    "without a kernel tree. With -p, each file uses its compile command.\n"
    "\n"
    "options:\n"
    "  -p <path>              compilation database (directory or json file);\n"
    "                         with no files, every entry is analysed\n"
    "  --rules=<glob,-glob>   select rules by name or id, left to right\n"
    "                         (default: every implemented rule)\n"
    "  --list-rules           print the rule table and exit\n"
    "  -j <n>                 parallel worker processes (default: cores)\n"
    "  --file-timeout=<s>     wall-clock limit per file (default 300)\n"
    "  --analyzer-config=<k=v>  pass a Static Analyzer option\n"
    "  --clang-checkers=<list>  also run these Clang checkers (e.g. core)\n"
    "  --db <file>            record the run in this findings database\n"
    "  --sarif <out>          also write the findings as SARIF 2.1.0\n"
    "  --version              print the version and exit\n"
    "  --help                 print this help and exit\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 the tool failed (bad\n"
    "arguments, no input, a file that could not be analysed).\n"
    "\n"
    "findings database (default ./dmacheck.db, docs/database.md):\n"
    "  findings  list a run's findings      diff    new/resolved/persisting\n"
    "  triage    set a finding's state      gate    fail CI on new findings\n"
    "  export    write a run as SARIF       runs    list the recorded runs\n";

struct Job {
  std::string File;      // as given / as in the compile command
  std::string Directory; // working directory for the compile command
  EngineOptions Opts;
};

struct Options {
  std::vector<std::string> Files;
  std::vector<std::string> CompilerArgs;
  bool HaveDashDash = false;
  std::string BuildPath;
  unsigned Jobs = 0;
  unsigned Timeout = 300;
  std::vector<std::string> AnalyzerConfig;
  std::vector<std::string> ClangCheckers;
  std::string DbPath, SarifPath;         // --db, --sarif
  std::vector<std::string> CommandLine;  // recorded with the run
};

[[noreturn]] void usageError(const std::string &Msg) {
  errs() << "dmacheck: error: " << Msg << "\n"
         << "Try 'dmacheck --help'.\n";
  std::exit(2);
}

void listRules() {
  auto Row = [](StringRef Id, StringRef Name, StringRef Sev, StringRef St,
                StringRef Rt, StringRef Sum) {
    outs() << left_justify(Id, 7) << " " << left_justify(Name, 34) << " "
           << left_justify(Sev, 8) << " " << left_justify(St, 12) << " "
           << left_justify(Rt, 7) << " " << Sum << "\n";
  };
  Row("ID", "NAME", "SEVERITY", "ANALYZER", "RUNTIME", "SUMMARY");
  for (unsigned I = 0; I < NumRules; ++I) {
    const RuleInfo &R = ruleInfo((RuleId)I);
    Row(R.Id, R.Name, severityName(R.Sev), staticStatusName(R.Static),
        R.Runtime ? "yes" : "no", R.Summary);
  }
}

bool takeValue(StringRef Arg, StringRef Name, int &I, int Argc, char **Argv,
               std::string &Out) {
  if (Arg == Name) {
    if (I + 1 >= Argc)
      usageError("option '" + Name.str() + "' needs a value");
    Out = Argv[++I];
    return true;
  }
  if (Arg.consume_front(Name) && Arg.consume_front("=")) {
    Out = Arg.str();
    return true;
  }
  return false;
}

unsigned toUnsigned(const std::string &S, const char *What) {
  char *End = nullptr;
  unsigned long V = std::strtoul(S.c_str(), &End, 10);
  if (S.empty() || *End || V == 0 || V > 100000)
    usageError(std::string("invalid ") + What + " '" + S + "'");
  return (unsigned)V;
}

Options parseArgs(int Argc, char **Argv) {
  Options O;
  O.CommandLine.assign(Argv, Argv + Argc);
  for (int I = 1; I < Argc; ++I) {
    StringRef A = Argv[I];
    std::string V;
    if (A == "--") {
      O.HaveDashDash = true;
      for (++I; I < Argc; ++I)
        O.CompilerArgs.push_back(Argv[I]);
      break;
    }
    if (A == "--help" || A == "-h") {
      outs() << Usage;
      std::exit(0);
    }
    if (A == "--version") {
      outs() << "dmacheck " DMACHECK_VERSION " (clang " CLANG_VERSION_STRING
                ")\n";
      std::exit(0);
    }
    if (A == "--list-rules") {
      listRules();
      std::exit(0);
    }
    if (takeValue(A, "--rules", I, Argc, Argv, V)) {
      std::string Err = activeRules().parse(V);
      if (!Err.empty())
        usageError(Err);
    } else if (takeValue(A, "-p", I, Argc, Argv, V)) {
      O.BuildPath = V;
    } else if (takeValue(A, "-j", I, Argc, Argv, V)) {
      O.Jobs = toUnsigned(V, "job count");
    } else if (A.starts_with("-j") && A.size() > 2) {
      O.Jobs = toUnsigned(A.drop_front(2).str(), "job count");
    } else if (takeValue(A, "--file-timeout", I, Argc, Argv, V)) {
      O.Timeout = toUnsigned(V, "timeout");
    } else if (takeValue(A, "--db", I, Argc, Argv, V)) {
      O.DbPath = V;
    } else if (takeValue(A, "--sarif", I, Argc, Argv, V)) {
      O.SarifPath = V;
    } else if (takeValue(A, "--analyzer-config", I, Argc, Argv, V)) {
      O.AnalyzerConfig.push_back(V);
    } else if (takeValue(A, "--clang-checkers", I, Argc, Argv, V)) {
      SmallVector<StringRef, 4> Parts;
      StringRef(V).split(Parts, ',', -1, false);
      for (StringRef P : Parts)
        O.ClangCheckers.push_back(P.str());
    } else if (A.starts_with("-") && A != "-") {
      usageError("unknown option '" + A.str() + "'");
    } else {
      O.Files.push_back(A.str());
    }
  }
  return O;
}

std::vector<Job> resolveJobs(const Options &O) {
  std::vector<Job> Jobs;
  EngineOptions Base;
  Base.AnalyzerConfig = O.AnalyzerConfig;
  Base.ExtraCheckers = O.ClangCheckers;
  if (O.BuildPath.empty()) {
    if (O.Files.empty())
      usageError("no input files");
    for (const std::string &F : O.Files) {
      Job J{F, "", Base};
      J.Opts.Flags = O.CompilerArgs;
      J.Opts.HaveFlags = O.HaveDashDash;
      Jobs.push_back(std::move(J));
    }
    return Jobs;
  }
  std::string Err;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB;
  if (sys::fs::is_directory(O.BuildPath))
    DB = clang::tooling::CompilationDatabase::loadFromDirectory(O.BuildPath,
                                                                Err);
  else
    DB = clang::tooling::JSONCompilationDatabase::loadFromFile(
        O.BuildPath, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB) {
    errs() << "dmacheck: error: cannot load compilation database '"
           << O.BuildPath << "': " << Err << "\n";
    std::exit(2);
  }
  std::vector<std::string> Files = O.Files;
  if (Files.empty())
    Files = DB->getAllFiles();
  if (Files.empty())
    usageError("the compilation database lists no files");
  for (const std::string &F : Files) {
    SmallString<256> Abs(F);
    sys::fs::make_absolute(Abs);
    std::vector<clang::tooling::CompileCommand> Cmds =
        DB->getCompileCommands(Abs);
    if (Cmds.empty()) {
      errs() << "dmacheck: error: '" << F
             << "' is not in the compilation database\n";
      Job J{F, "", Base};
      J.Opts.HaveFlags = true; // analysed as missing → reported as failed
      J.Opts.Flags = {"-fdmacheck-not-in-database"};
      Jobs.push_back(std::move(J));
      continue;
    }
    const clang::tooling::CompileCommand &C = Cmds.front();
    Job J{C.Filename, C.Directory, Base};
    J.Opts.HaveFlags = true;
    // Drop the compiler; the engine drops the input file itself.
    J.Opts.Flags.assign(C.CommandLine.begin() + (C.CommandLine.empty() ? 0 : 1),
                        C.CommandLine.end());
    Jobs.push_back(std::move(J));
  }
  return Jobs;
}

// --- worker processes ------------------------------------------------------

struct Running {
  size_t Index;
  std::string OutPath;
};

[[noreturn]] void runWorker(const Job &J, const std::string &OutPath,
                            unsigned Timeout) {
  alarm(Timeout);
  if (!J.Directory.empty() && chdir(J.Directory.c_str()) != 0) {
    FileResult R;
    R.File = J.File;
    R.Status = FileStatus::ParseError;
    R.Error = "cannot enter directory '" + J.Directory + "': " +
              std::strerror(errno);
    std::ofstream(OutPath) << serialize(R);
    _exit(0);
  }
  if (const char *Hook = std::getenv("DMACHECK_TEST_WORKER_FAULT")) {
    // Test-only: make the worker for a named file crash or hang.
    StringRef H(Hook);
    auto [Kind, Name] = H.split(':');
    if (StringRef(J.File).ends_with(Name)) {
      if (Kind == "crash")
        std::abort();
      if (Kind == "hang")
        for (;;)
          pause();
    }
  }
  FileResult R = analyzeFile(J.File, J.Opts);
  std::ofstream Out(OutPath);
  Out << serialize(R);
  Out.close();
  _exit(Out ? 0 : 3);
}

FileResult collect(const Job &J, const std::string &OutPath, int Status) {
  FileResult R;
  R.File = J.File;
  std::ifstream In(OutPath);
  std::stringstream SS;
  SS << In.rdbuf();
  std::remove(OutPath.c_str());
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0 &&
      deserialize(SS.str(), R))
    return R;
  R = FileResult();
  R.File = J.File;
  if (WIFSIGNALED(Status) && WTERMSIG(Status) == SIGALRM) {
    R.Status = FileStatus::TimedOut;
    R.Error = "analysis timed out";
  } else if (WIFSIGNALED(Status)) {
    R.Status = FileStatus::Crashed;
    R.Error = std::string("analyzer crashed (") + strsignal(WTERMSIG(Status)) +
              ")";
  } else {
    R.Status = FileStatus::Crashed;
    R.Error = "worker failed with status " + std::to_string(WEXITSTATUS(Status));
  }
  return R;
}

void printResult(const FileResult &R) {
  if (R.Status != FileStatus::Analysed) {
    errs() << "dmacheck: error: cannot analyse '" << R.File << "' ("
           << fileStatusName(R.Status) << "): " << R.Error << "\n";
    return;
  }
  for (const Finding &F : R.Findings) {
    errs() << F.Loc.File << ":" << F.Loc.Line << ":" << F.Loc.Col << ": "
           // Clang prints analyzer findings as warnings whatever the rule's
           // severity; the severity is kept in the database and SARIF.
           << "warning: " << F.Message << " [" << F.Rule << "]\n";
    for (const PathEvent &E : F.Path)
      errs() << E.Loc.File << ":" << E.Loc.Line << ":" << E.Loc.Col
             << ": note: " << E.Message << "\n";
  }
}

int scan(const Options &O) {
  std::vector<Job> Jobs = resolveJobs(O);
  DbRecorder Rec; // --db/--sarif; inactive without them
  if (!Rec.open(O.DbPath, O.SarifPath, O.CommandLine, Jobs[0].File,
                Jobs[0].Directory))
    return 2;
  unsigned Max = O.Jobs ? O.Jobs : std::max(1u, (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
  SmallString<128> TmpDir;
  if (sys::fs::createUniqueDirectory("dmacheck", TmpDir)) {
    errs() << "dmacheck: error: cannot create a temporary directory\n";
    return 2;
  }
  std::map<pid_t, Running> Live;
  std::vector<std::optional<FileResult>> Results(Jobs.size());
  size_t Next = 0, Printed = 0;
  bool AnyFinding = false, AnyFailure = false;
  errs().flush();
  outs().flush();
  while (Printed < Jobs.size() && !Rec.stopRequested()) {
    while (Live.size() < Max && Next < Jobs.size()) {
      std::string Out =
          (TmpDir + "/" + std::to_string(Next) + ".result").str();
      pid_t Pid = fork();
      if (Pid == 0)
        runWorker(Jobs[Next], Out, O.Timeout);
      if (Pid < 0) {
        errs() << "dmacheck: error: fork failed: " << std::strerror(errno)
               << "\n";
        return 2;
      }
      Live[Pid] = {Next++, Out};
    }
    int Status = 0;
    pid_t Pid = waitpid(-1, &Status, 0);
    if (Pid < 0)
      break;
    auto It = Live.find(Pid);
    if (It == Live.end())
      continue;
    Results[It->second.Index] =
        collect(Jobs[It->second.Index], It->second.OutPath, Status);
    Rec.record(*Results[It->second.Index], Jobs[It->second.Index].Directory);
    Live.erase(It);
    // Print in input order, as soon as every earlier file is done.
    while (Printed < Jobs.size() && Results[Printed]) {
      const FileResult &R = *Results[Printed++];
      printResult(R);
      AnyFinding |= !R.Findings.empty();
      AnyFailure |= R.Status != FileStatus::Analysed;
    }
  }
  if (Rec.stopRequested()) { // SIGINT/SIGTERM: the run is interrupted
    for (auto &L : Live)
      kill(L.first, SIGKILL);
    while (wait(nullptr) > 0 || errno == EINTR) {
    }
    sys::fs::remove_directories(TmpDir);
    Rec.interrupted();
  }
  sys::fs::remove(TmpDir);
  if (!Rec.finish())
    return 2;
  if (AnyFailure)
    return 2;
  return AnyFinding ? 1 : 0;
}

} // namespace

int main(int Argc, char **Argv) {
  static const char *const DbCommands[] = {"findings", "diff",   "triage",
                                           "gate",     "export", "runs"};
  for (const char *C : DbCommands)
    if (Argc > 1 && !std::strcmp(Argv[1], C))
      return dmadb_command_main(Argc - 1, Argv + 1);
  Options O = parseArgs(Argc, Argv);
  return scan(O);
}

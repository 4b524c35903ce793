//===- Main.cpp - the dmacheck command line -------------------------------===//
//
// Resolves the inputs (files, a compilation database), runs one worker
// process per file so that a crash or a hang loses only that file, and
// prints the findings in Clang's diagnostic format.
//
//===----------------------------------------------------------------------===//
#include "common/Finding.h"
#include "common/Model.h"
#include "common/Prefilter.h"
#include "db/dmadb.h"
#include "driver/Cache.h"
#include "driver/DbBridge.h"
#include "driver/Job.h"
#include "driver/Kbuild.h"
#include "driver/KernelTree.h"
#include "driver/Progress.h"
#include "driver/Shard.h"
#include "engine/Engine.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <malloc.h>
#include <map>
#include <new>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;
using namespace dmacheck;

namespace {

const char *Usage =
    "usage: dmacheck [options] <file>... [-- <compiler args>]\n"
    "       dmacheck [options] -p <build dir | compile_commands.json> "
    "[<file>...]\n"
    "       dmacheck [options] --kernel-tree <dir> [<subdir/>|<file.c>...]\n"
    "       make C=1 CHECK='dmacheck [options]'   (kbuild's checker, as "
    "sparse)\n"
    "       dmacheck merge OUT.db IN.db...\n"
    "       dmacheck findings|diff|triage|gate|export|runs [<args>] (--help "
    "each)\n"
    "\n"
    "Finds Linux DMA API misuse in C driver code.\n"
    "\n"
    "A file given without compiler args is parsed against the bundled\n"
    "kernel-style headers (runtime/include), so a driver file can be checked\n"
    "without a kernel tree; a directory stands for its *.c files (recursive).\n"
    "With -p, each file uses its compile command. With --kernel-tree, "
    "kbuild's\n"
    "dry run (make -n) of a configured tree gives the exact commands.\n"
    "\n"
    "options:\n"
    "  -p <path>              compilation database (directory or json file);\n"
    "                         with no files, every entry is analysed\n"
    "  --kernel-tree <dir>    a configured, prepared kernel tree; the other\n"
    "                         arguments are kbuild targets (dir/ or file.c)\n"
    "  --make-args=<args>     make variables for --kernel-tree (default: the\n"
    "                         compiler the tree was configured with, "
    "LLVM=...)\n"
    "  --rules=<glob,-glob>   select rules by name or id, left to right\n"
    "                         (default: every implemented rule)\n"
    "  --list-rules           print the rule table and exit\n"
    "  -j <n>                 parallel worker processes (default: cores)\n"
    "  --file-timeout=<s>     wall-clock limit per file (default 300)\n"
    "  --file-memory=<MiB>    address-space limit per worker (default 2048)\n"
    "  --[no-]prefilter       skip files that name no DMA API function "
    "(default:\n"
    "                         on, except for files named one by one)\n"
    "  --shard=<k>/<n>        analyse only the k-th of n parts of the files\n"
    "  --no-cache             with --db: re-analyse unchanged files too\n"
    "  -q                     no progress line\n"
    "  --dump-commands        print the files' compile commands (after\n"
    "                         --shard) as compile_commands.json and exit\n"
    "  --analyzer-config=<k=v>  pass a Static Analyzer option\n"
    "  --clang-checkers=<list>  also run these Clang checkers (e.g. core)\n"
    "  --all-header-bodies    parse every function body of the headers\n"
    "                         (default: only those the file names or that\n"
    "                         reach the DMA API; the rest are opaque calls)\n"
    "  --db <file>            record the run in this findings database; files\n"
    "                         unchanged since a cached run are not "
    "re-analysed\n"
    "  --sarif <out>          also write the findings as SARIF 2.1.0\n"
    "  --version              print the version and exit\n"
    "  --help                 print this help and exit\n"
    "\n"
    "kbuild checker mode (CHECK=dmacheck; detected from kbuild's flags, or\n"
    "--kbuild-check): sparse-only options are ignored; exit status 0 unless\n"
    "--fail-on-findings is given.\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 the tool failed (bad\n"
    "arguments, no input, a file that could not be analysed).\n"
    "\n"
    "findings database (default ./dmacheck.db, docs/database.md):\n"
    "  findings  list a run's findings      diff    new/resolved/persisting\n"
    "  triage    set a finding's state      gate    fail CI on new findings\n"
    "  export    write a run as SARIF       runs    list the recorded runs\n"
    "  merge     combine shard databases into one run\n";

struct Options {
  std::vector<std::string> Files;
  std::vector<std::string> CompilerArgs;
  bool HaveDashDash = false;
  std::string BuildPath;
  std::string KernelTree;
  std::vector<std::string> MakeArgs;
  bool HaveMakeArgs = false;
  bool KbuildCheck = false;    // CHECK= mode
  bool FailOnFindings = false; // CHECK= mode: exit 1 on findings
  int Prefilter = -1;          // --prefilter 1, --no-prefilter 0, default -1
  bool Cache = true;
  bool Quiet = false;
  bool DumpCommands = false;       // print the jobs as compile_commands.json
  unsigned ShardK = 0, ShardN = 0; // --shard K/N (1-based); 0: all
  unsigned Jobs = 0;
  unsigned Timeout = 300;
  unsigned MemoryMiB = 2048;
  std::vector<std::string> AnalyzerConfig;
  std::vector<std::string> ClangCheckers;
  bool AllHeaderBodies = false;
  std::string DbPath, SarifPath;        // --db, --sarif
  std::vector<std::string> CommandLine; // recorded with the run
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
  std::vector<std::string> Rest(Argv + 1, Argv + Argc);
  // kbuild's checker call: $(CHECK) $(CHECKFLAGS) $(c_flags) file. Our own
  // options (from CHECK="dmacheck ...") come first; the first argument that
  // is not one starts kbuild's part.
  bool Check =
      looksLikeKbuildCheck(Rest) ||
      std::find(Rest.begin(), Rest.end(), "--kbuild-check") != Rest.end();
  for (int I = 1; I < Argc; ++I) {
    StringRef A = Argv[I];
    std::string V;
    static const char *const CheckOptions[] = {
        "--kbuild-check",   "--fail-on-findings",  "-q",
        "--no-prefilter",   "--prefilter",         "--rules",
        "--file-timeout",   "--file-memory",       "--analyzer-config",
        "--clang-checkers", "--all-header-bodies", "--db",
        "--sarif"};
    if (Check && std::none_of(std::begin(CheckOptions), std::end(CheckOptions),
                              [&](StringRef O) {
                                return A == O || A.starts_with((O + "=").str());
                              })) {
      O.KbuildCheck = true;
      O.CompilerArgs.assign(Argv + I, Argv + Argc);
      break;
    }
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
    } else if (takeValue(A, "--file-memory", I, Argc, Argv, V)) {
      O.MemoryMiB = toUnsigned(V, "memory limit (MiB)");
    } else if (takeValue(A, "--kernel-tree", I, Argc, Argv, V)) {
      O.KernelTree = V;
    } else if (takeValue(A, "--make-args", I, Argc, Argv, V)) {
      O.HaveMakeArgs = true;
      SmallVector<StringRef, 4> Parts;
      StringRef(V).split(Parts, ' ', -1, false);
      for (StringRef P : Parts)
        O.MakeArgs.push_back(P.str());
    } else if (takeValue(A, "--shard", I, Argc, Argv, V)) {
      std::string Err;
      if (!parseShard(V, O.ShardK, O.ShardN, Err))
        usageError(Err);
    } else if (A == "--no-prefilter") {
      O.Prefilter = 0;
    } else if (A == "--prefilter") {
      O.Prefilter = 1;
    } else if (A == "--all-header-bodies") {
      O.AllHeaderBodies = true;
    } else if (A == "--no-cache") {
      O.Cache = false;
    } else if (A == "-q" || A == "--quiet") {
      O.Quiet = true;
    } else if (A == "--dump-commands") {
      O.DumpCommands = true;
    } else if (A == "--kbuild-check") {
      O.KbuildCheck = true;
    } else if (A == "--fail-on-findings") {
      O.FailOnFindings = true;
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

unsigned numCores() {
  return std::max(1u, (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
}

[[noreturn]] void fatal(const std::string &Msg) {
  errs() << "dmacheck: error: " << Msg << "\n";
  std::exit(2);
}

// A directory stands for its *.c files, recursively, in sorted order.
void expandInput(const std::string &In, std::vector<std::string> &Out) {
  if (!sys::fs::is_directory(In)) {
    Out.push_back(In);
    return;
  }
  std::vector<std::string> Found;
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(In, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef P = It->path();
    if (P.ends_with(".c") && sys::fs::is_regular_file(P))
      Found.push_back(P.str());
  }
  if (EC)
    fatal("cannot read directory '" + In + "': " + EC.message());
  if (Found.empty())
    fatal("directory '" + In + "' holds no .c file");
  std::sort(Found.begin(), Found.end());
  Out.insert(Out.end(), Found.begin(), Found.end());
}

std::vector<Job> resolveJobs(const Options &O) {
  std::vector<Job> Jobs;
  EngineOptions Base;
  Base.AnalyzerConfig = O.AnalyzerConfig;
  Base.ExtraCheckers = O.ClangCheckers;
  Base.AllHeaderBodies = O.AllHeaderBodies;
  if (O.KbuildCheck) {
    Job J{"", "", Base};
    std::string Err;
    if (!parseCheckArgs(O.CompilerArgs, J.File, J.Opts.Flags, Err))
      fatal("kbuild checker mode: " + Err);
    J.Opts.HaveFlags = true;
    Jobs.push_back(std::move(J));
    return Jobs;
  }
  if (!O.KernelTree.empty()) {
    if (!O.BuildPath.empty() || O.HaveDashDash)
      usageError("--kernel-tree takes neither -p nor '--' flags");
    KernelTreeRequest Req{O.KernelTree, O.Files, O.MakeArgs,
                          O.Jobs ? O.Jobs : numCores()};
    std::string Dir, Err;
    if (!kernelTreeJobs(Req, Base, Jobs, Dir, Err))
      fatal(Err);
    return Jobs;
  }
  if (O.HaveMakeArgs)
    usageError("--make-args needs --kernel-tree");
  if (O.BuildPath.empty()) {
    if (O.Files.empty())
      usageError("no input files");
    std::vector<std::string> Files;
    for (const std::string &F : O.Files)
      expandInput(F, Files);
    for (const std::string &F : Files) {
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
  // A directory selects the database's C files beneath it (what the build
  // compiles there, for its configuration).
  std::vector<std::string> Files;
  for (const std::string &F : O.Files) {
    if (!sys::fs::is_directory(F)) {
      Files.push_back(F);
      continue;
    }
    SmallString<256> Dir(F);
    sys::fs::make_absolute(Dir);
    sys::path::remove_dots(Dir, true);
    size_t Before = Files.size();
    for (const std::string &DbFile : DB->getAllFiles())
      if (StringRef(DbFile).ends_with(".c") &&
          StringRef(DbFile).starts_with((Dir + "/").str()))
        Files.push_back(DbFile);
    if (Files.size() == Before)
      fatal("the compilation database lists no C file under '" + F + "'");
  }
  if (Files.empty()) {
    // Only C files (the kernel's database also lists assembly files).
    for (const std::string &F : DB->getAllFiles())
      if (StringRef(F).ends_with(".c"))
        Files.push_back(F);
  }
  if (Files.empty())
    usageError("the compilation database lists no C files");
  for (const std::string &F : Files) {
    SmallString<256> Abs(F);
    sys::fs::make_absolute(Abs);
    std::vector<clang::tooling::CompileCommand> Cmds =
        DB->getCompileCommands(Abs);
    if (Cmds.empty()) {
      // Reported as a file that could not be analysed, once, by the scan.
      Job J{F, "", Base};
      J.Unresolved = "not in the compilation database '" + O.BuildPath + "'";
      Jobs.push_back(std::move(J));
      continue;
    }
    const clang::tooling::CompileCommand &C = Cmds.front();
    Job J{C.Filename, C.Directory, Base};
    J.Opts.HaveFlags = true;
    // Drop the compiler and the input. The kernel's database names the
    // file absolute in "file" and relative in "command": the input is
    // taken as the command spells it (kbuild's relative paths in output).
    auto Absolute = [&](StringRef P) {
      SmallString<256> A(P);
      if (!sys::path::is_absolute(A)) {
        A = C.Directory;
        sys::path::append(A, P);
      }
      sys::path::remove_dots(A, true);
      return std::string(A);
    };
    std::string Want = Absolute(C.Filename);
    for (size_t I = C.CommandLine.empty() ? 0 : 1; I < C.CommandLine.size();
         ++I) {
      StringRef A = C.CommandLine[I];
      if (A == "-o" && I + 1 < C.CommandLine.size()) {
        J.Opts.Flags.push_back(A.str());
        J.Opts.Flags.push_back(C.CommandLine[++I]);
        continue;
      }
      if (!A.starts_with("-") && Absolute(A) == Want) {
        J.File = A.str();
        continue;
      }
      J.Opts.Flags.push_back(A.str());
    }
    Jobs.push_back(std::move(J));
  }
  return Jobs;
}

// --- worker processes ------------------------------------------------------

struct Running {
  size_t Index;
  std::string OutPath;
};

// A worker that runs out of memory under --file-memory exits with this.
constexpr int ExitOutOfMemory = 86;

extern "C" void outOfMemory() {
  static const char Msg[] = "dmacheck: worker out of memory\n";
  ssize_t Ignored = write(STDERR_FILENO, Msg, sizeof(Msg) - 1);
  (void)Ignored;
  _exit(ExitOutOfMemory);
}

void badAlloc(void *, const char *, bool) { outOfMemory(); }

struct WorkerSetup {
  unsigned Timeout;
  unsigned MemoryMiB;
  bool WantDeps; // write the dependency list for the cache
};

std::vector<std::string> bundledDeps(const Job &J) {
  // Bundled-header mode: the file, the bundled headers, and its quoted
  // local headers (the only files its preprocessor can read besides
  // Clang's own, which come with the tool).
  std::vector<std::string> Files = {J.File};
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(bundledIncludeDir(), EC), End;
       It != End && !EC; It.increment(EC))
    if (sys::fs::is_regular_file(It->path()))
      Files.push_back(It->path());
  std::string Dir = sys::path::parent_path(J.File).str();
  for (sys::fs::directory_iterator It(Dir.empty() ? "." : Dir, EC), End;
       It != End && !EC; It.increment(EC))
    if (StringRef(It->path()).ends_with(".h"))
      Files.push_back(It->path());
  return Files;
}

[[noreturn]] void runWorker(const Job &Orig, const std::string &OutPath,
                            const WorkerSetup &W) {
  alarm(W.Timeout);
  Job J = Orig;
  if (!J.Directory.empty() && chdir(J.Directory.c_str()) != 0) {
    FileResult R;
    R.File = J.File;
    R.Status = FileStatus::ParseError;
    R.Error =
        "cannot enter directory '" + J.Directory + "': " + std::strerror(errno);
    std::ofstream(OutPath) << serialize(R);
    _exit(0);
  }
  if (W.MemoryMiB) {
    struct rlimit RL;
    RL.rlim_cur = RL.rlim_max = (rlim_t)W.MemoryMiB << 20;
    setrlimit(RLIMIT_AS, &RL);
    std::set_new_handler(outOfMemory);
    llvm::install_bad_alloc_error_handler(badAlloc);
  }
  if (const char *Hook = std::getenv("DMACHECK_TEST_WORKER_FAULT")) {
    // Test-only: make the worker for a named file crash, hang or exhaust
    // its memory.
    StringRef H(Hook);
    auto [Kind, Name] = H.split(':');
    if (StringRef(J.File).ends_with(Name)) {
      if (Kind == "crash")
        std::abort();
      if (Kind == "hang")
        for (;;)
          pause();
      if (Kind == "oom") {
        std::vector<char *> Hog;
        for (;;) {
          char *P = new char[64 << 20];
          std::memset(P, 1, 64 << 20);
          Hog.push_back(P);
        }
      }
    }
  }
  std::string DepPath = OutPath + ".d";
  if (W.WantDeps && J.Opts.HaveFlags)
    for (const char *A :
         {"-Xclang", "-dependency-file", "-Xclang", DepPath.c_str(), "-Xclang",
          "-MTdmacheck", "-Xclang", "-sys-header-deps"})
      J.Opts.Flags.push_back(A);
  FileResult R = analyzeFile(J.File, J.Opts);
  if (W.WantDeps && R.Status == FileStatus::Analysed) {
    std::vector<std::string> Deps;
    if (J.Opts.HaveFlags) {
      if (auto Buf = MemoryBuffer::getFile(DepPath))
        Deps = parseDepFile((*Buf)->getBuffer());
    } else {
      Deps = bundledDeps(J);
    }
    ContentHasher H;
    // Relative dependency paths are relative to the compile directory
    // (the worker is in it).
    SmallString<256> Cwd;
    sys::fs::current_path(Cwd);
    if (!Deps.empty())
      std::ofstream(OutPath + ".deps") << depsRecord(Deps, std::string(Cwd), H);
  }
  std::remove(DepPath.c_str());
  std::ofstream Out(OutPath);
  Out << serialize(R);
  Out.close();
  _exit(Out ? 0 : 3);
}

FileResult collect(const Job &J, const std::string &OutPath, int Status,
                   const WorkerSetup &W) {
  FileResult R;
  R.File = J.File;
  std::ifstream In(OutPath);
  std::stringstream SS;
  SS << In.rdbuf();
  std::remove(OutPath.c_str());
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0 && deserialize(SS.str(), R))
    return R;
  R = FileResult();
  R.File = J.File;
  if (WIFSIGNALED(Status) && WTERMSIG(Status) == SIGALRM) {
    R.Status = FileStatus::TimedOut;
    R.Error =
        "analysis timed out (--file-timeout=" + std::to_string(W.Timeout) + ")";
  } else if (WIFSIGNALED(Status)) {
    R.Status = FileStatus::Crashed;
    R.Error =
        std::string("analyzer crashed (") + strsignal(WTERMSIG(Status)) + ")";
  } else if (WEXITSTATUS(Status) == ExitOutOfMemory) {
    R.Status = FileStatus::Crashed;
    R.Error =
        "out of memory (--file-memory=" + std::to_string(W.MemoryMiB) + " MiB)";
  } else {
    R.Status = FileStatus::Crashed;
    R.Error =
        "worker failed with status " + std::to_string(WEXITSTATUS(Status));
  }
  return R;
}

/// Why the prefilter skips a file (the database and SARIF's notifications
/// tell it from the other skips by its "prefilter:" prefix).
constexpr const char *PrefilterSkip =
    "prefilter: names no DMA API function the selected rules check, nor a "
    "wrapper";

/// A kernel file that does not parse because it includes a header kbuild
/// generates during the build (msm's `*.xml.h`): kbuild names the directory
/// the build fills with -I, by the kernel's convention a `generated/`
/// directory, and in a tree that was only prepared it is missing or empty.
/// Then the file is skipped, with the reason, like a generated source: not a
/// failure of the tool.
std::optional<std::string> missingGeneratedHeader(const Job &J,
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
  std::string Best;
  bool BestUnfilled = false;
  for (const std::string &Dir : includeDirs(J.Opts.Flags, /*Quote=*/false)) {
    SmallString<256> Path(Dir);
    if (!sys::path::is_absolute(Path)) {
      Path = J.Directory;
      sys::path::append(Path, Dir);
    }
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
    BestUnfilled = Unfilled;
  }
  if (Best.empty())
    return std::nullopt;
  return "includes '" + Header.str() + "', which kbuild generates into '" +
         Best + "' during the build (build it first to analyse it)";
}

void printResult(const FileResult &R, bool Check) {
  if (R.Status == FileStatus::Skipped) {
    // Skips the user did not ask for by their options are named.
    if (R.Error != PrefilterSkip)
      errs() << "dmacheck: note: skipped '" << R.File << "': " << R.Error
             << "\n";
    return;
  }
  if (R.Status != FileStatus::Analysed) {
    errs() << "dmacheck: " << (Check ? "warning" : "error")
           << ": cannot analyse '" << R.File << "' ("
           << fileStatusName(R.Status) << "): " << R.Error << "\n";
    return;
  }
  for (const Finding &F : R.Findings) {
    errs() << F.Loc.File << ":" << F.Loc.Line << ":" << F.Loc.Col
           << ": "
           // Clang prints analyzer findings as warnings whatever the rule's
           // severity; the severity is kept in the database and SARIF.
           << "warning: " << F.Message << " [" << F.Rule << "]\n";
    for (const PathEvent &E : F.Path)
      errs() << E.Loc.File << ":" << E.Loc.Line << ":" << E.Loc.Col
             << ": note: " << E.Message << "\n";
  }
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

int scan(const Options &O) {
  if (O.KbuildCheck && (!O.DbPath.empty() || !O.SarifPath.empty()))
    usageError("--db and --sarif are not available in kbuild checker mode "
               "(use --kernel-tree or -p for a recorded scan)");
  std::vector<Job> Jobs = resolveJobs(O);
  // Reading a compilation database or a dry run frees hundreds of megabytes
  // of small blocks: hand them back, or every forked worker would start on
  // copy-on-write pages of a bloated heap.
  malloc_trim(0);
  if (O.ShardN) {
    std::vector<Job> Mine;
    for (Job &J : Jobs)
      if (inShard(J.File, O.ShardK, O.ShardN))
        Mine.push_back(std::move(J));
    Jobs = std::move(Mine);
  }
  if (O.DumpCommands) {
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
  DbRecorder Rec; // --db/--sarif; inactive without them
  std::string First = Jobs.empty() ? "." : Jobs[0].File;
  std::string FirstDir = Jobs.empty() ? "" : Jobs[0].Directory;
  if (!O.KernelTree.empty() && Jobs.empty())
    FirstDir = O.KernelTree;
  if (!Rec.open(O.DbPath, O.SarifPath, O.CommandLine, First, FirstDir))
    return 2;
  bool UseCache = O.Cache && !O.DbPath.empty();
  // The prefilter is for trees: a file named on the command line is parsed
  // unless --prefilter says otherwise.
  bool NamedFiles = O.KernelTree.empty() && !O.KbuildCheck &&
                    std::all_of(O.Files.begin(), O.Files.end(),
                                [](const std::string &F) {
                                  return !sys::fs::is_directory(F);
                                }) &&
                    (O.BuildPath.empty() || !O.Files.empty());
  bool Prefilter = O.Prefilter < 0 ? !NamedFiles : O.Prefilter == 1;
  WorkerSetup W{O.Timeout, O.MemoryMiB, UseCache};
  unsigned Max = O.Jobs ? O.Jobs : numCores();
  SmallString<128> TmpDir;
  if (sys::fs::createUniqueDirectory("dmacheck", TmpDir)) {
    errs() << "dmacheck: error: cannot create a temporary directory\n";
    return 2;
  }
  std::map<pid_t, Running> Live;
  std::vector<std::optional<FileResult>> Results(Jobs.size());
  std::vector<std::string> Keys(Jobs.size());
  ContentHasher Hasher; // dependency hashes, shared by every lookup
  size_t Next = 0, Printed = 0;
  bool AnyFinding = false, AnyFailure = false;
  ProgressCounts Counts;
  Progress Prog(Jobs.size(), O.Quiet || O.KbuildCheck);
  errs().flush();
  outs().flush();

  // A finished file: recorded, cached, printed in input order.
  auto Complete = [&](size_t Index, FileResult R, bool FromCache,
                      const std::string &DepsPath) {
    const Job &J = Jobs[Index];
    if (!O.KernelTree.empty())
      if (std::optional<std::string> Why = missingGeneratedHeader(J, R)) {
        R.Status = FileStatus::Skipped;
        R.Error = *Why;
      }
    Rec.record(R, J.Directory, FromCache);
    if (!DepsPath.empty()) {
      auto Deps = MemoryBuffer::getFile(DepsPath);
      if (Deps && R.Status == FileStatus::Analysed)
        Rec.cachePut(Keys[Index], J.File, (*Deps)->getBuffer().str(),
                     serialize(R), R.Seconds);
      std::remove(DepsPath.c_str());
    }
    ++Counts.Done;
    Counts.Findings += R.Findings.size();
    Counts.Failed +=
        R.Status != FileStatus::Analysed && R.Status != FileStatus::Skipped;
    Counts.Skipped += R.Status == FileStatus::Skipped;
    Counts.Cached += FromCache;
    Results[Index] = std::move(R);
    bool Cleared = false;
    while (Printed < Jobs.size() && Results[Printed]) {
      if (!Cleared)
        Prog.clear();
      Cleared = true;
      FileResult &P = *Results[Printed++];
      printResult(P, O.KbuildCheck);
      AnyFinding |= !P.Findings.empty();
      AnyFailure |=
          P.Status != FileStatus::Analysed && P.Status != FileStatus::Skipped;
      P.Findings.clear(); // printed; keep memory flat on big trees
    }
    Prog.update(Counts);
  };

  // Files that need no worker: no DMA API name, or cached results.
  auto Resolve = [&](size_t Index) -> bool {
    const Job &J = Jobs[Index];
    if (!J.Unresolved.empty()) {
      FileResult R;
      R.File = J.File;
      R.Status = FileStatus::ParseError;
      R.Error = J.Unresolved;
      Complete(Index, std::move(R), false, "");
      return true;
    }
    auto Skip = [&](const char *Why) {
      FileResult R;
      R.File = J.File;
      R.Status = FileStatus::Skipped;
      R.Error = Why;
      Complete(Index, std::move(R), false, "");
      return true;
    };
    if (!O.KernelTree.empty()) {
      // kbuild compiles some sources it first generates (keymaps, logos,
      // register dumps): a tree that was only prepared does not have them.
      SmallString<256> Path(J.Directory);
      sys::path::append(Path, J.File);
      if (!sys::fs::exists(Path))
        return Skip("not in the tree: kbuild generates it (build it first "
                    "to analyse it)");
    }
    if (Prefilter && !prefilterFile(J.File, J.Directory, J.Opts.Flags))
      return Skip(PrefilterSkip);
    if (UseCache) {
      Keys[Index] = cacheKey(J);
      std::string Deps, Text;
      FileResult R;
      if (Rec.cacheGet(Keys[Index], Deps, Text) &&
          depsUnchanged(Deps, Hasher) && deserialize(Text, R) &&
          R.Status == FileStatus::Analysed) {
        R.File = J.File;
        Complete(Index, std::move(R), true, "");
        return true;
      }
    }
    return false;
  };

  while (Printed < Jobs.size() && !Rec.stopRequested()) {
    while (Live.size() < Max && Next < Jobs.size() && !Rec.stopRequested()) {
      if (Resolve(Next)) {
        ++Next;
        continue;
      }
      std::string Out = (TmpDir + "/" + std::to_string(Next) + ".result").str();
      errs().flush();
      pid_t Pid = fork();
      if (Pid == 0)
        runWorker(Jobs[Next], Out, W);
      if (Pid < 0) {
        errs() << "dmacheck: error: fork failed: " << std::strerror(errno)
               << "\n";
        return 2;
      }
      Live[Pid] = {Next++, Out};
    }
    if (Live.empty())
      continue; // everything left was resolved without a worker
    int Status = 0;
    pid_t Pid = waitpid(-1, &Status, 0);
    if (Pid < 0)
      break;
    auto It = Live.find(Pid);
    if (It == Live.end())
      continue;
    size_t Index = It->second.Index;
    std::string OutPath = It->second.OutPath;
    Live.erase(It);
    Complete(Index, collect(Jobs[Index], OutPath, Status, W), false,
             UseCache ? OutPath + ".deps" : "");
  }
  if (Rec.stopRequested()) { // SIGINT/SIGTERM: the run is interrupted
    Prog.clear();
    for (auto &L : Live)
      kill(L.first, SIGKILL);
    while (wait(nullptr) > 0 || errno == EINTR) {
    }
    sys::fs::remove_directories(TmpDir);
    Rec.interrupted();
  }
  Prog.finish(Counts);
  sys::fs::remove_directories(TmpDir);
  if (!Rec.finish())
    return 2;
  if (O.KbuildCheck) // kbuild: never fail the build unless asked
    return !O.FailOnFindings ? 0 : AnyFailure ? 2 : AnyFinding ? 1 : 0;
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
  if (Argc > 1 && !std::strcmp(Argv[1], "merge"))
    return dmadb_merge_main(Argc - 1, Argv + 1);
  Options O = parseArgs(Argc, Argv);
  return scan(O);
}

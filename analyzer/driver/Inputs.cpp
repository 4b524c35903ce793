//===- Inputs.cpp - the inputs stage: command line to jobs ---------------===//
#include "driver/Inputs.h"
#include "driver/Kbuild.h"
#include "driver/KernelTree.h"
#include "driver/Shard.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace llvm;

namespace dmacheck {

namespace {

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

EngineOptions baseOptions(const ScanOptions &O) {
  EngineOptions Base;
  Base.AnalyzerConfig = O.AnalyzerConfig;
  Base.ExtraCheckers = O.ClangCheckers;
  Base.AllHeaderBodies = O.AllHeaderBodies;
  return Base;
}

std::vector<Job> bundledJobs(const ScanOptions &O, const EngineOptions &Base) {
  if (O.Files.empty())
    usageError("no input files");
  std::vector<std::string> Files;
  for (const std::string &F : O.Files)
    expandInput(F, Files);
  std::vector<Job> Jobs;
  for (const std::string &F : Files) {
    Job J{F, "", Base};
    J.Opts.Flags = O.CompilerArgs;
    J.Opts.HaveFlags = O.HaveDashDash;
    Jobs.push_back(std::move(J));
  }
  return Jobs;
}

std::unique_ptr<clang::tooling::CompilationDatabase>
loadDatabase(const std::string &Path) {
  std::string Err;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB;
  if (sys::fs::is_directory(Path))
    DB = clang::tooling::CompilationDatabase::loadFromDirectory(Path, Err);
  else
    DB = clang::tooling::JSONCompilationDatabase::loadFromFile(
        Path, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    fatal("cannot load compilation database '" + Path + "': " + Err);
  return DB;
}

// The database's C files under Dir (what the build compiles there).
std::vector<std::string>
filesUnder(const clang::tooling::CompilationDatabase &DB, StringRef Dir) {
  std::vector<std::string> Files;
  for (const std::string &F : DB.getAllFiles())
    if (StringRef(F).ends_with(".c") && StringRef(F).starts_with(Dir) &&
        StringRef(F).drop_front(Dir.size()).starts_with("/"))
      Files.push_back(F);
  return Files;
}

// One job from a compile command: the compiler and the input dropped. The
// kernel's database names the file absolute in "file" and relative in
// "command": the input is taken as the command spells it (kbuild's relative
// paths in output).
Job commandJob(const clang::tooling::CompileCommand &C,
               const EngineOptions &Base) {
  Job J{C.Filename, C.Directory, Base};
  J.Opts.HaveFlags = true;
  std::string Want = absolutePath(C.Filename, C.Directory);
  for (size_t I = C.CommandLine.empty() ? 0 : 1; I < C.CommandLine.size();
       ++I) {
    StringRef A = C.CommandLine[I];
    if (A == "-o" && I + 1 < C.CommandLine.size()) {
      J.Opts.Flags.push_back(A.str());
      J.Opts.Flags.push_back(C.CommandLine[++I]);
      continue;
    }
    if (!A.starts_with("-") && absolutePath(A, C.Directory) == Want) {
      J.File = A.str();
      continue;
    }
    J.Opts.Flags.push_back(A.str());
  }
  return J;
}

std::vector<Job> databaseJobs(const ScanOptions &O, const EngineOptions &Base) {
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      loadDatabase(O.BuildPath);
  std::string DbDir = sys::fs::is_directory(O.BuildPath)
                          ? absolutePath(O.BuildPath)
                          : absolutePath(sys::path::parent_path(O.BuildPath));
  // A directory selects the database's C files beneath it: relative to the
  // current directory, else (as clang-tidy) to the database's directory.
  std::vector<std::string> Files;
  for (const std::string &F : O.Files) {
    bool Relative = !sys::path::is_absolute(F);
    std::string InDb = absolutePath(F, DbDir);
    if (!sys::fs::is_directory(F) &&
        !(Relative && sys::fs::is_directory(InDb))) {
      Files.push_back(F);
      continue;
    }
    std::vector<std::string> Under;
    if (sys::fs::is_directory(F))
      Under = filesUnder(*DB, absolutePath(F));
    if (Under.empty() && Relative)
      Under = filesUnder(*DB, InDb);
    if (Under.empty())
      fatal("the compilation database lists no C file under '" + F + "'");
    Files.insert(Files.end(), Under.begin(), Under.end());
  }
  if (Files.empty()) // only C files (the kernel's also lists assembly)
    for (const std::string &F : DB->getAllFiles())
      if (StringRef(F).ends_with(".c"))
        Files.push_back(F);
  if (Files.empty())
    usageError("the compilation database lists no C files");
  std::vector<Job> Jobs;
  for (const std::string &F : Files) {
    std::vector<clang::tooling::CompileCommand> Cmds =
        DB->getCompileCommands(absolutePath(F));
    if (Cmds.empty()) {
      // Reported as a file that could not be analysed, once, by the scan,
      // unless the bundled headers were asked for.
      Job J{F, "", Base};
      if (!O.BundledFallback)
        J.Unresolved = "not in the compilation database '" + O.BuildPath +
                       "' (--bundled-fallback parses it against the bundled "
                       "headers)";
      Jobs.push_back(std::move(J));
      continue;
    }
    Jobs.push_back(commandJob(Cmds.front(), Base));
  }
  return Jobs;
}

// The deepest directory that holds every job's compile directory (or, in
// bundled-header mode, its file).
std::string commonDir(const std::vector<Job> &Jobs) {
  std::string Common;
  bool First = true;
  for (const Job &J : Jobs) {
    std::string Dir = !J.Directory.empty()
                          ? absolutePath(J.Directory)
                          : sys::path::parent_path(absolutePath(J.File)).str();
    if (First) {
      Common = Dir;
      First = false;
      continue;
    }
    while (!Common.empty() && Dir != Common &&
           !StringRef(Dir).starts_with(Common + "/"))
      Common = sys::path::parent_path(Common).str();
  }
  return Common;
}

} // namespace

ResolvedInputs resolveInputs(const ScanOptions &O) {
  ResolvedInputs In;
  EngineOptions Base = baseOptions(O);
  if (O.KbuildCheck) {
    Job J{"", "", Base};
    std::string Err;
    std::vector<std::string> Flags;
    if (!parseCheckArgs(O.CompilerArgs, J.File, Flags, Err))
      fatal("kbuild checker mode: " + Err);
    J.Opts.Flags = Flags;
    J.Opts.HaveFlags = true;
    J.Directory = absolutePath("."); // kbuild runs the checker in the objtree
    In.Jobs.push_back(std::move(J));
  } else if (!O.KernelTree.empty()) {
    if (!O.BuildPath.empty() || O.HaveDashDash)
      usageError("--kernel-tree takes neither -p nor '--' flags");
    KernelTreeRequest Req{O.KernelTree, O.Files, O.MakeArgs,
                          O.Cache ? O.DbPath : std::string()};
    std::string Err;
    if (!kernelTreeJobs(Req, Base, In.Jobs, In.SourceRoot, Err))
      fatal(Err);
  } else {
    if (O.HaveMakeArgs)
      usageError("--make-args needs --kernel-tree");
    In.Jobs =
        O.BuildPath.empty() ? bundledJobs(O, Base) : databaseJobs(O, Base);
  }
  if (!O.SourceRoot.empty()) {
    if (!sys::fs::is_directory(O.SourceRoot))
      usageError("--source-root '" + O.SourceRoot + "' is not a directory");
    In.SourceRoot = absolutePath(O.SourceRoot);
  }
  In.CommonDir = commonDir(In.Jobs);
  if (O.ShardN) {
    std::vector<Job> Mine;
    for (Job &J : In.Jobs)
      if (inShard(J.File, O.ShardK, O.ShardN))
        Mine.push_back(std::move(J));
    In.Jobs = std::move(Mine);
  }
  return In;
}

} // namespace dmacheck

//===- Options.h - the scan's command line ---------------------*- C++ -*-===//
//
// One llvm::cl declaration per option gives parsing, validation and --help.
// kbuild's checker mode (CHECK=dmacheck) and `-- <compiler args>` are split
// off first: what follows them belongs to the compiler.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_OPTIONS_H
#define DMACHECK_DRIVER_OPTIONS_H

#include <string>
#include <vector>

namespace llvm::cl {
class SubCommand;
}

namespace dmacheck {

struct ScanOptions {
  std::vector<std::string> Files;
  std::vector<std::string> CompilerArgs;
  bool HaveDashDash = false;
  std::string BuildPath;
  std::string KernelTree;
  std::vector<std::string> MakeArgs;
  bool HaveMakeArgs = false;
  std::string SourceRoot;       // --source-root
  bool BundledFallback = false; // -p: unlisted files on the bundled headers
  bool KbuildCheck = false;     // CHECK= mode
  bool FailOnFindings = false;  // CHECK= mode: exit 1 on findings
  int Prefilter = -1;           // --prefilter 1, --no-prefilter 0, default -1
  bool Cache = true;
  bool Quiet = false;
  bool DumpCommands = false;       // print the jobs as compile_commands.json
  unsigned ShardK = 0, ShardN = 0; // --shard K/N (1-based); 0: all
  unsigned Jobs = 0;               // 0: the number of cores
  unsigned Timeout = 300;
  unsigned MemoryMiB = 2048;
  std::vector<std::string> AnalyzerConfig;
  std::vector<std::string> ClangCheckers;
  bool AllHeaderBodies = false;
  bool Pch = true;               // group precompiled headers (--no-pch: off)
  std::string DbPath, SarifPath; // --db, --sarif
  std::vector<std::string> CommandLine; // recorded with the run
};

/// Parses the scan's command line; prints --help, --version, --list-rules
/// and exits; a bad option is a usage error (exit 2).
ScanOptions parseScanOptions(int Argc, char **Argv);

/// Prints "dmacheck: error: Msg" and a pointer to --help (of subcommand
/// Cmd, when given); exits 2.
[[noreturn]] void usageError(const std::string &Msg,
                             const std::string &Cmd = "");

/// Parses Argv with llvm::cl for Sub (the scan's: the top level); --help
/// prints Overview first. Errors are printed in the tool's form with a
/// pointer to `Help`, exit status 2.
void parseCommandLine(int Argc, const char *const *Argv, const char *Overview,
                      llvm::cl::SubCommand &Sub, const std::string &Help);
/// Prints "dmacheck: error: Msg"; exits 2.
[[noreturn]] void fatal(const std::string &Msg);

unsigned numCores();

} // namespace dmacheck

#endif

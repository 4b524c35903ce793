//===- Options.cpp - the scan's command line -----------------------------===//
#include "driver/Options.h"
#include "driver/Kbuild.h"
#include "driver/Shard.h"

#include "common/Model.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <unistd.h>

using namespace llvm;

namespace dmacheck {

namespace {

const char *Overview =
    "finds Linux DMA API misuse in C driver code\n"
    "\n"
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
    "A file given without compiler args is parsed against the bundled\n"
    "kernel-style headers (runtime/include), so a driver file can be checked\n"
    "without a kernel tree; a directory stands for its *.c files (recursive).\n"
    "With -p, each file uses its compile command. With --kernel-tree, "
    "kbuild's\n"
    "dry run (make -n) of a configured tree gives the exact commands.\n"
    "\n"
    "kbuild checker mode (CHECK=dmacheck; detected from kbuild's flags, or\n"
    "--kbuild-check): the options marked [check] are read, sparse-only\n"
    "options are ignored; exit status 0 unless --fail-on-findings.\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 the tool failed (bad\n"
    "arguments, no input, a file that could not be analysed), 130/143\n"
    "interrupted (SIGINT/SIGTERM).\n"
    "\n"
    "findings database (default ./dmacheck.db, docs/database.md):\n"
    "  findings  list a run's findings      diff    new/resolved/persisting\n"
    "  triage    set a finding's state      gate    fail CI on new findings\n"
    "  export    write a run as SARIF       runs    list the recorded runs\n"
    "  merge     combine shard databases into one run\n";

cl::OptionCategory InputCat("Inputs");
cl::OptionCategory AnalysisCat("Analysis");
cl::OptionCategory WorkerCat("Workers");
cl::OptionCategory OutputCat("Outputs");

cl::list<std::string> Inputs(cl::Positional, cl::desc("<file|dir|target>..."),
                             cl::cat(InputCat));
cl::opt<std::string>
    BuildPath("p",
              cl::desc("compilation database (directory or json file);\n"
                       "with no files, every entry is analysed"),
              cl::value_desc("path"), cl::cat(InputCat));
cl::opt<std::string>
    KernelTree("kernel-tree",
               cl::desc("a configured, prepared kernel tree; the other\n"
                        "arguments are kbuild targets (dir/ or file.c)"),
               cl::value_desc("dir"), cl::cat(InputCat));
cl::opt<std::string>
    MakeArgs("make-args",
             cl::desc("make variables for --kernel-tree (default: the\n"
                      "compiler the tree was configured with, LLVM=...)"),
             cl::value_desc("args"), cl::cat(InputCat));
cl::opt<bool> BundledFallback(
    "bundled-fallback",
    cl::desc("with -p: a file the database does not list is parsed against\n"
             "the bundled headers (default: an error for that file)"),
    cl::cat(InputCat));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("the directory findings' paths and fingerprints are relative\n"
             "to (default: the kernel tree, else the git top of the\n"
             "first input, else the inputs' common directory)"),
    cl::value_desc("dir"), cl::cat(InputCat));
cl::opt<bool> KbuildCheck("kbuild-check",
                          cl::desc("[check] kbuild checker mode, when not "
                                   "detected from the flags"),
                          cl::cat(InputCat));
cl::opt<bool> DumpCommands(
    "dump-commands",
    cl::desc("print the files' compile commands (after --shard) as\n"
             "compile_commands.json and exit"),
    cl::cat(InputCat));
cl::opt<std::string>
    Shard("shard",
          cl::desc("analyse only the k-th of n parts of the files; 'auto'\n"
                   "reads the CI's job index (docs/ci)"),
          cl::value_desc("k/n|auto"), cl::cat(InputCat));

cl::list<std::string>
    Rules("rules",
          cl::desc("[check] select rules by name or id, globs, left to\n"
                   "right (default: every implemented rule)"),
          cl::value_desc("glob,-glob"), cl::cat(AnalysisCat));
cl::opt<bool> ListRules("list-rules", cl::desc("print the rule table and exit"),
                        cl::cat(AnalysisCat));
cl::opt<bool> PrefilterOn(
    "prefilter",
    cl::desc("[check] skip files that name no DMA API function (default:\n"
             "on, except for files named one by one)"),
    cl::cat(AnalysisCat));
cl::opt<bool> PrefilterOff("no-prefilter",
                           cl::desc("[check] analyse every file"),
                           cl::cat(AnalysisCat));
cl::list<std::string>
    AnalyzerConfig("analyzer-config",
                   cl::desc("[check] pass a Static Analyzer option"),
                   cl::value_desc("k=v"), cl::cat(AnalysisCat));
cl::list<std::string>
    ClangCheckers("clang-checkers",
                  cl::desc("[check] also run these Clang checkers (e.g. core)"),
                  cl::value_desc("list"), cl::CommaSeparated,
                  cl::cat(AnalysisCat));
cl::opt<bool> AllHeaderBodies(
    "all-header-bodies",
    cl::desc("[check] parse every function body of the headers (default:\n"
             "only those the file names or that reach the DMA API)"),
    cl::cat(AnalysisCat));

cl::opt<bool>
    NoPch("no-pch",
          cl::desc("parse each file alone (default: files that share their\n"
                   "compile flags share a precompiled header of their common\n"
                   "headers, docs/architecture.md)"),
          cl::cat(AnalysisCat));

cl::opt<unsigned> Jobs("j",
                       cl::desc("parallel worker processes (default: cores)"),
                       cl::value_desc("n"), cl::Prefix, cl::cat(WorkerCat));
cl::opt<unsigned>
    Timeout("file-timeout",
            cl::desc("[check] wall-clock limit per file, seconds"),
            cl::value_desc("s"), cl::init(300), cl::cat(WorkerCat));
cl::opt<unsigned>
    MemoryMiB("file-memory",
              cl::desc("[check] address-space limit per worker, MiB"),
              cl::value_desc("MiB"), cl::init(2048), cl::cat(WorkerCat));
cl::opt<bool>
    NoCache("no-cache",
            cl::desc("with --db: re-analyse unchanged files too (default:\n"
                     "files unchanged since a cached run are not)"),
            cl::cat(WorkerCat));

cl::opt<std::string> DbPath("db",
                            cl::desc("[check] record the run in this findings "
                                     "database"),
                            cl::value_desc("file"), cl::cat(OutputCat));
cl::opt<std::string>
    SarifPath("sarif",
              cl::desc("[check] also write the findings as SARIF 2.1.0"),
              cl::value_desc("out"), cl::cat(OutputCat));
cl::opt<bool> Quiet("q",
                    cl::desc("[check] no progress line and no closing "
                             "summary"),
                    cl::cat(OutputCat));
cl::alias QuietLong("quiet", cl::desc("same as -q"), cl::aliasopt(Quiet),
                    cl::cat(OutputCat));
cl::opt<bool> FailOnFindings(
    "fail-on-findings",
    cl::desc("[check] kbuild checker mode: exit 1 on findings, 2 on\n"
             "failures (default: 0, never fail the build)"),
    cl::cat(OutputCat));

/// The options kbuild's checker mode reads (CHECK="dmacheck <these>"); the
/// first argument that is none of them starts kbuild's part.
/// (cl::list overloads '&': std::addressof.)
const cl::Option *const CheckOptions[] = {&KbuildCheck,
                                          &FailOnFindings,
                                          &Quiet,
                                          &QuietLong,
                                          &PrefilterOff,
                                          &PrefilterOn,
                                          std::addressof(Rules),
                                          &Timeout,
                                          &MemoryMiB,
                                          std::addressof(AnalyzerConfig),
                                          std::addressof(ClangCheckers),
                                          &AllHeaderBodies,
                                          &DbPath,
                                          &SarifPath};

/// The check-mode option A names, or null.
const cl::Option *checkOption(StringRef A) {
  if (!A.consume_front("-"))
    return nullptr;
  A.consume_front("-");
  StringRef Name = A.split('=').first;
  for (const cl::Option *O : CheckOptions)
    if (O->ArgStr == Name)
      return O;
  return nullptr;
}

void printVersion(raw_ostream &OS) {
  OS << "dmacheck " DMACHECK_VERSION " (clang " CLANG_VERSION_STRING ")\n";
}

unsigned checkedCount(const cl::opt<unsigned> &O, const char *What) {
  if (O.getNumOccurrences() && (O == 0 || O > 100000))
    usageError(std::string("invalid ") + What + " '" + std::to_string(O) + "'");
  return O;
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

// llvm::cl's messages ("dmacheck: Unknown command line argument '--x'. ...")
// in the tool's own form.
[[noreturn]] void clError(StringRef Text, const std::string &Help) {
  if (!Text.trim().empty()) { // else llvm::cl printed it already
    StringRef First = Text.split('\n').first.trim();
    First = First.split(": ").second; // "dmacheck[ sub]: "
    First.consume_front("for the ");
    size_t Try = First.find("  Try: ");
    if (Try != StringRef::npos)
      First = First.take_front(Try);
    First.consume_back(".");
    std::string Msg = First.str();
    if (StringRef(Msg).consume_front("Unknown command line argument "))
      Msg = "unknown option " + Msg.substr(30);
    if (!Msg.empty())
      Msg[0] = (char)std::tolower((unsigned char)Msg[0]);
    errs() << "dmacheck: error: " << Msg << "\n";
  }
  errs() << "Try '" << Help << "'.\n";
  std::exit(2);
}

} // namespace

[[noreturn]] void usageError(const std::string &Msg, const std::string &Cmd) {
  errs() << "dmacheck: error: " << Msg << "\n"
         << "Try 'dmacheck " << (Cmd.empty() ? "" : Cmd + " ") << "--help'.\n";
  std::exit(2);
}

void parseCommandLine(int Argc, const char *const *Argv, const char *Overview,
                      cl::SubCommand &Sub, const std::string &Help) {
  // llvm::cl would say "for the --db option: requires a value!"
  StringRef Last = Argc > 1 ? Argv[Argc - 1] : "";
  if (Last.starts_with("-") && !Last.contains('=')) {
    auto &Registered = cl::getRegisteredOptions(Sub);
    auto It = Registered.find(Last.drop_while([](char C) { return C == '-'; }));
    if (It != Registered.end() &&
        It->second->getValueExpectedFlag() == cl::ValueRequired) {
      errs() << "dmacheck: error: option '" << Last << "' needs a value\n";
      clError("", Help);
    }
  }
  cl::HideUnrelatedOptions({&InputCat, &AnalysisCat, &WorkerCat, &OutputCat});
  cl::SetVersionPrinter(printVersion);
  std::string Errors;
  raw_string_ostream ES(Errors);
  if (!cl::ParseCommandLineOptions(Argc, Argv, Overview, &ES, nullptr,
                                   /*LongOptionsUseDoubleDash=*/true))
    clError(ES.str(), Help);
}

[[noreturn]] void fatal(const std::string &Msg) {
  errs() << "dmacheck: error: " << Msg << "\n";
  std::exit(2);
}

unsigned numCores() {
  return std::max(1u, (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
}

ScanOptions parseScanOptions(int Argc, char **Argv) {
  ScanOptions O;
  O.CommandLine.assign(Argv, Argv + Argc);
  std::vector<std::string> Rest(Argv + 1, Argv + Argc);
  // kbuild's checker call: $(CHECK) $(CHECKFLAGS) $(c_flags) file. Our own
  // options (from CHECK="dmacheck ...") come first; the first argument that
  // is not one starts kbuild's part. Otherwise `--` ends our options.
  bool Check =
      looksLikeKbuildCheck(Rest) ||
      std::find(Rest.begin(), Rest.end(), "--kbuild-check") != Rest.end();
  std::vector<const char *> Ours = {Argv[0]};
  for (int I = 1; I < Argc; ++I) {
    StringRef A = Argv[I];
    const cl::Option *Opt = Check ? checkOption(A) : nullptr;
    if (Check && !Opt) {
      O.KbuildCheck = true;
      O.CompilerArgs.assign(Argv + I, Argv + Argc);
      break;
    }
    if (Opt && Opt->getValueExpectedFlag() == cl::ValueRequired &&
        !A.contains('=') && I + 1 < Argc) // "--db x.db": the value is ours
      Ours.push_back(Argv[I++]);
    if (A == "--") {
      O.HaveDashDash = true;
      O.CompilerArgs.assign(Argv + I + 1, Argv + Argc);
      break;
    }
    Ours.push_back(A == "-h" ? "--help" : Argv[I]);
  }
  parseCommandLine((int)Ours.size(), Ours.data(), Overview,
                   cl::SubCommand::getTopLevel(), "dmacheck --help");
  if (ListRules) {
    listRules();
    std::exit(0);
  }
  for (const std::string &R : Rules) {
    std::string Err = activeRules().parse(R);
    if (!Err.empty())
      usageError(Err);
  }
  O.Files.assign(Inputs.begin(), Inputs.end());
  O.BuildPath = BuildPath;
  O.KernelTree = KernelTree;
  O.HaveMakeArgs = MakeArgs.getNumOccurrences() > 0;
  SmallVector<StringRef, 4> Parts;
  StringRef(MakeArgs).split(Parts, ' ', -1, false);
  for (StringRef P : Parts)
    O.MakeArgs.push_back(P.str());
  O.SourceRoot = SourceRoot;
  O.BundledFallback = BundledFallback;
  if (BundledFallback && BuildPath.empty())
    usageError("--bundled-fallback needs -p");
  O.KbuildCheck |= KbuildCheck;
  O.FailOnFindings = FailOnFindings;
  if (PrefilterOn || PrefilterOff)
    O.Prefilter = PrefilterOn.getPosition() > PrefilterOff.getPosition();
  O.Cache = !NoCache;
  O.Quiet = Quiet;
  O.DumpCommands = DumpCommands;
  if (Shard.getNumOccurrences()) {
    std::string Err;
    if (!parseShard(Shard, O.ShardK, O.ShardN, Err))
      usageError(Err);
    // The recorded command line says which shard `auto` resolved to.
    std::string KN = std::to_string(O.ShardK) + "/" + std::to_string(O.ShardN);
    for (size_t I = 0; I < O.CommandLine.size(); ++I) {
      if (O.CommandLine[I] == "--shard=auto")
        O.CommandLine[I] = "--shard=" + KN;
      else if (O.CommandLine[I] == "--shard" && I + 1 < O.CommandLine.size() &&
               O.CommandLine[I + 1] == "auto")
        O.CommandLine[I + 1] = KN;
    }
  }
  O.Jobs = checkedCount(Jobs, "job count");
  O.Timeout = checkedCount(Timeout, "timeout");
  O.MemoryMiB = checkedCount(MemoryMiB, "memory limit (MiB)");
  O.AnalyzerConfig.assign(AnalyzerConfig.begin(), AnalyzerConfig.end());
  O.ClangCheckers.assign(ClangCheckers.begin(), ClangCheckers.end());
  O.AllHeaderBodies = AllHeaderBodies;
  O.Pch = !NoPch;
  O.DbPath = DbPath;
  O.SarifPath = SarifPath;
  for (const cl::opt<std::string> *Path : {&DbPath, &SarifPath, &BuildPath})
    if (Path->getNumOccurrences() && Path->empty())
      usageError("option '--" + Path->ArgStr.str() + "' needs a value");
  return O;
}

} // namespace dmacheck

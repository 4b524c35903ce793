//===- DbCommands.cpp - the database subcommands' command lines ----------===//
#include "driver/DbCommands.h"
#include "driver/Options.h"

#include "db/dmadb.h"

#include "llvm/Support/CommandLine.h"

#include <cstring>
#include <vector>

using namespace llvm;

namespace dmacheck {

namespace {

// The overview of each subcommand's --help (its usage line first).
const char *FindingsHelp =
    "usage: dmacheck findings [--db FILE] [--run N|latest] [--rule RULE]\n"
    "                         [--path GLOB] [--status STATE[,STATE...]]\n"
    "                         [--format text|json|csv]\n"
    "\n"
    "Lists the findings of a run (default: the latest complete run).\n";
const char *DiffHelp =
    "usage: dmacheck diff [--db FILE] [--format text|json|csv] OLD NEW\n"
    "\n"
    "Compares two runs by fingerprint: new, resolved and persisting\n"
    "findings.  OLD and NEW are run ids, 'latest' (the latest complete run\n"
    "of --db), or another database file (its latest complete run).\n";
const char *TriageHelp =
    "usage: dmacheck triage [--db FILE] FINGERPRINT STATE [--comment TEXT]\n"
    "\n"
    "Sets the triage state of a finding (of every finding with this\n"
    "fingerprint, in every run): new, confirmed, false-positive, wont-fix\n"
    "or fixed.  FINGERPRINT may be a unique prefix (4+ hex digits).\n";
const char *GateHelp =
    "usage: dmacheck gate [--db FILE] [--run N|latest] --baseline B\n"
    "                     [--fail-on new|any] [--min-severity "
    "note|warning|error]\n"
    "\n"
    "Exits 1, listing them, when the run (default: the latest complete run)\n"
    "has findings that fail the gate: with --fail-on new (default), those\n"
    "whose fingerprint is not in the baseline B (a run id of --db, or a\n"
    "baseline database file: its latest complete run); with --fail-on any,\n"
    "every finding.  Findings triaged false-positive or wont-fix (in --db\n"
    "or in the baseline database, the latest decision wins) and findings\n"
    "below --min-severity (default: note) never fail the gate.\n";
const char *ExportHelp =
    "usage: dmacheck export [--db FILE] [--run N|latest] --sarif OUT\n"
    "                       [--baseline BASE.db]\n"
    "\n"
    "Writes a run (default: the latest complete run) as SARIF 2.1.0 to OUT\n"
    "('-' for standard output).  Findings triaged false-positive or\n"
    "wont-fix carry a SARIF suppression (justification: the triage\n"
    "comment).  --baseline also applies the triage of the database\n"
    "BASE.db (opened read-only); where both have a decision for a\n"
    "finding, the later one wins.\n";
const char *RunsHelp = "usage: dmacheck runs [--db FILE] [--format "
                       "text|json|csv]\n"
                       "\n"
                       "Lists the recorded runs with their status and "
                       "counts.\n";
const char *MergeHelp =
    "usage: dmacheck merge OUT.db IN.db...\n"
    "\n"
    "Combines the latest complete run of each input database (e.g. the "
    "shards\nof `dmacheck --shard K/N`) into one new run of OUT.db (created "
    "when\nmissing).  A file scanned by two inputs is an error.\n";

const char *ConfirmHelp =
    "usage: dmacheck confirm [--db FILE] [--run N|latest] [--jobs N]\n"
    "                        [--all-faults] [--timeout SECONDS] DIR...\n"
    "\n"
    "Confirms the findings of a run (default: the latest complete run) by\n"
    "running each driver directory's harness on libdmart, the reference\n"
    "runtime: DIR holds harness.c and the driver's variants (every other\n"
    "*.c; see docs/confirm.md).  Each finding in a variant gets one\n"
    "verdict, recorded in the database: confirmed (with the runtime report,\n"
    "the scenario and the fault injected at a call site), not-reproduced,\n"
    "not-runnable, crashed or timed-out.  --all-faults also runs every\n"
    "failure point and lists the runtime reports no finding explains.\n";

const char *ReportHelp =
    "usage: dmacheck report --html OUTDIR [--db FILE] [--run N|latest]\n"
    "       dmacheck report --html OUTDIR [--db FILE] --diff OLD NEW\n"
    "\n"
    "Writes a static HTML report of a run (default: the latest complete\n"
    "run), or of the difference between two runs (OLD and NEW as for\n"
    "`dmacheck diff`), into OUTDIR: index.html lists every finding, sortable\n"
    "and filterable, and each finding has a page with its path drawn over\n"
    "the source, its rule's page and its runtime confirmation.  It opens\n"
    "from file:// and loads nothing from elsewhere.\n";

cl::SubCommand Findings("findings", "list a run's findings");
cl::SubCommand Diff("diff", "new, resolved and persisting findings");
cl::SubCommand Triage("triage", "set a finding's triage state");
cl::SubCommand Gate("gate", "fail CI on new findings");
cl::SubCommand Export("export", "write a run as SARIF 2.1.0");
cl::SubCommand Runs("runs", "list the recorded runs");
cl::SubCommand Merge("merge", "combine shard databases into one run");
cl::SubCommand Confirm("confirm", "confirm findings by running the driver");
cl::SubCommand Report("report", "write an HTML report of a run or a diff");

cl::OptionCategory DbCat("Database command options");

cl::opt<std::string> Db("db",
                        cl::desc("the findings database (default: "
                                 "./dmacheck.db)"),
                        cl::value_desc("file"), cl::sub(Findings),
                        cl::sub(Diff), cl::sub(Triage), cl::sub(Gate),
                        cl::sub(Export), cl::sub(Runs), cl::sub(Confirm),
                        cl::sub(Report), cl::cat(DbCat));
cl::opt<std::string> Run("run",
                         cl::desc("a run id or 'latest' (default: the latest "
                                  "complete run)"),
                         cl::value_desc("N|latest"), cl::sub(Findings),
                         cl::sub(Gate), cl::sub(Export), cl::sub(Confirm),
                         cl::sub(Report), cl::cat(DbCat));
cl::opt<std::string> Html("html",
                          cl::desc("the directory to write the report into"),
                          cl::value_desc("OUTDIR"), cl::sub(Report),
                          cl::cat(DbCat));
cl::list<std::string> DiffRuns("diff",
                               cl::desc("report the difference between two "
                                        "runs or databases"),
                               cl::value_desc("OLD NEW"), cl::multi_val(2),
                               cl::sub(Report), cl::cat(DbCat));
cl::opt<unsigned> ConfirmJobs("jobs",
                              cl::desc("harness processes at a time "
                                       "(default: 1)"),
                              cl::value_desc("N"), cl::init(1),
                              cl::sub(Confirm), cl::cat(DbCat));
cl::opt<bool> AllFaults("all-faults",
                        cl::desc("run every failure point; list the runtime "
                                 "reports no finding explains"),
                        cl::sub(Confirm), cl::cat(DbCat));
cl::opt<double> ConfirmTimeout("timeout",
                               cl::desc("seconds a harness run may take "
                                        "(default: 10)"),
                               cl::value_desc("seconds"), cl::init(10),
                               cl::sub(Confirm), cl::cat(DbCat));
cl::opt<std::string> Format("format", cl::desc("output format"),
                            cl::value_desc("text|json|csv"), cl::sub(Findings),
                            cl::sub(Diff), cl::sub(Runs), cl::cat(DbCat));
cl::opt<std::string> Rule("rule",
                          cl::desc("rule name, id (DMC004) or glob (dma-sg-*)"),
                          cl::value_desc("rule"), cl::sub(Findings),
                          cl::cat(DbCat));
cl::opt<std::string>
    PathGlob("path",
             cl::desc("glob on the path relative to the source root ('*'\n"
                      "also matches '/')"),
             cl::value_desc("glob"), cl::sub(Findings), cl::cat(DbCat));
cl::opt<std::string>
    Status("status",
           cl::desc("triage states: new, confirmed, false-positive,\n"
                    "wont-fix, fixed (never triaged: 'new')"),
           cl::value_desc("state,..."), cl::sub(Findings), cl::cat(DbCat));
cl::opt<std::string>
    GateBaseline("baseline",
                 cl::desc("a run id of --db, or a baseline database file"),
                 cl::value_desc("B"), cl::sub(Gate), cl::cat(DbCat));
cl::opt<std::string>
    ExportBaseline("baseline",
                   cl::desc("also apply this database's triage (read-only)"),
                   cl::value_desc("BASE.db"), cl::sub(Export), cl::cat(DbCat));
cl::opt<std::string> FailOn("fail-on",
                            cl::desc("new: findings not in the baseline "
                                     "(default); any: every finding"),
                            cl::value_desc("new|any"), cl::sub(Gate),
                            cl::cat(DbCat));
cl::opt<std::string> MinSeverity("min-severity",
                                 cl::desc("findings below it never fail "
                                          "(default: note)"),
                                 cl::value_desc("note|warning|error"),
                                 cl::sub(Gate), cl::cat(DbCat));
cl::opt<std::string> Sarif("sarif",
                           cl::desc("the SARIF file to write ('-': stdout)"),
                           cl::value_desc("OUT"), cl::sub(Export),
                           cl::cat(DbCat));
cl::opt<std::string> Comment("comment", cl::desc("why (kept with the state)"),
                             cl::value_desc("text"), cl::sub(Triage),
                             cl::cat(DbCat));
cl::list<std::string> Positional(cl::Positional, cl::desc("<args>"),
                                 cl::sub(Diff), cl::sub(Triage), cl::sub(Merge),
                                 cl::sub(Findings), cl::sub(Gate),
                                 cl::sub(Export), cl::sub(Runs),
                                 cl::sub(Confirm), cl::sub(Report),
                                 cl::cat(DbCat));

struct Command {
  cl::SubCommand *Sub;
  const char *Help;
};

const Command *commandNamed(const char *Name) {
  static const Command Commands[] = {
      {&Findings, FindingsHelp}, {&Diff, DiffHelp},
      {&Triage, TriageHelp},     {&Gate, GateHelp},
      {&Export, ExportHelp},     {&Runs, RunsHelp},
      {&Merge, MergeHelp},       {&Confirm, ConfirmHelp},
      {&Report, ReportHelp}};
  for (const Command &C : Commands)
    if (C.Sub->getName() == Name)
      return &C;
  return nullptr;
}

// A given option's value, NULL for the C side when it was not given.
const char *given(const cl::opt<std::string> &O) {
  return O.getNumOccurrences() ? O.c_str() : nullptr;
}

} // namespace

bool isDbCommand(const char *Name) { return commandNamed(Name); }

int runDbCommand(int Argc, char **Argv) {
  const Command *C = commandNamed(Argv[1]);
  parseCommandLine(Argc, Argv, C->Help, *C->Sub,
                   std::string("dmacheck ") + Argv[1] + " --help");
  std::vector<char *> Pos;
  for (std::string &P : Positional)
    Pos.push_back(P.data());
  if (C->Sub == &Merge) {
    if (Pos.size() < 2)
      usageError("merge needs OUT.db and at least one IN.db", "merge");
    return dmadb_merge(Pos[0], (int)Pos.size() - 1, Pos.data() + 1, Argc - 1,
                       Argv + 1);
  }
  if (C->Sub == &Confirm) {
    if (Pos.empty())
      usageError("confirm needs at least one driver directory", "confirm");
    dmadb_confirm_opts CO;
    std::memset(&CO, 0, sizeof(CO));
    CO.db = given(Db);
    CO.run = given(Run);
    CO.dirs = Pos.data();
    CO.ndirs = (int)Pos.size();
    CO.jobs = (int)ConfirmJobs;
    CO.all_faults = AllFaults;
    CO.timeout = ConfirmTimeout;
    CO.cc = DMACHECK_CC;
    CO.include_dir = DMACHECK_RT_INCLUDE;
    CO.libdmart = DMACHECK_LIBDMART;
    CO.cflags = "-std=gnu11 -g -O0";
    CO.argc = Argc;
    CO.argv = Argv;
    return dmadb_confirm(&CO);
  }
  dmadb_cmd O;
  std::memset(&O, 0, sizeof(O));
  O.cmd = Argv[1];
  O.db = given(Db);
  O.run = given(Run);
  O.rule = given(Rule);
  O.path = given(PathGlob);
  O.status = given(Status);
  O.format = given(Format);
  O.baseline = C->Sub == &Gate ? given(GateBaseline) : given(ExportBaseline);
  O.fail_on = given(FailOn);
  O.min_severity = given(MinSeverity);
  O.sarif = given(Sarif);
  O.comment = given(Comment);
  O.html = given(Html);
  if (DiffRuns.size() == 2) {
    O.diff[0] = DiffRuns[0].c_str();
    O.diff[1] = DiffRuns[1].c_str();
  }
  if (Pos.size() > sizeof(O.pos) / sizeof(O.pos[0]))
    usageError("too many arguments", Argv[1]);
  for (char *P : Pos)
    O.pos[O.npos++] = P;
  return dmadb_command(&O);
}

} // namespace dmacheck

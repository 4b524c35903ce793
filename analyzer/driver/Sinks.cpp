//===- Sinks.cpp - where finished files go -------------------------------===//
#include "driver/Sinks.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace dmacheck {

const char *const PrefilterSkip =
    "prefilter: names no DMA API function the selected rules check, nor a "
    "wrapper";

namespace {

bool failed(const FileResult &R) {
  return R.Status != FileStatus::Analysed && R.Status != FileStatus::Skipped;
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

std::string plural(size_t N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

} // namespace

Sinks::Sinks(const std::vector<Job> &Jobs, DbRecorder &Rec, Progress &Prog,
             bool Check)
    : Jobs(Jobs), Rec(Rec), Prog(Prog), Check(Check), Results(Jobs.size()),
      Start(std::chrono::steady_clock::now()) {}

void Sinks::started(size_t Index) { Prog.current(Jobs[Index].File); }

void Sinks::done(size_t Index, FileResult R, bool FromCache) {
  Rec.record(R, Jobs[Index].Directory, FromCache);
  ++Counts.Done;
  Counts.Findings += R.Findings.size();
  Counts.Failed += failed(R);
  Counts.Skipped += R.Status == FileStatus::Skipped;
  Counts.Cached += FromCache && R.Status == FileStatus::Analysed;
  for (const Finding &F : R.Findings)
    ++ByRule[F.Rule];
  Results[Index] = std::move(R);
  bool Cleared = false;
  while (Printed < Jobs.size() && Results[Printed]) {
    if (!Cleared)
      Prog.clear();
    Cleared = true;
    FileResult &P = *Results[Printed++];
    printResult(P, Check);
    AnyFinding |= !P.Findings.empty();
    AnyFailure |= failed(P);
    P = FileResult(); // printed; keep memory flat on big trees
  }
  Prog.update(Counts);
}

void Sinks::summary(bool Interrupted) const {
  double Secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  char Wall[32];
  std::snprintf(Wall, sizeof(Wall), "%.1f s", Secs);
  errs() << "dmacheck: " << (Interrupted ? "interrupted after " : "")
         << Counts.Done << " of " << plural(Jobs.size(), "file", "files")
         << ": " << Counts.Done - Counts.Skipped - Counts.Failed
         << " analysed (" << Counts.Cached << " cached), " << Counts.Skipped
         << " skipped, " << Counts.Failed << " failed; "
         << plural(Counts.Findings, "finding", "findings");
  const char *Sep = " (";
  for (const auto &[Rule, N] : ByRule) {
    errs() << Sep << Rule << " " << N;
    Sep = ", ";
  }
  errs() << (ByRule.empty() ? "" : ")") << "; " << Wall << "\n";
}

} // namespace dmacheck

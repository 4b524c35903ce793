//===- Progress.cpp - progress of a scan on stderr ------------------------===//
#include "driver/Progress.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace dmacheck {

Progress::Progress(bool Quiet)
    : Quiet(Quiet), Tty(isatty(STDERR_FILENO)),
      Start(std::chrono::steady_clock::now()), LastPrint(Start) {
  // Tests: DMACHECK_PROGRESS=tty forces the terminal form, =lines plain
  // lines from the first file on.
  if (const char *E = std::getenv("DMACHECK_PROGRESS")) {
    Tty = std::string(E) == "tty";
    Quiet = Quiet || std::string(E) == "off";
    if (std::string(E) == "lines")
      QuietFor = 0;
  }
}

void Progress::stage(const std::string &What) {
  if (Quiet || !Tty)
    return;
  std::fprintf(stderr, "\r\033[Kdmacheck: %s...", What.c_str());
  std::fflush(stderr);
  Shown = true;
}

void Progress::start(size_t N) {
  clear();
  Total = N;
  Start = LastPrint = std::chrono::steady_clock::now();
}

void Progress::current(const std::string &File) { Current = File; }

void Progress::clear() {
  if (Quiet || !Tty || !Shown)
    return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  Shown = false;
}

static std::string duration(double S) {
  char Buf[32];
  long T = (long)(S + 0.5);
  if (T >= 3600)
    std::snprintf(Buf, sizeof(Buf), "%ldh%02ldm", T / 3600, T / 60 % 60);
  else
    std::snprintf(Buf, sizeof(Buf), "%ldm%02lds", T / 60, T % 60);
  return Buf;
}

void Progress::print(const ProgressCounts &C, bool Final) {
  double Elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  std::string Eta = "?";
  if (Final)
    Eta = "done in " + duration(Elapsed);
  else if (C.Done)
    Eta = "ETA " + duration(Elapsed / C.Done * (Total - C.Done));
  // The file being analysed, on a terminal: its tail, to fit the line.
  std::string File = Tty && !Final && C.Done < Total ? Current : "";
  if (File.size() > 32)
    File = "..." + File.substr(File.size() - 29);
  std::fprintf(stderr,
               "%s[%zu/%zu files] %zu findings, %zu failed, %zu skipped, "
               "%zu cached, %s%s%s%s",
               Tty ? "\r\033[K" : "dmacheck: ", C.Done, Total, C.Findings,
               C.Failed, C.Skipped, C.Cached, Eta.c_str(),
               File.empty() ? "" : " ", File.c_str(),
               Tty && !Final ? "" : "\n");
  std::fflush(stderr);
  Shown = Tty && !Final;
}

void Progress::update(const ProgressCounts &C) {
  Last = C;
  if (Quiet || !Total)
    return;
  auto Now = std::chrono::steady_clock::now();
  if (Tty) {
    // At most ~10 redraws a second.
    if (Shown && Now - LastPrint < std::chrono::milliseconds(100) &&
        C.Done < Total)
      return;
    LastPrint = Now;
    print(C, false);
    return;
  }
  // Short scans stay quiet: plain lines start after QuietFor seconds.
  if (Now - Start < std::chrono::seconds(QuietFor))
    return;
  unsigned Decile = (unsigned)(C.Done * 10 / Total);
  if (Decile > LastDecile || Now - LastPrint >= std::chrono::seconds(30)) {
    LastDecile = Decile;
    LastPrint = Now;
    if (C.Done < Total) {
      print(C, false);
      Printed = true;
    }
  }
}

void Progress::finish() {
  clear();
  if (Quiet || !Total)
    return;
  if (!Tty && Printed)
    print(Last, true);
}

} // namespace dmacheck

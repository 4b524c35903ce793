//===- Progress.h - progress of a scan on stderr --------------------------===//
//
// On a terminal: one line rewritten in place (the stage before the files;
// then files done/total, findings, failures, ETA and the file started
// last). Otherwise: a plain line every 30 s or every 10 % of the
// files, once the scan has run 10 s (short scans print nothing). Nothing with
// -q.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_PROGRESS_H
#define DMACHECK_DRIVER_PROGRESS_H

#include <chrono>
#include <cstddef>
#include <string>

namespace dmacheck {

struct ProgressCounts {
  size_t Done = 0, Findings = 0, Failed = 0, Skipped = 0, Cached = 0;
};

class Progress {
public:
  explicit Progress(bool Quiet);
  /// A stage before the files (e.g. kbuild's dry run): named on a terminal.
  void stage(const std::string &What);
  /// The files are known: the counts start.
  void start(size_t Total);
  /// The file a worker started on last (named on a terminal).
  void current(const std::string &File);
  /// Erases the terminal line before other output goes to stderr.
  void clear();
  /// Reports the counts (redraws the line, or prints one when due).
  void update(const ProgressCounts &C);
  /// Final state (the last counts); leaves the terminal line erased.
  void finish();

private:
  void print(const ProgressCounts &C, bool Final);
  size_t Total = 0;
  std::string Current;
  ProgressCounts Last;
  bool Quiet, Tty;
  bool Shown = false, Printed = false;
  unsigned QuietFor = 10; // seconds before the first plain line
  unsigned LastDecile = 0;
  std::chrono::steady_clock::time_point Start, LastPrint;
};

} // namespace dmacheck

#endif

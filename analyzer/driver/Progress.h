//===- Progress.h - progress of a scan on stderr --------------------------===//
//
// On a terminal: one line rewritten in place (files done/total, findings,
// failures, ETA). Otherwise: a plain line every 30 s or every 10 % of the
// files, once the scan has run 10 s (short scans print nothing). Nothing with
// -q.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_PROGRESS_H
#define DMACHECK_DRIVER_PROGRESS_H

#include <chrono>
#include <cstddef>

namespace dmacheck {

struct ProgressCounts {
  size_t Done = 0, Findings = 0, Failed = 0, Skipped = 0, Cached = 0;
};

class Progress {
public:
  Progress(size_t Total, bool Quiet);
  /// Erases the terminal line before other output goes to stderr.
  void clear();
  /// Reports the counts (redraws the line, or prints one when due).
  void update(const ProgressCounts &C);
  /// Final state; leaves the terminal line erased.
  void finish(const ProgressCounts &C);

private:
  void print(const ProgressCounts &C, bool Final);
  size_t Total;
  bool Quiet, Tty;
  bool Shown = false, Printed = false;
  unsigned QuietFor = 10; // seconds before the first plain line
  unsigned LastDecile = 0;
  std::chrono::steady_clock::time_point Start, LastPrint;
};

} // namespace dmacheck

#endif

//===- Sinks.h - where finished files go -----------------------*- C++ -*-===//
//
// The scheduler hands each finished file here: the database (at once when
// it was analysed, in batches when it was a cache copy or a skip), the
// terminal (Clang-style diagnostics, in input order), the progress line,
// and the closing summary (files analysed / skipped / failed / cached,
// findings by rule, wall time).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_SINKS_H
#define DMACHECK_DRIVER_SINKS_H

#include "common/Finding.h"
#include "driver/DbBridge.h"
#include "driver/Job.h"
#include "driver/Progress.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dmacheck {

/// Why the prefilter skips a file (the database and SARIF's notifications
/// tell it from the other skips by its "prefilter:" prefix).
extern const char *const PrefilterSkip;

class Sinks {
public:
  /// Check: kbuild's checker mode (failures are warnings there).
  Sinks(const std::vector<Job> &Jobs, DbRecorder &Rec, Progress &Prog,
        bool Check);
  /// A worker started on Jobs[Index] (the progress line names it).
  void started(size_t Index);
  /// Jobs[Index] is finished: recorded, counted, printed in input order.
  void done(size_t Index, FileResult R, bool FromCache);
  /// Prints the closing summary (Interrupted: how far the scan got).
  void summary(bool Interrupted) const;
  bool anyFinding() const { return AnyFinding; }
  bool anyFailure() const { return AnyFailure; }

private:
  const std::vector<Job> &Jobs;
  DbRecorder &Rec;
  Progress &Prog;
  bool Check;
  std::vector<std::optional<FileResult>> Results;
  size_t Printed = 0;
  bool AnyFinding = false, AnyFailure = false;
  ProgressCounts Counts;
  std::map<std::string, size_t> ByRule;
  std::chrono::steady_clock::time_point Start;
};

} // namespace dmacheck

#endif

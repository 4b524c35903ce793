//===- Scheduler.h - prefilter, cache and worker pool ---------*- C++ -*-===//
#ifndef DMACHECK_DRIVER_SCHEDULER_H
#define DMACHECK_DRIVER_SCHEDULER_H

#include "driver/DbBridge.h"
#include "driver/Job.h"
#include "driver/Sinks.h"
#include "driver/Worker.h"

#include <vector>

namespace dmacheck {

struct ScheduleOptions {
  unsigned MaxWorkers;
  bool Prefilter;  // skip files that name no DMA API function
  bool KernelTree; // skip files and headers kbuild generates
  bool UseCache;   // reuse and store results in the database's cache
  WorkerSetup Worker;
  bool Pch; // a precompiled header per group of files (driver/PchGroups.h)
};

/// Installs the SIGINT/SIGTERM handlers that stop a scan (the scan ends
/// between two files; the run is marked interrupted).
void installStopHandlers();
/// The stop signal received, 0 if none.
int stopSignal();
/// Dies of the stop signal (after the run was marked interrupted).
[[noreturn]] void dieOfStopSignal();

/// Runs every job: files that need no worker (skips, cache hits) are
/// completed at once, the others in at most MaxWorkers forked processes.
/// Each finished file goes to Out. False when the scan was stopped by a
/// signal (or cannot fork: then a message is printed and Failed is set).
bool runJobs(const std::vector<Job> &Jobs, const ScheduleOptions &S,
             DbRecorder &Cache, Sinks &Out, bool &Failed);

} // namespace dmacheck

#endif

//===- Spawner.h - workers forked from a small, early process --*- C++ -*-===//
//
// A worker forked from the scanning process shares its heap copy-on-write:
// by the time the scan runs, that heap holds the dry run's commands and the
// prefilter's scans, and its free chunks are spread over every page. The
// worker's first allocations reuse those chunks, so nearly each one copies a
// page; and every fork write-protects the parent's heap again, so the
// parent's next allocations fault too. On a 2-core VM, where each of those
// faults flushes the other core's TLB, this was a third of a whole-tree
// scan's CPU (bench/results.md, "Workers forked from a spawner").
//
// So the scan forks, before it reads any input, a spawner: a process that
// keeps the small heap of the tool's start and forks each worker on
// request. The scanning process is the workers' subreaper (they are forked
// through a short-lived intermediate), so it waits for them, reads their
// status and kills them as if it had forked them itself.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_SPAWNER_H
#define DMACHECK_DRIVER_SPAWNER_H

#include "driver/Job.h"
#include "driver/Worker.h"

#include <string>
#include <sys/types.h>

namespace dmacheck {

/// Forks the spawner. Call it before the scan's heap grows. Without it (or
/// when it cannot start), workers are forked from the caller.
void startSpawner();

/// Starts a worker that analyses J (runWorker()); it is a child of this
/// process either way. Its pid, or -1 with errno set.
pid_t spawnWorker(const Job &J, const std::string &OutPath,
                  const WorkerSetup &W);

/// Ends the spawner and waits for it (nothing when none runs).
void stopSpawner();

} // namespace dmacheck

#endif

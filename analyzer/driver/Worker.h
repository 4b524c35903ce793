//===- Worker.h - one file analysed in a forked process --------*- C++ -*-===//
//
// Each file is analysed in its own process with a wall-clock and an
// address-space limit, so a crash, a hang or a blow-up costs that file
// only. The worker writes its FileResult (and, for the cache, the files it
// read) next to OutPath; the parent collects it by the exit status.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_WORKER_H
#define DMACHECK_DRIVER_WORKER_H

#include "common/Finding.h"
#include "driver/Job.h"

#include <string>

namespace dmacheck {

struct WorkerSetup {
  unsigned Timeout;
  unsigned MemoryMiB;
  bool WantDeps; // write the dependency list for the cache (OutPath.deps)
};

/// In the forked child: analyses J and exits.
[[noreturn]] void runWorker(const Job &J, const std::string &OutPath,
                            const WorkerSetup &W);

/// Whether the worker was stopped by SIGINT/SIGTERM: then its file was not
/// analysed, and the run is interrupted (not a crash of the analyzer).
bool workerInterrupted(int Status);

/// The result of a finished worker, or why there is none (crash, timeout,
/// out of memory).
FileResult collectWorker(const Job &J, const std::string &OutPath, int Status,
                         const WorkerSetup &W);

} // namespace dmacheck

#endif

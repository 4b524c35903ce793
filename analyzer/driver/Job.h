//===- Job.h - one file to analyse and how to compile it -------*- C++ -*-===//
#ifndef DMACHECK_DRIVER_JOB_H
#define DMACHECK_DRIVER_JOB_H

#include "engine/Engine.h"

#include <string>

namespace dmacheck {

/// What the inputs stage hands the scheduler: a file, the directory its
/// compile command runs in, and the flags (none: bundled-header mode).
struct Job {
  std::string File;      // as given / as in the compile command
  std::string Directory; // working directory for the compile command
  EngineOptions Opts;
  std::string Unresolved; // why the file has no command (then not analysed)
};

} // namespace dmacheck

#endif

//===- Inputs.h - the inputs stage: command line to jobs -------*- C++ -*-===//
//
// Files (bundled headers or `-- flags`), a compilation database (-p), a
// kernel tree (--kernel-tree) or kbuild's checker call (CHECK=) become one
// job per file, in a fixed order, before anything is analysed.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_INPUTS_H
#define DMACHECK_DRIVER_INPUTS_H

#include "driver/Job.h"
#include "driver/Options.h"

#include <string>
#include <vector>

namespace dmacheck {

struct ResolvedInputs {
  std::vector<Job> Jobs;
  /// The root findings' paths are relative to when the inputs fix it
  /// (--source-root, the kernel tree); empty: the database decides (git).
  std::string SourceRoot;
  /// The inputs' common directory: the root outside a git checkout.
  std::string CommonDir;
};

/// Resolves the inputs (errors exit 2 with a message), then applies
/// --shard.
ResolvedInputs resolveInputs(const ScanOptions &O);

} // namespace dmacheck

#endif

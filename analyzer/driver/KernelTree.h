//===- KernelTree.h - jobs from a configured kernel tree -------*- C++ -*-===//
//
// --kernel-tree: kbuild's own commands for the targets (directories or
// files), with the tree's compiler settings.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_KERNELTREE_H
#define DMACHECK_DRIVER_KERNELTREE_H

#include "driver/Job.h"

#include <string>
#include <vector>

namespace dmacheck {

struct KernelTreeRequest {
  std::string Tree;                 // as given
  std::vector<std::string> Targets; // dir/ or file.c, relative to the tree
  std::vector<std::string> MakeArgs;
  std::string CacheDb; // keep dry runs in this database ("": do not)
};

/// One job per C file kbuild compiles for the targets, sorted by path. The
/// tree's absolute path is returned in TreeDir. False with Err when the tree
/// is not usable or a target cannot be resolved.
bool kernelTreeJobs(const KernelTreeRequest &Req, const EngineOptions &Base,
                    std::vector<Job> &Jobs, std::string &TreeDir,
                    std::string &Err);

} // namespace dmacheck

#endif

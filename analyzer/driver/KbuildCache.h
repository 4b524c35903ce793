//===- KbuildCache.h - kbuild dry runs kept across scans --------*- C++ -*-===//
//
// With --db, the parsed dry run of each goal directory is stored in the
// findings database and reused while nothing it depends on changed: the
// tool, the tree, the make arguments, the compiler, and the content of the
// configuration (.config, include/config/auto.conf) and of every kbuild
// makefile that can shape the goal's commands: the top Makefile, those of
// scripts/ and arch/<arch>/, every Makefile and Kbuild file beneath the goal
// and those of its parent directories. A changed makefile thus re-runs the
// dry run of the goals beneath it only, a changed configuration all.
// Which objects are already built does not matter: kbuild rebuilds an object
// whose command changed, so a built object's saved command (read at each
// scan) is the one a fresh dry run would print.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_KBUILDCACHE_H
#define DMACHECK_DRIVER_KBUILDCACHE_H

#include "driver/Kbuild.h"

#include <string>
#include <vector>

namespace dmacheck {

struct DryRunRequest {
  std::string Tree; // absolute
  std::vector<std::string> MakeArgs;
  std::string Compiler;
  std::string Db; // the findings database; "": no cache
};

/// The dry run of Goals (directories relative to the tree, none beneath
/// another; "" is the whole tree), from the cache where it is valid.
bool cachedDryRun(const DryRunRequest &Req,
                  const std::vector<std::string> &Goals, DryRun &Out,
                  std::string &Err);

} // namespace dmacheck

#endif

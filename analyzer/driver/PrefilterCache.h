//===- PrefilterCache.h - prefilter verdicts kept across scans -*- C++ -*-===//
//
// With --db, the prefilter's verdict on each file is stored with what it
// was decided from (common/Prefilter.h, PrefilterInputs): the content hash
// of every file it read, the include candidates it probed and did not find,
// and the header listing of each directory whose wrappers it collected. A
// verdict is reused while the key (the tool, the rules, the include
// directories) is the same and every one of those still holds, so a
// re-scan of an unchanged tree hashes ~19,000 small files instead of
// scanning them. A header added where an include would now find it, or
// beside the file, invalidates the verdict.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_PREFILTERCACHE_H
#define DMACHECK_DRIVER_PREFILTERCACHE_H

#include "driver/Cache.h"
#include "driver/DbBridge.h"
#include "driver/Job.h"

#include <map>
#include <string>
#include <vector>

namespace dmacheck {

class PrefilterCache {
public:
  /// Db may have no database open: then every verdict is computed.
  PrefilterCache(DbRecorder &Db, ContentHasher &H, bool Use)
      : Db(Db), H(H), Use(Use) {}
  ~PrefilterCache() { flush(); }
  /// True when J's file is worth parsing.
  bool worthParsing(const Job &J);
  /// Stores the verdicts computed since the last flush, in one transaction.
  void flush();

private:
  bool stillHolds(llvm::StringRef Deps);
  /// Hash of a directory's header listing, read once per scan (a driver's
  /// files share their directory).
  const std::string &listing(const std::string &Dir);

  DbRecorder &Db;
  ContentHasher &H;
  bool Use;
  std::vector<PrefilterVerdict> Pending;
  size_t PendingBytes = 0; // of their inputs' text
  std::map<std::string, std::string> Listings;
};

} // namespace dmacheck

#endif

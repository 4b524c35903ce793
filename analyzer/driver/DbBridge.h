//===- DbBridge.h - recording a scan in the findings database ---*- C++ -*-===//
//
// The driver's only view of analyzer/db (C): opens --db (or an in-memory
// database when only --sarif is given), records each file's results as they
// are collected, finishes the run, writes --sarif. Inactive when neither
// option is given, so a scan without them behaves exactly as before.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_DBBRIDGE_H
#define DMACHECK_DRIVER_DBBRIDGE_H

#include "common/Finding.h"
#include "driver/Cache.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

struct dmadb;

namespace dmacheck {

/// A prefilter verdict to store (driver/PrefilterCache.h).
struct PrefilterVerdict {
  std::string File, Key, Deps;
  bool Parse;
};

class DbRecorder {
public:
  DbRecorder() = default;
  DbRecorder(const DbRecorder &) = delete;
  DbRecorder &operator=(const DbRecorder &) = delete;
  /// Marks a run that was neither finished nor interrupted as interrupted.
  ~DbRecorder();

  /// Starts a run; with neither path given, does nothing. SourceRoot (may
  /// be empty) and FallbackRoot: see dmadb_run_info. False (message
  /// printed; a database file this call created is removed) when the
  /// database cannot be used.
  bool open(const std::string &DbPath, const std::string &SarifPath,
            const std::vector<std::string> &CommandLine,
            const std::string &FirstInput, const std::string &FirstDir,
            const std::string &SourceRoot, const std::string &FallbackRoot);
  /// Records one file (a failure is printed; finish() then reports it).
  /// An analysed file is committed at once, together with the files that
  /// wait; cached copies and skips wait for flush(), a batch of MaxBatch
  /// files or MaxBatchAge: one commit each made an unchanged re-scan wait
  /// for one disk sync per file.
  void record(const FileResult &R, const std::string &Directory,
              bool FromCache = false);
  /// Commits the files that wait, in one transaction (the scheduler calls
  /// it before it waits for a worker).
  void flush();
  /// The cache entry of Key (see driver/Cache.h); false on a miss, or when
  /// no database is open.
  bool cacheGet(const std::string &Key, std::string &Deps, std::string &Result);
  /// Stores a file's results under Key (a failure is printed, not fatal:
  /// the scan's results are unaffected).
  void cachePut(const std::string &Key, const std::string &File,
                const std::string &Deps, const std::string &Result,
                double Seconds);
  /// The stored prefilter verdict of File under Key; false on a miss.
  bool prefilterGet(const std::string &File, const std::string &Key,
                    std::string &Deps, bool &Parse);
  /// Stores verdicts in one transaction (a failure is printed, not fatal).
  void prefilterPut(const std::vector<PrefilterVerdict> &V);
  /// Loads the stored file_stats rows into S (nothing without a database).
  void statsLoad(StatCache &S);
  /// Stores rows in one transaction (a failure is printed, not fatal: the
  /// next scan reads those files again).
  void statsPut(const std::vector<std::pair<std::string, FileStat>> &Rows);
  /// Marks the run interrupted (the scan was stopped by a signal).
  void interrupted();
  /// Marks the run complete and writes --sarif. False after any failure.
  bool finish();

private:
  dmadb *Db = nullptr;
  int64_t Run = 0;
  std::string Path, Sarif;
  bool Failed = false;
  struct PendingFile {
    FileResult R;
    std::string Directory;
    bool FromCache;
  };
  std::vector<PendingFile> Pending;
  std::chrono::steady_clock::time_point PendingSince;
  static constexpr size_t MaxBatch = 256;
  static constexpr std::chrono::seconds MaxBatchAge{1};
};

/// file_stats rows of an open database into S; false on a failure
/// (dmadb_errmsg() says why).
bool statsLoad(dmadb *Db, StatCache &S);
/// Stores rows in one transaction; false on a failure.
bool statsPut(dmadb *Db,
              const std::vector<std::pair<std::string, FileStat>> &Rows);

} // namespace dmacheck

#endif

//===- DbBridge.cpp - FileResult/Finding to the findings database ---------===//
#include "driver/DbBridge.h"

#include "common/Model.h"
#include "db/dmadb.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace dmacheck {

namespace {

void dbError(const std::string &Msg) {
  std::fprintf(stderr, "dmacheck: error: %s\n", Msg.c_str());
}

} // namespace

bool DbRecorder::open(const std::string &DbPath, const std::string &SarifPath,
                      const std::vector<std::string> &CommandLine,
                      const std::string &FirstInput,
                      const std::string &FirstDir,
                      const std::string &SourceRoot,
                      const std::string &FallbackRoot) {
  if (DbPath.empty() && SarifPath.empty())
    return true;
  Path = DbPath.empty() ? ":memory:" : DbPath;
  Sarif = SarifPath;
  // A database this run creates and cannot use is not left behind.
  bool Created = !DbPath.empty() && access(DbPath.c_str(), F_OK) != 0;
  auto Fail = [&](const std::string &Msg) {
    dbError(Msg);
    if (Db)
      dmadb_close(Db);
    Db = nullptr;
    if (Created)
      for (const char *Ext : {"", "-wal", "-shm", "-journal"})
        unlink((DbPath + Ext).c_str());
    return false;
  };
  char *Err = nullptr;
  Db = dmadb_open(Path.c_str(), DMADB_CREATE, &Err);
  if (!Db) {
    std::string Msg = Err ? Err : "out of memory";
    dmadb_free(Err);
    return Fail(Msg);
  }
  std::vector<char *> Argv;
  for (const std::string &A : CommandLine)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  std::string Rules = activeRules().spec();
  dmadb_run_info Info{DMACHECK_VERSION,   (int)CommandLine.size(),
                      Argv.data(),        Rules.c_str(),
                      FirstInput.c_str(), FirstDir.c_str(),
                      SourceRoot.c_str(), FallbackRoot.c_str()};
  Run = dmadb_run_begin(Db, &Info);
  if (!Run)
    return Fail(std::string("cannot start a run in '") + Path +
                "': " + dmadb_errmsg(Db));
  return true;
}

void DbRecorder::record(const FileResult &R, const std::string &Directory,
                        bool FromCache) {
  if (!Db)
    return;
  if (Pending.empty())
    PendingSince = std::chrono::steady_clock::now();
  Pending.push_back({R, Directory, FromCache});
  // Results that cost no analysis (cache copies, skips) wait for a batch:
  // committing each alone made an unchanged re-scan wait on one disk sync
  // per file. An analysed result is committed at once, with what waits.
  bool Cheap = FromCache || R.Status == FileStatus::Skipped;
  if (!Cheap || Pending.size() >= MaxBatch ||
      std::chrono::steady_clock::now() - PendingSince >= MaxBatchAge)
    flush();
}

void DbRecorder::flush() {
  if (!Db || Pending.empty())
    return;
  size_t N = Pending.size();
  std::vector<std::vector<std::vector<dmadb_event>>> Events(N);
  std::vector<std::vector<dmadb_finding>> Findings(N);
  std::vector<dmadb_file_result> Files(N);
  std::vector<const dmadb_file_result *> Ptrs(N);
  for (size_t K = 0; K < N; ++K) {
    const FileResult &R = Pending[K].R;
    Events[K].resize(R.Findings.size());
    for (size_t I = 0; I < R.Findings.size(); ++I) {
      const Finding &F = R.Findings[I];
      for (const PathEvent &E : F.Path)
        Events[K][I].push_back(
            {E.Loc.File.c_str(), E.Loc.Line, E.Loc.Col, E.Message.c_str()});
      Findings[K].push_back(
          {F.Rule.c_str(), F.Severity.c_str(), F.Loc.File.c_str(), F.Loc.Line,
           F.Loc.Col, F.Function.c_str(), F.Message.c_str(), F.Snippet.c_str(),
           Events[K][I].data(), Events[K][I].size()});
    }
    Files[K] = {R.File.c_str(),
                Pending[K].Directory.c_str(),
                fileStatusName(R.Status),
                R.Error.c_str(),
                R.Seconds,
                Findings[K].data(),
                Findings[K].size(),
                Pending[K].FromCache ? 1 : 0};
    Ptrs[K] = &Files[K];
  }
  if (std::getenv("DMACHECK_DB_TRACE"))
    std::fprintf(stderr, "dmacheck: db: %zu file%s in one transaction\n", N,
                 N == 1 ? "" : "s");
  if (dmadb_run_record_batch(Db, Run, Ptrs.data(), N) != 0) {
    std::string Which = "'" + Pending.front().R.File + "'";
    if (N > 1)
      Which +=
          " and " + std::to_string(N - 1) + " other file" + (N > 2 ? "s" : "");
    dbError("cannot record " + Which + " in '" + Path +
            "': " + dmadb_errmsg(Db));
    Failed = true;
  }
  Pending.clear();
}

bool DbRecorder::cacheGet(const std::string &Key, std::string &Deps,
                          std::string &Result) {
  if (!Db || Path == ":memory:")
    return false;
  char *D = nullptr, *R = nullptr;
  if (dmadb_cache_get(Db, Key.c_str(), &D, &R) != 0) {
    dbError("cannot read the file cache of '" + Path +
            "': " + dmadb_errmsg(Db));
    return false;
  }
  bool Hit = D && R;
  if (Hit) {
    Deps = D;
    Result = R;
  }
  dmadb_free(D);
  dmadb_free(R);
  return Hit;
}

void DbRecorder::cachePut(const std::string &Key, const std::string &File,
                          const std::string &Deps, const std::string &Result,
                          double Seconds) {
  if (!Db || Path == ":memory:")
    return;
  if (dmadb_cache_put(Db, Key.c_str(), File.c_str(), Deps.c_str(),
                      Result.c_str(), Seconds) != 0)
    dbError("cannot cache '" + File + "' in '" + Path +
            "': " + dmadb_errmsg(Db));
}

bool DbRecorder::prefilterGet(const std::string &File, const std::string &Key,
                              std::string &Deps, bool &Parse) {
  if (!Db || Path == ":memory:")
    return false;
  char *D = nullptr;
  int V = 1;
  if (dmadb_prefilter_get(Db, File.c_str(), Key.c_str(), &D, &V) != 0) {
    dbError("cannot read the prefilter cache of '" + Path +
            "': " + dmadb_errmsg(Db));
    return false;
  }
  if (!D)
    return false;
  Deps = D;
  Parse = V != 0;
  dmadb_free(D);
  return true;
}

void DbRecorder::prefilterPut(const std::vector<PrefilterVerdict> &V) {
  if (!Db || Path == ":memory:")
    return;
  std::vector<dmadb_prefilter_entry> E;
  for (const PrefilterVerdict &P : V)
    E.push_back({P.File.c_str(), P.Key.c_str(), P.Deps.c_str(), P.Parse});
  if (dmadb_prefilter_put(Db, E.data(), E.size()) != 0)
    dbError("cannot store prefilter verdicts in '" + Path +
            "': " + dmadb_errmsg(Db));
}

bool statsLoad(dmadb *Db, StatCache &S) {
  auto Add = [](void *Arg, const dmadb_file_stat *R) {
    static_cast<StatCache *>(Arg)->add(R->path,
                                       {R->dev, R->ino, R->size, R->mtime_ns,
                                        R->ctime_ns, R->seen_ns, R->hash});
    return 0;
  };
  return dmadb_stats_each(Db, Add, &S) == 0;
}

bool statsPut(dmadb *Db,
              const std::vector<std::pair<std::string, FileStat>> &Rows) {
  std::vector<dmadb_file_stat> R;
  R.reserve(Rows.size());
  for (const auto &[P, F] : Rows)
    R.push_back({P.c_str(), F.Hash.c_str(), F.Dev, F.Ino, F.Size, F.MtimeNs,
                 F.CtimeNs, F.SeenNs});
  return dmadb_stats_put(Db, R.data(), R.size()) == 0;
}

void DbRecorder::statsLoad(StatCache &S) {
  if (Db && Path != ":memory:" && !dmacheck::statsLoad(Db, S))
    dbError("cannot read the file stat cache of '" + Path +
            "': " + dmadb_errmsg(Db));
}

void DbRecorder::statsPut(
    const std::vector<std::pair<std::string, FileStat>> &Rows) {
  if (Db && Path != ":memory:" && !dmacheck::statsPut(Db, Rows))
    dbError("cannot store the file stat cache in '" + Path +
            "': " + dmadb_errmsg(Db));
}

void DbRecorder::interrupted() {
  if (!Db)
    return;
  flush();
  if (dmadb_run_finish(Db, Run, "interrupted") != 0)
    dbError(std::string("cannot mark run as interrupted in '") + Path +
            "': " + dmadb_errmsg(Db));
  dmadb_close(Db);
  Db = nullptr;
}

bool DbRecorder::finish() {
  if (!Db)
    return true;
  flush();
  // A file whose results could not be stored leaves the run incomplete:
  // marking it complete would let a gate pass on missing findings.
  if (dmadb_run_finish(Db, Run, Failed ? "interrupted" : "complete") != 0) {
    dbError(std::string("cannot finish the run in '") + Path +
            "': " + dmadb_errmsg(Db));
    Failed = true;
  } else if (!Failed && !Sarif.empty() &&
             dmadb_export_sarif(Db, Run, Sarif.c_str()) != 0) {
    dbError(std::string("cannot write SARIF: ") + dmadb_errmsg(Db));
    Failed = true;
  }
  dmadb_close(Db);
  Db = nullptr;
  return !Failed;
}

DbRecorder::~DbRecorder() {
  if (!Db)
    return;
  flush();
  dmadb_run_finish(Db, Run, "interrupted");
  dmadb_close(Db);
}

} // namespace dmacheck

//===- Cache.h - incremental scanning: keys and dependency lists ----------===//
//
// A file's results are reused when nothing that decides them changed:
//  - the key hashes the tool (version and the dmacheck executable itself),
//    the rule selection, analyzer options, the file, its working directory
//    and its compiler flags;
//  - the entry stores every file the preprocessor read for it (the
//    dependency file the worker's compiler writes) with a BLAKE3 hash of
//    its content: the preprocessed content is a function of exactly these
//    files and the flags, so an entry whose files all hash the same has the
//    same preprocessed input (and the same comments, which NOLINT reads).
// The entries live in the findings database (table file_cache).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_CACHE_H
#define DMACHECK_DRIVER_CACHE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <cstdint>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace dmacheck {

/// Hex BLAKE3 of the parts, each length-prefixed.
std::string hashParts(const std::vector<std::string> &Parts);

/// "dmacheck <version> <hash of the executable>".
const std::string &toolIdentity();

/// What stat() said of a file when its content was hashed.
struct FileStat {
  int64_t Dev = 0, Ino = 0, Size = 0, MtimeNs = 0, CtimeNs = 0;
  int64_t SeenNs = 0; // the clock before that stat() and read
  std::string Hash;
};

/// Content hashes kept across scans with the stat() data of their files
/// (the database's file_stats): an unchanged re-scan need not read a file
/// whose stat() is what it was. A whole tree's page cache is often gone
/// when the next scan starts, and reading the files back took a
/// drivers/ + sound/ re-scan from 7 s to 98 s.
class StatCache {
public:
  /// A stored row (the database's).
  void add(std::string Path, FileStat S);
  /// The stored hash of Path when St, stat() now, matches the row and the
  /// file had not changed for 3 seconds when it was read (a change within
  /// the file system's timestamp granularity would not show in stat()).
  const std::string *lookup(llvm::StringRef Path, const struct stat &St) const;
  /// A hash just computed, to store with takeChanged().
  void remember(llvm::StringRef Path, const struct stat &St, int64_t SeenNs,
                const std::string &Hash);
  /// A hash a worker computed of a file it read after SinceNs (when it
  /// started): stat() now, and the row is trusted when that shows no
  /// change since 3 seconds before SinceNs. Each path once per scan.
  void rememberFrom(llvm::StringRef Path, const std::string &Hash,
                    int64_t SinceNs);
  /// The rows remember() made since the last call.
  std::vector<std::pair<std::string, FileStat>> takeChanged();

private:
  llvm::StringMap<FileStat> Known;
  llvm::StringSet<> Fresh; // remembered in this scan
  std::vector<std::string> Changed;
};

/// The clock file times are set from, in nanoseconds.
int64_t fileClockNanos();

/// File content hashes, memoised for the lifetime of the object.
class ContentHasher {
public:
  /// Hex hash of the file's content, "" when it cannot be read. The
  /// reference stays valid for the life of the object.
  const std::string &hash(llvm::StringRef AbsPath);
  /// Trusts and feeds S for files stat() says are unchanged.
  void useStats(StatCache *S) { Stats = S; }
  /// How many files hash() read, and how many it took from the StatCache.
  size_t readCount() const { return Read; }
  size_t statCount() const { return FromStat; }

private:
  StatCache *Stats = nullptr;
  size_t Read = 0, FromStat = 0;
  // Hashed, not ordered: a whole-tree re-scan looks up ~33,500 paths that
  // share long prefixes, and ordered string compares cost it a tenth of
  // its CPU.
  llvm::StringMap<std::string> Memo;
};

/// The files of a make-style dependency file ("target: a.c b.h \\ ...").
std::vector<std::string> parseDepFile(llvm::StringRef Text);

/// The dependency list stored with an entry: one "hash<TAB>path" line per
/// file, paths absolute (resolved against Directory).
std::string depsRecord(const std::vector<std::string> &Files,
                       const std::string &Directory, ContentHasher &H);

/// The dependency list's line for a file that must stay absent (a header
/// kbuild generates, which a skipped file waits for).
std::string absentRecord(llvm::StringRef Path);

/// True when every file of a dependency list still has its hash (or, for
/// an absentRecord(), still does not exist).
bool depsUnchanged(llvm::StringRef Deps, ContentHasher &H);

} // namespace dmacheck

#endif

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

#include <string>
#include <vector>

namespace dmacheck {

/// Hex BLAKE3 of the parts, each length-prefixed.
std::string hashParts(const std::vector<std::string> &Parts);

/// "dmacheck <version> <hash of the executable>".
const std::string &toolIdentity();

/// File content hashes, memoised for the lifetime of the object.
class ContentHasher {
public:
  /// Hex hash of the file's content, "" when it cannot be read. The
  /// reference stays valid for the life of the object.
  const std::string &hash(llvm::StringRef AbsPath);

private:
  // Hashed, not ordered: a re-scan looks up ~100,000 paths that share
  // their long prefixes, and a tree's string compares cost it a tenth of
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

//===- Finding.h - plain results of analysing one file ---------------------===//
//
// What a worker sends back to the driver: findings with their path events and
// the outcome of the file. Plain data; no Clang types.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_COMMON_FINDING_H
#define DMACHECK_COMMON_FINDING_H

#include <string>
#include <vector>

namespace dmacheck {

struct Location {
  std::string File;
  unsigned Line = 0;
  unsigned Col = 0;
};

struct PathEvent {
  Location Loc;
  std::string Message;
};

struct Finding {
  std::string Rule;     // name from rules/checks.def
  std::string Severity; // error | warning | note
  Location Loc;
  std::string Function; // enclosing function
  std::string Message;
  std::string Snippet;  // normalised tokens of the offending statement
  std::vector<PathEvent> Path;
};

enum class FileStatus { Analysed, ParseError, Skipped, Crashed, TimedOut };

const char *fileStatusName(FileStatus S);

struct FileResult {
  std::string File;
  FileStatus Status = FileStatus::Analysed;
  std::string Error; // first error for ParseError/Crashed/TimedOut
  double Seconds = 0;
  std::vector<Finding> Findings;
  /// For a parse error: the files the parse opened, for the cache entry of
  /// a skip (clang writes no dependency file when a header is missing).
  /// Not serialized.
  std::vector<std::string> Read;
};

/// JSON encoding of a result: the worker → driver file, the cache entry.
std::string serialize(const FileResult &R);
bool deserialize(const std::string &Text, FileResult &R);

} // namespace dmacheck

#endif

//===- Engine.h - analyse one translation unit
//------------------------------===//
#ifndef DMACHECK_ENGINE_ENGINE_H
#define DMACHECK_ENGINE_ENGINE_H

#include "common/Finding.h"
#include "common/FlagList.h"
#include <string>
#include <vector>

namespace dmacheck {

struct EngineOptions {
  /// The compiler command line without the compiler and the input file.
  FlagList Flags;
  /// True when Flags came from the user or a build; false means the file is
  /// parsed against the bundled kernel-style headers.
  bool HaveFlags = false;
  /// Extra -analyzer-config key=value pairs.
  std::vector<std::string> AnalyzerConfig;
  /// Clang checkers to run besides ours (e.g. "core").
  std::vector<std::string> ExtraCheckers;
  /// Parse every function body of the headers too (engine/HeaderBodies.h:
  /// by default only those the driver names or that reach the DMA API).
  bool AllHeaderBodies = false;
  /// A precompiled header of the file's group (engine/GroupPch.h) to parse
  /// the file on top of; with BuildPch, the one to build (the "file" is
  /// then the group header that lists its includes).
  std::string Pch;
  bool BuildPch = false;
};

/// Whether flag A of File's compile command is the file's own rather than
/// its flag group's (engine/GroupPch.h): the source, an output or
/// dependency file, kbuild's per-file -DKBUILD_* macros. SkipNext: the
/// flag's value is the next argument.
bool fileOwnFlag(llvm::StringRef A, llvm::StringRef File, bool &SkipNext);

/// The compiler command line for File: the flags made safe to run (nothing
/// written, no -Werror), or the bundled headers' when there are none.
std::vector<std::string> compileArgs(const std::string &File,
                                     const EngineOptions &Opts);

/// Parses and analyses File in the current process. Never throws; a parse
/// failure comes back as FileStatus::ParseError with the first error.
FileResult analyzeFile(const std::string &File, const EngineOptions &Opts);

/// The bundled headers directory (runtime/include).
std::string bundledIncludeDir();

} // namespace dmacheck

#endif

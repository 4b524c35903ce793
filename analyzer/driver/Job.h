//===- Job.h - one file to analyse and how to compile it -------*- C++ -*-===//
#ifndef DMACHECK_DRIVER_JOB_H
#define DMACHECK_DRIVER_JOB_H

#include "engine/Engine.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <string>

namespace dmacheck {

/// What the inputs stage hands the scheduler: a file, the directory its
/// compile command runs in, and the flags (none: bundled-header mode).
struct Job {
  std::string File;      // as given / as in the compile command
  std::string Directory; // working directory for the compile command
  EngineOptions Opts;
  std::string Unresolved; // why the file has no command (then not analysed)
};

/// P made absolute against Dir (a compile command's directory; empty: the
/// current one), without "." and ".." components.
inline std::string absolutePath(llvm::StringRef P, llvm::StringRef Dir = "") {
  llvm::SmallString<256> A(P);
  if (!llvm::sys::path::is_absolute(A)) {
    A = Dir;
    if (A.empty())
      llvm::sys::fs::current_path(A);
    llvm::sys::path::append(A, P);
  }
  llvm::sys::path::remove_dots(A, /*remove_dot_dot=*/true);
  return std::string(A);
}

} // namespace dmacheck

#endif

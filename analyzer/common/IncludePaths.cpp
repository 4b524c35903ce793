//===- IncludePaths.cpp - include directories and header listings --------===//
//
// What the prefilter and its cache read of a file's include paths
// (declared in common/Prefilter.h).
//
//===----------------------------------------------------------------------===//
#include "common/Prefilter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace llvm;

namespace dmacheck {

std::string headerListing(const std::string &Dir) {
  std::vector<std::string> Names;
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), End; I != End && !EC;
       I.increment(EC))
    if (StringRef(I->path()).ends_with(".h"))
      Names.push_back(sys::path::filename(I->path()).str());
  std::sort(Names.begin(), Names.end());
  std::string Out;
  for (const std::string &N : Names)
    Out += N + "\n";
  return Out;
}

std::vector<std::string> includeDirs(const FlagList &Flags, bool Quote) {
  std::vector<std::string> Dirs;
  for (size_t I = 0; I < Flags.size(); ++I) {
    StringRef A = Flags[I];
    if ((A == "-I" || (Quote && A == "-iquote")) && I + 1 < Flags.size())
      Dirs.push_back(Flags[++I]);
    else if (A.starts_with("-I") && A.size() > 2)
      Dirs.push_back(A.drop_front(2).str());
    else if (Quote && A.starts_with("-iquote") && A.size() > 7)
      Dirs.push_back(A.drop_front(7).str());
  }
  return Dirs;
}

} // namespace dmacheck

//===- PchGroups.h - files grouped by compile flags, one PCH each -*- C++
//-*-===//
//
// The scheduler's side of engine/GroupPch.h: files whose compile commands
// differ only in the per-file parts (the file, its output, kbuild's
// KBUILD_* macros) form a group, and a group with enough files to analyse
// gets a precompiled header of the <...> headers at least a quarter of them
// include, built by a worker before the group's files are analysed.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_PCHGROUPS_H
#define DMACHECK_DRIVER_PCHGROUPS_H

#include "driver/Job.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace dmacheck {

class PchGroups {
public:
  static constexpr size_t None = ~size_t(0);
  /// A group needs this many files to analyse before it gets a PCH.
  static constexpr size_t MinFiles = 3;
  /// The header choice reads at most this many of them.
  static constexpr size_t Sample = 8;

  /// Jobs with compile flags are grouped when Enabled.
  PchGroups(const std::vector<Job> &Jobs, bool Enabled);

  enum class State { Undecided, Building, Ready, Without };

  /// The group of job I, None when it has none.
  size_t groupOf(size_t I) const { return Of[I]; }
  State state(size_t G) const { return Groups[G].St; }
  /// The built PCH of a Ready group.
  const std::string &pch(size_t G) const { return Groups[G].Pch; }

  /// Decides an Undecided group's PCH when Index, its first file to
  /// analyse, is about to start: its next files are resolved ahead
  /// (NeedsWorker) and, when MinFiles need analysis, the job that builds the
  /// PCH (into Dir) is returned. Otherwise the group goes without one.
  std::optional<Job> decide(size_t G, size_t Index,
                            llvm::function_ref<bool(size_t)> NeedsWorker,
                            llvm::StringRef Dir);
  /// The build of G's PCH started; Index waits for it.
  void building(size_t G, size_t Index);
  /// Job Index waits for its group's build too.
  void hold(size_t G, size_t Index) { Groups[G].Waiting.push_back(Index); }
  /// G's build ended (Error: why it failed, "" when it did not): the files
  /// that waited for it.
  std::vector<size_t> built(size_t G, const std::string &Error);
  /// A file of G starts with its PCH / ended; Next is the next job the
  /// scan will take. The PCH is removed when no file of G is left.
  void use(size_t G) { ++Groups[G].Users; }
  void done(size_t G, size_t Next);

private:
  struct Group {
    std::vector<size_t> Members; // job indices, in job order
    State St = State::Undecided;
    std::string Pch;
    std::vector<size_t> Waiting;
    unsigned Users = 0; // files analysed with the PCH right now
  };
  std::string writeHeader(size_t G, const std::vector<size_t> &Files,
                          llvm::StringRef Dir) const;

  const std::vector<Job> &Jobs;
  std::vector<size_t> Of;
  std::vector<Group> Groups;
};

} // namespace dmacheck

#endif

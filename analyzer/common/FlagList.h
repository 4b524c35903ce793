//===- FlagList.h - compiler flags held as shared strings -------*- C++ -*-===//
//
// A whole-tree kbuild dry run is ~19,600 commands of ~130 flags, nearly all
// of them the same strings from one file to the next. Held as
// std::vector<std::string> they cost ~180 MB in the parent; a FlagList holds
// pointers into one process-wide set of distinct strings (never freed), so
// each command costs 8 bytes per flag. It reads like a vector of strings.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_COMMON_FLAGLIST_H
#define DMACHECK_COMMON_FLAGLIST_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

namespace dmacheck {

/// The one stored copy of S (stable for the life of the process).
const std::string &internFlag(llvm::StringRef S);

class FlagList {
  using Base = std::vector<const std::string *>;

public:
  class const_iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::string *;
    using reference = const std::string &;
    const_iterator() = default;
    explicit const_iterator(Base::const_iterator I) : I(I) {}
    reference operator*() const { return **I; }
    pointer operator->() const { return *I; }
    const_iterator &operator++() {
      ++I;
      return *this;
    }
    bool operator==(const const_iterator &O) const { return I == O.I; }
    bool operator!=(const const_iterator &O) const { return I != O.I; }

  private:
    Base::const_iterator I;
  };

  FlagList() = default;
  FlagList(const std::vector<std::string> &V) { assign(V.begin(), V.end()); }
  template <typename It> void assign(It B, It E) {
    P.clear();
    for (; B != E; ++B)
      push_back(*B);
  }
  void push_back(llvm::StringRef S) { P.push_back(&internFlag(S)); }
  void set(size_t I, llvm::StringRef S) { P[I] = &internFlag(S); }
  const std::string &operator[](size_t I) const { return *P[I]; }
  size_t size() const { return P.size(); }
  bool empty() const { return P.empty(); }
  void clear() { P.clear(); }
  const_iterator begin() const { return const_iterator(P.begin()); }
  const_iterator end() const { return const_iterator(P.end()); }
  std::vector<std::string> strings() const { return {begin(), end()}; }

private:
  Base P;
};

} // namespace dmacheck

#endif

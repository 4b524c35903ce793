//===- PrefilterCache.cpp - prefilter verdicts kept across scans ----------===//
#include "driver/PrefilterCache.h"

#include "common/Model.h"
#include "common/Prefilter.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace dmacheck {

namespace {

// A flush is one transaction. Bounded in bytes too: an amdgpu file's
// inputs are ~1 MB of text (hundreds of headers, and the candidates probed
// in its -I directories), and 2,000 of them held the parent at 300 MB.
constexpr size_t FlushEvery = 2000;
constexpr size_t FlushBytes = 8 << 20;

std::string fileId(const Job &J) { return J.Directory + "\t" + J.File; }

std::string verdictKey(const Job &J) {
  std::vector<std::string> Parts = {toolIdentity(), activeRules().spec(),
                                    "prefilter"};
  for (const std::string &D : includeDirs(J.Opts.Flags, /*Quote=*/true))
    Parts.push_back(D);
  return hashParts(Parts);
}

} // namespace

// One line per input: "F\thash\tpath" (a file read), "A\t-\tpath" (probed,
// absent), "L\thash\tdir" (a directory's header listing).
bool PrefilterCache::stillHolds(StringRef Deps) {
  if (Deps.empty())
    return false;
  while (!Deps.empty()) {
    auto [Line, Rest] = Deps.split('\n');
    Deps = Rest;
    SmallVector<StringRef, 3> F;
    Line.split(F, '\t', 2);
    if (F.size() != 3)
      return false;
    std::string Path = F[2].str();
    if (F[0] == "F" && H.hash(Path) != F[1])
      return false;
    if (F[0] == "A" && !H.hash(Path).empty())
      return false;
    if (F[0] == "L" && listing(Path) != F[1])
      return false;
  }
  return true;
}

const std::string &PrefilterCache::listing(const std::string &Dir) {
  auto It = Listings.find(Dir);
  if (It == Listings.end())
    It = Listings.emplace(Dir, hashParts({headerListing(Dir)})).first;
  return It->second;
}

bool PrefilterCache::worthParsing(const Job &J) {
  if (!Use)
    return prefilterFile(J.File, J.Directory, J.Opts.Flags);
  std::string Id = fileId(J), Key = verdictKey(J), Deps;
  bool Verdict = true;
  if (Db.prefilterGet(Id, Key, Deps, Verdict) && stillHolds(Deps))
    return Verdict;
  PrefilterInputs In;
  Verdict = prefilterFile(J.File, J.Directory, J.Opts.Flags, &In);
  Deps.clear();
  for (const std::string &F : In.Files) {
    const std::string &Hash = H.hash(F);
    if (Hash.empty())
      return Verdict; // unreadable: decided without it, nothing to keep
    Deps += "F\t" + Hash + "\t" + F + "\n";
  }
  if (In.Files.empty())
    return Verdict; // the file itself was unreadable
  for (const std::string &A : In.Absent)
    Deps += "A\t-\t" + A + "\n";
  for (const std::string &L : In.Listings)
    Deps += "L\t" + listing(L) + "\t" + L + "\n";
  PendingBytes += Deps.size();
  Pending.push_back({std::move(Id), std::move(Key), std::move(Deps), Verdict});
  if (Pending.size() >= FlushEvery || PendingBytes >= FlushBytes)
    flush();
  return Verdict;
}

void PrefilterCache::flush() {
  if (!Pending.empty())
    Db.prefilterPut(Pending);
  Pending.clear();
  PendingBytes = 0;
}

} // namespace dmacheck

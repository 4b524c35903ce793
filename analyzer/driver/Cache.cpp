//===- Cache.cpp - incremental scanning: keys and dependency lists --------===//
#include "driver/Cache.h"
#include "driver/Job.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

using namespace llvm;

namespace dmacheck {

std::string hashParts(const std::vector<std::string> &Parts) {
  BLAKE3 H;
  for (const std::string &P : Parts) {
    uint64_t N = P.size();
    H.update(ArrayRef<uint8_t>((const uint8_t *)&N, sizeof(N)));
    H.update(P);
  }
  auto R = H.final();
  return toHex(ArrayRef<uint8_t>(R.data(), R.size()), /*LowerCase=*/true);
}

const std::string &toolIdentity() {
  static const std::string Id = [] {
    // Read in chunks: the executable is ~150 MB, and holding it (a copy or
    // a mapping) would count in the parent's RSS for the whole scan.
    std::string Self = "dmacheck " DMACHECK_VERSION;
    int FD = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (FD < 0)
      return Self;
    BLAKE3 H;
    std::vector<uint8_t> Chunk(1 << 20);
    ssize_t N;
    while ((N = ::read(FD, Chunk.data(), Chunk.size())) > 0 ||
           (N < 0 && errno == EINTR))
      if (N > 0)
        H.update(ArrayRef<uint8_t>(Chunk.data(), (size_t)N));
    ::close(FD);
    if (N == 0) {
      auto R = H.final();
      Self += " " + toHex(ArrayRef<uint8_t>(R.data(), R.size()), true);
    }
    return Self;
  }();
  return Id;
}

namespace {

int64_t nanos(const struct timespec &T) {
  return (int64_t)T.tv_sec * 1000000000 + T.tv_nsec;
}

} // namespace

int64_t fileClockNanos() {
  struct timespec T;
  clock_gettime(CLOCK_REALTIME, &T);
  return nanos(T);
}

void StatCache::add(std::string Path, FileStat S) {
  Known[Path] = std::move(S);
}

// How long a file must have been unchanged when it was read for its row to
// be trusted: longer than any file system's timestamp granularity (FAT's 2
// s), so that a change after the read cannot leave the same times.
constexpr int64_t StableNs = 3000000000;

const std::string *StatCache::lookup(StringRef Path,
                                     const struct stat &St) const {
  auto It = Known.find(Path);
  if (It == Known.end())
    return nullptr;
  const FileStat &F = It->second;
  int64_t Changed = std::max(nanos(St.st_mtim), nanos(St.st_ctim));
  if (F.Dev != (int64_t)St.st_dev || F.Ino != (int64_t)St.st_ino ||
      F.Size != (int64_t)St.st_size || F.MtimeNs != nanos(St.st_mtim) ||
      F.CtimeNs != nanos(St.st_ctim) || Changed + StableNs > F.SeenNs)
    return nullptr;
  return &F.Hash;
}

void StatCache::remember(StringRef Path, const struct stat &St, int64_t SeenNs,
                         const std::string &Hash) {
  FileStat F{(int64_t)St.st_dev,
             (int64_t)St.st_ino,
             (int64_t)St.st_size,
             nanos(St.st_mtim),
             nanos(St.st_ctim),
             SeenNs,
             Hash};
  Fresh.insert(Path);
  auto [It, New] = Known.try_emplace(Path, F);
  if (!New) {
    const FileStat &O = It->second;
    if (O.Hash == F.Hash && O.Dev == F.Dev && O.Ino == F.Ino &&
        O.Size == F.Size && O.MtimeNs == F.MtimeNs && O.CtimeNs == F.CtimeNs &&
        O.SeenNs >= F.SeenNs)
      return; // stored already, seen unchanged as late
    // (a later sight of the same file may make a row trusted that was not)
    It->second = std::move(F);
  }
  Changed.push_back(Path.str());
}

void StatCache::rememberFrom(StringRef Path, const std::string &Hash,
                             int64_t SinceNs) {
  struct stat St;
  if (Hash.size() != 64 || Fresh.contains(Path) ||
      ::stat(Path.str().c_str(), &St) != 0 || !S_ISREG(St.st_mode))
    return;
  remember(Path, St, SinceNs, Hash);
}

std::vector<std::pair<std::string, FileStat>> StatCache::takeChanged() {
  std::vector<std::pair<std::string, FileStat>> Out;
  for (std::string &P : Changed) {
    auto It = Known.find(P);
    if (It != Known.end())
      Out.emplace_back(std::move(P), It->second);
  }
  Changed.clear();
  return Out;
}

const std::string &ContentHasher::hash(StringRef AbsPath) {
  auto [It, New] = Memo.try_emplace(AbsPath);
  std::string &Out = It->second;
  if (!New)
    return Out;
  struct stat St;
  int64_t Seen = Stats ? fileClockNanos() : 0;
  bool Stated = Stats && ::stat(It->first().str().c_str(), &St) == 0 &&
                S_ISREG(St.st_mode);
  if (Stated)
    if (const std::string *H = Stats->lookup(AbsPath, St)) {
      ++FromStat;
      return Out = *H;
    }
  auto Buf = MemoryBuffer::getFile(AbsPath, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (Buf) {
    ++Read;
    StringRef B = (*Buf)->getBuffer();
    auto R =
        BLAKE3::hash(ArrayRef<uint8_t>((const uint8_t *)B.data(), B.size()));
    Out = toHex(ArrayRef<uint8_t>(R.data(), R.size()), true);
    if (Stated)
      Stats->remember(AbsPath, St, Seen, Out);
  }
  return Out;
}

std::vector<std::string> parseDepFile(StringRef Text) {
  std::vector<std::string> Files;
  size_t Colon = Text.find(": ");
  if (Colon == StringRef::npos)
    return Files;
  StringRef S = Text.substr(Colon + 2);
  std::string Cur;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '\\' && I + 1 < S.size()) {
      char N = S[I + 1];
      if (N == '\n' || N == '\r') { // line continuation
        ++I;
        continue;
      }
      if (N == ' ' || N == '#' || N == '\\') { // escaped character
        Cur += N;
        ++I;
        continue;
      }
    }
    if (C == '$' && I + 1 < S.size() && S[I + 1] == '$') {
      Cur += '$';
      ++I;
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      if (!Cur.empty())
        Files.push_back(Cur);
      Cur.clear();
      continue;
    }
    Cur += C;
  }
  if (!Cur.empty())
    Files.push_back(Cur);
  return Files;
}

std::string depsRecord(const std::vector<std::string> &Files,
                       const std::string &Directory, ContentHasher &H) {
  std::string Out;
  for (const std::string &F : Files) {
    std::string Abs = absolutePath(F, Directory);
    Out += H.hash(Abs) + "\t" + Abs + "\n";
  }
  return Out;
}

// The hash field of an absentRecord() line.
constexpr StringRef AbsentHash = "absent";

std::string absentRecord(StringRef Path) {
  return (AbsentHash + "\t" + Path + "\n").str();
}

bool depsUnchanged(StringRef Deps, ContentHasher &H) {
  if (Deps.empty())
    return false;
  while (!Deps.empty()) {
    auto [Line, Rest] = Deps.split('\n');
    Deps = Rest;
    if (Line.empty())
      continue;
    auto [Hash, Path] = Line.split('\t');
    if (Hash == AbsentHash) {
      if (sys::fs::exists(Path))
        return false;
      continue;
    }
    if (Hash.empty() || H.hash(Path) != Hash)
      return false;
  }
  return true;
}

} // namespace dmacheck

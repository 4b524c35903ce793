//===- PchGroups.cpp - files grouped by compile flags, one PCH each -------===//
#include "driver/PchGroups.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

namespace dmacheck {

namespace {

// The compile command without what is the file's own.
std::string groupKey(const Job &J) {
  std::string Key = J.Directory;
  const FlagList &F = J.Opts.Flags;
  for (size_t I = 0; I < F.size(); ++I) {
    StringRef A = F[I];
    bool SkipNext = false;
    if (fileOwnFlag(A, J.File, SkipNext)) {
      I += SkipNext;
      continue;
    }
    Key += '\0';
    Key += A;
  }
  return Key;
}

// The <...> headers File includes, in order, each once.
std::vector<std::string> angleIncludes(const std::string &Path) {
  std::vector<std::string> Out;
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return Out;
  StringSet<> Seen;
  StringRef Text = (*Buf)->getBuffer();
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    StringRef T = Line.ltrim();
    if (!T.consume_front("#"))
      continue;
    T = T.ltrim();
    if (!T.consume_front("include"))
      continue;
    T = T.ltrim();
    if (!T.consume_front("<") || !T.contains('>'))
      continue;
    StringRef H = T.take_until([](char C) { return C == '>'; });
    if (Seen.insert(H).second)
      Out.push_back(H.str());
  }
  return Out;
}

} // namespace

PchGroups::PchGroups(const std::vector<Job> &Jobs, bool Enabled)
    : Jobs(Jobs), Of(Jobs.size(), None) {
  if (!Enabled)
    return;
  StringMap<size_t> Index;
  for (size_t I = 0; I < Jobs.size(); ++I) {
    const Job &J = Jobs[I];
    if (!J.Opts.HaveFlags || !J.Unresolved.empty())
      continue;
    auto [It, New] = Index.try_emplace(groupKey(J), Groups.size());
    if (New)
      Groups.emplace_back();
    Of[I] = It->second;
    Groups[It->second].Members.push_back(I);
  }
}

// Writes the header the group's PCH is built from into Dir: kbuild's
// -include'd headers, then the <...> headers a quarter of Files (job
// indices) include. Its path, or "" when there is nothing to share.
std::string PchGroups::writeHeader(size_t G, const std::vector<size_t> &Files,
                                   StringRef Dir) const {
  const Job &First = Jobs[Files.front()];
  std::vector<std::string> Lines;
  const FlagList &F = First.Opts.Flags;
  for (size_t I = 0; I + 1 < F.size(); ++I)
    if (F[I] == "-include")
      Lines.push_back("#include \"" + absolutePath(F[++I], First.Directory) +
                      "\"");
  StringMap<size_t> Count;
  std::vector<std::string> Order;
  for (size_t I : Files)
    for (std::string &H :
         angleIncludes(absolutePath(Jobs[I].File, Jobs[I].Directory)))
      if (Count[H]++ == 0)
        Order.push_back(std::move(H));
  size_t Shared = Lines.size();
  for (const std::string &H : Order)
    if (Count[H] * 4 >= Files.size())
      Lines.push_back("#include <" + H + ">");
  if (Lines.size() == Shared)
    return ""; // no header of the files' own to share
  std::string Path = (Dir + "/group" + Twine(G) + ".h").str();
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  for (const std::string &L : Lines)
    OS << L << '\n';
  OS.close();
  return EC || OS.has_error() ? "" : Path;
}

std::optional<Job> PchGroups::decide(size_t G, size_t Index,
                                     function_ref<bool(size_t)> NeedsWorker,
                                     StringRef Dir) {
  Group &Gr = Groups[G];
  Gr.St = State::Without;
  std::vector<size_t> Files = {Index};
  for (size_t M : Gr.Members)
    if (Files.size() < Sample && M > Index && NeedsWorker(M))
      Files.push_back(M);
  if (Files.size() < MinFiles)
    return std::nullopt;
  std::string Header = writeHeader(G, Files, Dir);
  if (Header.empty())
    return std::nullopt;
  Job B = Jobs[Index];
  B.File = Header;
  B.Opts.Pch = Header + ".pch";
  B.Opts.BuildPch = true;
  Gr.Pch = B.Opts.Pch;
  return B;
}

void PchGroups::building(size_t G, size_t Index) {
  Groups[G].St = State::Building;
  Groups[G].Waiting = {Index};
}

void PchGroups::done(size_t G, size_t Next) {
  Group &Gr = Groups[G];
  if (--Gr.Users || Next <= Gr.Members.back() || Gr.St != State::Ready)
    return;
  // A whole tree has hundreds of groups and a PCH of tens of megabytes.
  Gr.St = State::Without;
  for (const char *Ext : {"", ".macros", ".bodies"})
    sys::fs::remove(Gr.Pch + Ext);
  sys::fs::remove(StringRef(Gr.Pch).drop_back(4)); // the group header
}

std::vector<size_t> PchGroups::built(size_t G, const std::string &Error) {
  Group &Gr = Groups[G];
  Gr.St = Error.empty() ? State::Ready : State::Without;
  if (std::getenv("DMACHECK_PCH_TRACE"))
    errs() << "dmacheck: pch: " << Gr.Pch << ": "
           << (Error.empty() ? "built" : "not built: " + Error) << "\n";
  return std::move(Gr.Waiting);
}

} // namespace dmacheck

//===- KernelTree.cpp - jobs from a configured kernel tree ---------------===//
#include "driver/KernelTree.h"
#include "driver/Kbuild.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

using namespace llvm;

namespace dmacheck {

// The program kbuild runs for these make variables, if they name one.
static std::string compilerOf(const std::vector<std::string> &MakeArgs) {
  std::string Compiler;
  for (StringRef A : MakeArgs) {
    if (A.consume_front("CC="))
      Compiler = A.str();
    else if (A.consume_front("LLVM=") && Compiler.empty())
      Compiler = A == "1"             ? "clang"
                 : A.starts_with("-") ? ("clang" + A).str()
                                      : (A + "clang").str(); // LLVM=/path/
  }
  return Compiler;
}

// Whether File (as the dry run spells it) lies under one of the targets.
static bool requested(StringRef File, const std::vector<std::string> &Targets) {
  File.consume_front("./");
  if (Targets.empty())
    return true;
  for (StringRef T : Targets) {
    T.consume_front("./");
    if (File == T || (T.ends_with("/") ? File.starts_with(T)
                                       : File.starts_with((T + "/").str())))
      return true;
  }
  return false;
}

bool kernelTreeJobs(const KernelTreeRequest &Req, const EngineOptions &Base,
                    std::vector<Job> &Jobs, std::string &TreeDir,
                    std::string &Err) {
  SmallString<256> Tree(Req.Tree);
  if (sys::fs::make_absolute(Tree) || !sys::fs::is_directory(Tree)) {
    Err = "--kernel-tree '" + Req.Tree + "' is not a directory";
    return false;
  }
  sys::path::remove_dots(Tree, true);
  TreeDir = std::string(Tree);
  std::vector<std::string> MakeArgs = Req.MakeArgs;
  std::string Compiler = compilerOf(Req.MakeArgs);
  if (Compiler.empty() && !detectCompiler(Tree, MakeArgs, Compiler, Err))
    return false;
  // kbuild targets: a directory needs its trailing '/', a file.c is built
  // as its file.o (a single-target build).
  std::vector<std::string> Targets;
  for (const std::string &F : Req.Targets) {
    std::string T = F;
    SmallString<256> InTree(Tree);
    sys::path::append(InTree, F);
    if (sys::fs::is_directory(InTree) && !StringRef(T).ends_with("/"))
      T += "/";
    else if (StringRef(T).ends_with(".c"))
      T = T.substr(0, T.size() - 2) + ".o";
    Targets.push_back(T);
  }
  std::unique_ptr<MemoryBuffer> Out;
  if (!runDryRun(Tree, MakeArgs, Targets, Req.MakeJobs, Out, Err))
    return false;
  std::vector<KbuildCommand> Cmds = parseDryRun(Out->getBuffer(), Compiler);
  Out.reset();
  if (Cmds.empty()) {
    Err = "kbuild's dry run (make -n with " +
          join(MakeArgs.begin(), MakeArgs.end(), " ") +
          ") printed no C compile command run by '" + Compiler +
          "'. Are the objects already built (up-to-date objects print "
          "nothing; use `make compile_commands.json` and -p), or was the "
          "tree configured with another compiler (--make-args)?";
    return false;
  }
  std::set<std::string> Seen;
  // make may also print what the targets depend on (e.g. prepare steps):
  // only files under the requested targets are analysed.
  for (KbuildCommand &C : Cmds) {
    if (!requested(C.File, Req.Targets) || !Seen.insert(C.File).second)
      continue;
    Job J{C.File, TreeDir, Base};
    J.Opts.HaveFlags = true;
    J.Opts.Flags = std::move(C.Args);
    Jobs.push_back(std::move(J));
  }
  // make -j prints in no fixed order.
  std::sort(Jobs.begin(), Jobs.end(),
            [](const Job &A, const Job &B) { return A.File < B.File; });
  return true;
}

} // namespace dmacheck

//===- KernelTree.cpp - jobs from a configured kernel tree ---------------===//
//
// Which commands: kbuild's own, from its dry run (`make -n`), for
// directories (`dir/`, which kbuild builds by descending from the top, so
// the parents' subdir-ccflags-y apply as in a whole-tree build).
//
// Objects that are already built: kbuild's recipe for an object whose
// sources and command line did not change is `@:`, so a dry run prints no
// compile command for it. Every kbuild object depends on FORCE, so make runs
// that recipe anyway and `--trace` names the object; its command is then
// the one kbuild saved in <dir>/.<obj>.cmd when it built it (savedcmd_<obj>,
// what scripts/clang-tools/gen_compile_commands.py reads). That is exactly
// what a fresh dry run prints: if_changed rebuilds an object whose command
// line differs from the saved one (cmd-check), so an object the dry run left
// alone has the saved command. Rejected: `make -n -B` (make remakes its
// makefiles even under -n; kbuild's `.config` rule then fails the run, and
// `+` recipes such as vmlinux's link would really run), `-W file` (not
// passed to kbuild's sub-makes), forcing kbuild's if-changed-cond (same `+`
// problem), and taking every .cmd file beneath a target (an object left over
// from another configuration would be analysed).
//
// Which directory: a file is compiled by the Makefile of its directory, or
// by an ancestor's subdirectory that names it through `..` (amdgpu's
// Makefile builds amdgpu/../amdkfd/*.o with -I's only it gives). A file
// target is looked up in its directory's dry run, then in the parents' up
// to the top-level directory, and matched by its normalized path; `make
// file.o` would build it with whatever the deepest directory on the way
// gives. Jobs are named by that normalized path (remove_dots), in a file
// target's run as in a directory's, so fingerprints, shards and the cache
// agree.
//
//===----------------------------------------------------------------------===//
#include "driver/KernelTree.h"
#include "driver/Kbuild.h"
#include "driver/KbuildCache.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace llvm;

namespace dmacheck {

namespace {

// The program kbuild runs for these make variables, if they name one.
std::string compilerOf(const std::vector<std::string> &MakeArgs) {
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

// P without "." and ".." components ("a/b/../c/x.c" → "a/c/x.c").
std::string normalized(StringRef P) {
  SmallString<256> S(P);
  sys::path::remove_dots(S, /*remove_dot_dot=*/true, sys::path::Style::posix);
  return std::string(S);
}

// "a/b/" → "a/"; a top-level directory has none ("").
std::string parentDir(StringRef Dir) {
  StringRef P =
      sys::path::parent_path(Dir.drop_back(), sys::path::Style::posix);
  return P.empty() ? "" : (P + "/").str();
}

bool beneath(StringRef File, StringRef Dir) { return File.starts_with(Dir); }

// A target: a directory (Path ends in '/') or a C file, relative to the
// tree; Dir is the directory whose dry run is asked next ("" when none is
// left).
struct Target {
  std::string Given;
  std::string Path;
  bool IsFile = false;
  std::string Dir;
  std::vector<std::string> Asked;
  bool Found = false;
};

// One C file's command, as the dry run or the .cmd file gave it.
struct Compile {
  std::string Spelled; // as kbuild wrote it
  KbuildCommand Cmd;
};

// Whether a file (normalized, and as spelled) belongs to a target: a file
// target is its file; a directory holds what lies beneath it, and what
// kbuild builds from it (amdgpu/../amdkfd/x.c is part of amdgpu/).
bool selects(const Target &T, StringRef Norm, StringRef Spelled) {
  if (T.IsFile)
    return Norm == T.Path;
  Spelled.consume_front("./");
  return beneath(Norm, T.Path) || beneath(Spelled, T.Path);
}

// Adds one dry run's compiles to Compiles (by normalized path; the first
// found wins). A file compiled twice (xe builds i915's display files into
// xe/i915-display/): its own directory's object first, as a file target's
// dry run of that directory finds it, then by object; make -j prints in no
// fixed order. A file compiled is no longer unreadable.
void addCompiles(std::vector<Compile> &Found,
                 std::map<std::string, Compile> &Compiles,
                 std::map<std::string, std::string> &Unreadable) {
  using Key = std::tuple<std::string, bool, std::string, std::string>;
  std::vector<std::pair<Key, size_t>> Order;
  for (size_t I = 0; I < Found.size(); ++I) {
    const Compile &C = Found[I];
    std::string Src = normalized(C.Cmd.File);
    std::string Obj = normalized(C.Cmd.Object);
    bool Own = StringRef(Obj).ends_with(".o") &&
               Obj.substr(0, Obj.size() - 2) + ".c" == Src;
    Order.push_back({{Src, !Own, Obj, C.Spelled}, I});
  }
  std::sort(Order.begin(), Order.end());
  for (const auto &[K, I] : Order) {
    Unreadable.erase(std::get<0>(K));
    Compiles.emplace(std::get<0>(K), std::move(Found[I]));
  }
}

} // namespace

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

  // The targets, relative to the tree. None (or the tree itself): the
  // whole tree, in one dry run.
  std::vector<Target> Targets;
  bool WholeTree = Req.Targets.empty();
  for (const std::string &G : Req.Targets) {
    Target T;
    T.Given = G;
    StringRef Rel = G;
    if (sys::path::is_absolute(Rel) && Rel.starts_with(TreeDir + "/"))
      Rel = Rel.drop_front(TreeDir.size() + 1);
    SmallString<256> InTree(Tree);
    sys::path::append(InTree, Rel);
    T.Path = normalized(Rel);
    if (sys::fs::is_directory(InTree)) {
      if (T.Path.empty()) {
        WholeTree = true;
        continue;
      }
      T.Path += "/";
      T.Dir = T.Path;
    } else if (Rel.ends_with(".c") && sys::fs::exists(InTree)) {
      T.IsFile = true;
      T.Dir = parentDir(T.Path);
    } else {
      Err = "'" + G + "' is neither a directory nor a C file in the tree '" +
            TreeDir + "'";
      return false;
    }
    Targets.push_back(std::move(T));
  }
  if (WholeTree)
    Targets.clear();

  // Every C file's command, by normalized path; the first found wins (a
  // file's own directory before its parents').
  std::map<std::string, Compile> Compiles;
  // Objects make says are up to date but whose command cannot be read.
  std::map<std::string, std::string> Unreadable; // normalized source → why
  std::vector<std::string> Asked;                // directories dry-run
  auto Wanted = [&](StringRef Norm, StringRef Spelled) {
    if (WholeTree)
      return true;
    for (const Target &T : Targets)
      if (selects(T, Norm, Spelled))
        return true;
    return false;
  };
  auto HasMakefile = [&](StringRef Dir) {
    for (const char *Name : {"Kbuild", "Makefile"}) {
      SmallString<256> P(Tree);
      sys::path::append(P, Dir, Name);
      if (sys::fs::exists(P))
        return true;
    }
    return false;
  };
  auto Covered = [&](StringRef Dir) {
    for (StringRef A : Asked)
      if (beneath(Dir, A))
        return true;
    return false;
  };

  while (true) {
    // Go up past directories already covered by a dry run (nothing new)
    // and those kbuild has no Makefile for (it builds nothing there:
    // drivers/gpu/drm/amd/ between amdkfd/ and drm/).
    std::vector<std::string> Goals;
    for (Target &T : Targets) {
      if (T.Found)
        continue;
      while (!T.Dir.empty() && (Covered(T.Dir) || !HasMakefile(T.Dir))) {
        if (Covered(T.Dir))
          T.Asked.push_back(T.Dir);
        T.Dir = parentDir(T.Dir);
      }
      if (!T.Dir.empty())
        Goals.push_back(T.Dir);
    }
    if (!WholeTree && Goals.empty())
      break;
    // A directory's dry run includes its subdirectories'.
    std::sort(Goals.begin(), Goals.end());
    Goals.erase(std::unique(Goals.begin(), Goals.end()), Goals.end());
    std::vector<std::string> Outer;
    for (const std::string &G : Goals)
      if (Outer.empty() || !beneath(G, Outer.back()))
        Outer.push_back(G);

    DryRun Run;
    if (!cachedDryRun({TreeDir, MakeArgs, Compiler, Req.CacheDb},
                      WholeTree ? std::vector<std::string>{} : Outer, Run, Err))
      return false;
    Asked.insert(Asked.end(), Outer.begin(), Outer.end());

    std::vector<Compile> Found;
    // What the printed commands write, and the C files they compile.
    std::set<std::string> Written, Compiled;
    for (const std::string &O : Run.Outputs)
      Written.insert(normalized(O));
    for (KbuildCommand &C : Run.Commands) {
      Compiled.insert(normalized(C.File));
      Found.push_back({C.File, std::move(C)});
    }
    // Up-to-date objects: kbuild's saved command.
    for (const std::string &O : Run.Objects) {
      std::string Src = O.substr(0, O.size() - 2) + ".c";
      std::string NormSrc = normalized(Src);
      if (Written.count(normalized(O)) || Compiles.count(NormSrc) ||
          !Wanted(NormSrc, Src))
        continue;
      std::string Saved;
      KbuildCommand C;
      bool Got = false;
      if (savedCommand(Tree, O, Saved))
        forEachShellCommand(Saved, [&](std::vector<std::string> &Argv) {
          if (!Got)
            Got = parseKernelCompile(Argv, Compiler, C);
        });
      if (Got) {
        Found.push_back({C.File, std::move(C)});
        continue;
      }
      // Not a C object (assembly, a composite object, a host program),
      // unless its .c file is there and nothing says how it was compiled.
      SmallString<256> SrcPath(Tree);
      sys::path::append(SrcPath, Src);
      if (Saved.empty() && !Compiled.count(NormSrc) && sys::fs::exists(SrcPath))
        Unreadable.emplace(NormSrc, "kbuild's dry run takes '" + O +
                                        "' as up to date, and its .cmd file "
                                        "does not say how it was compiled "
                                        "(rebuild or delete the object)");
    }
    addCompiles(Found, Compiles, Unreadable);

    if (WholeTree)
      break;
    for (Target &T : Targets) {
      if (T.Found)
        continue;
      for (const auto &[Norm, C] : Compiles)
        if (selects(T, Norm, C.Spelled)) {
          T.Found = true;
          break;
        }
      if (!T.Found)
        for (const auto &[Norm, Why] : Unreadable)
          if (selects(T, Norm, Norm)) {
            T.Found = true;
            break;
          }
    }
  }

  // A directory with no C file kbuild compiles: an error, like a
  // compilation database without one.
  std::vector<std::string> Empty;
  for (const Target &T : Targets)
    if (!T.IsFile && !T.Found)
      Empty.push_back("'" + T.Given + "'");
  if (!Empty.empty() || (WholeTree && Compiles.empty())) {
    Err = "kbuild's dry run (make -n with " +
          join(MakeArgs.begin(), MakeArgs.end(), " ") +
          ") compiles no C file with '" + Compiler + "'" +
          (Empty.empty() ? std::string()
                         : " under " + join(Empty.begin(), Empty.end(), ", ")) +
          ": none in this configuration, or was the tree configured with "
          "another compiler (--make-args)?";
    return false;
  }

  for (auto &[Norm, C] : Compiles) {
    if (!Wanted(Norm, C.Spelled))
      continue;
    Job J{Norm, TreeDir, Base};
    J.Opts.HaveFlags = true;
    J.Opts.Flags = std::move(C.Cmd.Args);
    J.Opts.Flags.set(C.Cmd.FileArg, Norm); // the job's spelling
    Jobs.push_back(std::move(J));
  }
  for (auto &[Norm, Why] : Unreadable) {
    if (!Wanted(Norm, Norm))
      continue;
    Job J{Norm, TreeDir, Base};
    J.Unresolved = Why;
    Jobs.push_back(std::move(J));
  }
  // A file target kbuild compiles nowhere it looked.
  std::set<std::string> Missing;
  for (const Target &T : Targets) {
    if (!T.IsFile || T.Found || !Missing.insert(T.Path).second)
      continue;
    std::vector<std::string> Dirs;
    for (const std::string &D : T.Asked)
      Dirs.push_back("'" + D + "'");
    Job J{T.Path, TreeDir, Base};
    if (Dirs.empty())
      J.Unresolved = "no directory of its path has a Kbuild file or a "
                     "Makefile: kbuild compiles nothing there";
    else
      J.Unresolved = "kbuild's dry run compiles it with '" + Compiler +
                     "' neither for its directory nor for a parent (" +
                     join(Dirs.begin(), Dirs.end(), ", ") +
                     "): not in this configuration?";
    Jobs.push_back(std::move(J));
  }
  std::sort(Jobs.begin(), Jobs.end(),
            [](const Job &A, const Job &B) { return A.File < B.File; });
  return true;
}

} // namespace dmacheck

//===- Kbuild.cpp - compile commands from a kernel tree, CHECK= mode ------===//
#include "driver/Kbuild.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <unistd.h>

extern char **environ;

using namespace llvm;

namespace dmacheck {

bool parseKernelCompile(const std::vector<std::string> &Argv,
                        StringRef Compiler, KbuildCommand &Out) {
  if (Argv.empty() ||
      sys::path::filename(Argv[0]) != sys::path::filename(Compiler))
    return false;
  bool Compile = false, Kernel = false;
  size_t FileArg = 0;
  std::string Object;
  int Inputs = 0;
  for (size_t I = 1; I < Argv.size(); ++I) {
    StringRef A = Argv[I];
    if (A == "-c")
      Compile = true;
    if (A == "-D__KERNEL__")
      Kernel = true;
    if (A == "-o" || A == "-include" || A == "-I" || A == "-isystem" ||
        A == "-MF" || A == "-MT" || A == "-x" || A == "-mllvm" ||
        A == "-Xclang") {
      if (A == "-o" && I + 1 < Argv.size())
        Object = Argv[I + 1];
      ++I; // the option's value is never the input
      continue;
    }
    if (!A.starts_with("-") && A.ends_with(".c")) {
      FileArg = I;
      ++Inputs;
    }
  }
  if (!Compile || !Kernel || Inputs != 1)
    return false;
  Out.File = Argv[FileArg];
  Out.Args.assign(Argv.begin() + 1, Argv.end());
  Out.FileArg = FileArg - 1;
  Out.Object = std::move(Object);
  return true;
}

// The target a --trace line names: make prints, before running a target's
// recipe, "<makefile>:<line>: target '<name>' does not exist" or
// "<makefile>:<line>: update target '<name>' due to: <why>" (GNU make 4.0
// to 4.4; "<builtin>" for built-in rules).
static std::optional<StringRef> tracedTarget(StringRef Line) {
  size_t Colon = Line.find(": ");
  if (Colon == StringRef::npos || Colon == 0 ||
      Line.take_front(Colon).contains(' '))
    return std::nullopt;
  StringRef Rest = Line.drop_front(Colon + 2);
  Rest.consume_front("update ");
  if (!Rest.consume_front("target '"))
    return std::nullopt;
  size_t Quote = Rest.find('\'');
  if (Quote == StringRef::npos || Quote == 0)
    return std::nullopt;
  return Rest.take_front(Quote);
}

namespace {

/// Reads make's output piece by piece: the commands through a ShellSplitter,
/// the --trace lines as whole lines.
class DryRunReader {
public:
  explicit DryRunReader(StringRef Compiler)
      : Compiler(Compiler),
        Split([this](std::vector<std::string> &Argv) { command(Argv); }) {}
  void feed(StringRef Text) {
    Split.feed(Text);
    Lines.feed(Text, [this](StringRef L) { return line(L); });
  }
  DryRun finish() {
    Split.finish();
    Lines.finish([this](StringRef L) { return line(L); });
    return std::move(Out);
  }

private:
  void command(std::vector<std::string> &Argv) {
    for (size_t I = 1; I + 1 < Argv.size(); ++I)
      if (Argv[I] == "-o")
        Out.Outputs.push_back(Argv[I + 1]);
    KbuildCommand C;
    if (parseKernelCompile(Argv, Compiler, C))
      Out.Commands.push_back(std::move(C));
  }
  bool line(StringRef L) {
    if (std::optional<StringRef> T = tracedTarget(L))
      if (T->ends_with(".o"))
        Out.Objects.push_back(T->str());
    return true;
  }

  StringRef Compiler;
  DryRun Out;
  ShellSplitter Split;
  LineSplitter Lines;
};

} // namespace

DryRun parseDryRun(StringRef Output, StringRef Compiler) {
  DryRunReader R(Compiler);
  R.feed(Output);
  return R.finish();
}

bool savedCommand(StringRef Tree, StringRef Object, std::string &Command) {
  SmallString<256> Path;
  if (!sys::path::is_absolute(Object))
    Path = Tree;
  sys::path::append(Path, sys::path::parent_path(Object),
                    "." + sys::path::filename(Object) + ".cmd");
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return false;
  // kbuild writes the command first (fixdep then adds source_ and deps_).
  for (StringRef Rest = (*Buf)->getBuffer(); !Rest.empty();) {
    auto [Line, Next] = Rest.split('\n');
    Rest = Next;
    if (!Line.consume_front("savedcmd_") && !Line.consume_front("cmd_"))
      continue;
    size_t Assign = Line.find(" := ");
    if (Assign == StringRef::npos)
      continue;
    // make-cmd in scripts/Kbuild.include wrote $ as $$ and # as $(pound).
    StringRef V = Line.drop_front(Assign + 4);
    Command.clear();
    for (size_t I = 0; I < V.size(); ++I) {
      if (V.substr(I).starts_with("$$")) {
        Command += '$';
        ++I;
      } else if (V.substr(I).starts_with("$(pound)")) {
        Command += '#';
        I += 7;
      } else {
        Command += V[I];
      }
    }
    return true;
  }
  return false;
}

namespace {

// Value of `NAME=...` in a kconfig output file ("" when absent).
std::string configValue(StringRef Text, StringRef Name) {
  SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (StringRef L : Lines) {
    if (!L.consume_front(Name) || !L.consume_front("="))
      continue;
    L = L.trim();
    if (L.size() >= 2 && L.front() == '"' && L.back() == '"')
      L = L.drop_front().drop_back();
    return L.str();
  }
  return "";
}

bool onPath(StringRef Prog) { return bool(sys::findProgramByName(Prog)); }

} // namespace

bool detectCompiler(StringRef Tree, std::vector<std::string> &MakeVars,
                    std::string &Compiler, std::string &Err) {
  std::string Text;
  for (const char *Name : {"include/config/auto.conf", ".config"}) {
    SmallString<256> P(Tree);
    sys::path::append(P, Name);
    if (auto Buf = MemoryBuffer::getFile(P)) {
      Text = (*Buf)->getBuffer().str();
      break;
    }
  }
  if (Text.empty()) {
    Err = "'" + Tree.str() +
          "' is not a configured kernel tree (no include/config/auto.conf "
          "or .config); run e.g. `make LLVM=1 allmodconfig prepare` there";
    return false;
  }
  auto Major = [](const std::string &V) {
    return V.size() > 4 ? V.substr(0, V.size() - 4) : std::string();
  };
  if (configValue(Text, "CONFIG_CC_IS_CLANG") == "y") {
    std::string M = Major(configValue(Text, "CONFIG_CLANG_VERSION"));
    if (!M.empty() && onPath("clang-" + M)) {
      MakeVars.push_back("LLVM=-" + M);
      Compiler = "clang-" + M;
    } else {
      MakeVars.push_back("LLVM=1");
      Compiler = "clang";
    }
    return true;
  }
  if (configValue(Text, "CONFIG_CC_IS_GCC") == "y") {
    std::string M = Major(configValue(Text, "CONFIG_GCC_VERSION"));
    Compiler = !M.empty() && onPath("gcc-" + M) ? "gcc-" + M : "gcc";
    MakeVars.push_back("CC=" + Compiler);
    return true;
  }
  Err = "cannot tell which compiler '" + Tree.str() +
        "' was configured with (no CONFIG_CC_IS_CLANG/CONFIG_CC_IS_GCC); "
        "pass --make-args='LLVM=1' or --make-args='CC=...'";
  return false;
}

// A whole-tree dry run prints ~170 MB: read in pieces, never held whole.
static bool readDryRun(StringRef Path, StringRef Compiler, DryRun &Out) {
  int FD;
  if (sys::fs::openFileForRead(Path, FD))
    return false;
  DryRunReader R(Compiler);
  size_t Chunk = 1 << 20;
  // Tests read in tiny pieces, so that quotes and lines straddle them.
  if (const char *E = std::getenv("DMACHECK_TEST_DRYRUN_CHUNK"))
    Chunk = std::max(1, std::atoi(E));
  std::vector<char> Buf(Chunk);
  for (;;) {
    ssize_t N = ::read(FD, Buf.data(), Buf.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      ::close(FD);
      if (N < 0)
        return false;
      break;
    }
    R.feed(StringRef(Buf.data(), (size_t)N));
  }
  Out = R.finish();
  return true;
}

bool runDryRun(StringRef Tree, const std::vector<std::string> &MakeArgs,
               const std::vector<std::string> &Targets, StringRef Compiler,
               DryRun &Out, std::string &Err) {
  auto Make = sys::findProgramByName("make");
  if (!Make) {
    Err = "make not found on PATH";
    return false;
  }
  std::vector<StringRef> Argv = {"make", "-C", Tree, "--no-print-directory"};
  for (const std::string &A : MakeArgs)
    Argv.push_back(A);
  // One make at a time: with -j2 -Oline, sub-makes' printed commands
  // still interleaved now and then (a whole-tree dry run of 6.12 lost the
  // commands of nouveau's therm/base.c and atomisp's tag.c once in five
  // runs, silently). Serial costs 21-28 s on drivers/ + sound/ (66.6 s
  // against 38.6-45.3 s), once per cache entry.
  Argv.push_back("-j1");
  Argv.push_back("-n");
  Argv.push_back("--trace");
  for (const std::string &T : Targets)
    Argv.push_back(T);
  SmallString<128> OutPath, ErrPath;
  if (sys::fs::createTemporaryFile("dmacheck-make", "out", OutPath) ||
      sys::fs::createTemporaryFile("dmacheck-make", "err", ErrPath)) {
    Err = "cannot create a temporary file";
    return false;
  }
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutPath),
                                          StringRef(ErrPath)};
  // --trace's lines are parsed: make's messages untranslated. kbuild
  // unexports LC_ALL for its sub-makes, hence LC_MESSAGES too.
  std::vector<std::string> EnvVars;
  for (char **E = environ; E && *E; ++E) {
    StringRef V(*E);
    if (!V.starts_with("LC_ALL=") && !V.starts_with("LC_MESSAGES=") &&
        !V.starts_with("LANGUAGE="))
      EnvVars.push_back(V.str());
  }
  EnvVars.push_back("LC_ALL=C");
  EnvVars.push_back("LC_MESSAGES=C");
  std::vector<StringRef> Env(EnvVars.begin(), EnvVars.end());
  std::string ExecErr;
  int RC = sys::ExecuteAndWait(*Make, Argv, Env, Redirects, 0, 0, &ExecErr);
  auto ErrText = MemoryBuffer::getFile(ErrPath);
  sys::fs::remove(ErrPath);
  bool Read = RC == 0 && readDryRun(OutPath, Compiler, Out);
  sys::fs::remove(OutPath);
  if (RC == 0 && !Read) {
    Err = "cannot read the output of `make -n` in '" + Tree.str() + "'";
    return false;
  }
  if (RC != 0) {
    std::string Msg = ErrText ? (*ErrText)->getBuffer().trim().str() : "";
    // The last lines say why; make's full output can be long.
    size_t Cut = Msg.size();
    for (int Lines = 0; Lines < 5 && Cut != std::string::npos && Cut > 0;
         ++Lines)
      Cut = Msg.rfind('\n', Cut - 1);
    if (Cut != std::string::npos && Cut < Msg.size())
      Msg = Msg.substr(Cut + 1);
    Err = "`make -n` failed in '" + Tree.str() + "' (status " +
          std::to_string(RC) + ")" + (ExecErr.empty() ? "" : ": " + ExecErr) +
          (Msg.empty() ? "" : ":\n" + Msg);
    return false;
  }
  return true;
}

namespace {

bool isSparseOnly(StringRef A) {
  if (A.starts_with("-W") && !A.starts_with("-Wp,") && !A.starts_with("-Wa,") &&
      !A.starts_with("-Wl,"))
    return true; // warnings: sparse's (-Wbitwise...) or irrelevant here
  return A == "-D__CHECK_ENDIAN__" || A == "-D__CHECKER__" ||
         A == "-mlittle-endian" || A == "-mbig-endian" ||
         A.starts_with("-fmemcpy-max-count=") ||
         A.starts_with("-fdiagnostic-prefix") ||
         A.starts_with("-fmax-warnings=") || A.starts_with("--arch=") ||
         A.starts_with("--os=") || A.starts_with("-fdump-");
}

} // namespace

bool looksLikeKbuildCheck(const std::vector<std::string> &Args) {
  for (const std::string &A : Args) {
    if (A == "--")
      return false;
  }
  for (StringRef A : Args)
    if (A == "-D__linux__" || A == "-Wbitwise" || A == "-nostdinc" ||
        A.starts_with("-Wp,-MMD") || A.starts_with("-Wp,-MD") ||
        A == "-D__KERNEL__")
      return true;
  return false;
}

bool parseCheckArgs(const std::vector<std::string> &Args, std::string &File,
                    std::vector<std::string> &Flags, std::string &Err) {
  // kbuild: $(CHECK) $(CHECKFLAGS) $(c_flags) $<, and c_flags starts with
  // -Wp,-MMD,<depfile>. CHECKFLAGS are sparse's (-D__linux__..., -Wbitwise,
  // --arch=, -m64, -mlittle-endian): the compiler flags say all of it.
  size_t Begin = 0;
  for (size_t I = 0; I < Args.size(); ++I)
    if (StringRef(Args[I]).starts_with("-Wp,-M")) {
      Begin = I;
      break;
    }
  std::vector<std::string> Files;
  for (size_t I = Begin; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "-gcc-base-dir" || A == "-multiarch-dir") { // sparse, valued
      ++I;
      continue;
    }
    if (isSparseOnly(A))
      continue;
    if (!A.starts_with("-") && A.ends_with(".c") &&
        !(I > 0 && (Args[I - 1] == "-o" || Args[I - 1] == "-include"))) {
      Files.push_back(A.str());
      continue;
    }
    Flags.push_back(A.str());
  }
  if (Files.size() != 1) {
    Err = Files.empty() ? "no C file among the checker's arguments"
                        : "more than one C file among the checker's arguments";
    return false;
  }
  File = Files.front();
  return true;
}

} // namespace dmacheck

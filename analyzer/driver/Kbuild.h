//===- Kbuild.h - compile commands from a kernel tree, CHECK= mode --------===//
//
// Two ways of getting kbuild's exact per-file flags without building:
//  - --kernel-tree: run kbuild's dry run (`make -n`) with the tree's
//    compiler settings and take the C compile commands it prints, and for
//    the objects already built (it prints nothing for them) the commands
//    kbuild saved in their .cmd files (driver/KernelTree.cpp);
//  - `make C=1 CHECK=dmacheck`: kbuild runs the checker as it runs sparse,
//    with CHECKFLAGS + the compiler's flags + the file.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_KBUILD_H
#define DMACHECK_DRIVER_KBUILD_H

#include "common/FlagList.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <functional>
#include <memory>

#include <string>
#include <vector>

namespace dmacheck {

/// One C compile command: the source file as written and the compiler
/// arguments without the compiler itself (the file is still among them, at
/// Args[FileArg]); Object is the -o argument.
struct KbuildCommand {
  std::string File;
  FlagList Args;
  size_t FileArg = 0;
  std::string Object;
};

/// Splits shell text into simple commands (argv vectors) and hands each to
/// Fn as it is read (a whole-tree dry run prints hundreds of megabytes):
/// quotes ('...', "...", backslash) are removed as the shell would; ';',
/// '&&', '||', '|', '&' and newlines end a command. Variables are not
/// expanded.
void forEachShellCommand(
    llvm::StringRef Text,
    llvm::function_ref<void(std::vector<std::string> &)> Fn);

/// Whole lines of text fed in pieces (a piece may end inside a line): Fn
/// gets each line without its '\n' and returns false to stop.
class LineSplitter {
public:
  bool feed(llvm::StringRef Text, llvm::function_ref<bool(llvm::StringRef)> Fn);
  /// The last line, when the text did not end with '\n'.
  bool finish(llvm::function_ref<bool(llvm::StringRef)> Fn);

private:
  std::string Partial;
};

/// The same, fed in pieces (a piece may end anywhere, even inside a quote):
/// the dry run is read from make's output file a megabyte at a time.
class ShellSplitter {
public:
  explicit ShellSplitter(std::function<void(std::vector<std::string> &)> Fn)
      : Fn(std::move(Fn)) {}
  void feed(llvm::StringRef Text);
  /// Ends the last command.
  void finish();

private:
  void endWord();
  void endCommand();

  std::function<void(std::vector<std::string> &)> Fn;
  enum { Normal, Single, Double, Comment } St = Normal;
  bool Escape = false; // a backslash read, the character it escapes not yet
  bool InWord = false;
  std::string Word;
  std::vector<std::string> Cur;
};

/// Argv (a simple command) as a kernel C compile: its program's basename is
/// Compiler's, with -c, -D__KERNEL__ and one *.c input. False otherwise
/// (echo, fixdep with the quoted command, objtool, host programs, -S).
bool parseKernelCompile(const std::vector<std::string> &Argv,
                        llvm::StringRef Compiler, KbuildCommand &Out);

/// What `make -n --trace` printed.
struct DryRun {
  /// The C compile commands (parseKernelCompile), in output order.
  std::vector<KbuildCommand> Commands;
  /// The *.o targets whose recipe make ran, as make names them (--trace's
  /// "<makefile>:<line>: [update ]target '<name>' ..." lines). kbuild's
  /// objects all depend on FORCE, so every object of the targets is named,
  /// built or not; an up-to-date one runs `@:` and prints no command.
  std::vector<std::string> Objects;
  /// What every printed command writes with -o (compiles, links, ...).
  std::vector<std::string> Outputs;
};

/// Reads the output of `make -n --trace`.
DryRun parseDryRun(llvm::StringRef Output, llvm::StringRef Compiler);

/// The command kbuild saved when it last built Object (as make names it,
/// relative to Tree): the `savedcmd_<obj> := ...` line (`cmd_<obj>` before
/// linux 6.3) of <dir>/.<name>.cmd, with make's escapes ($$, $(pound))
/// undone: what scripts/clang-tools/gen_compile_commands.py reads. False
/// when there is no such file or line.
bool savedCommand(llvm::StringRef Tree, llvm::StringRef Object,
                  std::string &Command);

/// The make variables selecting the compiler the tree was configured with
/// (from include/config/auto.conf, else .config): LLVM=-19 / LLVM=1 for
/// clang, CC=gcc-N / CC=gcc for GCC. Sets Compiler to the program kbuild
/// will run. False with Err when the tree is not configured.
bool detectCompiler(llvm::StringRef Tree, std::vector<std::string> &MakeVars,
                    std::string &Compiler, std::string &Err);

/// Runs `make -C Tree <MakeArgs> -j1 -n --trace <Targets>` with make's
/// messages in English (LC_ALL=C, LC_MESSAGES=C: kbuild unexports LC_ALL)
/// and returns its stdout (kbuild's recursion runs even under -n; --trace
/// names the objects it visits), and parses its output (parseDryRun) as it
/// reads it back from a file. False with Err (make's last error lines) when
/// make fails.
bool runDryRun(llvm::StringRef Tree, const std::vector<std::string> &MakeArgs,
               const std::vector<std::string> &Targets,
               llvm::StringRef Compiler, DryRun &Out, std::string &Err);

/// CHECK= mode: splits what kbuild passes ($(CHECKFLAGS) $(c_flags) file)
/// into the file and the compiler flags, dropping sparse-only options.
/// False with Err when no single C file is found.
bool parseCheckArgs(const std::vector<std::string> &Args, std::string &File,
                    std::vector<std::string> &Flags, std::string &Err);

/// True when Args (the command line without the program) look like kbuild's
/// checker invocation: no `--`, and a kbuild/sparse flag such as
/// -D__linux__, -Wbitwise, -nostdinc or -Wp,-MMD among them.
bool looksLikeKbuildCheck(const std::vector<std::string> &Args);

} // namespace dmacheck

#endif

//===- CompileArgs.cpp - the compiler command line of one file ----------===//
#include "engine/Engine.h"

#include "llvm/ADT/StringRef.h"

using namespace llvm;

namespace dmacheck {

namespace {

bool startsWithAny(StringRef S, std::initializer_list<StringRef> Prefixes) {
  for (StringRef P : Prefixes)
    if (S.starts_with(P))
      return true;
  return false;
}

// Build flags are kept as they are (KASAN, randstruct, ... change what the
// headers say) except what would write files or turn warnings into errors.
// With a group PCH, kbuild's -include'd headers are in it; its build leaves
// out the file's own macros (-DKBUILD_MODNAME=... and the like).
std::vector<std::string> cleanFlags(const FlagList &In, const std::string &File,
                                    bool DropForced, bool DropOwn) {
  std::vector<std::string> Out;
  for (size_t I = 0; I < In.size(); ++I) {
    StringRef A = In[I];
    if (A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ" ||
        (DropForced && A == "-include")) {
      ++I;
      continue;
    }
    // The group's PCH: without the file's own macros, and without the
    // source the command compiles (kbuild's commands name it).
    bool SkipNext = false;
    if (DropOwn && fileOwnFlag(A, File, SkipNext)) {
      I += SkipNext;
      continue;
    }
    if (A == "-c" || A == "-S" || A == "-E" || A == "-MD" || A == "-MMD" ||
        A == "-M" || A == "-MM" || A == "-MP" || A == "-Werror" ||
        A == "-fsyntax-only" || A == File)
      continue;
    if (startsWithAny(A, {"-Wp,-M", "-Werror=", "-o", "-save-temps", "-fdump-",
                          "-ftime-trace"}))
      continue;
    Out.push_back(A.str());
  }
  return Out;
}

} // namespace

bool fileOwnFlag(StringRef A, StringRef File, bool &SkipNext) {
  SkipNext = A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ";
  return SkipNext || A == File || A.starts_with("-Wp,-M") ||
         (!A.starts_with("-") && A.ends_with(".c")) ||
         (A.starts_with("-D") && A.contains("KBUILD_"));
}

std::vector<std::string> compileArgs(const std::string &File,
                                     const EngineOptions &Opts) {
  std::vector<std::string> Args = {"clang"};
  bool WithPch = !Opts.Pch.empty();
  if (Opts.HaveFlags) {
    std::vector<std::string> C =
        cleanFlags(Opts.Flags, File, WithPch, Opts.BuildPch);
    Args.insert(Args.end(), C.begin(), C.end());
  } else {
    for (const char *A : {"-std=gnu11", "-D__KERNEL__", "-fno-strict-aliasing"})
      Args.push_back(A);
    // The bundled headers declare less than the kernel's. Clang 19 makes a
    // call to a function they lack an error in C99 and later, as it does the
    // int such a call returns used as a pointer and a callback whose
    // prototype differs from theirs: here these stay warnings (silenced by
    // -w below) and the file is analysed.
    for (const char *A :
         {"-Wno-error=implicit-function-declaration", "-Wno-error=implicit-int",
          "-Wno-error=int-conversion",
          "-Wno-error=incompatible-function-pointer-types"})
      Args.push_back(A);
    Args.push_back("-I" + bundledIncludeDir());
  }
  Args.push_back("-D__DMACHECK__");
  Args.push_back("-resource-dir=" DMACHECK_RESOURCE_DIR);
  Args.push_back("-w");
  Args.push_back("-fno-caret-diagnostics"); // no "N errors generated."
  Args.push_back("-Wno-error");
  if (Opts.BuildPch) {
    // The first error names the header to leave out; the rest is noise.
    for (const char *A : {"-ferror-limit=1", "-x", "c-header"})
      Args.push_back(A);
    Args.insert(Args.end(), {File, "-o", Opts.Pch});
    return Args;
  }
  if (WithPch)
    Args.insert(Args.end(), {"-include-pch", Opts.Pch});
  Args.push_back("-fsyntax-only");
  for (const std::string &KV : Opts.AnalyzerConfig) {
    Args.insert(Args.end(), {"-Xclang", "-analyzer-config", "-Xclang", KV});
  }
  Args.push_back(File);
  return Args;
}

} // namespace dmacheck

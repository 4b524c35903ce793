//===- Worker.cpp - one file analysed in a forked process ----------------===//
#include "driver/Worker.h"
#include "driver/Cache.h"
#include "engine/Engine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

namespace dmacheck {

namespace {

// A worker that runs out of memory under --file-memory exits with this.
constexpr int ExitOutOfMemory = 86;

extern "C" void outOfMemory() {
  static const char Msg[] = "dmacheck: worker out of memory\n";
  ssize_t Ignored = write(STDERR_FILENO, Msg, sizeof(Msg) - 1);
  (void)Ignored;
  _exit(ExitOutOfMemory);
}

void badAlloc(void *, const char *, bool) { outOfMemory(); }

std::vector<std::string> bundledDeps(const Job &J) {
  // Bundled-header mode: the file, the bundled headers, and its quoted
  // local headers (the only files its preprocessor can read besides
  // Clang's own, which come with the tool).
  std::vector<std::string> Files = {J.File};
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(bundledIncludeDir(), EC), End;
       It != End && !EC; It.increment(EC))
    if (sys::fs::is_regular_file(It->path()))
      Files.push_back(It->path());
  std::string Dir = sys::path::parent_path(J.File).str();
  for (sys::fs::directory_iterator It(Dir.empty() ? "." : Dir, EC), End;
       It != End && !EC; It.increment(EC))
    if (StringRef(It->path()).ends_with(".h"))
      Files.push_back(It->path());
  return Files;
}

} // namespace

[[noreturn]] void runWorker(const Job &Orig, const std::string &OutPath,
                            const WorkerSetup &W) {
  // The parent's stop handlers are not the worker's: Ctrl-C ends it.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  alarm(W.Timeout);
  Job J = Orig;
  if (!J.Directory.empty() && chdir(J.Directory.c_str()) != 0) {
    FileResult R;
    R.File = J.File;
    R.Status = FileStatus::ParseError;
    R.Error =
        "cannot enter directory '" + J.Directory + "': " + std::strerror(errno);
    std::ofstream(OutPath) << serialize(R);
    _exit(0);
  }
  if (W.MemoryMiB) {
    struct rlimit RL;
    RL.rlim_cur = RL.rlim_max = (rlim_t)W.MemoryMiB << 20;
    setrlimit(RLIMIT_AS, &RL);
    std::set_new_handler(outOfMemory);
    llvm::install_bad_alloc_error_handler(badAlloc);
  }
  if (const char *Hook = std::getenv("DMACHECK_TEST_WORKER_FAULT")) {
    // Test-only: make the worker for a named file crash, hang or exhaust
    // its memory.
    StringRef H(Hook);
    auto [Kind, Name] = H.split(':');
    if (StringRef(J.File).ends_with(Name)) {
      if (Kind == "crash")
        std::abort();
      if (Kind == "hang")
        for (;;)
          pause();
      if (Kind == "oom") {
        std::vector<char *> Hog;
        for (;;) {
          char *P = new char[64 << 20];
          std::memset(P, 1, 64 << 20);
          Hog.push_back(P);
        }
      }
    }
  }
  std::string DepPath = OutPath + ".d";
  if (W.WantDeps && J.Opts.HaveFlags)
    for (const char *A :
         {"-Xclang", "-dependency-file", "-Xclang", DepPath.c_str(), "-Xclang",
          "-MTdmacheck", "-Xclang", "-sys-header-deps"})
      J.Opts.Flags.push_back(A);
  FileResult R = analyzeFile(J.File, J.Opts);
  // A parse that stops at a header kbuild generates is cached as a skip
  // (driver/Scheduler.cpp), with the files it opened.
  bool Failed = R.Status == FileStatus::ParseError && J.Opts.HaveFlags;
  if (W.WantDeps && (R.Status == FileStatus::Analysed || Failed)) {
    std::vector<std::string> Deps;
    if (Failed) {
      Deps = R.Read;
    } else if (J.Opts.HaveFlags) {
      if (auto Buf = MemoryBuffer::getFile(DepPath))
        Deps = parseDepFile((*Buf)->getBuffer());
      // A group PCH lists the headers it holds, and itself and the header
      // it was built from: those two belong to this run only.
      if (!J.Opts.Pch.empty())
        llvm::erase_if(Deps, [&](const std::string &D) {
          return D == J.Opts.Pch ||
                 D == StringRef(J.Opts.Pch).drop_back(4); // ".pch"
        });
    } else {
      Deps = bundledDeps(J);
    }
    ContentHasher H;
    // Relative dependency paths are relative to the compile directory
    // (the worker is in it).
    SmallString<256> Cwd;
    sys::fs::current_path(Cwd);
    if (!Deps.empty())
      std::ofstream(OutPath + ".deps") << depsRecord(Deps, std::string(Cwd), H);
  }
  std::remove(DepPath.c_str());
  std::ofstream Out(OutPath);
  Out << serialize(R);
  Out.close();
  _exit(Out ? 0 : 3);
}

bool workerInterrupted(int Status) {
  return WIFSIGNALED(Status) &&
         (WTERMSIG(Status) == SIGINT || WTERMSIG(Status) == SIGTERM);
}

FileResult collectWorker(const Job &J, const std::string &OutPath, int Status,
                         const WorkerSetup &W) {
  FileResult R;
  R.File = J.File;
  std::ifstream In(OutPath);
  std::stringstream SS;
  SS << In.rdbuf();
  std::remove(OutPath.c_str());
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0 && deserialize(SS.str(), R))
    return R;
  R = FileResult();
  R.File = J.File;
  if (WIFSIGNALED(Status) && WTERMSIG(Status) == SIGALRM) {
    R.Status = FileStatus::TimedOut;
    R.Error =
        "analysis timed out (--file-timeout=" + std::to_string(W.Timeout) + ")";
  } else if (WIFSIGNALED(Status)) {
    R.Status = FileStatus::Crashed;
    R.Error =
        std::string("analyzer crashed (") + strsignal(WTERMSIG(Status)) + ")";
  } else if (WEXITSTATUS(Status) == ExitOutOfMemory) {
    R.Status = FileStatus::Crashed;
    R.Error =
        "out of memory (--file-memory=" + std::to_string(W.MemoryMiB) + " MiB)";
  } else {
    R.Status = FileStatus::Crashed;
    R.Error =
        "worker failed with status " + std::to_string(WEXITSTATUS(Status));
  }
  return R;
}

} // namespace dmacheck

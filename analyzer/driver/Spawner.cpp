//===- Spawner.cpp - workers forked from a small, early process ----------===//
#include "driver/Spawner.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

namespace dmacheck {

namespace {

pid_t SpawnerPid = -1;
int SpawnerFd = -1;   // the scan's end of the socket pair
std::string ReplyBuf; // what the scan read past the last reply

// A request is one line of JSON: the job, where its result goes and the
// worker's limits. The worker parses it, so the spawner's heap stays as
// small as it was at the start.
std::string request(const Job &J, const std::string &OutPath,
                    const WorkerSetup &W) {
  json::Array Flags, Config, Checkers;
  for (const std::string &F : J.Opts.Flags)
    Flags.push_back(F);
  for (const std::string &A : J.Opts.AnalyzerConfig)
    Config.push_back(A);
  for (const std::string &C : J.Opts.ExtraCheckers)
    Checkers.push_back(C);
  json::Object O{{"out", OutPath},
                 {"file", J.File},
                 {"dir", J.Directory},
                 {"have_flags", J.Opts.HaveFlags},
                 {"flags", std::move(Flags)},
                 {"config", std::move(Config)},
                 {"checkers", std::move(Checkers)},
                 {"all_header_bodies", J.Opts.AllHeaderBodies},
                 {"pch", J.Opts.Pch},
                 {"build_pch", J.Opts.BuildPch},
                 {"timeout", W.Timeout},
                 {"memory", W.MemoryMiB},
                 {"deps", W.WantDeps}};
  std::string S;
  raw_string_ostream OS(S);
  OS << json::Value(std::move(O)) << '\n'; // JSON escapes every newline
  return S;
}

// What a worker is given: the job, where its result goes, its limits.
struct Request {
  Job J;
  std::string OutPath;
  WorkerSetup W{};
};

bool fromJSON(const json::Value &V, Request &R, json::Path P) {
  json::ObjectMapper O(V, P);
  std::vector<std::string> Flags;
  uint64_t Timeout = 0, Memory = 0;
  EngineOptions &E = R.J.Opts;
  if (!O || !O.map("out", R.OutPath) || !O.map("file", R.J.File) ||
      !O.map("dir", R.J.Directory) || !O.map("have_flags", E.HaveFlags) ||
      !O.map("flags", Flags) || !O.map("config", E.AnalyzerConfig) ||
      !O.map("checkers", E.ExtraCheckers) ||
      !O.map("all_header_bodies", E.AllHeaderBodies) || !O.map("pch", E.Pch) ||
      !O.map("build_pch", E.BuildPch) || !O.map("timeout", Timeout) ||
      !O.map("memory", Memory) || !O.map("deps", R.W.WantDeps))
    return false;
  E.Flags = FlagList(Flags);
  R.W.Timeout = unsigned(Timeout);
  R.W.MemoryMiB = unsigned(Memory);
  return true;
}

bool sendAll(int Fd, StringRef S) {
  while (!S.empty()) {
    ssize_t N = send(Fd, S.data(), S.size(), MSG_NOSIGNAL);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    S = S.drop_front(N);
  }
  return true;
}

// One line from Fd, without its newline; Buf keeps what came after it.
bool readLine(int Fd, std::string &Buf, std::string &Line) {
  for (;;) {
    size_t NL = Buf.find('\n');
    if (NL != std::string::npos) {
      Line = Buf.substr(0, NL);
      Buf.erase(0, NL + 1);
      return true;
    }
    char Chunk[65536];
    ssize_t N = read(Fd, Chunk, sizeof(Chunk));
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Buf.append(Chunk, N);
  }
}

// In the worker: the request becomes a job, analysed as a worker the scan
// forked itself would analyse it.
[[noreturn]] void work(int Fd, const std::string &Line) {
  close(Fd);
  prctl(PR_SET_NAME, "dmacheck");
  Expected<Request> R = json::parse<Request>(Line);
  if (!R) {
    consumeError(R.takeError());
    _exit(4); // collectWorker(): "worker failed with status 4"
  }
  runWorker(R->J, R->OutPath, R->W);
}

// The spawner: for each request, an intermediate process forks the worker,
// replies with its pid and exits, so that the worker is reparented to the
// scan (the subreaper) and the spawner has nothing to wait for but the
// intermediate. At the end of the requests (the scan closed its end or
// died) it exits.
[[noreturn]] void serve(int Fd) {
  prctl(PR_SET_NAME, "dmacheck-spawn"); // what ps and top show
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  std::string Buf, Line;
  while (readLine(Fd, Buf, Line)) {
    pid_t Mid = fork();
    if (Mid == 0) {
      pid_t W = fork();
      if (W == 0)
        work(Fd, Line);
      long Reply = W < 0 ? -long(errno) : long(W);
      _exit(sendAll(Fd, std::to_string(Reply) + "\n") ? 0 : 1);
    }
    if (Mid < 0)
      sendAll(Fd, std::to_string(-long(errno)) + "\n");
    else
      while (waitpid(Mid, nullptr, 0) < 0 && errno == EINTR) {
      }
  }
  _exit(0);
}

} // namespace

void startSpawner() {
  if (SpawnerPid > 0)
    return;
  int Fds[2];
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 ||
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, Fds) != 0)
    return; // workers are forked from the scan, as before
  errs().flush();
  outs().flush();
  pid_t Pid = fork();
  if (Pid == 0) {
    close(Fds[0]);
    serve(Fds[1]);
  }
  close(Fds[1]);
  if (Pid < 0) {
    close(Fds[0]);
    return;
  }
  SpawnerPid = Pid;
  SpawnerFd = Fds[0];
}

pid_t spawnWorker(const Job &J, const std::string &OutPath,
                  const WorkerSetup &W) {
  if (SpawnerPid > 0) {
    std::string Line;
    if (sendAll(SpawnerFd, request(J, OutPath, W)) &&
        readLine(SpawnerFd, ReplyBuf, Line)) {
      long Pid = std::strtol(Line.c_str(), nullptr, 10);
      if (Pid > 0)
        return pid_t(Pid);
      errno = Pid < 0 ? int(-Pid) : EPROTO; // the spawner could not fork
      return -1;
    }
    // The spawner is gone (killed from outside): the scan goes on with
    // workers forked from itself, as slow as that is.
    errs() << "dmacheck: warning: the worker spawner ended; forking the "
              "workers from the scan\n";
    stopSpawner();
  }
  errs().flush();
  pid_t Pid = fork();
  if (Pid == 0)
    runWorker(J, OutPath, W);
  return Pid;
}

void stopSpawner() {
  if (SpawnerPid <= 0)
    return;
  close(SpawnerFd); // the spawner reads the end of the requests and exits
  while (waitpid(SpawnerPid, nullptr, 0) < 0 && errno == EINTR) {
  }
  SpawnerPid = -1;
  SpawnerFd = -1;
  ReplyBuf.clear();
}

} // namespace dmacheck

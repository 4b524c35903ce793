//===- Finding.cpp - worker/driver encoding of results
//---------------------===//
#include "common/Finding.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace dmacheck {

const char *fileStatusName(FileStatus S) {
  switch (S) {
  case FileStatus::Analysed:
    return "analysed";
  case FileStatus::ParseError:
    return "parse-error";
  case FileStatus::Skipped:
    return "skipped";
  case FileStatus::Crashed:
    return "crashed";
  case FileStatus::TimedOut:
    return "timed-out";
  }
  return "analysed";
}

// The worker hands its result to the driver (and the cache stores it) as
// JSON: llvm::json does the escaping. Strings must be UTF-8 for it; source
// text is not always (Latin-1 comments), so invalid bytes become U+FFFD.
static json::Value str(const std::string &S) {
  return json::isUTF8(S) ? json::Value(S) : json::Value(json::fixUTF8(S));
}

static json::Value loc(const Location &L) {
  return json::Object{{"file", str(L.File)}, {"line", L.Line}, {"col", L.Col}};
}

std::string serialize(const FileResult &R) {
  json::Array Findings;
  for (const Finding &F : R.Findings) {
    json::Array Path;
    for (const PathEvent &E : F.Path)
      Path.push_back(
          json::Object{{"loc", loc(E.Loc)}, {"message", str(E.Message)}});
    Findings.push_back(json::Object{{"rule", str(F.Rule)},
                                    {"severity", str(F.Severity)},
                                    {"loc", loc(F.Loc)},
                                    {"function", str(F.Function)},
                                    {"message", str(F.Message)},
                                    {"snippet", str(F.Snippet)},
                                    {"path", std::move(Path)}});
  }
  json::Object Out{{"file", str(R.File)},
                   {"status", fileStatusName(R.Status)},
                   {"error", str(R.Error)},
                   {"seconds", R.Seconds},
                   {"findings", std::move(Findings)}};
  std::string Text;
  raw_string_ostream OS(Text);
  OS << json::Value(std::move(Out));
  return Text;
}

bool fromJSON(const json::Value &V, Location &L, json::Path P) {
  json::ObjectMapper O(V, P);
  uint64_t Line = 0, Col = 0;
  if (!O || !O.map("file", L.File) || !O.map("line", Line) ||
      !O.map("col", Col))
    return false;
  L.Line = (unsigned)Line;
  L.Col = (unsigned)Col;
  return true;
}

bool fromJSON(const json::Value &V, PathEvent &E, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("loc", E.Loc) && O.map("message", E.Message);
}

bool fromJSON(const json::Value &V, Finding &F, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("rule", F.Rule) && O.map("severity", F.Severity) &&
         O.map("loc", F.Loc) && O.map("function", F.Function) &&
         O.map("message", F.Message) && O.map("snippet", F.Snippet) &&
         O.map("path", F.Path);
}

bool deserialize(const std::string &Text, FileResult &R) {
  Expected<json::Value> V = json::parse(Text);
  if (!V) {
    consumeError(V.takeError());
    return false;
  }
  json::Path::Root Root;
  json::ObjectMapper O(*V, Root);
  std::string Status;
  FileResult Out;
  if (!O || !O.map("file", Out.File) || !O.map("status", Status) ||
      !O.map("error", Out.Error) || !O.map("seconds", Out.Seconds) ||
      !O.map("findings", Out.Findings))
    return false;
  for (FileStatus S :
       {FileStatus::Analysed, FileStatus::ParseError, FileStatus::Skipped,
        FileStatus::Crashed, FileStatus::TimedOut})
    if (Status == fileStatusName(S)) {
      Out.Status = S;
      R = std::move(Out);
      return true;
    }
  return false;
}

} // namespace dmacheck

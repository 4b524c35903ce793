//===- Finding.cpp - worker/driver encoding of results ---------------------===//
#include "common/Finding.h"

#include <cstdlib>
#include <sstream>

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

// Fields are tab-separated, records newline-terminated; escape both.
static void put(std::string &Out, const std::string &S) {
  for (char C : S) {
    if (C == '\\')
      Out += "\\\\";
    else if (C == '\t')
      Out += "\\t";
    else if (C == '\n')
      Out += "\\n";
    else
      Out += C;
  }
}

static std::vector<std::string> fields(const std::string &Line) {
  std::vector<std::string> F(1);
  for (size_t I = 0; I < Line.size(); ++I) {
    char C = Line[I];
    if (C == '\t') {
      F.emplace_back();
    } else if (C == '\\' && I + 1 < Line.size()) {
      char N = Line[++I];
      F.back() += N == 't' ? '\t' : N == 'n' ? '\n' : N;
    } else {
      F.back() += C;
    }
  }
  return F;
}

static void record(std::string &Out, std::initializer_list<std::string> Fs) {
  bool First = true;
  for (const std::string &F : Fs) {
    if (!First)
      Out += '\t';
    First = false;
    put(Out, F);
  }
  Out += '\n';
}

std::string serialize(const FileResult &R) {
  std::string Out;
  record(Out, {"R", R.File, std::to_string((int)R.Status), R.Error,
               std::to_string(R.Seconds)});
  for (const Finding &F : R.Findings) {
    record(Out, {"F", F.Rule, F.Severity, F.Loc.File, std::to_string(F.Loc.Line),
                 std::to_string(F.Loc.Col), F.Function, F.Message, F.Snippet});
    for (const PathEvent &E : F.Path)
      record(Out, {"N", E.Loc.File, std::to_string(E.Loc.Line),
                   std::to_string(E.Loc.Col), E.Message});
  }
  record(Out, {"E"});
  return Out;
}

bool deserialize(const std::string &Text, FileResult &R) {
  std::istringstream In(Text);
  std::string Line;
  bool Ended = false;
  while (std::getline(In, Line)) {
    std::vector<std::string> F = fields(Line);
    auto U = [&](size_t I) { return (unsigned)std::strtoul(F[I].c_str(), nullptr, 10); };
    if (F[0] == "R" && F.size() == 5) {
      R.File = F[1];
      R.Status = (FileStatus)U(2);
      R.Error = F[3];
      R.Seconds = std::strtod(F[4].c_str(), nullptr);
    } else if (F[0] == "F" && F.size() == 9) {
      Finding X;
      X.Rule = F[1];
      X.Severity = F[2];
      X.Loc = {F[3], U(4), U(5)};
      X.Function = F[6];
      X.Message = F[7];
      X.Snippet = F[8];
      R.Findings.push_back(std::move(X));
    } else if (F[0] == "N" && F.size() == 5 && !R.Findings.empty()) {
      R.Findings.back().Path.push_back({{F[1], U(2), U(3)}, F[4]});
    } else if (F[0] == "E") {
      Ended = true;
    } else {
      return false;
    }
  }
  return Ended;
}

} // namespace dmacheck

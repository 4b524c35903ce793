//===- Model.cpp - tables built from rules/*.def
//---------------------------===//
#include "common/Model.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"

#include <algorithm>

using namespace llvm;

namespace dmacheck {

// The .def spells NULL as a failure kind; token pasting keeps it clear of
// the NULL macro.
#define FAIL_NONE Fail::NONE
#define FAIL_MAPPING_ERROR Fail::MAPPING_ERROR
#define FAIL_ZERO Fail::ZERO
#define FAIL_NULL Fail::NULL_
#define FAIL_ERR_PTR Fail::ERR_PTR
#define FAIL_NEG_ERRNO Fail::NEG_ERRNO
#define FAIL_COOKIE Fail::COOKIE

static const std::vector<ApiEntry> &table() {
  static const std::vector<ApiEntry> T = {
#define DMA_API(NAME, ROLE, FAM, RET, DEV, BUF, HANDLE, SIZE, DIR, NENTS, REL, \
                FAIL, FLAGS)                                                   \
  {#NAME,                                                                      \
   Role::ROLE,                                                                 \
   Family::FAM,                                                                \
   Ret::RET,                                                                   \
   DEV,                                                                        \
   BUF,                                                                        \
   HANDLE,                                                                     \
   SIZE,                                                                       \
   DIR,                                                                        \
   NENTS,                                                                      \
   REL,                                                                        \
   FAIL_##FAIL,                                                                \
   (unsigned)(FLAGS)},
#include "rules/dma_api.def"
#undef DMA_API
  };
  return T;
}

const std::vector<ApiEntry> &allApis() { return table(); }

std::optional<NameKind> lookupName(StringRef Name) {
  static const StringMap<NameKind> Index = [] {
    StringMap<NameKind> M;
#define DMA_NAME(KIND, NAME) M[#NAME] = NameKind::KIND;
#include "rules/names.def"
#undef DMA_NAME
    return M;
  }();
  auto It = Index.find(Name);
  if (It == Index.end())
    return std::nullopt;
  return It->second;
}

const ApiEntry *lookupApi(StringRef Name) {
  static const StringMap<const ApiEntry *> Index = [] {
    StringMap<const ApiEntry *> M;
    for (const ApiEntry &E : table())
      M[E.Name] = &E;
    return M;
  }();
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : It->second;
}

#define SEV_ERROR Severity::Error
#define SEV_WARNING Severity::Warning
#define SEV_NOTE Severity::Note
#define ST_IMPLEMENTED StaticStatus::Implemented
#define ST_PLANNED StaticStatus::Planned
#define ST_NONE StaticStatus::None

static const RuleInfo Rules[] = {
#define DMA_CHECK(ID, NAME, SEV, STATIC, RUNTIME, CHECKER, SUMMARY)            \
  {ID, #ID, NAME, SEV_##SEV, ST_##STATIC, RUNTIME != 0, #CHECKER, SUMMARY},
#include "rules/checks.def"
#undef DMA_CHECK
};

const RuleInfo &ruleInfo(RuleId Id) { return Rules[Id]; }

const RuleInfo *lookupRule(StringRef Name) {
  for (const RuleInfo &R : Rules)
    if (Name == R.Name || Name == R.Id)
      return &R;
  return nullptr;
}

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "warning";
}

const char *staticStatusName(StaticStatus S) {
  switch (S) {
  case StaticStatus::Implemented:
    return "implemented";
  case StaticStatus::Planned:
    return "planned";
  case StaticStatus::None:
    return "runtime-only";
  }
  return "planned";
}

RuleSelection::RuleSelection() {
  for (unsigned I = 0; I < NumRules; ++I)
    Enabled[I] = Rules[I].Static == StaticStatus::Implemented;
}

// A selection that starts with a rule (`--rules=dma-stack-buffer`) runs that
// rule alone; one that starts with a removal (`--rules=-dma-mapping-leak`)
// edits the default set. A rule the analyzer does not implement cannot be
// selected: asking for it would silently check nothing.
std::string RuleSelection::parse(StringRef Spec) {
  SmallVector<StringRef, 8> Parts;
  Spec.split(Parts, ',', -1, false);
  bool First = true;
  for (StringRef P : Parts) {
    P = P.trim();
    bool On = !P.consume_front("-");
    if (First && On)
      std::fill(std::begin(Enabled), std::end(Enabled), false);
    First = false;
    Expected<GlobPattern> G = GlobPattern::create(P);
    if (!G)
      return "invalid rule pattern '" + P.str() + "'";
    bool Any = false, AnyImplemented = false;
    for (unsigned I = 0; I < NumRules; ++I) {
      if (!G->match(Rules[I].Name) && !G->match(Rules[I].Id))
        continue;
      Any = true;
      if (Rules[I].Static != StaticStatus::Implemented)
        continue;
      AnyImplemented = true;
      Enabled[I] = On;
    }
    if (!Any)
      return "no rule matches '" + P.str() + "' (see --list-rules)";
    if (On && !AnyImplemented)
      return "'" + P.str() +
             "' names only rules the analyzer does not check yet (see "
             "--list-rules)";
  }
  return "";
}

std::string RuleSelection::spec() const {
  std::string S;
  for (unsigned I = 0; I < NumRules; ++I) {
    if (!Enabled[I])
      continue;
    if (!S.empty())
      S += ',';
    S += Rules[I].Name;
  }
  return S;
}

RuleSelection &activeRules() {
  static RuleSelection Sel;
  return Sel;
}

bool RuleSelection::triggeredBy(Role R) const {
  static const struct {
    RuleId Rule;
    Role R;
  } Triggers[] = {
#define DMA_TRIGGER(RULE, ROLE) {RULE, Role::ROLE},
#define DMA_NAME_TRIGGER(RULE, KIND)
#include "rules/triggers.def"
#undef DMA_NAME_TRIGGER
#undef DMA_TRIGGER
  };
  for (const auto &T : Triggers)
    if (T.R == R && Enabled[T.Rule])
      return true;
  return false;
}

bool RuleSelection::triggeredByName(NameKind K) const {
  static const struct {
    RuleId Rule;
    NameKind K;
  } Triggers[] = {
#define DMA_TRIGGER(RULE, ROLE)
#define DMA_NAME_TRIGGER(RULE, KIND) {RULE, NameKind::KIND},
#include "rules/triggers.def"
#undef DMA_NAME_TRIGGER
#undef DMA_TRIGGER
  };
  for (const auto &T : Triggers)
    if (T.K == K && Enabled[T.Rule])
      return true;
  return false;
}

} // namespace dmacheck

//===- Model.h - the DMA API model and rule table, from rules/*.def -------===//
//
// The only C++ view of rules/dma_api.def and rules/checks.def. No Clang
// headers here, so every part of the tool can include it cheaply.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_COMMON_MODEL_H
#define DMACHECK_COMMON_MODEL_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace dmacheck {

enum class Role {
  MAP,
  UNMAP,
  SYNC_CPU,
  SYNC_DEV,
  CHECK,
  ALLOC,
  FREE,
  VMAP,
  VUNMAP,
  MMAP,
  MASK_SET,
  QUERY,
  POOL_CREATE,
  POOL_DESTROY,
  SG_SET,
  USB_XFER,
  USB_SUBMIT,
  CHAN_REQUEST,
  CHAN_RELEASE,
  CHAN_CONFIG,
  PREP,
  SUBMIT,
  ISSUE,
  TERMINATE_SYNC,
  TERMINATE_ASYNC,
  TERMINATE_ALL,
  SYNCHRONIZE,
  PAUSE,
  RESUME,
  TX_STATUS,
  METADATA
};

enum class Family {
  SINGLE,
  PAGE,
  RESOURCE,
  SG,
  SGTABLE,
  COHERENT,
  NONCOHERENT,
  PAGES,
  NONCONTIG,
  POOL,
  USB_COHERENT,
  USB_SG,
  USB_URB,
  SCATTERLIST,
  MASK,
  INFO,
  DMAENGINE,
  IOVA
};

enum class Ret {
  NONE,
  HANDLE,
  CPUADDR,
  PAGE,
  SGT,
  COUNT,
  ERRNO,
  BOOL,
  VALUE,
  POOL,
  CHAN,
  DESC,
  COOKIE,
  STATUS,
  URB,
  DEVICE
};

enum class Fail {
  NONE,
  MAPPING_ERROR,
  ZERO,
  NULL_,
  ERR_PTR,
  NEG_ERRNO,
  COOKIE
};

enum ApiFlag : unsigned {
#define DMA_F_ATTRS 0x01
#define DMA_F_MANAGED 0x02
#define DMA_F_LEGACY 0x04
#define DMA_F_DEPRECATED 0x08
#define DMA_F_RANGE 0x10
  F_ATTRS = DMA_F_ATTRS,
  F_MANAGED = DMA_F_MANAGED,
  F_LEGACY = DMA_F_LEGACY,
  F_DEPRECATED = DMA_F_DEPRECATED,
  F_RANGE = DMA_F_RANGE,
};

/// Streaming mappings of one buffer: single, page, resource.
inline bool isStreamingFamily(Family F) {
  return F == Family::SINGLE || F == Family::PAGE || F == Family::RESOURCE;
}

/// Whether a release of family B may end a mapping of family A: the same
/// family, or single and page, which linux 5.x+ implements one with the
/// other (dma-debug files both as "single").
inline bool sameReleaseFamily(Family A, Family B) {
  auto Norm = [](Family F) { return F == Family::PAGE ? Family::SINGLE : F; };
  return Norm(A) == Norm(B);
}

/// One row of rules/dma_api.def. Argument indices are -1 when absent.
struct ApiEntry {
  const char *Name;
  Role R;
  Family Fam;
  Ret RetKind;
  int Dev, Buf, Handle, Size, Dir, Nents;
  const char *Release;
  Fail FailKind;
  unsigned Flags;

  bool has(unsigned F) const { return (Flags & F) != 0; }
};

/// What rules/names.def says of a kernel function that is not in the API.
enum class NameKind {
  MMIO_WRITE,
  BORROW,
  CPU_COPY,
  CPU_FILL,
  CPU_READ,
  DEVICE_WAIT,
  LOG,
  FREE,
  VMALLOC,
  MAYBE_VMALLOC,
  KMAP,
  PHYS,
  LOCK,
  UNLOCK,
  LOCK_IRQ,
  UNLOCK_IRQ,
  IRQ_OFF,
  IRQ_ON,
  IRQ_REQUEST,
  ERR_TEST,
  URB_ALLOC
};

/// The rules/names.def row of a callee name, if any.
std::optional<NameKind> lookupName(llvm::StringRef Name);

/// Looks a callee name up in the model; null when it is not a DMA API entry.
const ApiEntry *lookupApi(llvm::StringRef Name);
const std::vector<ApiEntry> &allApis();

enum class Severity { Error, Warning, Note };
enum class StaticStatus { Implemented, Planned, None };

/// One row of rules/checks.def.
struct RuleInfo {
  unsigned Index;
  const char *Id;
  const char *Name;
  Severity Sev;
  StaticStatus Static;
  bool Runtime;
  /// The analyzer checker reporting it (dmacheck.<Checker>), "NONE" if none.
  const char *Checker;
  const char *Summary;
};

enum RuleId : unsigned {
#define DMA_CHECK(ID, NAME, SEV, STATIC, RUNTIME, CHECKER, SUMMARY) ID,
#include "rules/checks.def"
#undef DMA_CHECK
  NumRules
};

const RuleInfo &ruleInfo(RuleId Id);
const RuleInfo *lookupRule(llvm::StringRef Name);
const char *severityName(Severity S);
const char *staticStatusName(StaticStatus S);

/// The rule selection of this process, from --rules=glob,-glob.
/// Globs apply left to right over the rule names; the default enables every
/// rule the analyzer implements.
class RuleSelection {
public:
  RuleSelection();
  /// Returns an error message, or an empty string on success.
  std::string parse(llvm::StringRef Spec);
  bool enabled(RuleId Id) const { return Enabled[Id]; }
  /// True when a call of role R can make an enabled rule fire
  /// (rules/triggers.def).
  bool triggeredBy(Role R) const;
  /// Whether a selected rule starts from calls of names.def kind K
  /// (DMA_NAME_TRIGGER rows of rules/triggers.def).
  bool triggeredByName(NameKind K) const;
  std::string spec() const;

private:
  bool Enabled[NumRules];
};

/// The process-wide selection the checkers consult (one file per process).
RuleSelection &activeRules();

} // namespace dmacheck

#endif

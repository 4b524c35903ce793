//===- Prefilter.h - skip files that cannot use the DMA API ---------------===//
//
// A plain text scan, no preprocessing, of a .c file and of the quoted local
// headers it includes (#include "x.h", resolved against the file's directory
// and the -I/-iquote directories inside the source tree, recursively),
// outside comments and string literals. The file is worth parsing when its
// own text names a DMA API function of rules/dma_api.def whose role can make
// one of the selected rules fire (rules/triggers.def), or a project-local
// wrapper of one: a macro or function defined in the file, its local
// headers, or a header of the file's own directory or of an -I directory
// beneath it, whose body names such a function or another wrapper. A name
// that appears only in a header does not count: the analysis starts from
// the file's own functions.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_COMMON_PREFILTER_H
#define DMACHECK_COMMON_PREFILTER_H

#include "common/FlagList.h"

#include <set>
#include <string>
#include <vector>

namespace dmacheck {

/// True when File is worth parsing. File and the include directories are
/// relative to Directory (the compile command's working directory; "" = the
/// current one). Flags are the compiler flags (-I, -iquote are read). A
/// file that cannot be read is passed on (true), so the analysis reports
/// the error.
/// What a verdict was decided from, so that it can be reused while none of
/// it changed (driver/PrefilterCache.h): the files read, the paths probed
/// for a quoted include and not found, and the directories whose list of
/// headers was read. Paths are absolute.
struct PrefilterInputs {
  std::vector<std::string> Files, Absent, Listings;
};

bool prefilterFile(const std::string &File, const std::string &Directory,
                   const FlagList &Flags,
                   PrefilterInputs *Inputs = nullptr);

/// The names of the headers directly in Dir, sorted, one per line: what a
/// verdict read of a directory listing.
std::string headerListing(const std::string &Dir);

/// The include directories Flags name, as spelled: `-I dir`, `-Idir`, and
/// with Quote the `-iquote` ones too.
std::vector<std::string> includeDirs(const FlagList &Flags,
                                     bool Quote);

/// The identifiers of File and of its quoted local headers (the same files
/// as the prefilter reads), macro bodies included. The analysis keeps the
/// bodies of header functions named here (engine/HeaderBodies.h).
std::set<std::string> localIdentifiers(const std::string &File,
                                       const std::string &Directory,
                                       const FlagList &Flags);

} // namespace dmacheck

#endif

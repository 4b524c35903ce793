//===- GroupPch.h - one precompiled header per compile-flag group -*- C++
//-*-===//
//
// Most of a kernel file's parse is the ~1,000 headers it reads, and the
// files of one directory read nearly the same ones with the same flags. The
// scheduler (driver/PchGroups.h) builds one precompiled header of a group's
// common headers and every file of the group is parsed on top of it: clang
// reads the headers' declarations from it instead of parsing them again.
//
// A precompiled header is a prefix of the file, so it is used only where
// that cannot change what the file means. Its build records every macro
// name its headers test (#ifdef, #ifndef, defined(), the identifiers of
// #if); a file that defines or undefines one of them itself (`#define DEBUG`
// before its includes) is parsed without it, as is a file whose parse with
// it reports an error (a header it does not include clashes with its own
// names). pr_fmt and dev_fmt are the exception: every driver defines them
// first, and they only prefix message strings.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_GROUPPCH_H
#define DMACHECK_ENGINE_GROUPPCH_H

#include "common/Finding.h"
#include "engine/Engine.h"
#include "engine/HeaderBodies.h"

#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <string>

namespace dmacheck {

/// Builds Opts.Pch from Header (a file of #include lines) with Opts.Flags,
/// and its list of tested macros next to it (Opts.Pch + ".macros"). A
/// header that does not build is left out and the rest built again.
/// Analysed on success, else ParseError with the reason.
FileResult buildGroupPch(const std::string &Header, const EngineOptions &Opts);

/// What a PCH's build recorded beside it, read once per file parsed on it.
struct PchLists {
  std::shared_ptr<const llvm::StringSet<>> Tested; // macros its headers test
  std::shared_ptr<const BodyUses> Bodies;          // engine/HeaderBodies.h
};
PchLists loadPchLists(const std::string &Pch);

/// Why File cannot be parsed on top of the PCH, "" when it can: its own
/// text defines or undefines a macro the PCH's headers test.
std::string pchConflict(const std::string &File, const PchLists &L);

/// Watches the rest of the parse (the file's local headers) for the same:
/// Conflict is set to the first such macro.
void watchPchMacros(clang::Preprocessor &PP, const PchLists &L,
                    std::shared_ptr<std::string> Conflict);

} // namespace dmacheck

#endif

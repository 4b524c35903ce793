//===- DbCommands.h - the database subcommands' command lines --*- C++ -*-===//
//
// `dmacheck findings|diff|triage|gate|export|runs|merge ...`: llvm::cl
// subcommands (one declaration per option gives parsing and --help); the
// commands themselves are analyzer/db (C).
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_DRIVER_DBCOMMANDS_H
#define DMACHECK_DRIVER_DBCOMMANDS_H

namespace dmacheck {

/// Whether Name is one of the database subcommands.
bool isDbCommand(const char *Name);

/// Parses and runs a database subcommand (Argv[1] names it); returns the
/// exit status.
int runDbCommand(int Argc, char **Argv);

} // namespace dmacheck

#endif

//===- MappingChecker.cpp - DMA mapping lifecycle ---------------------------===//
#include "checkers/Checkers.h"
#include "checkers/Support.h"

#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"

using namespace clang;
using namespace clang::ento;

namespace {
class MappingChecker : public Checker<check::PreCall> {
public:
  void checkPreCall(const CallEvent &, CheckerContext &) const {}
};
} // namespace

void dmacheck::registerMappingChecker(CheckerManager &Mgr) {
  Mgr.registerChecker<MappingChecker>();
}

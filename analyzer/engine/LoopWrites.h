//===- LoopWrites.h - what a loop may write, an evaluator -------*- C++ -*-===//
//-*-===//
//
// For engine/LoopWidening.cpp: what one loop may write, read from its syntax
// once, and an evaluator of the few expression forms that loops' places and
// conditions are made of (variables, fields, elements, casts, arithmetic,
// comparisons) on a given program state.
//
//===----------------------------------------------------------------------===//
#ifndef DMACHECK_ENGINE_LOOPWRITES_H
#define DMACHECK_ENGINE_LOOPWRITES_H

#include "clang/AST/Expr.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SValBuilder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace dmacheck {

/// How a loop moves a variable it writes (bits).
enum Step : unsigned { StepUp = 1, StepDown = 2, StepOther = 4 };

/// What one loop (condition, increment and body) may write, from its syntax.
struct LoopWrites {
  /// Places assigned, stepped or whose address is taken.
  llvm::SmallVector<const clang::Expr *, 8> Stores;
  /// Pointers handed to calls.
  llvm::SmallVector<const clang::Expr *, 8> Given;
  /// Where each variable assigned in the loop (or declared in it) gets its
  /// value: a pointer that is dead at the loop head is found through them.
  llvm::DenseMap<const clang::VarDecl *,
                 llvm::SmallVector<const clang::Expr *, 2>>
      Sources;
  /// How the loop changes each variable it writes: a counter only stepped
  /// up (or only down) keeps its bound from before the widening.
  llvm::DenseMap<const clang::VarDecl *, unsigned> Steps;
  bool Calls = false;
  bool Unknown = false; // a write no place can be found for
};

/// What Loop (a for, while or do statement) may write.
LoopWrites loopWrites(const clang::Stmt *Loop, clang::ASTContext &Ctx);

/// Evaluates the few expression forms a loop's places and conditions are
/// made of, on a given state. Anything else is UnknownVal.
class LoopEval {
public:
  LoopEval(clang::ento::ProgramStateRef State, const clang::LocationContext *LC,
           clang::ento::SValBuilder &SVB, const LoopWrites &W)
      : State(State), LC(LC), SVB(SVB), W(W) {}

  /// E's place (an lvalue).
  clang::ento::SVal lv(const clang::Expr *E, unsigned Depth = 0) const;
  /// E's value (an rvalue).
  clang::ento::SVal rv(const clang::Expr *E, unsigned Depth = 0) const;

private:
  clang::ento::SVal cast(const clang::CastExpr *CE, unsigned Depth) const;
  clang::ento::SVal fromSources(const clang::Expr *Sub, unsigned Depth) const;
  clang::ento::SVal unary(const clang::UnaryOperator *UO, unsigned Depth) const;

  clang::ento::ProgramStateRef State;
  const clang::LocationContext *LC;
  clang::ento::SValBuilder &SVB;
  const LoopWrites &W;
};

} // namespace dmacheck

#endif

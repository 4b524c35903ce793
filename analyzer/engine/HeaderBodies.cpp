//===- HeaderBodies.cpp - only the header bodies the analysis uses ------===//
#include "engine/HeaderBodies.h"

#include "checkers/Support.h"
#include "common/Model.h"

#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace llvm;

namespace dmacheck {

namespace {

// Bodies of at most this many tokens are always parsed.
constexpr unsigned SmallBody = 16;

struct Names {
  StringSet<> Keep;     // named by the driver, directly or through macros
  StringSet<> Wrappers; // header functions whose bodies reach the API
  // An API function or a wrapper of one.
  bool reachesApi(StringRef Id) const {
    return lookupApi(Id) || Wrappers.contains(Id);
  }
};

// A macro the driver names makes the identifiers of its replacement list
// named too; those already defined as macros are followed at once, the
// others when (if) their definition comes.
class MacroFollower : public PPCallbacks {
public:
  MacroFollower(std::shared_ptr<Names> Shared, Preprocessor &PP)
      : Shared(std::move(Shared)), N(*this->Shared), PP(PP) {}

  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    if (N.Keep.contains(Name.getIdentifierInfo()->getName()))
      follow(MD->getMacroInfo());
  }

  // With a PCH, its headers' macros were defined in its build. A parse of
  // the headers names a function through them only from the point where
  // the macro that names it is defined: the first point where each name is
  // named (invalid: from the start, the driver's own names) is computed
  // over the PCH's macros, so that a body is kept where the parse without
  // it would have kept it.
  StringMap<SourceLocation> namedSince(const std::set<std::string> &Driver) {
    const SourceManager &SM = PP.getSourceManager();
    auto Later = [&](SourceLocation A, SourceLocation B) {
      if (A.isInvalid() || B.isInvalid())
        return A.isInvalid() ? B : A;
      return SM.isBeforeInTranslationUnit(A, B) ? B : A;
    };
    StringMap<SourceLocation> Since;
    std::vector<std::string> Work;
    for (const std::string &Id : Driver)
      if (Since.try_emplace(Id, SourceLocation()).second)
        Work.push_back(Id);
    while (!Work.empty()) {
      std::string Id = Work.back();
      Work.pop_back();
      IdentifierInfo *II = PP.getIdentifierInfo(Id);
      const MacroInfo *MI =
          II->hasMacroDefinition() ? PP.getMacroInfo(II) : nullptr;
      if (!MI)
        continue;
      SourceLocation T = Later(Since[Id], MI->getDefinitionLoc());
      for (const Token &Tok : MI->tokens()) {
        const IdentifierInfo *Y = Tok.getIdentifierInfo();
        if (!Y)
          continue;
        auto [It, New] = Since.try_emplace(Y->getName(), T);
        if (!New && (It->second.isInvalid() || Later(It->second, T) == T))
          continue; // named as early already
        It->second = T;
        Work.push_back(Y->getName().str());
      }
    }
    return Since;
  }

private:
  void follow(const MacroInfo *MI) {
    if (!MI)
      return;
    for (const Token &T : MI->tokens()) {
      IdentifierInfo *II = T.getIdentifierInfo();
      if (!II || !N.Keep.insert(II->getName()).second)
        continue;
      if (II->hasMacroDefinition())
        follow(PP.getMacroInfo(II));
    }
  }

  std::shared_ptr<Names> Shared;
  Names &N;
  Preprocessor &PP;
};

// What a raw read of a definition's text found.
struct BodyText {
  bool NamesApi = false;  // an API function or a wrapper
  bool Complete = false;  // the closing brace was found
  bool Directive = false; // a preprocessor directive inside the body
  unsigned Tokens = 0;
  unsigned Open = 0, Close = 0; // offsets of the body's braces
  std::string Text;             // the body's first tokens, space-separated

  // `{ return -ENODEV; }`, `{ return ERR_PTR(-ENODEV); }`: the stub a
  // header gives when a config option is off.
  bool isErrnoStub() const {
    StringRef T(Text);
    if (!T.consume_front("return "))
      return false;
    bool Ptr = T.consume_front("ERR_PTR ( ");
    if (!T.consume_front("- E"))
      return false;
    T = T.drop_while(
        [](char C) { return isUppercase(C) || isDigit(C) || C == '_'; });
    return T == (Ptr ? " ) ;" : " ;");
  }
};

class BodyFilter : public MultiplexConsumer {
public:
  BodyFilter(std::vector<std::unique_ptr<ASTConsumer>> C,
             std::shared_ptr<Names> Shared, CompilerInstance &CI)
      : MultiplexConsumer(std::move(C)), Shared(std::move(Shared)),
        N(*this->Shared), SM(CI.getSourceManager()), LO(CI.getLangOpts()),
        PP(CI.getPreprocessor()) {}

  std::shared_ptr<BodyUses> Record;        // a PCH build: classify only
  std::shared_ptr<const BodyUses> FromPch; // parsed on top of a PCH
  MacroFollower *Follower = nullptr;
  bool Dropping = false;              // reading PCH bodies in dropPchBodies()
  std::set<std::string> DriverIdents; // with FromPch

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (FromPch) {
      Dropping = true;
      dropPchBodies(Ctx);
      Dropping = false;
    }
    MultiplexConsumer::HandleTranslationUnit(Ctx);
  }

  // The PCH reader hands each function it loads with a body to the
  // consumer as a top-level declaration. Loaded here, before the analysis,
  // the analyzer would take them for the file's own top-level declarations
  // (they changed the node budgets of the file's functions while budgets
  // were set in the syntax pass, engine/FunctionPolicy.cpp).
  void HandleInterestingDecl(DeclGroupRef D) override {
    if (!Dropping)
      MultiplexConsumer::HandleInterestingDecl(D);
  }

  bool shouldSkipFunctionBody(Decl *D) override {
    std::optional<BodyUse> U = decide(D);
    if (!U)
      return false;
    if (Record) {
      if (const IdentifierInfo *II = cast<FunctionDecl>(D)->getIdentifier())
        (*Record)[II->getName()] = *U;
      return false;
    }
    return true;
  }

private:
  // Why D's body is skipped, or none: it is parsed.
  std::optional<BodyUse> decide(Decl *D) {
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD)
      return std::nullopt;
    SourceLocation L = FD->getLocation();
    if (SM.isInMainFile(SM.getExpansionLoc(L)))
      return std::nullopt;
    const IdentifierInfo *II = FD->getIdentifier();
    if (!II)
      return std::nullopt;
    StringRef Name = II->getName();
    if (N.reachesApi(Name))
      return std::nullopt;
    // A function a macro generates has no text of its own to read.
    if (L.isMacroID())
      return N.Keep.contains(Name) ? std::nullopt
                                   : std::optional(BodyUse::IfNamed);
    std::pair<FileID, unsigned> At = SM.getDecomposedLoc(L);
    bool Invalid = false;
    StringRef Buf = SM.getBufferData(At.first, &Invalid);
    if (Invalid)
      return std::nullopt; // cannot tell: keep the body
    BodyText B = read(At.first, Buf, At.second);
    // A config-off stub is an opaque call: the driver code after it is live
    // in the configs that have the option, and is judged as such.
    if (B.Complete && !B.Directive && B.isErrnoStub()) {
      if (!Record)
        jumpToClose(At.first, Buf, B);
      return BodyUse::Never;
    }
    if (N.Keep.contains(Name))
      return std::nullopt;
    if (B.NamesApi) {
      N.Wrappers.insert(Name);
      return std::nullopt;
    }
    // Accessors (skb_end_pointer(), dev_get_drvdata(), ...) are cheap to
    // parse and tie the pointers they return to their arguments; opaque,
    // each call would return a fresh pointer and split paths that are one.
    if (B.Tokens <= SmallBody)
      return std::nullopt;
    if (!Record)
      jumpToClose(At.first, Buf, B);
    return BodyUse::IfNamed;
  }

  // The PCH holds every body: those the file's own parse would have
  // skipped are dropped, following calls from the file's functions (the
  // analysis inlines nothing else). A body not reached is never read.
  void dropPchBodies(ASTContext &Ctx) {
    StringMap<SourceLocation> Since = Follower->namedSince(DriverIdents);
    auto Named = [&](const FunctionDecl *Def) {
      auto It = Since.find(Def->getName());
      return It != Since.end() &&
             (It->second.isInvalid() ||
              SM.isBeforeInTranslationUnit(It->second, Def->getLocation()));
    };
    struct Refs : RecursiveASTVisitor<Refs> {
      SmallVector<const FunctionDecl *, 32> Out;
      bool VisitDeclRefExpr(DeclRefExpr *E) {
        if (const auto *FD = dyn_cast<FunctionDecl>(E->getDecl()))
          Out.push_back(FD);
        return true;
      }
    } R;
    for (Decl *D : ownDecls(Ctx))
      R.TraverseDecl(D);
    llvm::DenseSet<const FunctionDecl *> Seen;
    while (!R.Out.empty()) {
      const FunctionDecl *Def = nullptr;
      const FunctionDecl *FD = R.Out.pop_back_val()->getCanonicalDecl();
      if (!Seen.insert(FD).second || !FD->hasBody(Def) ||
          !Def->isFromASTFile() || !Def->getIdentifier())
        continue;
      auto It = FromPch->find(Def->getName());
      if (It != FromPch->end() &&
          (It->second == BodyUse::Never || !Named(Def))) {
        const_cast<FunctionDecl *>(Def)->setBody(nullptr);
        continue;
      }
      R.TraverseStmt(Def->getBody());
    }
  }

  // Reads the definition's text from its name to the end of its body,
  // without preprocessing.
  BodyText read(FileID FID, StringRef Buf, unsigned From) {
    BodyText B;
    Lexer Raw(SM.getLocForStartOfFile(FID), LO, Buf.begin(), Buf.begin() + From,
              Buf.end());
    int Braces = 0;
    Token T;
    while (!Raw.LexFromRawLexer(T)) {
      if (T.is(tok::l_brace)) {
        if (Braces++ == 0)
          B.Open = SM.getFileOffset(T.getLocation());
      } else if (T.is(tok::r_brace)) {
        unsigned At = SM.getFileOffset(T.getLocation());
        // Braces in #if branches cannot be counted: with a directive seen,
        // the body ends at the first '}' in column 1 (kernel style).
        bool Column1 = At == 0 || Buf[At - 1] == '\n';
        --Braces;
        if (B.Directive ? Column1 : Braces <= 0) {
          B.Complete = Braces == 0 && !B.Directive;
          B.Close = At;
          return B;
        }
      } else if (T.is(tok::semi) && Braces == 0) {
        return B; // not a definition after all
      } else if (Braces > 0) {
        if (++B.Tokens <= 8) {
          if (!B.Text.empty())
            B.Text += ' ';
          B.Text += Lexer::getSpelling(T, SM, LO);
        }
        if (T.isOneOf(tok::hash, tok::hashhash))
          B.Directive = true;
        if (T.is(tok::raw_identifier) && N.reachesApi(T.getRawIdentifier())) {
          B.NamesApi = true;
          return B;
        }
      }
    }
    return B;
  }

  // The parser skips a body by lexing it, macro expansion included. When
  // the preprocessor is reading this very file right after the body's '{'
  // (no macro expansion, no lookahead) and the body holds no directive,
  // the lexer jumps to the closing '}' instead of producing tokens the
  // parser would only throw away.
  void jumpToClose(FileID FID, StringRef Buf, const BodyText &B) {
    if (!B.Complete || B.Directive)
      return;
    PreprocessorLexer *PL = PP.getCurrentLexer();
    if (!PL || PL->getFileID() != FID)
      return;
    auto *Lex = static_cast<Lexer *>(PL);
    if (Lex->getBufferLocation() != Buf.data() + B.Open + 1)
      return;
    Lex->seek(B.Close, /*IsAtStartOfLine=*/false);
  }

  std::shared_ptr<Names> Shared;
  Names &N;
  SourceManager &SM;
  const LangOptions &LO;
  Preprocessor &PP;
};

} // namespace

std::unique_ptr<ASTConsumer>
skipUnusedHeaderBodies(CompilerInstance &CI, std::unique_ptr<ASTConsumer> Inner,
                       const std::set<std::string> &DriverIdents,
                       std::shared_ptr<const BodyUses> FromPch) {
  auto N = std::make_shared<Names>();
  for (const std::string &Id : DriverIdents)
    N->Keep.insert(Id);
  CI.getFrontendOpts().SkipFunctionBodies = true;
  auto Follower = std::make_unique<MacroFollower>(N, CI.getPreprocessor());
  MacroFollower *F = Follower.get();
  CI.getPreprocessor().addPPCallbacks(std::move(Follower));
  std::vector<std::unique_ptr<ASTConsumer>> V;
  V.push_back(std::move(Inner));
  auto Filter = std::make_unique<BodyFilter>(std::move(V), N, CI);
  Filter->FromPch = std::move(FromPch);
  Filter->Follower = F;
  if (Filter->FromPch)
    Filter->DriverIdents = DriverIdents;
  return Filter;
}

std::unique_ptr<ASTConsumer>
classifyHeaderBodies(CompilerInstance &CI, std::unique_ptr<ASTConsumer> Inner,
                     std::shared_ptr<BodyUses> Out) {
  // Asked for every body (SkipFunctionBodies), it skips none.
  CI.getFrontendOpts().SkipFunctionBodies = true;
  std::vector<std::unique_ptr<ASTConsumer>> V;
  V.push_back(std::move(Inner));
  auto Filter =
      std::make_unique<BodyFilter>(std::move(V), std::make_shared<Names>(), CI);
  Filter->Record = std::move(Out);
  return Filter;
}

} // namespace dmacheck

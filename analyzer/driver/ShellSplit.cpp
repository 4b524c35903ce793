//===- ShellSplit.cpp - shell commands and lines of text fed in pieces ----===//
#include "driver/Kbuild.h"

using namespace llvm;

namespace dmacheck {

void ShellSplitter::endWord() {
  if (InWord)
    Cur.push_back(Word);
  Word.clear();
  InWord = false;
}

void ShellSplitter::endCommand() {
  endWord();
  if (!Cur.empty())
    Fn(Cur);
  Cur.clear();
}

void ShellSplitter::feed(StringRef Text) {
  for (char C : Text) {
    if (Escape) {
      Escape = false;
      if (St == Double && !StringRef("\"\\$`\n").contains(C))
        Word += '\\';  // inside "...", only these are escaped
      if (C != '\n') { // backslash-newline joins lines
        Word += C;
        InWord = true;
      }
      continue;
    }
    switch (St) {
    case Single:
      if (C == '\'')
        St = Normal;
      else
        Word += C;
      continue;
    case Double:
      if (C == '"')
        St = Normal;
      else if (C == '\\')
        Escape = true;
      else
        Word += C;
      continue;
    case Comment:
      if (C == '\n') {
        St = Normal;
        endCommand();
      }
      continue;
    case Normal:
      break;
    }
    if (C == '\'' || C == '"') {
      St = C == '"' ? Double : Single;
      InWord = true;
    } else if (C == '\\') {
      Escape = true;
    } else if (C == ' ' || C == '\t' || C == '\r') {
      endWord();
    } else if (C == '\n' || C == ';' || C == '&' || C == '|' || C == '(' ||
               C == ')') {
      endCommand();
    } else if (C == '#' && !InWord) {
      St = Comment;
    } else {
      Word += C;
      InWord = true;
    }
  }
}

void ShellSplitter::finish() {
  if (Escape && St != Comment) {
    Word += '\\'; // a backslash that ends the text is itself
    InWord = true;
  }
  Escape = false;
  St = Normal;
  endCommand();
}

void forEachShellCommand(StringRef Text,
                         function_ref<void(std::vector<std::string> &)> Fn) {
  ShellSplitter S(Fn);
  S.feed(Text);
  S.finish();
}

bool LineSplitter::feed(StringRef Text, function_ref<bool(StringRef)> Fn) {
  for (size_t NL; (NL = Text.find('\n')) != StringRef::npos;) {
    Partial.append(Text.data(), NL);
    bool Go = Fn(Partial);
    Partial.clear();
    if (!Go)
      return false;
    Text = Text.drop_front(NL + 1);
  }
  Partial.append(Text.data(), Text.size());
  return true;
}

bool LineSplitter::finish(function_ref<bool(StringRef)> Fn) {
  bool Go = Partial.empty() || Fn(Partial);
  Partial.clear();
  return Go;
}

} // namespace dmacheck

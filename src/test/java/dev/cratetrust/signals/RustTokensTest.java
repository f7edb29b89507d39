package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.signals.RustTokens.Kind;
import dev.cratetrust.signals.RustTokens.Token;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RustTokensTest {
  @Test
  void stringsCommentsAndLines() {
    List<Token> t =
        RustTokens.tokenize(
            "let a = \"x\\\n   y\"; // c\n/* a /* b */ c */ let r = r##\"q\"#\"##;\nb\"\\x41\" 'a' 'b: loop {}");
    assertThat(t)
        .filteredOn(k -> k.kind() == Kind.STRING)
        .extracting(Token::text, Token::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("xy", 1),
            org.assertj.core.groups.Tuple.tuple("q\"#", 3),
            org.assertj.core.groups.Tuple.tuple("A", 4));
    assertThat(t)
        .filteredOn(k -> k.kind() == Kind.CHAR)
        .extracting(Token::text)
        .containsExactly("a");
    assertThat(t)
        .filteredOn(k -> k.kind() == Kind.LIFETIME)
        .extracting(Token::text)
        .containsExactly("'b");
    assertThat(t).filteredOn(k -> k.isIdent("loop")).extracting(Token::line).containsExactly(4);
  }

  @Test
  void pathsAndRawIdentifiers() {
    List<Token> t = RustTokens.tokenize("std::process::Command::new(r#type)");
    assertThat(t)
        .extracting(Token::text)
        .containsExactly("std", "::", "process", "::", "Command", "::", "new", "(", "type", ")");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void unterminatedInputEndsWithWhatWasRead() {
    // an unterminated literal keeps its content up to the end of input; an unterminated comment
    // drops the rest; a stray quote or backslash is one token and lexing goes on after it
    assertThat(kinds("\"abc")).containsExactly("STRING abc");
    assertThat(kinds("r#\"abc")).containsExactly("STRING abc");
    assertThat(kinds("b\"ab")).containsExactly("STRING ab");
    assertThat(kinds("/* abc")).isEmpty();
    assertThat(kinds("/* a /* b */ c")).isEmpty();
    assertThat(kinds("'")).containsExactly("LIFETIME '");
    assertThat(kinds("r#")).containsExactly("IDENT r", "PUNCT #");
    assertThat(kinds("\\")).containsExactly("PUNCT \\");
    assertThat(kinds("'\\u{")).containsExactly("LIFETIME '", "PUNCT \\", "IDENT u", "PUNCT {");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void longUnterminatedInputsFinish() {
    int n = 100_000;
    // each of these restarts a literal or comment scan at every position in a naive lexer
    assertThat(RustTokens.tokenize("r# ".repeat(n))).hasSize(2 * n);
    assertThat(RustTokens.tokenize("'\\\n".repeat(n)))
        .hasSize(2 * n)
        .last()
        .extracting(Token::line)
        .isEqualTo(n);
    assertThat(RustTokens.tokenize("/* ".repeat(n))).isEmpty();
    assertThat(RustTokens.tokenize("\"" + "x\\\n".repeat(n)))
        .singleElement()
        .extracting(Token::kind)
        .isEqualTo(Kind.STRING);
  }

  static List<String> kinds(String src) {
    return RustTokens.tokenize(src).stream().map(t -> t.kind() + " " + t.text()).toList();
  }
}

package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.signals.RustTokens.Kind;
import dev.cratetrust.signals.RustTokens.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

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
  void unterminatedInputDoesNotLoop() {
    for (String s : List.of("\"abc", "r#\"abc", "/* abc", "'", "b'", "r#", "\\", "'\\u{")) {
      assertThat(RustTokens.tokenize(s)).isNotNull();
    }
  }
}

package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.web.DiffHighlighter.Language;
import dev.cratetrust.web.DiffHighlighter.LineKind;
import dev.cratetrust.web.DiffHighlighter.Token;
import dev.cratetrust.web.DiffHighlighter.TokenKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffHighlighterTest {
  private static final String DIFF =
      "--- repository/src/lib.rs\n"
          + "+++ crate/src/lib.rs\n"
          + "@@ -1,3 +1,3 @@\n"
          + " pub fn add(a: u64) -> u64 {\n"
          + "-    a // old\n"
          + "+    let s = \"<b>\\\"x\"; 42\n"
          + " }";

  @Test
  void linesKeepTheirKindAndExactText() {
    List<DiffHighlighter.Line> lines = DiffHighlighter.lines(DIFF, Language.RUST);
    assertThat(lines)
        .extracting(DiffHighlighter.Line::kind)
        .containsExactly(
            LineKind.FILE_HEADER,
            LineKind.FILE_HEADER,
            LineKind.HUNK,
            LineKind.CONTEXT,
            LineKind.REMOVED,
            LineKind.ADDED,
            LineKind.CONTEXT);
    assertThat(String.join("\n", lines.stream().map(DiffHighlighter.Line::text).toList()))
        .isEqualTo(DIFF);
  }

  @Test
  void rustTokensMarkKeywordsStringsCommentsAndNumbers() {
    List<Token> t = DiffHighlighter.tokens("    let s = \"<b>\\\"x\"; 42 // c", Language.RUST);
    assertThat(t)
        .contains(
            new Token(TokenKind.KEYWORD, "let"),
            new Token(TokenKind.STRING, "\"<b>\\\"x\""),
            new Token(TokenKind.NUMBER, "42"),
            new Token(TokenKind.COMMENT, "// c"));
    // identifiers containing keywords are not keywords
    assertThat(DiffHighlighter.tokens("letter fnord", Language.RUST))
        .containsExactly(new Token(TokenKind.PLAIN, "letter fnord"));
  }

  @Test
  void tomlTokensMarkKeysStringsAndComments() {
    assertThat(DiffHighlighter.tokens("serde-json = \"1.0\" # pinned", Language.TOML))
        .containsExactly(
            new Token(TokenKind.KEY, "serde-json"),
            new Token(TokenKind.PLAIN, " = "),
            new Token(TokenKind.STRING, "\"1.0\""),
            new Token(TokenKind.PLAIN, " "),
            new Token(TokenKind.COMMENT, "# pinned"));
  }

  @Test
  void anUnterminatedStringRunsToTheEndOfTheLine() {
    assertThat(DiffHighlighter.tokens("x = \"abc\\", Language.RUST))
        .last()
        .isEqualTo(new Token(TokenKind.STRING, "\"abc\\"));
  }

  @Test
  void otherFilesArePlainText() {
    assertThat(Language.of("README.md")).isEqualTo(Language.PLAIN);
    assertThat(Language.of("Cargo.toml.orig")).isEqualTo(Language.TOML);
    assertThat(DiffHighlighter.tokens("let \"x\"", Language.PLAIN))
        .containsExactly(new Token(TokenKind.PLAIN, "let \"x\""));
  }

  @Test
  void longDiffsAreCut() {
    String big = "+x\n".repeat(DiffHighlighter.MAX_LINES + 10);
    assertThat(DiffHighlighter.lines(big, Language.PLAIN)).hasSize(DiffHighlighter.MAX_LINES);
    assertThat(DiffHighlighter.lineCount(big)).isEqualTo(DiffHighlighter.MAX_LINES + 10);
  }
}

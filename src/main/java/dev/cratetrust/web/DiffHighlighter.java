package dev.cratetrust.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a unified diff into lines (added, removed, context, hunk header, file header) and each
 * code line into tokens (keyword, string, comment, number, plain) for Rust and TOML files, so the
 * page can mark them with CSS classes. The text of every token is the diff's own text, unchanged;
 * escaping is the renderer's job.
 *
 * <p>Highlighting works line by line: a block comment or string spanning lines is only marked on
 * the line where it starts. It is a reading aid, not a parser.
 */
public final class DiffHighlighter {
  /** Lines beyond this are not shown; the page says how many were left out. */
  public static final int MAX_LINES = 5_000;

  private static final Set<String> RUST_KEYWORDS =
      Set.of(
          "as",
          "async",
          "await",
          "break",
          "const",
          "continue",
          "crate",
          "dyn",
          "else",
          "enum",
          "extern",
          "false",
          "fn",
          "for",
          "if",
          "impl",
          "in",
          "let",
          "loop",
          "match",
          "mod",
          "move",
          "mut",
          "pub",
          "ref",
          "return",
          "self",
          "Self",
          "static",
          "struct",
          "super",
          "trait",
          "true",
          "type",
          "unsafe",
          "use",
          "where",
          "while");

  private static final Set<String> TOML_KEYWORDS = Set.of("true", "false");

  private DiffHighlighter() {}

  /** The kind of a diff line. */
  public enum LineKind {
    FILE_HEADER("diff-file"),
    HUNK("diff-hunk"),
    ADDED("diff-add"),
    REMOVED("diff-del"),
    CONTEXT("diff-ctx"),
    NOTE("diff-note");

    private final String cssClass;

    LineKind(String cssClass) {
      this.cssClass = cssClass;
    }

    public String cssClass() {
      return cssClass;
    }
  }

  /** The kind of a token inside a code line. */
  public enum TokenKind {
    PLAIN(""),
    KEYWORD("tok-kw"),
    STRING("tok-str"),
    COMMENT("tok-com"),
    NUMBER("tok-num"),
    KEY("tok-key");

    private final String cssClass;

    TokenKind(String cssClass) {
      this.cssClass = cssClass;
    }

    /** The CSS class, empty text for plain text. */
    public String cssClass() {
      return cssClass;
    }
  }

  public record Token(TokenKind kind, String text) {}

  /**
   * One diff line: its kind, the marker column ({@code +}, {@code -}, space or empty for headers)
   * and the tokens of the rest.
   */
  public record Line(LineKind kind, String marker, List<Token> tokens) {
    public Line {
      tokens = List.copyOf(tokens);
    }

    /** The line's text as in the diff. */
    public String text() {
      StringBuilder b = new StringBuilder(marker);
      tokens.forEach(t -> b.append(t.text()));
      return b.toString();
    }
  }

  /** The language used to highlight a file, from its name. */
  public enum Language {
    RUST,
    TOML,
    PLAIN;

    public static Language of(String path) {
      String p = path.toLowerCase(Locale.ROOT);
      if (p.endsWith(".rs")) {
        return RUST;
      }
      if (p.endsWith(".toml") || p.endsWith(".toml.orig") || p.endsWith("cargo.lock")) {
        return TOML;
      }
      return PLAIN;
    }
  }

  /** The diff's lines, at most {@link #MAX_LINES}. */
  public static List<Line> lines(String unifiedDiff, Language language) {
    List<Line> out = new ArrayList<>();
    for (String raw : unifiedDiff.split("\n", -1)) {
      if (out.size() >= MAX_LINES) {
        break;
      }
      String s = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (s.startsWith("--- ") || s.startsWith("+++ ")) {
        out.add(new Line(LineKind.FILE_HEADER, "", List.of(new Token(TokenKind.PLAIN, s))));
      } else if (s.startsWith("@@")) {
        out.add(new Line(LineKind.HUNK, "", List.of(new Token(TokenKind.PLAIN, s))));
      } else if (s.startsWith("+")) {
        out.add(new Line(LineKind.ADDED, "+", tokens(s.substring(1), language)));
      } else if (s.startsWith("-")) {
        out.add(new Line(LineKind.REMOVED, "-", tokens(s.substring(1), language)));
      } else if (s.startsWith(" ")) {
        out.add(new Line(LineKind.CONTEXT, " ", tokens(s.substring(1), language)));
      } else if (!s.isEmpty() || out.isEmpty()) {
        out.add(new Line(LineKind.NOTE, "", List.of(new Token(TokenKind.PLAIN, s))));
      }
    }
    return out;
  }

  /** How many lines the diff has (to say how many {@link #lines} left out). */
  public static int lineCount(String unifiedDiff) {
    return (int) unifiedDiff.lines().count();
  }

  /** The tokens of one line of code. */
  public static List<Token> tokens(String code, Language language) {
    if (language == Language.PLAIN) {
      return code.isEmpty() ? List.of() : List.of(new Token(TokenKind.PLAIN, code));
    }
    List<Token> out = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    int i = 0;
    int n = code.length();
    boolean toml = language == Language.TOML;
    while (i < n) {
      char c = code.charAt(i);
      int end;
      TokenKind kind;
      if ((!toml && code.startsWith("//", i)) || (toml && c == '#')) {
        end = n;
        kind = TokenKind.COMMENT;
      } else if (!toml && code.startsWith("/*", i)) {
        int close = code.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
        kind = TokenKind.COMMENT;
      } else if (c == '"' || (toml && c == '\'')) {
        end = stringEnd(code, i, c, !(toml && c == '\''));
        kind = TokenKind.STRING;
      } else if (Character.isDigit(c) && (i == 0 || !isWord(code.charAt(i - 1)))) {
        end = i + 1;
        while (end < n && (isWord(code.charAt(end)) || code.charAt(end) == '.')) {
          end++;
        }
        kind = TokenKind.NUMBER;
      } else if (isWordStart(c) && (i == 0 || !isWord(code.charAt(i - 1)))) {
        end = i + 1;
        while (end < n && (isWord(code.charAt(end)) || (toml && code.charAt(end) == '-'))) {
          end++;
        }
        String word = code.substring(i, end);
        if (toml
            && code.substring(0, i).isBlank()
            && code.substring(end).stripLeading().startsWith("=")) {
          kind = TokenKind.KEY;
        } else if ((toml ? TOML_KEYWORDS : RUST_KEYWORDS).contains(word)) {
          kind = TokenKind.KEYWORD;
        } else {
          plain.append(word);
          i = end;
          continue;
        }
      } else {
        plain.append(c);
        i++;
        continue;
      }
      if (!plain.isEmpty()) {
        out.add(new Token(TokenKind.PLAIN, plain.toString()));
        plain.setLength(0);
      }
      out.add(new Token(kind, code.substring(i, end)));
      i = end;
    }
    if (!plain.isEmpty()) {
      out.add(new Token(TokenKind.PLAIN, plain.toString()));
    }
    return out;
  }

  private static int stringEnd(String code, int start, char quote, boolean escapes) {
    int i = start + 1;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (escapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    return code.length();
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}

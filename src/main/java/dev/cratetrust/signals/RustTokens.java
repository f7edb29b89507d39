package dev.cratetrust.signals;

import java.util.ArrayList;
import java.util.List;

/**
 * A lightweight Rust lexer for static scans: identifiers, string literals (with their contents),
 * punctuation and line numbers, with comments dropped.
 *
 * <p>It does not parse Rust: macros, shadowed names and code built at compile time are seen only as
 * tokens, so a scan over these tokens can miss behaviour that is assembled indirectly.
 */
final class RustTokens {

  /** Token kinds the scanners look at. */
  enum Kind {
    IDENT,
    STRING,
    CHAR,
    NUMBER,
    LIFETIME,
    PUNCT
  }

  /** One token; for strings {@code text} is the literal's content with simple escapes decoded. */
  record Token(Kind kind, String text, int line) {
    boolean is(String s) {
      return text.equals(s) && kind != Kind.STRING;
    }

    boolean isIdent(String s) {
      return kind == Kind.IDENT && text.equals(s);
    }
  }

  private RustTokens() {}

  static List<Token> tokenize(String src) {
    List<Token> out = new ArrayList<>();
    int n = src.length();
    int i = 0;
    int line = 1;
    while (i < n) {
      char c = src.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          char d = src.charAt(i);
          if (d == '\n') {
            line++;
          }
          if (d == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
            depth++;
            i += 2;
          } else if (d == '*' && i + 1 < n && src.charAt(i + 1) == '/') {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
      } else if (rawStringStart(src, i) >= 0) {
        int p = rawStringStart(src, i);
        int hashes = 0;
        while (src.charAt(p) == '#') {
          hashes++;
          p++;
        }
        p++; // opening quote
        int startLine = line;
        int start = p;
        String close = "\"" + "#".repeat(hashes);
        int end = src.indexOf(close, p);
        if (end < 0) {
          end = n;
        }
        String body = src.substring(start, end);
        line += count(body, '\n');
        out.add(new Token(Kind.STRING, body, startLine));
        i = Math.min(n, end + close.length());
      } else if (c == '"' || ((c == 'b' || c == 'c') && i + 1 < n && src.charAt(i + 1) == '"')) {
        int p = c == '"' ? i + 1 : i + 2;
        int startLine = line;
        StringBuilder b = new StringBuilder();
        while (p < n && src.charAt(p) != '"') {
          char d = src.charAt(p);
          if (d == '\n') {
            line++;
          }
          if (d == '\\' && p + 1 < n) {
            int q = unescape(src, p, b);
            line += count(src.substring(p, q), '\n');
            p = q;
            continue;
          }
          b.append(d);
          p++;
        }
        out.add(new Token(Kind.STRING, b.toString(), startLine));
        i = Math.min(n, p + 1);
      } else if (c == '\'' || (c == 'b' && i + 1 < n && src.charAt(i + 1) == '\'')) {
        int q = c == '\'' ? i : i + 1;
        int end = charLiteralEnd(src, q);
        if (end > 0) {
          out.add(new Token(Kind.CHAR, src.substring(q + 1, end), line));
          i = end + 1;
        } else {
          int p = q + 1;
          while (p < n && isIdentPart(src.charAt(p))) {
            p++;
          }
          out.add(new Token(Kind.LIFETIME, src.substring(q, p), line));
          i = Math.max(p, q + 1);
        }
      } else if (c == 'r'
          && i + 2 < n
          && src.charAt(i + 1) == '#'
          && isIdentStart(src.charAt(i + 2))) {
        int p = i + 2;
        while (p < n && isIdentPart(src.charAt(p))) {
          p++;
        }
        out.add(new Token(Kind.IDENT, src.substring(i + 2, p), line));
        i = p;
      } else if (isIdentStart(c)) {
        int p = i;
        while (p < n && isIdentPart(src.charAt(p))) {
          p++;
        }
        out.add(new Token(Kind.IDENT, src.substring(i, p), line));
        i = p;
      } else if (c >= '0' && c <= '9') {
        int p = i;
        while (p < n && (isIdentPart(src.charAt(p)) || src.charAt(p) == '.')) {
          if (src.charAt(p) == '.' && (p + 1 >= n || !Character.isDigit(src.charAt(p + 1)))) {
            break;
          }
          p++;
        }
        out.add(new Token(Kind.NUMBER, src.substring(i, p), line));
        i = p;
      } else if (c == ':' && i + 1 < n && src.charAt(i + 1) == ':') {
        out.add(new Token(Kind.PUNCT, "::", line));
        i += 2;
      } else {
        out.add(new Token(Kind.PUNCT, String.valueOf(c), line));
        i++;
      }
    }
    return out;
  }

  /** Index of the first {@code #} or quote after a raw-string prefix at {@code i}, else -1. */
  private static int rawStringStart(String s, int i) {
    int p = i;
    if (p < s.length() && (s.charAt(p) == 'b' || s.charAt(p) == 'c')) {
      p++;
    }
    if (p >= s.length() || s.charAt(p) != 'r') {
      return -1;
    }
    if (i > 0 && isIdentPart(s.charAt(i - 1))) {
      return -1;
    }
    p++;
    int q = p;
    while (q < s.length() && s.charAt(q) == '#') {
      q++;
    }
    return q < s.length() && s.charAt(q) == '"' ? p : -1;
  }

  private static int charLiteralEnd(String s, int q) {
    int n = s.length();
    if (q + 1 >= n) {
      return -1;
    }
    if (s.charAt(q + 1) == '\\') {
      int p = q + 2;
      while (p < n && p < q + 14 && s.charAt(p) != '\'' && s.charAt(p) != '\n') {
        p++;
      }
      return p < n && s.charAt(p) == '\'' ? p : -1;
    }
    int cp = s.codePointAt(q + 1);
    int after = q + 1 + Character.charCount(cp);
    return after < n && s.charAt(after) == '\'' ? after : -1;
  }

  private static int unescape(String s, int p, StringBuilder b) {
    char e = s.charAt(p + 1);
    switch (e) {
      case 'n' -> b.append('\n');
      case 't' -> b.append('\t');
      case 'r' -> b.append('\r');
      case '0' -> b.append('\0');
      case '\\', '"', '\'' -> b.append(e);
      case '\n' -> {
        int q = p + 2;
        while (q < s.length() && Character.isWhitespace(s.charAt(q))) {
          q++;
        }
        return q;
      }
      case 'x' -> {
        if (p + 3 < s.length()) {
          try {
            b.append((char) Integer.parseInt(s.substring(p + 2, p + 4), 16));
            return p + 4;
          } catch (NumberFormatException ex) {
            b.append("\\x");
            return p + 2;
          }
        }
        b.append("\\x");
      }
      case 'u' -> {
        int close = s.indexOf('}', p);
        if (p + 2 < s.length() && s.charAt(p + 2) == '{' && close > 0 && close - p < 12) {
          try {
            b.appendCodePoint(Integer.parseInt(s.substring(p + 3, close), 16));
            return close + 1;
          } catch (IllegalArgumentException ex) {
            b.append("\\u");
            return p + 2;
          }
        }
        b.append("\\u");
      }
      default -> b.append('\\').append(e);
    }
    return p + 2;
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        k++;
      }
    }
    return k;
  }

  static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}

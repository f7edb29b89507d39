package dev.cratetrust.scan;

import dev.cratetrust.crates.InputText;

/**
 * A {@code --git-rewrite FROM=TO} rule: repository URLs starting with {@code from} are fetched from
 * {@code to} + the rest instead (mirrors, loopback test servers).
 */
public record GitRewrite(String from, String to) {
  public GitRewrite {
    if (from.isEmpty()) {
      throw new IllegalArgumentException("--git-rewrite: FROM is empty");
    }
  }

  /** Parses {@code FROM=TO}, splitting at the first {@code =}. */
  public static GitRewrite parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "--git-rewrite '" + InputText.printable(spec) + "': expected FROM=TO");
    }
    return new GitRewrite(spec.substring(0, eq), spec.substring(eq + 1));
  }

  /** {@code url} rewritten, or unchanged when it does not start with {@code from}. */
  public String apply(String url) {
    return url.startsWith(from) ? to + url.substring(from.length()) : url;
  }
}

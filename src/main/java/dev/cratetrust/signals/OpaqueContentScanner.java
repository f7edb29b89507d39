package dev.cratetrust.signals;

import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.signals.RustTokens.Kind;
import dev.cratetrust.signals.RustTokens.Token;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds content a reviewer cannot read: binary files (by content), long base64 or hex runs, large
 * high-entropy string literals and minified or generated-looking code.
 *
 * <p>Opaque content is common and usually benign (test images, lookup tables); these signals say
 * where to look, not that anything is hidden.
 */
final class OpaqueContentScanner {
  static final int MIN_BLOB = 400;
  static final int MIN_ENTROPY_LITERAL = 1024;
  static final double ENTROPY_BITS = 6.3;
  static final int MINIFIED_LINE = 2000;
  static final int MAX_SCAN_BYTES = 4 * 1024 * 1024;
  private static final Set<String> CODE_EXTENSIONS =
      Set.of(
          "rs", "js", "mjs", "ts", "c", "h", "cc", "cpp", "hpp", "py", "sh", "pl", "rb", "lua",
          "go", "java", "ps1", "bat", "s", "asm");
  private static final Set<String> SKIP = Set.of(".cargo_vcs_info.json", ".cargo-checksum.json");

  private OpaqueContentScanner() {}

  static List<Signal> scan(List<CrateFile> files) {
    Map<ContentKind, List<Evidence>> binaries = new EnumMap<>(ContentKind.class);
    Map<ContentKind, Set<String>> places = new EnumMap<>(ContentKind.class);
    List<Evidence> blobs = new ArrayList<>();
    List<Evidence> entropy = new ArrayList<>();
    List<Evidence> minified = new ArrayList<>();
    for (CrateFile f : files) {
      if (SKIP.contains(f.path())) {
        continue;
      }
      ContentKind.Detected d = ContentKind.detect(f.content());
      if (d.kind() != ContentKind.TEXT) {
        binaries
            .computeIfAbsent(d.kind(), k -> new ArrayList<>())
            .add(Evidence.ofFile(f.path(), d.format() + ", " + f.size() + " bytes"));
        places.computeIfAbsent(d.kind(), k -> new LinkedHashSet<>()).add(place(f.path()));
        continue;
      }
      if (f.size() > MAX_SCAN_BYTES) {
        continue;
      }
      String text = new String(f.content(), StandardCharsets.UTF_8);
      String ext = extension(f.path());
      blobs(f.path(), text, blobs);
      if (ext.equals("rs")) {
        entropy(f.path(), text, entropy);
      }
      if (CODE_EXTENSIONS.contains(ext)) {
        minified(f.path(), text, minified);
      }
    }
    List<Signal> out = new ArrayList<>();
    binary(out, binaries, places, ContentKind.EXECUTABLE, "binary-executable", Severity.WARNING);
    binary(out, binaries, places, ContentKind.ARCHIVE, "binary-archive", Severity.NOTICE);
    binary(out, binaries, places, ContentKind.BINARY, "binary-file", Severity.NOTICE);
    binary(out, binaries, places, ContentKind.MEDIA, "binary-media", Severity.INFO);
    opaque(
        out,
        blobs,
        "encoded-blob",
        " found in text files; encoded data cannot be reviewed as source",
        "long base64 or hex run");
    opaque(
        out,
        entropy,
        "high-entropy-literal",
        " with near-random content, such as compressed or encrypted bytes",
        "large string literal");
    opaque(
        out,
        minified,
        "minified-code",
        " with very long, dense lines that look minified or generated",
        "source file");
    return out;
  }

  /**
   * Adds a NOTICE for findings in shipped code and an INFO {@code -in-tests} signal for findings in
   * test, bench, example and fixture files, where test vectors are normal.
   */
  private static void opaque(
      List<Signal> out, List<Evidence> found, String code, String tail, String noun) {
    List<Evidence> main = found.stream().filter(e -> !testLike(e.file())).toList();
    List<Evidence> tests = found.stream().filter(e -> testLike(e.file())).toList();
    if (!main.isEmpty()) {
      out.add(new Signal(code, Severity.NOTICE, count(main.size(), noun) + tail, cap(main)));
    }
    if (!tests.isEmpty()) {
      out.add(
          new Signal(
              code + "-in-tests",
              Severity.INFO,
              count(tests.size(), noun) + " in test, bench or example files" + tail,
              cap(tests)));
    }
  }

  /** Paths under test, bench, example or fixture folders, or with such words in the name. */
  static boolean testLike(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.contains("test")
        || p.contains("bench")
        || p.contains("example")
        || p.contains("fixture")
        || p.startsWith("fuzz/")
        || p.contains("/fuzz/");
  }

  private static void binary(
      List<Signal> out,
      Map<ContentKind, List<Evidence>> found,
      Map<ContentKind, Set<String>> places,
      ContentKind kind,
      String code,
      Severity sev) {
    List<Evidence> ev = found.get(kind);
    if (ev == null) {
      return;
    }
    out.add(
        new Signal(
            code,
            sev,
            count(ev.size(), "file")
                + " of "
                + kind.description()
                + " (by content) in "
                + String.join(", ", places.get(kind)),
            cap(ev)));
  }

  /** Where a file lives, for messages: its top-level folder or "the crate root". */
  static String place(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? "the crate root" : path.substring(0, slash + 1);
  }

  private static void blobs(String path, String text, List<Evidence> out) {
    int n = text.length();
    int i = 0;
    int line = 1;
    int runStart = -1;
    int runLine = 0;
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean nonHex = false;
    for (; i <= n; i++) {
      char c = i < n ? text.charAt(i) : ' ';
      boolean b64 =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || c == '-'
              || c == '_';
      if (b64) {
        if (runStart < 0) {
          runStart = i;
          runLine = line;
          upper = lower = digit = nonHex = false;
        }
        upper |= c >= 'A' && c <= 'Z';
        lower |= c >= 'a' && c <= 'z';
        digit |= c >= '0' && c <= '9';
        nonHex |= !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
      } else {
        if (runStart >= 0
            && i - runStart >= MIN_BLOB
            && digit
            && (upper && lower || !nonHex)
            && (nonHex || hexLetter(text, runStart, i))
            && !text.substring(Math.max(0, runStart - 80), runStart).contains("data:image/")) {
          String kind = nonHex ? "base64-like" : "hex";
          out.add(
              Evidence.at(
                  path,
                  runLine,
                  kind
                      + " run of "
                      + (i - runStart)
                      + " characters: "
                      + text.substring(runStart, runStart + 40)));
        }
        runStart = -1;
        if (c == '\n') {
          line++;
        }
      }
    }
  }

  private static boolean hexLetter(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        return true;
      }
    }
    return false;
  }

  private static void entropy(String path, String text, List<Evidence> out) {
    if (!mayHoldLongLiteral(text)) {
      return;
    }
    for (Token t : RustTokens.tokenize(text)) {
      if (t.kind() != Kind.STRING || t.text().length() < MIN_ENTROPY_LITERAL) {
        continue;
      }
      double h = byteEntropy(t.text());
      if (h >= ENTROPY_BITS) {
        out.add(
            Evidence.at(
                path,
                t.line(),
                String.format(
                    Locale.ROOT, "%d characters, %.1f bits per character", t.text().length(), h)));
      }
    }
  }

  /** Cheap pre-check: some two quotes lie at least {@link #MIN_ENTROPY_LITERAL} chars apart. */
  private static boolean mayHoldLongLiteral(String text) {
    int last = -1;
    for (int i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
      if (last >= 0 && i - last >= MIN_ENTROPY_LITERAL) {
        return true;
      }
      last = i;
    }
    return false;
  }

  /** Shannon entropy of the literal's characters below 256; NaN-safe, 0 when mostly non-Latin. */
  static double byteEntropy(String s) {
    int[] counts = new int[256];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 256) {
        counts[c]++;
        n++;
      }
    }
    if (n * 10 < s.length() * 9) {
      return 0;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / n;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }

  private static void minified(String path, String text, List<Evidence> out) {
    int start = 0;
    int line = 1;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int len = end - start;
      if (len >= MINIFIED_LINE) {
        int ws = 0;
        boolean blobOnly = true;
        for (int i = start; i < end; i++) {
          char c = text.charAt(i);
          if (c == ' ' || c == '\t') {
            ws++;
          }
          if (!(Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=' || c == '"')) {
            blobOnly = false;
          }
        }
        if (!blobOnly && ws * 10 < len && !text.startsWith("//", skipBlanks(text, start))) {
          out.add(
              Evidence.at(
                  path,
                  line,
                  len + " characters, " + ws + " spaces: " + text.substring(start, start + 60)));
          return;
        }
      }
      start = end + 1;
      line++;
    }
  }

  private static int skipBlanks(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String count(int n, String noun) {
    return n == 1 ? "1 " + noun : n + " " + noun + "s";
  }

  static List<Evidence> cap(List<Evidence> ev) {
    return ev.size() <= 20 ? ev : ev.subList(0, 20);
  }
}

package dev.cratetrust.distro;

import dev.cratetrust.crates.InputText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a quilt {@code series} file (as in {@code debian/patches/series}): one patch per line,
 * relative to the series' folder, optionally followed by {@code -pN}; {@code #} starts a comment at
 * the beginning of a line or after blank space; blank lines are skipped.
 */
public final class QuiltSeries {
  /** Series files are short; anything larger is not one. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** quilt's default strip level. */
  public static final int DEFAULT_STRIP = 1;

  private QuiltSeries() {}

  /**
   * One patch of the series.
   *
   * @param name the patch's path relative to the series' folder
   * @param strip how many leading path components to drop from the file names in the patch
   * @param line the 1-based line of the series file naming it
   */
  public record Entry(String name, int strip, int line) {}

  /**
   * Parses {@code bytes}; {@code source} names the series file in messages.
   *
   * @throws PatchException the file is too large, not UTF-8 text, or a line is malformed
   */
  public static List<Entry> parse(byte[] bytes, String source) throws PatchException {
    if (bytes.length > MAX_BYTES) {
      throw new PatchException(
          "read patch series " + source + ": is larger than " + MAX_BYTES + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\0') >= 0 || text.indexOf('\uFFFD') >= 0) {
      throw new PatchException("read patch series " + source + ": is not UTF-8 text");
    }
    List<Entry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] tokens = line.split("[ \t]+");
      String name = tokens[0];
      int strip = DEFAULT_STRIP;
      for (int t = 1; t < tokens.length; t++) {
        String opt = tokens[t];
        if (opt.matches("-p[0-9]{1,2}")) {
          strip = Integer.parseInt(opt.substring(2));
        } else {
          throw new PatchException(
              "read patch series "
                  + source
                  + ": line "
                  + lineNo
                  + ": option '"
                  + InputText.printable(opt)
                  + "' is not supported (only -pN)");
        }
      }
      String problem = PatchPaths.problem(name);
      if (problem != null) {
        throw new PatchException(
            "read patch series "
                + source
                + ": line "
                + lineNo
                + ": patch name '"
                + InputText.printable(name)
                + "' "
                + problem);
      }
      if (!seen.add(name)) {
        throw new PatchException(
            "read patch series "
                + source
                + ": line "
                + lineNo
                + ": patch '"
                + InputText.printable(name)
                + "' is listed twice");
      }
      out.add(new Entry(name, strip, lineNo));
    }
    return out;
  }

  private static String stripComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}

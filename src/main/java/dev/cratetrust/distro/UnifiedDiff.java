package dev.cratetrust.distro;

import dev.cratetrust.crates.InputText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a patch in unified diff format, plain ({@code diff -u}, quilt's {@code Index:} headers) or
 * git-style ({@code diff --git} with {@code new file mode} / {@code deleted file mode}), with
 * several files, several hunks per file and {@code \ No newline at end of file} markers.
 *
 * <p>Text before, between and after file sections (descriptions, DEP-3 headers, signatures) is
 * ignored, as {@code patch} does. Lines are kept byte for byte (decoded as ISO-8859-1, so any
 * encoding round-trips), each with its line terminator. Renames, copies and binary patches are
 * rejected as unsupported.
 */
public final class UnifiedDiff {
  /** Patches larger than this are rejected without being read. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final String DEV_NULL = "/dev/null";
  private static final Pattern HUNK =
      Pattern.compile("^@@ -([0-9]{1,9})(?:,([0-9]{1,9}))? \\+([0-9]{1,9})(?:,([0-9]{1,9}))? @@");

  private UnifiedDiff() {}

  /** What a file section does to its file, read forwards. */
  public enum Kind {
    MODIFY,
    CREATE,
    DELETE
  }

  /**
   * One file's changes.
   *
   * @param path the file's path after stripping, relative to the patched folder
   * @param kind whether the patch changes, creates or deletes the file
   * @param hunks the hunks in the order of the patch
   * @param line the 1-based line of the patch where the section's {@code ---} header is
   */
  public record FilePatch(String path, Kind kind, List<Hunk> hunks, int line) {
    public FilePatch {
      hunks = List.copyOf(hunks);
    }
  }

  /**
   * One hunk: the lines before ({@code oldLines}: context and removed) and after ({@code newLines}:
   * context and added), each with its terminator unless the file ends without one.
   *
   * @param number the 1-based number of the hunk within its file section
   * @param header the {@code @@ ... @@} part of the hunk's first line
   * @param oldStart the hunk's first line in the old file (the line before it when empty)
   * @param newStart the hunk's first line in the new file (the line before it when empty)
   */
  public record Hunk(
      int number,
      String header,
      int oldStart,
      int newStart,
      List<String> oldLines,
      List<String> newLines) {
    public Hunk {
      oldLines = List.copyOf(oldLines);
      newLines = List.copyOf(newLines);
    }
  }

  /**
   * Parses {@code bytes}, dropping {@code strip} leading components from file names ({@code -pN});
   * {@code source} names the patch in messages.
   *
   * @throws PatchException the patch is too large, malformed, unsupported or names a path that
   *     leaves the folder
   */
  public static List<FilePatch> parse(byte[] bytes, int strip, String source)
      throws PatchException {
    if (bytes.length > MAX_BYTES) {
      throw new PatchException(
          "read patch " + source + ": is larger than " + MAX_BYTES + " bytes; not read");
    }
    List<String> lines = splitLines(new String(bytes, StandardCharsets.ISO_8859_1));
    List<FilePatch> out = new ArrayList<>();
    boolean gitSection = false;
    boolean gitHasContent = false;
    int gitLine = 0;
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      String bare = withoutTerminator(line);
      if (bare.startsWith("diff --git ")) {
        gitSection = true;
        gitHasContent = false;
        gitLine = i + 1;
        i++;
        continue;
      }
      if (gitSection
          && (bare.startsWith("rename from ")
              || bare.startsWith("rename to ")
              || bare.startsWith("copy from ")
              || bare.startsWith("copy to "))) {
        throw fail(source, i + 1, "renames and copies are not supported");
      }
      if (bare.equals("GIT binary patch")
          || (bare.startsWith("Binary files ") && bare.endsWith(" differ"))) {
        throw fail(source, i + 1, "binary patches are not supported");
      }
      if (bare.startsWith("--- ")
          && i + 1 < lines.size()
          && withoutTerminator(lines.get(i + 1)).startsWith("+++ ")) {
        int header = i + 1;
        String oldName = fileName(bare.substring(4), source, header);
        String newName = fileName(withoutTerminator(lines.get(i + 1)).substring(4), source, header);
        i += 2;
        List<Hunk> hunks = new ArrayList<>();
        while (i < lines.size() && lines.get(i).startsWith("@@ ")) {
          i = hunk(lines, i, hunks, source);
        }
        if (hunks.isEmpty()) {
          throw fail(source, header, "file header without any hunk");
        }
        Kind kind;
        String name;
        if (oldName.equals(DEV_NULL) && newName.equals(DEV_NULL)) {
          throw fail(source, header, "both file names are /dev/null");
        } else if (oldName.equals(DEV_NULL)) {
          kind = Kind.CREATE;
          name = newName;
        } else if (newName.equals(DEV_NULL)) {
          kind = Kind.DELETE;
          name = oldName;
        } else {
          kind = Kind.MODIFY;
          name = newName;
        }
        out.add(new FilePatch(strip(name, strip, source, header), kind, hunks, header));
        gitHasContent = true;
        continue;
      }
      if (line.startsWith("@@ ")) {
        throw fail(source, i + 1, "hunk without a '---'/'+++' file header");
      }
      if (gitSection && !gitHasContent && bare.startsWith("similarity index ")) {
        throw fail(source, gitLine, "renames and copies are not supported");
      }
      i++;
    }
    return out;
  }

  private static int hunk(List<String> lines, int start, List<Hunk> hunks, String source)
      throws PatchException {
    String head = withoutTerminator(lines.get(start));
    Matcher m = HUNK.matcher(head);
    if (!m.find()) {
      throw fail(source, start + 1, "malformed hunk header '" + InputText.printable(head) + "'");
    }
    int oldStart = Integer.parseInt(m.group(1));
    int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int newStart = Integer.parseInt(m.group(3));
    int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    int number = hunks.size() + 1;
    List<String> oldLines = new ArrayList<>();
    List<String> newLines = new ArrayList<>();
    int oldLeft = oldCount;
    int newLeft = newCount;
    char last = 0;
    int i = start + 1;
    while (true) {
      if (i < lines.size() && lines.get(i).startsWith("\\")) {
        if (last == 0) {
          throw fail(source, i + 1, "'\\ No newline' marker before any line of hunk " + number);
        }
        if (last != '+') {
          chop(oldLines);
        }
        if (last != '-') {
          chop(newLines);
        }
        last = 0;
        i++;
        continue;
      }
      if (oldLeft == 0 && newLeft == 0) {
        break;
      }
      if (i >= lines.size()) {
        throw fail(
            source,
            i,
            "hunk " + number + " ends early: the patch ends before the counts in its header");
      }
      String l = lines.get(i);
      char c = l.charAt(0);
      String content = l.substring(1);
      if (c == '\n' || (c == '\r' && l.equals("\r\n"))) {
        c = ' ';
        content = l;
      }
      switch (c) {
        case ' ' -> {
          if (oldLeft == 0 || newLeft == 0) {
            throw countMismatch(source, i + 1, number);
          }
          oldLines.add(content);
          newLines.add(content);
          oldLeft--;
          newLeft--;
        }
        case '-' -> {
          if (oldLeft == 0) {
            throw countMismatch(source, i + 1, number);
          }
          oldLines.add(content);
          oldLeft--;
        }
        case '+' -> {
          if (newLeft == 0) {
            throw countMismatch(source, i + 1, number);
          }
          newLines.add(content);
          newLeft--;
        }
        default ->
            throw fail(
                source,
                i + 1,
                "unexpected line in hunk "
                    + number
                    + " (expected ' ', '-', '+' or '\\'): '"
                    + InputText.printable(withoutTerminator(l))
                    + "'");
      }
      last = c;
      i++;
    }
    hunks.add(new Hunk(number, m.group(), oldStart, newStart, oldLines, newLines));
    return i;
  }

  private static void chop(List<String> side) {
    int n = side.size() - 1;
    String s = side.get(n);
    if (s.endsWith("\n")) {
      side.set(n, s.substring(0, s.length() - 1));
    }
  }

  private static PatchException countMismatch(String source, int line, int hunk) {
    return fail(source, line, "hunk " + hunk + " has more lines than its header counts");
  }

  private static String fileName(String raw, String source, int line) throws PatchException {
    String name;
    if (raw.startsWith("\"")) {
      name = unquote(raw, source, line);
    } else {
      int tab = raw.indexOf('\t');
      name = (tab >= 0 ? raw.substring(0, tab) : raw).stripTrailing();
    }
    if (name.isEmpty()) {
      throw fail(source, line, "empty file name");
    }
    return name;
  }

  private static String unquote(String raw, String source, int line) throws PatchException {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i >= raw.length()) {
        break;
      }
      char e = raw.charAt(i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case '"', '\\' -> b.append(e);
        default -> {
          if (e >= '0' && e <= '7' && i + 2 < raw.length()) {
            try {
              b.append((char) Integer.parseInt(raw.substring(i, i + 3), 8));
            } catch (NumberFormatException ex) {
              throw fail(source, line, "malformed quoted file name");
            }
            i += 2;
          } else {
            throw fail(source, line, "malformed quoted file name");
          }
        }
      }
    }
    throw fail(source, line, "unterminated quoted file name");
  }

  private static String strip(String name, int strip, String source, int line)
      throws PatchException {
    String rest = name;
    for (int n = 0; n < strip; n++) {
      int slash = rest.indexOf('/');
      if (slash < 0) {
        throw fail(
            source,
            line,
            "file name '"
                + InputText.printable(name)
                + "' has fewer than "
                + (strip + 1)
                + " components (-p"
                + strip
                + ")");
      }
      rest = rest.substring(slash + 1);
      while (rest.startsWith("/")) {
        rest = rest.substring(1);
      }
    }
    String problem = PatchPaths.problem(rest);
    if (problem != null) {
      throw fail(source, line, "file name '" + InputText.printable(name) + "' " + problem);
    }
    return rest;
  }

  static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl + 1;
      out.add(text.substring(from, end));
      from = end;
    }
    return out;
  }

  private static String withoutTerminator(String line) {
    String s = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static PatchException fail(String source, int line, String why) {
    return new PatchException("read patch " + source + ": line " + line + ": " + why);
  }
}

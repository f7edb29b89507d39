package dev.cratetrust.registry;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.registry.BadCrateException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the fields of tar headers (ustar, GNU base-256 numbers, PAX records) for one archive,
 * rejecting malformed ones with a {@link BadCrateException} that names the archive and entry.
 */
final class TarHeaders {
  static final int BLOCK = 512;

  private final String source;

  TarHeaders(String source) {
    this.source = source;
  }

  private BadCrateException bad(Problem p, String entry, String why) {
    return BadCrateException.of(p, source, entry, why);
  }

  void verifyChecksum(byte[] h, String name) throws BadCrateException {
    long stored;
    try {
      stored = octal(h, 148, 8);
    } catch (NumberFormatException e) {
      throw bad(Problem.BAD_HEADER_CHECKSUM, name, "has an unreadable tar header checksum");
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : h[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw bad(Problem.BAD_HEADER_CHECKSUM, name, "has a bad tar header checksum");
    }
  }

  long number(byte[] h, int off, int len, String name, String what) throws BadCrateException {
    if ((h[off] & 0x80) != 0) {
      if ((h[off] & 0x40) != 0) {
        throw bad(Problem.BAD_HEADER, name, "has a negative " + what);
      }
      long v = h[off] & 0x3f;
      for (int i = off + 1; i < off + len; i++) {
        if ((v >>> 55) != 0) {
          throw bad(Problem.BAD_HEADER, name, "has a " + what + " that does not fit 63 bits");
        }
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    try {
      return octal(h, off, len);
    } catch (NumberFormatException e) {
      throw bad(Problem.BAD_HEADER, name, "has an unreadable " + what + " field");
    }
  }

  Map<String, byte[]> parsePax(byte[] data, String name) throws BadCrateException {
    Map<String, byte[]> out = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] >= '0' && data[space] <= '9') {
        space++;
      }
      if (space == pos || space >= data.length || data[space] != ' ' || space - pos > 6) {
        throw bad(Problem.BAD_PAX_HEADER, name, "has a malformed PAX record length");
      }
      int len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      int end = pos + len;
      if (len <= space - pos + 1 || end > data.length || data[end - 1] != '\n') {
        throw bad(Problem.BAD_PAX_HEADER, name, "has a malformed PAX record");
      }
      int eq = space + 1;
      while (eq < end - 1 && data[eq] != '=') {
        eq++;
      }
      if (eq >= end - 1 || eq == space + 1) {
        throw bad(Problem.BAD_PAX_HEADER, name, "has a PAX record without 'key=value'");
      }
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(data, eq + 1, end - 1);
      if (key.startsWith("GNU.sparse.")) {
        throw bad(Problem.SPARSE, name, "is a PAX-encoded sparse file");
      }
      if (out.put(key, value) != null) {
        throw bad(
            Problem.BAD_PAX_HEADER, name, "repeats the PAX key '" + InputText.printable(key) + "'");
      }
      pos = end;
    }
    return out;
  }

  long paxNumber(byte[] value, String name) throws BadCrateException {
    String s = new String(value, StandardCharsets.US_ASCII);
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(Problem.BAD_PAX_HEADER, name, "has an unreadable PAX size");
    }
    return Long.parseLong(s);
  }

  static byte[] ustarName(byte[] h) {
    byte[] name = field(h, 0, 100);
    boolean posix =
        h[257] == 'u'
            && h[258] == 's'
            && h[259] == 't'
            && h[260] == 'a'
            && h[261] == 'r'
            && h[262] == 0;
    byte[] prefix = posix ? field(h, 345, 155) : new byte[0];
    if (prefix.length == 0) {
      return name;
    }
    byte[] out = new byte[prefix.length + 1 + name.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    out[prefix.length] = '/';
    System.arraycopy(name, 0, out, prefix.length + 1, name.length);
    return out;
  }

  static byte[] field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return Arrays.copyOfRange(h, off, end);
  }

  static byte[] trimTrailingNuls(byte[] b) {
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(b, end);
  }

  /** Parses an octal field padded with spaces or NULs; throws NumberFormatException if bad. */
  static long octal(byte[] h, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && h[i] == ' ') {
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
      v = (v << 3) + (h[i] - '0');
      digits++;
    }
    for (; i < end; i++) {
      if (h[i] != ' ' && h[i] != 0) {
        throw new NumberFormatException("not octal");
      }
    }
    if (digits == 0) {
      throw new NumberFormatException("empty");
    }
    return v;
  }

  static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  static String lossy(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}

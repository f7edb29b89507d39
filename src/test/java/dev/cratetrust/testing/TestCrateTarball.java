package dev.cratetrust.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Reads and writes {@code .crate} archives byte for byte the way cargo's {@code tar} crate writes
 * them, so tests can make tampered variants that look as if cargo had produced them.
 *
 * <p>Cargo writes GNU headers with mtime 1153704088 and mode 0644 (0755 for executables); files it
 * generates ({@code Cargo.toml}, {@code Cargo.lock}, {@code .cargo_vcs_info.json}) have empty
 * uid/gid fields, files copied from disk have {@code 0000000}; paths longer than 100 bytes get a
 * {@code ././@LongLink} entry; the archive ends with two zero blocks. The tar stream of an
 * unchanged round trip equals cargo's; the gzip layer does not (JDK deflate, not miniz), which does
 * not change the archive's contents.
 */
public final class TestCrateTarball {
  /** The mtime cargo gives every entry (2006-07-24T01:21:28Z). */
  public static final long CARGO_MTIME = 1153704088L;

  private static final int BLOCK = 512;
  private static final byte[] LONG_LINK = "././@LongLink".getBytes(StandardCharsets.US_ASCII);

  private TestCrateTarball() {}

  /** One regular file of an archive with the header details cargo varies. */
  public record Entry(String path, byte[] data, int mode, boolean generated) {
    /** A file as cargo copies it from disk, mode 0644. */
    public static Entry file(String path, byte[] data) {
      return new Entry(path, data, 0644, false);
    }
  }

  /** The regular-file entries of a gzip'd tar, in archive order (no validation beyond framing). */
  public static List<Entry> read(byte[] crate) {
    byte[] tar;
    try (var in = new GZIPInputStream(new ByteArrayInputStream(crate))) {
      tar = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("read test crate: not gzip", e);
    }
    List<Entry> out = new ArrayList<>();
    String longName = null;
    int pos = 0;
    while (pos + BLOCK <= tar.length) {
      if (isZero(tar, pos)) {
        break;
      }
      String name = cString(tar, pos, 100);
      int mode = (int) octal(tar, pos + 100, 8);
      long size = octal(tar, pos + 124, 12);
      char type = (char) tar[pos + 156];
      boolean generated = tar[pos + 108] == 0;
      int dataStart = pos + BLOCK;
      byte[] data = java.util.Arrays.copyOfRange(tar, dataStart, dataStart + (int) size);
      pos = dataStart + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
      if (type == 'L') {
        longName = cString(data, 0, data.length);
        continue;
      }
      if (type == '0' || type == 0) {
        out.add(new Entry(longName != null ? longName : name, data, mode & 07777, generated));
      }
      longName = null;
    }
    return out;
  }

  /** Path to contents of every regular file, in archive order. */
  public static Map<String, byte[]> entries(byte[] crate) {
    Map<String, byte[]> map = new LinkedHashMap<>();
    for (Entry e : read(crate)) {
      map.put(e.path(), e.data());
    }
    return map;
  }

  /** Writes entries sorted by path, as cargo does, as a gzip'd GNU tar. */
  public static byte[] write(List<Entry> entries, String gzipFileName) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::path));
    var tar = new ByteArrayOutputStream();
    for (Entry e : sorted) {
      byte[] name = e.path().getBytes(StandardCharsets.UTF_8);
      if (name.length > 100) {
        byte[] longName = new byte[name.length + 1];
        System.arraycopy(name, 0, longName, 0, name.length);
        tar.writeBytes(header(LONG_LINK, 0644, true, longName.length, 0, 'L', false));
        writeData(tar, longName);
      }
      tar.writeBytes(
          header(name, e.mode(), !e.generated(), e.data().length, CARGO_MTIME, '0', true));
      writeData(tar, e.data());
    }
    tar.writeBytes(new byte[2 * BLOCK]);
    return gzip(tar.toByteArray(), gzipFileName);
  }

  private static byte[] header(
      byte[] name, int mode, boolean ids, long size, long mtime, char type, boolean devFields) {
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
    putOctal(h, 100, 8, mode);
    if (ids) {
      putOctal(h, 108, 8, 0);
      putOctal(h, 116, 8, 0);
    }
    putOctal(h, 124, 12, size);
    putOctal(h, 136, 12, mtime);
    h[156] = (byte) type;
    byte[] magic = "ustar  \0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 257, magic.length);
    if (ids && devFields) {
      putOctal(h, 329, 8, 0);
      putOctal(h, 337, 8, 0);
    }
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    putOctal(h, 148, 8, sum);
    return h;
  }

  private static void putOctal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
    byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, len - 1);
    h[off + len - 1] = 0;
  }

  private static void writeData(ByteArrayOutputStream tar, byte[] data) {
    tar.writeBytes(data);
    int pad = (BLOCK - data.length % BLOCK) % BLOCK;
    tar.writeBytes(new byte[pad]);
  }

  private static byte[] gzip(byte[] data, String fileName) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x08, 0, 0, 0, 0, 2, (byte) 0xff});
    out.writeBytes(fileName.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
    } finally {
      deflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    writeIntLe(out, (int) crc.getValue());
    writeIntLe(out, data.length);
    return out.toByteArray();
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /** The uncompressed tar stream, for byte-level comparisons. */
  public static byte[] gunzip(byte[] crate) {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(crate))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("read test crate: not gzip", e);
    }
  }

  private static boolean isZero(byte[] b, int off) {
    for (int i = off; i < off + BLOCK; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if (c == 0 || c == ' ') {
        if (v > 0 || c == 0) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IllegalArgumentException("read test crate: bad octal field at offset " + off);
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }
}

package dev.cratetrust.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds {@code .crate} archives byte by byte, including hostile ones (any tar type flag, raw name
 * bytes, broken checksums, lying PAX sizes, extra gzip members), for tests of archive readers.
 *
 * <p>Paths are written exactly as given: nothing is prefixed with the package folder. Use {@link
 * #crate(String, String)} for a valid starting point.
 */
public final class MaliciousArchiveBuilder {
  private final ByteArrayOutputStream tar = new ByteArrayOutputStream();
  private int lastHeaderOffset = -1;
  private boolean endMarker = true;

  public static MaliciousArchiveBuilder empty() {
    return new MaliciousArchiveBuilder();
  }

  /** A valid crate {@code name-version/} with a {@code Cargo.toml} and {@code src/lib.rs}. */
  public static MaliciousArchiveBuilder crate(String name, String version) {
    String dir = name + "-" + version + "/";
    return empty()
        .directory(dir)
        .file(
            dir + "Cargo.toml",
            "[package]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n")
        .file(dir + "src/lib.rs", "pub fn f() {}\n");
  }

  public MaliciousArchiveBuilder file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public MaliciousArchiveBuilder file(String path, byte[] content, int mode) {
    return entry('0', path.getBytes(StandardCharsets.UTF_8), content, mode);
  }

  public MaliciousArchiveBuilder directory(String path) {
    return entry('5', path.getBytes(StandardCharsets.UTF_8), new byte[0], 0755);
  }

  /** Any entry: {@code type} is the raw tar type flag, {@code name} at most 100 raw bytes. */
  public MaliciousArchiveBuilder entry(char type, byte[] name, byte[] data, int mode) {
    return entry(type, name, data, data.length, mode);
  }

  /** An entry whose header size may differ from the data written. */
  public MaliciousArchiveBuilder entry(
      char type, byte[] name, byte[] data, long headerSize, int mode) {
    if (name.length > 100) {
      throw new IllegalArgumentException("use gnuLongName or pax for names over 100 bytes");
    }
    lastHeaderOffset = tar.size();
    tar.writeBytes(header(name, type, headerSize, mode));
    writeData(data);
    return this;
  }

  /** A link entry ({@code type} '1' or '2') with a target. */
  public MaliciousArchiveBuilder link(char type, String name, String target) {
    byte[] h = header(name.getBytes(StandardCharsets.UTF_8), type, 0, 0777);
    byte[] t = target.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(t, 0, h, 157, Math.min(100, t.length));
    checksum(h);
    lastHeaderOffset = tar.size();
    tar.writeBytes(h);
    return this;
  }

  /** A GNU 'L' header carrying {@code name} (raw bytes, NUL added), then a regular file. */
  public MaliciousArchiveBuilder gnuLongName(byte[] name, byte[] content) {
    byte[] data = Arrays.copyOf(name, name.length + 1);
    entry('L', "././@LongLink".getBytes(StandardCharsets.US_ASCII), data, 0644);
    return entry('0', Arrays.copyOf(name, Math.min(100, name.length)), content, 0644);
  }

  /** A PAX 'x' header with {@code records}, then a regular file named {@code ustarName}. */
  public MaliciousArchiveBuilder pax(
      Map<String, String> records, String ustarName, byte[] content) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    records.forEach((k, v) -> body.writeBytes(paxRecord(k, v)));
    entry('x', "PaxHeaders/x".getBytes(StandardCharsets.US_ASCII), body.toByteArray(), 0644);
    return entry('0', ustarName.getBytes(StandardCharsets.UTF_8), content, 0644);
  }

  /** Raw bytes appended to the tar stream (no header). */
  public MaliciousArchiveBuilder raw(byte[] bytes) {
    tar.writeBytes(bytes);
    return this;
  }

  /** Flips a byte of the last header's checksum field. */
  public MaliciousArchiveBuilder corruptLastChecksum() {
    byte[] all = tar.toByteArray();
    all[lastHeaderOffset + 150] = (byte) (all[lastHeaderOffset + 150] == '1' ? '2' : '1');
    tar.reset();
    tar.writeBytes(all);
    return this;
  }

  public MaliciousArchiveBuilder withoutEndMarker() {
    endMarker = false;
    return this;
  }

  public byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tar.toByteArray());
    if (endMarker) {
      out.writeBytes(new byte[1024]);
    }
    return out.toByteArray();
  }

  /** The tar, gzip-compressed as one member. */
  public byte[] build() {
    return gzip(tar());
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private void writeData(byte[] data) {
    tar.writeBytes(data);
    int pad = (512 - data.length % 512) % 512;
    tar.writeBytes(new byte[pad]);
  }

  private static byte[] paxRecord(String key, String value) {
    byte[] kv = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    int len = kv.length + 1;
    while (Integer.toString(len).length() + kv.length != len) {
      len++;
    }
    return (len + new String(kv, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  /** A ustar header with a valid checksum. */
  public static byte[] header(byte[] name, char type, long size, int mode) {
    byte[] h = new byte[512];
    System.arraycopy(name, 0, h, 0, name.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 1153704088L);
    h[156] = (byte) type;
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    checksum(h);
    return h;
  }

  private static void checksum(byte[] h) {
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String s = String.format("%06o", sum);
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
  }

  private static void octal(byte[] h, int off, int len, long v) {
    String s = String.format("%0" + (len - 1) + "o", v);
    if (s.length() > len - 1) {
      throw new IllegalArgumentException("value too large for octal field: " + v);
    }
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    h[off + len - 1] = 0;
  }
}

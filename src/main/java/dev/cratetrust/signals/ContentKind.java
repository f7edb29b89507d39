package dev.cratetrust.signals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a file's bytes are, judged by content (magic numbers, NUL bytes, UTF-8 validity) rather than
 * by its name.
 *
 * <p>A file judged text may still carry encoded data, and a recognised magic number does not prove
 * the rest of the file has that format.
 */
public enum ContentKind {
  TEXT("text"),
  EXECUTABLE("executable or object code"),
  ARCHIVE("compressed or archive data"),
  MEDIA("image, font or media"),
  BINARY("binary data of unrecognised format");

  private static final int SAMPLE = 64 * 1024;
  private final String description;

  ContentKind(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The kind and, for binaries, the recognised format name ("ELF", "xz", ...). */
  public record Detected(ContentKind kind, String format) {}

  public static Detected detect(byte[] b) {
    if (looksText(b)) {
      return new Detected(TEXT, "text");
    }
    String exe = magic(b, EXECUTABLES);
    if (exe != null) {
      return new Detected(EXECUTABLE, exe);
    }
    if (startsWith(b, 0, "MZ")) {
      return new Detected(EXECUTABLE, "PE (Windows)");
    }
    String arc = magic(b, ARCHIVES);
    if (arc != null) {
      return new Detected(ARCHIVE, arc);
    }
    if (startsWith(b, 257, "ustar")) {
      return new Detected(ARCHIVE, "tar");
    }
    String media = magic(b, MEDIA_MAGIC);
    return media != null ? new Detected(MEDIA, media) : new Detected(BINARY, "unknown");
  }

  /** True when the sample has no NUL byte and at most 1% invalid UTF-8 sequences. */
  static boolean looksText(byte[] b) {
    int n = Math.min(b.length, SAMPLE);
    int invalid = 0;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c == 0) {
        return false;
      }
      int len =
          c < 0x80
              ? 1
              : c >= 0xc2 && c < 0xe0
                  ? 2
                  : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
      if (len == 0) {
        invalid++;
        i++;
        continue;
      }
      boolean ok = true;
      for (int k = 1; k < len; k++) {
        if (i + k >= n) {
          break;
        }
        if ((b[i + k] & 0xc0) != 0x80) {
          ok = false;
          break;
        }
      }
      if (!ok) {
        invalid++;
        i++;
      } else {
        i += len;
      }
    }
    return invalid * 100 <= n;
  }

  private record Magic(String name, int offset, byte[] bytes) {}

  private static Magic m(String name, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new Magic(name, 0, b);
  }

  private static Magic s(String name, String ascii) {
    return new Magic(name, 0, ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static final Magic[] EXECUTABLES = {
    m("ELF", 0x7f, 'E', 'L', 'F'),
    m("Mach-O", 0xfe, 0xed, 0xfa, 0xce),
    m("Mach-O", 0xfe, 0xed, 0xfa, 0xcf),
    m("Mach-O", 0xce, 0xfa, 0xed, 0xfe),
    m("Mach-O", 0xcf, 0xfa, 0xed, 0xfe),
    m("Mach-O universal or Java class", 0xca, 0xfe, 0xba, 0xbe),
    m("WebAssembly", 0x00, 'a', 's', 'm'),
    s("static library", "!<arch>\n"),
    m("LLVM bitcode", 'B', 'C', 0xc0, 0xde),
    m("COFF object (x86-64)", 0x64, 0x86),
    m("COFF object (x86)", 0x4c, 0x01),
    m("COFF object (ARM64)", 0x64, 0xaa),
  };
  private static final Magic[] ARCHIVES = {
    m("gzip", 0x1f, 0x8b),
    m("xz", 0xfd, '7', 'z', 'X', 'Z', 0x00),
    m("bzip2", 'B', 'Z', 'h'),
    m("zip", 'P', 'K', 0x03, 0x04),
    m("7z", '7', 'z', 0xbc, 0xaf, 0x27, 0x1c),
    m("zstd", 0x28, 0xb5, 0x2f, 0xfd),
    m("lz4", 0x04, 0x22, 0x4d, 0x18),
    s("rar", "Rar!"),
    m("lzma", 0x5d, 0x00, 0x00),
  };
  private static final Magic[] MEDIA_MAGIC = {
    m("PNG", 0x89, 'P', 'N', 'G'),
    m("JPEG", 0xff, 0xd8, 0xff),
    s("GIF", "GIF8"),
    m("ICO", 0x00, 0x00, 0x01, 0x00),
    s("PDF", "%PDF"),
    m("TrueType font", 0x00, 0x01, 0x00, 0x00),
    s("OpenType font", "OTTO"),
    s("WOFF font", "wOFF"),
    s("WOFF2 font", "wOF2"),
    s("RIFF media", "RIFF"),
    s("Ogg", "OggS"),
    s("FLAC", "fLaC"),
    s("MP3", "ID3"),
    s("TIFF", "II*\0"),
    s("TIFF", "MM\0*"),
    s("BMP", "BM"),
    s("SQLite database", "SQLite format 3"),
  };

  private static String magic(byte[] b, Magic[] table) {
    for (Magic mg : table) {
      if (mg.bytes.length > 1
          && b.length >= mg.offset + mg.bytes.length
          && Arrays.equals(
              b, mg.offset, mg.offset + mg.bytes.length, mg.bytes, 0, mg.bytes.length)) {
        return mg.name;
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] b, int off, String ascii) {
    byte[] a = ascii.getBytes(StandardCharsets.ISO_8859_1);
    return b.length >= off + a.length && Arrays.equals(b, off, off + a.length, a, 0, a.length);
  }
}

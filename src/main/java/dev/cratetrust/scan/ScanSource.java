package dev.cratetrust.scan;

import java.nio.file.Path;

/**
 * Where the crate to verify comes from: the registry (downloaded by name and version) or a folder
 * of a {@code cargo vendor} tree.
 */
public sealed interface ScanSource {
  /** The text stored in the queue and in results. */
  String encode();

  /** Download the {@code .crate} from the configured registry. */
  record Registry() implements ScanSource {
    @Override
    public String encode() {
      return "registry";
    }
  }

  /** Read the unpacked crate from {@code dir} (absolute). */
  record Vendored(Path dir) implements ScanSource {
    public Vendored {
      dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String encode() {
      return "vendor:" + dir;
    }
  }

  /** Reverses {@link #encode()}. */
  static ScanSource decode(String s) {
    if (s.equals("registry")) {
      return new Registry();
    }
    if (s.startsWith("vendor:")) {
      return new Vendored(Path.of(s.substring("vendor:".length())));
    }
    throw new IllegalArgumentException("unknown scan source '" + s + "'");
  }
}

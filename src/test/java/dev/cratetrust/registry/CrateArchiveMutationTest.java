package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random corruption of valid archives: every outcome must be a read or a {@link
 * BadCrateException}, never another exception, a hang or a read of more than the limits allow.
 */
class CrateArchiveMutationTest {
  private static final ArchiveLimits LIMITS =
      ArchiveLimits.defaults().withMaxUnpackedBytes(1 << 20).withMaxEntries(64);

  private static byte[] sample() {
    return MaliciousArchiveBuilder.crate("foo", "1.0.0")
        .gnuLongName(
            ("foo-1.0.0/" + "l".repeat(150)).getBytes(StandardCharsets.UTF_8), new byte[700])
        .pax(Map.of("path", "foo-1.0.0/p/" + "q".repeat(120)), "foo-1.0.0/p", new byte[10])
        .file("foo-1.0.0/bin.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
        .tar();
  }

  @Test
  void corruptedTarBytesGiveReadOrBadCrate() {
    byte[] tar = sample();
    Random random = new Random(42);
    Set<BadCrateException.Problem> seen = EnumSet.noneOf(BadCrateException.Problem.class);
    int read = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] m = tar.clone();
      int flips = 1 + random.nextInt(4);
      for (int i = 0; i < flips; i++) {
        int pos = random.nextInt(Math.min(m.length, 4096));
        m[pos] = (byte) random.nextInt(256);
      }
      if (random.nextInt(10) == 0) {
        m = java.util.Arrays.copyOf(m, random.nextInt(m.length));
      }
      try {
        CrateContents c =
            CrateArchiveReader.read(
                MaliciousArchiveBuilder.gzip(m), "m.crate", Optional.empty(), LIMITS);
        assertThat(c.totalBytes()).isLessThanOrEqualTo(LIMITS.maxUnpackedBytes());
        read++;
      } catch (BadCrateException e) {
        seen.add(e.problem());
        assertThat(e.getMessage()).startsWith("read crate m.crate: ");
      }
    }
    assertThat(seen).contains(BadCrateException.Problem.BAD_HEADER_CHECKSUM);
    assertThat(seen.size()).isGreaterThan(3);
    assertThat(read).isGreaterThan(0);
  }

  @Test
  void corruptedGzipBytesGiveReadOrBadCrate() {
    byte[] gz = MaliciousArchiveBuilder.gzip(sample());
    Random random = new Random(7);
    for (int round = 0; round < 2000; round++) {
      byte[] m = gz.clone();
      int pos = random.nextInt(m.length);
      m[pos] = (byte) (m[pos] ^ (1 + random.nextInt(255)));
      try {
        CrateArchiveReader.read(m, "g.crate", Optional.empty(), LIMITS);
      } catch (BadCrateException e) {
        assertThat(e.getMessage()).startsWith("read crate g.crate: ");
      }
    }
  }
}

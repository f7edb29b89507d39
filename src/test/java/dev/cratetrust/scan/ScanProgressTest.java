package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScanProgressTest {
  @Test
  void plainLinesAreRateLimitedAndShowRateEtaAndCurrentCrate() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
    StringWriter out = new StringWriter();
    ScanProgress p =
        new ScanProgress.Lines("scan", new PrintWriter(out), clock, Duration.ofSeconds(10));
    p.total(100, 10);
    p.started(PackageId.of("serde", "1.0.0"));
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(1));
      p.verified(PackageId.of("serde", "1.0.0"));
    }
    p.started(PackageId.of("rand", "0.8.5"));
    p.failedRetryable(PackageId.of("rand", "0.8.5"), "reset");
    p.finish();
    p.close();
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0])
        .isEqualTo(
            "scan: 20/100 done, 0 retrying, 0 failed, 1.0 crates/s, ETA 1m20s, current serde@1.0.0");
    assertThat(lines[1]).startsWith("scan: 30/100 done").contains("ETA 1m10s");
    assertThat(lines[2])
        .isEqualTo(
            "scan: 30/100 done, 1 retrying, 0 failed, 1.0 crates/s, ETA 1m10s, current rand@0.8.5");
  }

  @Test
  void terminalBarShowsCountsUnitCurrentCrateAndFailures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScanProgress p =
        new ScanProgress.Bar("scan", new PrintStream(bytes, true, StandardCharsets.UTF_8), 200);
    p.total(4, 1);
    p.started(PackageId.of("serde", "1.0.0"));
    p.verified(PackageId.of("serde", "1.0.0"));
    p.started(PackageId.of("rand", "0.8.5"));
    p.deadLettered(PackageId.of("rand", "0.8.5"), "gone");
    p.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    String last = out.substring(out.lastIndexOf('\r') + 1).strip();
    assertThat(last)
        .startsWith("scan")
        .contains("3/4")
        .contains("crates/s rand@0.8.5")
        .contains("(0 retrying, 1 failed)");
  }
}

package dev.cratetrust.registry;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RegistryHttp} whose waits advance a manual clock instead of sleeping. */
final class TestHttp {
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final RegistryHttp http;

  TestHttp() {
    this(Duration.ofSeconds(5), 3);
  }

  TestHttp(Duration requestTimeout, int attempts) {
    http =
        new RegistryHttp(
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(),
            requestTimeout,
            attempts,
            Duration.ofSeconds(120),
            Duration.ofMillis(500),
            d -> {
              sleeps.add(d);
              clock.advance(d);
            },
            clock);
  }

  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

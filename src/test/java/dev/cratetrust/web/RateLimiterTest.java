package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(10), clock);

  @Test
  void aBurstIsAllowedThenOneRequestPerRefill() {
    assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
    assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
    RateLimiter.Decision refused = limiter.take("a");
    assertThat(refused).isEqualTo(new RateLimiter.Decision.Refused(Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(4));
    assertThat(limiter.take("a"))
        .isEqualTo(new RateLimiter.Decision.Refused(Duration.ofSeconds(6)));
    clock.advance(Duration.ofSeconds(6));
    assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
    assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Refused.class);
  }

  @Test
  void addressesHaveTheirOwnBuckets() {
    limiter.take("a");
    limiter.take("a");
    assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Refused.class);
    assertThat(limiter.take("b")).isInstanceOf(RateLimiter.Decision.Allowed.class);
  }

  @Test
  void aBucketNeverHoldsMoreThanItsCapacity() {
    clock.advance(Duration.ofDays(1));
    limiter.take("a");
    limiter.take("a");
    assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Refused.class);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new RateLimiter(0, Duration.ofSeconds(1), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
    assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refill");
  }
}

package dev.cratetrust.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client key (the client's address): {@code capacity} requests at once, then one
 * more every {@code refill}. Time comes from the injected clock.
 *
 * <p>It limits what one address can ask for; many addresses (or clients behind one proxy sharing an
 * address) are not told apart.
 */
public final class RateLimiter {
  /** Buckets kept before full (idle) ones are dropped. */
  static final int MAX_TRACKED = 10_000;

  private final int capacity;
  private final Duration refill;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private record Bucket(double tokens, Instant at) {}

  /** What the limiter decided: allowed, or refused with how long to wait. */
  public sealed interface Decision {
    record Allowed() implements Decision {}

    record Refused(Duration retryAfter) implements Decision {}
  }

  public RateLimiter(int capacity, Duration refill, Clock clock) {
    if (capacity < 1 || refill.isNegative() || refill.isZero()) {
      throw new IllegalArgumentException(
          "rate limit needs a capacity of at least 1 and a positive refill interval");
    }
    this.capacity = capacity;
    this.refill = refill;
    this.clock = clock;
  }

  /** Takes one token for {@code key} if one is left. */
  public Decision take(String key) {
    Instant now = clock.instant();
    if (buckets.size() > MAX_TRACKED) {
      buckets.entrySet().removeIf(e -> tokens(e.getValue(), now) >= capacity);
    }
    Decision[] out = new Decision[1];
    buckets.compute(
        key,
        (k, b) -> {
          double t = b == null ? capacity : tokens(b, now);
          if (t >= 1) {
            out[0] = new Decision.Allowed();
            return new Bucket(t - 1, now);
          }
          long waitMillis = (long) Math.ceil((1 - t) * refill.toMillis());
          out[0] = new Decision.Refused(Duration.ofMillis(Math.max(waitMillis, 1)));
          return new Bucket(t, now);
        });
    return out[0];
  }

  private double tokens(Bucket b, Instant now) {
    long elapsed = Math.max(0, Duration.between(b.at(), now).toMillis());
    return Math.min(capacity, b.tokens() + (double) elapsed / refill.toMillis());
  }
}

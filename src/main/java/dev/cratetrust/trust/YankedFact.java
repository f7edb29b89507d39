package dev.cratetrust.trust;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the registry index marks a locked version as yanked, when that was last read, and from
 * where.
 *
 * <p>A yank is the publisher's statement that a version should not be newly depended on; not being
 * yanked says nothing about the code.
 *
 * @param checkedAt when the index was read; empty when unknown
 * @param origin the index URL it was read from, {@code store} for a recorded answer, or empty
 * @param problem why the state is unknown when the index could not be read
 */
public record YankedFact(
    State state, Optional<Instant> checkedAt, Optional<String> origin, Optional<String> problem) {

  /** What the index says. */
  public enum State {
    YANKED("yanked"),
    NOT_YANKED("not-yanked"),
    UNKNOWN("unknown");

    private final String code;

    State(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public static YankedFact unknown() {
    return new YankedFact(State.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Unknown because the index could not be read or does not list the version. */
  public static YankedFact unknown(String problem) {
    return new YankedFact(State.UNKNOWN, Optional.empty(), Optional.empty(), Optional.of(problem));
  }

  /** A state read from {@code origin} at {@code checkedAt}. */
  public static YankedFact of(boolean yanked, Instant checkedAt, String origin) {
    return new YankedFact(
        yanked ? State.YANKED : State.NOT_YANKED,
        Optional.of(checkedAt),
        Optional.of(origin),
        Optional.empty());
  }
}

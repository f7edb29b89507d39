package dev.cratetrust.store;

import java.util.Locale;

/** Where a scan job is in its life: waiting, held by a worker, finished, or given up on. */
public enum JobState {
  /** Waiting to be claimed (possibly not before a backoff time). */
  QUEUED,
  /** Claimed by a worker whose lease has not necessarily expired. */
  RUNNING,
  /** Verified; the result is in {@code verification_result}. */
  DONE,
  /** Failed too often; {@code last_error} says why. Never retried automatically. */
  DEAD;

  String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  static JobState ofColumn(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}

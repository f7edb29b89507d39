package dev.cratetrust.registry;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import java.util.Optional;

/**
 * A crate archive or directory is malformed, hostile or over a limit; {@link #problem()} says which
 * rule it broke and {@link #entry()} names the offending entry when there is one.
 */
public final class BadCrateException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** Why a crate was rejected. */
  public enum Problem {
    NOT_GZIP,
    CORRUPT_GZIP,
    TRUNCATED,
    TRAILING_DATA,
    COMPRESSED_TOO_LARGE,
    UNPACKED_TOO_LARGE,
    TOO_MANY_ENTRIES,
    BAD_HEADER_CHECKSUM,
    BAD_HEADER,
    BAD_PAX_HEADER,
    PAX_SIZE_MISMATCH,
    PATH_TOO_LONG,
    COMPONENT_TOO_LONG,
    NON_UTF8_PATH,
    CONTROL_CHARACTER,
    BACKSLASH,
    ABSOLUTE_PATH,
    DRIVE_PREFIX,
    EMPTY_COMPONENT,
    DOT_COMPONENT,
    PARENT_COMPONENT,
    OUTSIDE_PACKAGE,
    BAD_PACKAGE_FOLDER,
    EMPTY_ARCHIVE,
    SYMLINK,
    HARDLINK,
    DEVICE,
    FIFO,
    SPARSE,
    GNU_LONG_LINK,
    PAX_GLOBAL_HEADER,
    UNKNOWN_ENTRY_TYPE,
    DUPLICATE_ENTRY,
    CASE_COLLISION,
    UNICODE_COLLISION,
    FILE_AND_DIRECTORY,
    NO_MANIFEST,
    MULTIPLE_MANIFESTS,
    MISCASED_MANIFEST,
    BAD_MANIFEST,
    CHECKSUM_MISMATCH,
    SYMLINK_OUTSIDE,
    SPECIAL_FILE,
    NOT_A_DIRECTORY,
    BAD_CHECKSUM_FILE
  }

  private final Problem problem;
  private final String entry;

  public BadCrateException(Problem problem, String message, String entry) {
    super(message);
    this.problem = problem;
    this.entry = entry;
  }

  public BadCrateException(Problem problem, String message, String entry, Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.entry = entry;
  }

  /** Builds {@code read crate SOURCE: entry 'ENTRY' WHY} (or without the entry part). */
  static BadCrateException of(Problem problem, String source, String entry, String why) {
    String msg =
        "read crate "
            + InputText.printable(source)
            + ": "
            + (entry == null ? "" : "entry '" + InputText.printable(entry) + "' ")
            + why;
    return new BadCrateException(problem, msg, entry);
  }

  public Problem problem() {
    return problem;
  }

  /** The archive entry or file the problem is about, as read (untrusted text). */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }
}

package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/** Reads a duration option: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return positive(value, Duration.parse(value.strip()));
      }
      if (v.endsWith("ms")) {
        return positive(value, Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
      }
      if (!v.isEmpty()) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        switch (v.charAt(v.length() - 1)) {
          case 's' -> {
            return positive(value, Duration.ofSeconds(n));
          }
          case 'm' -> {
            return positive(value, Duration.ofMinutes(n));
          }
          case 'h' -> {
            return positive(value, Duration.ofHours(n));
          }
          case 'd' -> {
            return positive(value, Duration.ofDays(n));
          }
          default -> {}
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // falls through to the usage error
    }
    throw new CommandLine.TypeConversionException(
        "'"
            + InputText.printable(value)
            + "' is not a duration: write a number with ms, s, m, h or d (30s, 5m) or ISO-8601");
  }

  private static Duration positive(String value, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.TypeConversionException(
          "'" + InputText.printable(value) + "' is not a positive duration");
    }
    return d;
  }
}

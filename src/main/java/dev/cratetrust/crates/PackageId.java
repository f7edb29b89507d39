package dev.cratetrust.crates;

/** One published crate version: a name and a version, written {@code name@version}. */
public record PackageId(CrateName name, CrateVersion version) implements Comparable<PackageId> {

  /** Parses {@code name@version}; throws {@link IllegalArgumentException} naming the problem. */
  public static PackageId parse(String spec) {
    int at = spec == null ? -1 : spec.lastIndexOf('@');
    if (at <= 0 || at == spec.length() - 1) {
      throw new IllegalArgumentException(
          "invalid crate version '" + InputText.printable(spec) + "': expected NAME@VERSION");
    }
    return new PackageId(
        CrateName.of(spec.substring(0, at)), CrateVersion.of(spec.substring(at + 1)));
  }

  public static PackageId of(String name, String version) {
    return new PackageId(CrateName.of(name), CrateVersion.of(version));
  }

  /** The folder name cargo uses inside a {@code .crate}: {@code name-version}. */
  public String dirName() {
    return name.value() + "-" + version.value();
  }

  @Override
  public int compareTo(PackageId o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : version.compareTo(o.version);
  }

  @Override
  public String toString() {
    return name + "@" + version;
  }
}

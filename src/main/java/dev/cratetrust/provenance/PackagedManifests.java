package dev.cratetrust.provenance;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The crate's two manifests, the normalized {@code Cargo.toml} and the author's {@code
 * Cargo.toml.orig}, as read, with the reason each one that is present could not be read.
 *
 * <p>A manifest that cannot be read cannot be checked, so it is reported ({@link
 * Reason#MANIFEST_UNREADABLE}), never skipped: cargo writes the normalized file itself and must
 * read both to build the crate, so a file this parser rejects either is not what cargo wrote or is
 * read differently by cargo.
 *
 * @param problems one message per manifest present but unreadable, naming the file and why
 */
record PackagedManifests(
    Optional<CargoManifest> normalized,
    Optional<CargoManifest> orig,
    boolean hasOrig,
    List<String> problems) {

  static final String NORMALIZED = "Cargo.toml";
  static final String ORIG = "Cargo.toml.orig";

  PackagedManifests {
    problems = List.copyOf(problems);
  }

  static PackagedManifests read(CrateContents crate) {
    List<String> problems = new ArrayList<>();
    Optional<CargoManifest> normalized = parse(crate.file(NORMALIZED), NORMALIZED, problems);
    Optional<CargoManifest> orig = parse(crate.file(ORIG), ORIG, problems);
    return new PackagedManifests(normalized, orig, crate.file(ORIG).isPresent(), problems);
  }

  /**
   * Parses a manifest; when unreadable, adds a message naming {@code label} and why ({@code label
   * is larger than ... bytes}, {@code ... is not valid TOML at line N: ...}).
   */
  static Optional<CargoManifest> parse(byte[] bytes, String label, List<String> problems) {
    try {
      return Optional.of(CargoManifest.parse(bytes));
    } catch (CargoManifest.InvalidManifestException e) {
      String why = e.getMessage();
      if (why.startsWith("Cargo.toml ")) {
        why = why.substring("Cargo.toml ".length());
      }
      problems.add(label + " " + InputText.printable(why));
      return Optional.empty();
    }
  }

  private static Optional<CargoManifest> parse(
      Optional<CrateFile> file, String label, List<String> problems) {
    return file.isEmpty() ? Optional.empty() : parse(file.get().content(), label, problems);
  }
}

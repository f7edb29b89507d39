package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.CrateDirectoryReader;
import dev.cratetrust.registry.DirectoryLimits;
import java.io.IOException;
import java.nio.file.Path;

/** Reads an unpacked crate directory for the signals and diff commands. */
final class CrateDirLoader {
  private CrateDirLoader() {}

  static CrateContents load(Path dir) throws BadInputException, UnavailableException {
    try {
      return CrateDirectoryReader.read(dir, DirectoryLimits.defaults()).contents();
    } catch (IOException e) {
      throw new UnavailableException(
          "read crate directory " + InputText.printable(dir.toString()) + ": " + e, e);
    }
  }
}

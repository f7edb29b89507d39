package dev.cratetrust.advisory;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.TrustInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads every advisory of a RustSec advisory-db checkout ({@code crates/<crate>/RUSTSEC-*.md} and
 * {@code rust/<component>/*.md}, the toolchain collection); a broken file becomes a {@link
 * SourceProblem}.
 *
 * <p>Symbolic links are not followed and files over {@link AdvisoryParser#MAX_BYTES} are skipped.
 */
public final class AdvisoryDatabaseReader {
  private AdvisoryDatabaseReader() {}

  public static AdvisoryImport read(Path root, String location, Optional<String> revision)
      throws AdvisorySourceException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new AdvisorySourceException(
          "read advisory database " + InputText.printable(location) + ": not a directory");
    }
    List<AdvisoryImport.Entry> entries = new ArrayList<>();
    List<SourceProblem> problems = new ArrayList<>();
    boolean any = false;
    for (String top : List.of("crates", "rust")) {
      Path dir = root.resolve(top);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      any = true;
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir, 2)) {
        files =
            s.filter(p -> p.getFileName().toString().endsWith(".md"))
                .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new AdvisorySourceException(
            "read advisory database " + InputText.printable(location) + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          problems.add(new SourceProblem(rel, "not a regular file (symbolic link?), skipped"));
          continue;
        }
        try {
          if (Files.size(f) > AdvisoryParser.MAX_BYTES) {
            problems.add(
                new SourceProblem(
                    rel, "larger than " + AdvisoryParser.MAX_BYTES + " bytes, skipped"));
            continue;
          }
          String text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
                  .toString();
          Advisory a = AdvisoryParser.parse(rel, text);
          String expectedDir = f.getParent().getFileName().toString();
          if (top.equals("crates") && !expectedDir.equals(a.crate().value())) {
            problems.add(
                new SourceProblem(
                    rel,
                    "package '"
                        + InputText.printable(a.crate().value())
                        + "' does not match its folder, skipped"));
            continue;
          }
          entries.add(
              new AdvisoryImport.Entry(rel, text, a, AdvisoryImport.Collection.ofFolder(top)));
        } catch (CharacterCodingException e) {
          problems.add(new SourceProblem(rel, "not valid UTF-8, skipped"));
        } catch (TrustInputException e) {
          problems.add(new SourceProblem(rel, e.getMessage()));
        } catch (IOException e) {
          throw new AdvisorySourceException(
              "read advisory " + InputText.printable(rel) + ": " + e.getMessage(), e);
        }
      }
    }
    if (!any) {
      throw new AdvisorySourceException(
          "read advisory database "
              + InputText.printable(location)
              + ": no crates/ or rust/ folder, not an advisory-db checkout");
    }
    return new AdvisoryImport(location, revision, entries, problems);
  }
}

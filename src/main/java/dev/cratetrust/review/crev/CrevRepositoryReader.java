package dev.cratetrust.review.crev;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.trust.CrevProof;
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
import java.util.stream.Stream;

/**
 * Reads every {@code *.crev} file of a crev proof repository checkout (symbolic links not
 * followed); unreadable files and rejected proofs become problems.
 */
public final class CrevRepositoryReader {
  public static final int MAX_FILES = 100_000;

  /** The verified proofs and the problems of one repository. */
  public record Result(List<CrevProof> proofs, List<SourceProblem> problems) {
    public Result {
      proofs = List.copyOf(proofs);
      problems = List.copyOf(problems);
    }
  }

  private CrevRepositoryReader() {}

  public static Result read(Path root, String location) throws TrustInputException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new TrustInputException(
          "read crev proofs " + InputText.printable(location) + ": not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root, 8)) {
      files =
          s.filter(p -> !p.toString().contains("/.git/"))
              .filter(p -> p.getFileName().toString().endsWith(".crev"))
              .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .sorted()
              .limit(MAX_FILES + 1L)
              .toList();
    } catch (IOException e) {
      throw new TrustInputException(
          "read crev proofs " + InputText.printable(location) + ": " + e.getMessage(), e);
    }
    if (files.size() > MAX_FILES) {
      throw new TrustInputException(
          "read crev proofs "
              + InputText.printable(location)
              + ": more than "
              + MAX_FILES
              + " files");
    }
    List<CrevProof> proofs = new ArrayList<>();
    List<SourceProblem> problems = new ArrayList<>();
    for (Path f : files) {
      String rel = root.relativize(f).toString();
      try {
        if (Files.size(f) > CrevProofReader.MAX_FILE_BYTES) {
          problems.add(
              new SourceProblem(
                  rel, "larger than " + CrevProofReader.MAX_FILE_BYTES + " bytes, skipped"));
          continue;
        }
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
                .toString();
        CrevProofReader.Result r = CrevProofReader.read(rel, text);
        proofs.addAll(r.proofs());
        problems.addAll(r.problems());
      } catch (CharacterCodingException e) {
        problems.add(new SourceProblem(rel, "not valid UTF-8, skipped"));
      } catch (IOException e) {
        problems.add(new SourceProblem(rel, "cannot read: " + e.getMessage()));
      }
    }
    return new Result(proofs, problems);
  }
}

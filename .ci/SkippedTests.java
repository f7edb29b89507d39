import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Counts the skipped tests in Surefire's XML reports and fails when one is not on the allow-list.
 *
 * <p>Usage: {@code java .ci/SkippedTests.java REPORTS_DIR ALLOW_LIST}. The allow-list has one
 * {@code Class#method} (simple class name) per line; {@code #} starts a comment. Exit 0 when every
 * skipped test is allowed, 1 otherwise, 2 when there are no reports to read. Its last line is the
 * plain count {@code surefire: N passed, N failed, N skipped}.
 */
public class SkippedTests {
  public static void main(String[] args) throws Exception {
    Path reports = Path.of(args[0]);
    Set<String> allowed = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      String entry = line.replaceFirst("#.*", "").strip();
      if (!entry.isEmpty()) {
        allowed.add(entry);
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(reports)) {
      files = s.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
    } catch (IOException e) {
      files = List.of();
    }
    if (files.isEmpty()) {
      System.err.println("skipped-tests: no Surefire reports in " + reports);
      System.exit(2);
    }
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    int tests = 0;
    int failed = 0;
    List<String> unexpected = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Path f : files) {
      NodeList cases = factory.newDocumentBuilder().parse(f.toFile()).getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element c = (Element) cases.item(i);
        tests++;
        if (c.getElementsByTagName("failure").getLength() > 0
            || c.getElementsByTagName("error").getLength() > 0) {
          failed++;
        }
        NodeList skipped = c.getElementsByTagName("skipped");
        if (skipped.getLength() == 0) {
          continue;
        }
        String cls = c.getAttribute("classname").replaceFirst(".*\\.", "");
        String id = cls + "#" + c.getAttribute("name").replaceFirst("\\(.*", "");
        String why = ((Element) skipped.item(0)).getAttribute("message");
        String line = id + ": " + (why.isEmpty() ? "(no reason given)" : why);
        (allowed.contains(id) || allowed.contains(cls) ? expected : unexpected).add(line);
      }
    }
    System.out.printf(
        "skipped-tests: %d of %d tests skipped, %d allowed by %s%n",
        expected.size() + unexpected.size(), tests, expected.size(), args[1]);
    expected.forEach(l -> System.out.println("  skipped (allowed): " + l));
    unexpected.forEach(l -> System.out.println("  SKIPPED, CI is expected to run it: " + l));
    int skippedCount = expected.size() + unexpected.size();
    System.out.printf(
        "surefire: %d passed, %d failed, %d skipped%n",
        tests - failed - skippedCount, failed, skippedCount);
    System.exit(unexpected.isEmpty() ? 0 : 1);
  }
}

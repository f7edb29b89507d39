package dev.cratetrust.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a test main class in a separate JVM with the test class path, output to a file. */
public final class JavaProcess {
  private JavaProcess() {}

  public static Process start(
      Class<?> main, Map<String, String> properties, List<String> args, Path log)
      throws IOException {
    return start("256m", main, properties, args, log);
  }

  /** As above with the given maximum heap ({@code -Xmx}). */
  public static Process start(
      String maxHeap, Class<?> main, Map<String, String> properties, List<String> args, Path log)
      throws IOException {
    return new ProcessBuilder(command(maxHeap, main, properties, args))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** The command line {@link #start} runs, for a caller that redirects the streams itself. */
  public static List<String> command(
      String maxHeap, Class<?> main, Map<String, String> properties, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + maxHeap);
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    return cmd;
  }
}

package dev.cratetrust.signals;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.diff.CrateDiffer;
import dev.cratetrust.testing.SignalFixtures;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signals for a typical crate (60 source files, a build script, some test data) and the diff of two
 * versions of a 1,200-file crate; run with {@code scripts/signals-benchmark.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignalsBenchmark {
  private final CrateSignals signals = new CrateSignals(Clock.systemUTC());
  private final CrateDiffer differ = new CrateDiffer(signals);
  private CrateContents typical;
  private CrateContents typicalPrevious;
  private CrateContents largeOld;
  private CrateContents largeNew;

  @Setup
  public void setUp() {
    typicalPrevious = crate("typical", "1.0.0", 60, 250, 0, 1);
    typical = crate("typical", "1.1.0", 60, 250, 3, 2);
    largeOld = crate("large", "2.0.0", 1200, 120, 0, 3);
    largeNew = crate("large", "2.1.0", 1200, 120, 60, 4);
  }

  /** A crate of {@code files} Rust files; {@code changed} of them differ by seed. */
  static CrateContents crate(
      String name, String version, int files, int lines, int changed, long seed) {
    SignalFixtures.Builder b =
        SignalFixtures.rustcVersionProbe()
            .manifest("[dependencies]\nserde = \"1\"\nlog = \"0.4\"\n");
    Random r = new Random(1);
    for (int i = 0; i < files; i++) {
      StringBuilder src = new StringBuilder("//! Module ").append(i).append('\n');
      for (int l = 0; l < lines; l++) {
        src.append("pub fn f")
            .append(l)
            .append("(x: u64) -> u64 { x.wrapping_mul(")
            .append(r.nextInt(1000))
            .append(") + \"literal\".len() as u64 }\n");
      }
      if (i < changed) {
        src.append("pub fn changed_").append(seed).append("() {}\n");
      }
      b.file("src/m" + i + ".rs", src.toString());
    }
    byte[] data = new byte[8192];
    new Random(seed).nextBytes(data);
    b.file("tests/data/blob.bin", data);
    return SignalFixtures.crateRenamed(b, name, version);
  }

  @Benchmark
  public Object signalsTypicalCrate() {
    return signals.signals(SignalInput.of(typical));
  }

  @Benchmark
  public Object signalsTypicalCrateWithPrevious() {
    return signals.signals(SignalInput.of(typical).withPrevious(typicalPrevious));
  }

  @Benchmark
  public Object diffLargeCrate() {
    return differ.diff(largeOld, largeNew);
  }
}

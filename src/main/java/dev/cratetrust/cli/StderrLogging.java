package dev.cratetrust.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * Logback's configuration, set in code instead of {@code logback.xml} because parsing XML costs a
 * short command about 0.3 s of start-up: warnings and errors to standard error, the root level from
 * {@code CRATETRUST_LOG_LEVEL} (default {@code WARN}), JGit, HikariCP and Flyway never below {@code
 * WARN}.
 *
 * <p>A configuration file named by {@code -Dlogback.configurationFile=FILE} (for instance through
 * {@code CRATETRUST_JAVA_OPTS}) replaces this one.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StderrLogging extends ContextAwareBase implements Configurator {
  static final String LEVEL_VARIABLE = "CRATETRUST_LOG_LEVEL";
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
  static final List<String> QUIET_LIBRARIES =
      List.of("org.eclipse.jgit", "com.zaxxer.hikari", "org.flywaydb");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context, System.getenv(LEVEL_VARIABLE));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Configures {@code context}; {@code level} is the variable's value (null or unknown: WARN). */
  static void apply(LoggerContext context, String level) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level == null ? null : level.strip(), Level.WARN));
    root.addAppender(stderr);
    for (String library : QUIET_LIBRARIES) {
      context.getLogger(library).setLevel(Level.WARN);
    }
  }
}

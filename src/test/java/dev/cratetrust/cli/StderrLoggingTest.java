package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StderrLoggingTest {

  @Test
  void theProcessWideLoggingIsConfiguredByThisClassNotByLogbacksDefaults() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
    assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getTarget())
        .isEqualTo("System.err");
    assertThat(root.getAppender("console")).isNull();
    assertThat(context.getLogger("org.eclipse.jgit.transport").getEffectiveLevel())
        .isEqualTo(Level.WARN);
  }

  @Test
  void defaultLevelIsWarnAndLibrariesStayAtWarnWhenTheRootIsLouder() {
    LoggerContext quiet = fresh(null);
    assertThat(quiet.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    assertThat(quiet.getLogger("dev.cratetrust.scan").isInfoEnabled()).isFalse();

    LoggerContext loud = fresh(" debug ");
    assertThat(loud.getLogger("dev.cratetrust.scan").isDebugEnabled()).isTrue();
    for (String library : StderrLogging.QUIET_LIBRARIES) {
      assertThat(loud.getLogger(library + ".x").isInfoEnabled()).as(library).isFalse();
      assertThat(loud.getLogger(library + ".x").isWarnEnabled()).as(library).isTrue();
    }
  }

  @Test
  void unknownLevelFallsBackToWarn() {
    assertThat(fresh("loud").getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aConfigurationFileNamedByTheUserTakesOver() {
    String before = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/nonexistent/logback.xml");
    try {
      LoggerContext context = new LoggerContext();
      StderrLogging configurator = new StderrLogging();
      configurator.setContext(context);
      assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }

  private static LoggerContext fresh(String level) {
    LoggerContext context = new LoggerContext();
    StderrLogging.apply(context, level);
    return context;
  }
}

package dev.cratetrust.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The fallback server the PostgreSQL tests use on a machine without one. */
class EmbeddedPostgresTest {
  @Test
  void startsMigratesAndStopsWithoutAMachineServer() throws Exception {
    String base;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      base = pg.base();
      assertThat(base).doesNotContain(":5432/");
      assertThat(ScratchPostgres.answers(base)).isTrue();
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + base);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT current_user, version()")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("postgres");
        assertThat(r.getString(2)).startsWith("PostgreSQL 14.");
      }
      // the project's migrations apply to it, as they do to the machine's server
      Database.open("postgresql://" + base).close();
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + base);
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
        r.next();
        assertThat(r.getInt(1)).isGreaterThan(5);
      }
    }
    assertThat(ScratchPostgres.answers(base)).as("stopped at close").isFalse();
  }
}

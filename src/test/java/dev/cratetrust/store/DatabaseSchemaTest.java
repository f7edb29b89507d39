package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.store.Database.SchemaHistory;
import dev.cratetrust.store.Database.SchemaHistory.Migration;
import dev.cratetrust.testing.ScratchPostgres;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast path that skips Flyway when the store's schema history is already current. */
class DatabaseSchemaTest {
  @TempDir Path tmp;

  private static final ClassLoader APP = Database.class.getClassLoader();

  @Test
  void freshStoreIsMigratedThenRecognisedAsCurrentWithFlywaysChecksums() throws Exception {
    Path store = tmp.resolve("store");
    try (Database db = Database.open(store.toString())) {
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isTrue();
      Set<Migration> applied;
      try (Connection c = db.connection()) {
        applied = SchemaHistory.applied(c).orElseThrow();
      }
      assertThat(applied).isEqualTo(SchemaHistory.onClasspath(APP).orElseThrow());
      assertThat(applied).extracting(Migration::version).contains("1");
    }
    try (Database again = Database.open(store.toString())) {
      assertThat(new VerificationResults(again).count()).isZero();
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("store.mv.db");
    }
  }

  @Test
  void postgresqlStoreIsRecognisedAsCurrentAfterMigration() throws Exception {
    try (ScratchPostgres pg = ScratchPostgres.create();
        Database db = Database.open(pg.spec())) {
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isTrue();
      try (Database again = Database.open(pg.spec())) {
        assertThat(new VerificationResults(again).count()).isZero();
      }
    }
  }

  @Test
  void aMigrationNumberedBelowTheNewestAppliedOneIsStillApplied() throws Exception {
    Path store = tmp.resolve("store");
    try (Database db = Database.open(store.toString());
        Connection c = db.connection();
        Statement st = c.createStatement()) {
      // A store made before V3 existed: it has V21 but not V3.
      st.execute("drop index scan_job_queue_order");
      st.execute("delete from flyway_schema_history where version = '3'");
    }
    try (Database db = Database.open(store.toString());
        Connection c = db.connection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select count(*) from information_schema.indexes"
                    + " where lower(index_name) = 'scan_job_queue_order'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isTrue();
    }
  }

  @Test
  void claimingTheNextQueuedJobWalksTheQueueIndexInsteadOfSorting() throws Exception {
    try (Database db = Database.open("mem:claim-plan-" + System.nanoTime());
        Connection c = db.connection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "explain SELECT repository FROM scan_job WHERE state = 'queued' AND run_after <="
                    + " CURRENT_TIMESTAMP ORDER BY state, priority, id LIMIT 32")) {
      rs.next();
      String plan = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
      assertThat(plan).contains("scan_job_queue_order").contains("index sorted");
    }
  }

  @Test
  void emptyDatabaseWithoutHistoryIsNotCurrent() throws Exception {
    try (Database db = Database.open("mem:schema-" + System.nanoTime())) {
      try (Connection c = db.connection();
          Statement st = c.createStatement()) {
        st.execute("drop table flyway_schema_history");
      }
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isFalse();
    }
  }

  @Test
  void editedMigrationIsNotCurrentAndFullValidationRejectsIt() throws Exception {
    Path store = tmp.resolve("store");
    try (Database db = Database.open(store.toString());
        Connection c = db.connection();
        Statement st = c.createStatement()) {
      st.execute("update flyway_schema_history set checksum = checksum + 1 where version = '1'");
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isFalse();
    }
    assertThatThrownBy(() -> Database.open(store.toString()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("migrate embedded store " + store.toAbsolutePath())
        .hasMessageContaining("checksum");
  }

  @Test
  void failedMigrationInHistoryIsNotCurrent() throws Exception {
    try (Database db = Database.open("mem:schema-" + System.nanoTime());
        Connection c = db.connection();
        Statement st = c.createStatement()) {
      st.execute("update flyway_schema_history set success = false where version = '1'");
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isFalse();
    }
  }

  @Test
  void pendingMigrationOnTheClasspathIsNotCurrent() throws Exception {
    Path extra = tmp.resolve("extra");
    Files.createDirectories(extra.resolve(Database.MIGRATIONS));
    Files.writeString(
        extra.resolve(Database.MIGRATIONS).resolve("V999__later.sql"),
        "create table later(x int);");
    try (Database db = Database.open("mem:schema-" + System.nanoTime());
        URLClassLoader loader = new URLClassLoader(new URL[] {extra.toUri().toURL()}, APP)) {
      assertThat(SchemaHistory.onClasspath(loader).orElseThrow())
          .extracting(Migration::version)
          .contains("1", "999");
      assertThat(SchemaHistory.isCurrent(db.dataSource(), loader)).isFalse();
      assertThat(SchemaHistory.isCurrent(db.dataSource(), APP)).isTrue();
    }
  }

  @Test
  void scriptsInAJarAreListedWithTheirChecksums() throws Exception {
    Path jar = tmp.resolve("m.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("db/"));
      j.putNextEntry(new JarEntry("db/migration/"));
      j.putNextEntry(new JarEntry("db/migration/V2_1__two.sql"));
      j.write("select 2;\r\n".getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(SchemaHistory.onClasspath(loader))
          .contains(
              Set.of(
                  new Migration(
                      "2.1", "V2_1__two.sql", SchemaHistory.checksum(stream("select 2;")))));
    }
  }

  @Test
  void unknownKindOfScriptMakesTheClasspathUnknown() throws Exception {
    Path extra = tmp.resolve("extra");
    Files.createDirectories(extra.resolve(Database.MIGRATIONS));
    Files.writeString(extra.resolve(Database.MIGRATIONS).resolve("R__view.sql"), "select 1;");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {extra.toUri().toURL()}, null)) {
      assertThat(SchemaHistory.onClasspath(loader)).isEqualTo(Optional.empty());
    }
  }

  @Test
  void checksumIgnoresLineEndingsAndByteOrderMarkButNotContent() throws Exception {
    int plain = SchemaHistory.checksum(stream("a;\nb;\n"));
    assertThat(SchemaHistory.checksum(stream("a;\r\nb;\r\n"))).isEqualTo(plain);
    assertThat(SchemaHistory.checksum(stream("\uFEFFa;\nb;"))).isEqualTo(plain);
    assertThat(SchemaHistory.checksum(stream("a;\nc;\n"))).isNotEqualTo(plain);
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.ampsync.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the command-line tests need from outside the JVM: a database server, a packaged jar. A test
 * whose need is not met is skipped with the reason, or fails when {@code AMPSYNC_REQUIRE_SERVERS=1}
 * (as the JDBC module's tests do), so a full build cannot pass by skipping them.
 */
final class TestServers {
  static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";

  private TestServers() {}

  /**
   * Skips the calling test when a database does not answer, or fails it under {@code
   * AMPSYNC_REQUIRE_SERVERS=1}.
   *
   * @param url its JDBC URL
   * @param user the user
   */
  static void assumeAnswers(String url, String user) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    // milliseconds for MariaDB, seconds for PostgreSQL
    properties.setProperty("connectTimeout", url.startsWith("jdbc:mariadb:") ? "5000" : "5");
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      connection.isValid(5);
    } catch (SQLException | RuntimeException e) {
      skipOrFail(url + " does not answer (" + e.getMessage() + ")");
    }
  }

  /**
   * Skips the calling test, or fails it under {@code AMPSYNC_REQUIRE_SERVERS=1}.
   *
   * @param why what is missing
   */
  static void skipOrFail(String why) {
    if ("1".equals(System.getenv("AMPSYNC_REQUIRE_SERVERS"))) {
      Assertions.fail(why + "; AMPSYNC_REQUIRE_SERVERS=1 requires it");
    }
    Assumptions.abort(why + "; skipped (set AMPSYNC_REQUIRE_SERVERS=1 to fail instead)");
  }
}

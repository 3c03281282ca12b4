package dev.ampsync.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URL shapes whose passwords {@link Connector#redactUrl} removes, whatever the passwords hold. */
class ConnectorRedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # url                                                                  | redacted                                                                  | secret part
      jdbc:postgresql://h/db?user=u&password=s3cr;tail                        | jdbc:postgresql://h/db?user=u&password=<redacted>                          | tail
      jdbc:postgresql://h/db?password=s3cr;tail&ssl=true                      | jdbc:postgresql://h/db?password=<redacted>&ssl=true                        | tail
      jdbc:postgresql://h/db?password=a&b@c&ssl=true                          | jdbc:postgresql://h/db?password=<redacted>&ssl=true                        | b@c
      jdbc:postgresql://h/db?password=p%26w%3Bd&ssl=true                      | jdbc:postgresql://h/db?password=<redacted>&ssl=true                        | p%26w
      jdbc:mysql://h/db?PWD=s3cr                                              | jdbc:mysql://h/db?PWD=<redacted>                                           | s3cr
      jdbc:postgresql://h/db?sslpassword=k3y&sslmode=verify-full              | jdbc:postgresql://h/db?sslpassword=<redacted>&sslmode=verify-full          | k3y
      jdbc:sqlserver://h:1433;user=u;password=s3;cr&x;databaseName=db         | jdbc:sqlserver://h:1433;user=u;password=<redacted>;databaseName=db         | cr&x
      jdbc:sqlserver://h:1433;password={s3;c}}r};databaseName=db              | jdbc:sqlserver://h:1433;password=<redacted>;databaseName=db                | c}}r
      jdbc:h2:mem:t;USER=sa;PASSWORD=s3cr;MODE=PostgreSQL                     | jdbc:h2:mem:t;USER=sa;PASSWORD=<redacted>;MODE=PostgreSQL                  | s3cr
      jdbc:mariadb://h/db?password='it''s;me'&ssl=true                        | jdbc:mariadb://h/db?password=<redacted>&ssl=true                           | s;me
      jdbc:mariadb://h/db?password="q&uo\\"te"&ssl=true                        | jdbc:mariadb://h/db?password=<redacted>&ssl=true                           | uo\\"te
      jdbc:postgresql://u:p@ss;w@h:5432/db                                    | jdbc:postgresql://u:<redacted>@h:5432/db                                   | ss;w
      jdbc:postgresql://u:p%40ss@h/db?password=x                              | jdbc:postgresql://u:<redacted>@h/db?password=<redacted>                    | p%40ss
      jdbc:oracle:thin:scott/ti@ger@//h:1521/svc                              | jdbc:oracle:thin:scott/<redacted>@//h:1521/svc                             | ger
      jdbc:snowflake://a.snowflakecomputing.com/?token=abc&db=d               | jdbc:snowflake://a.snowflakecomputing.com/?token=<redacted>&db=d           | abc
      cannot read jdbc:x:y?password=s3cr (query: select 1)                    | cannot read jdbc:x:y?password=<redacted> (query: select 1)                 | s3cr
      jdbc:postgresql://h:5432/db?user=u                                      | jdbc:postgresql://h:5432/db?user=u                                         | ~
      """)
  void redactUrl_removesThePassword_andKeepsTheRest(String url, String redacted, String secretPart) {
    String clean = Connector.redactUrl(url);
    assertThat(clean).isEqualTo(redacted);
    if (!secretPart.equals("~")) {
      assertThat(clean).doesNotContain(secretPart);
    }
  }

  /**
   * A driver's message may quote a URL's password bare, without the {@code password=} or {@code
   * user:} that {@link Connector#redactUrl} looks for (MariaDB: {@code Incorrect port value :
   * PASSWORD@host}), and unquoted or percent-decoded: {@link Connector#clean} removes those too.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # url                                                  | driver's message                                   | cleaned
      jdbc:mariadb://root:pw;tail@127.0.0.1:3306/test         | Incorrect port value : pw;tail@127.0.0.1           | Incorrect port value : <redacted>@127.0.0.1
      jdbc:postgresql://h/db?user=u&password=s3cr;tail        | FATAL: password s3cr;tail refused                  | FATAL: password <redacted> refused
      jdbc:mariadb://h/db?password='it''s;me'&ssl=true        | bad password it''s;me                              | bad password <redacted>
      jdbc:postgresql://u:p%40ss@h/db                         | cannot log in u with p@ss                          | cannot log in u with <redacted>
      jdbc:oracle:thin:scott/tiger@//h:1521/svc               | ORA-01017: tiger refused                           | ORA-01017: <redacted> refused
      jdbc:postgresql://h/db?user=u                           | FATAL: role u does not exist                       | FATAL: role u does not exist
      """)
  void clean_removesTheUrlsPasswords_whereverTheDriverQuotesThem(String url, String message, String cleaned) {
    Connector connector = new Connector(null, url, null, null);

    assertThat(connector.clean(new SQLException(message))).isEqualTo(cleaned);
  }
}

package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlTest {
  @ParameterizedTest
  @CsvSource(nullValues = "null", delimiter = '|', value = {
      "jdbc:postgresql://127.0.0.1:5432/test | postgresql | 127.0.0.1 | 5432 | test",
      "jdbc:postgresql://db.internal/orders?ssl=true | postgresql | db.internal | 5432 | orders",
      "jdbc:postgresql://a:1,b:2/x | postgresql | a | 1 | x",
      "jdbc:mariadb://127.0.0.1:3306/test | mariadb | 127.0.0.1 | 3306 | test",
      "jdbc:mysql://user:pw@mysql:3307/shop | mysql | mysql | 3307 | shop",
      "jdbc:mysql://[::1]:3306/shop | mysql | ::1 | 3306 | shop",
      "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1 | h2 | null | -1 | shop",
      "jdbc:h2:file:/data/app/orders | h2 | null | -1 | orders",
      "jdbc:h2:tcp://dbhost:9092/~/test | h2 | dbhost | 9092 | test",
      "jdbc:sqlserver://sql:1433;databaseName=Shop;encrypt=true | mssql | sql | 1433 | Shop",
      "jdbc:oracle:thin:@orahost:1521:ORCL | oracle | orahost | 1521 | ORCL",
      "jdbc:oracle:thin:@//orahost:1522/svc | oracle | orahost | 1522 | svc",
      "not a url | other_sql | null | -1 | null",
  })
  void parses(String url, String system, String host, int port, String database) {
    JdbcUrl parsed = JdbcUrl.parse(url);
    assertThat(parsed.system).isEqualTo(system);
    assertThat(parsed.host).isEqualTo(host);
    assertThat(parsed.port).isEqualTo(port);
    assertThat(parsed.database).isEqualTo(database);
  }

  /** Credentials a connection URL may carry never reach what is recorded (system, host, port, database). */
  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://db:5432/shop?user=hunter&password=hunter2&ssl=true",
      "jdbc:postgresql://hunter:hunter2@db/shop",
      "jdbc:mysql://hunter:hunter2@db:3306/shop?password=hunter2",
      "jdbc:mariadb://db/shop?user=hunter&password=hunter2",
      "jdbc:h2:mem:shop;USER=hunter;PASSWORD=hunter2",
      "jdbc:h2:tcp://db:9092/~/shop;USER=hunter;PASSWORD=hunter2",
      "jdbc:sqlserver://db:1433;databaseName=shop;user=hunter;password=hunter2",
      "jdbc:oracle:thin:hunter/hunter2@db:1521:shop",
      "jdbc:oracle:thin:hunter/p@hunter2@//db:1521/shop",
      "jdbc:derby:memory:shop;user=hunter;password=hunter2",
      "jdbc:hsqldb:mem:shop;user=hunter;password=hunter2",
      "jdbc:sqlite:/data/shop.db?user=hunter&password=hunter2",
      "jdbc:db2://db:50000/shop:user=hunter;password=hunter2;",
      "jdbc:other://hunter:hunter2@db/shop?password=hunter2",
  })
  void credentialsAreNeverRecorded(String url) {
    JdbcUrl parsed = JdbcUrl.parse(url);
    for (String recorded : new String[] {parsed.system, parsed.host, String.valueOf(parsed.port), parsed.database}) {
      if (recorded != null) {
        assertThat(recorded).as(url).doesNotContain("hunter");
      }
    }
    assertThat(parsed.database).as(url).isIn("shop", "shop.db", "mem:shop");
  }
}

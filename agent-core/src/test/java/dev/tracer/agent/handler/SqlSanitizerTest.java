package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlSanitizerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT * FROM orders WHERE id = 42 | SELECT * FROM orders WHERE id = ?",
      "SELECT * FROM orders WHERE name = 'O''Brien' | SELECT * FROM orders WHERE name = ?",
      "SELECT * FROM t WHERE a = 'it\\'s' AND b = 2 | SELECT * FROM t WHERE a = ? AND b = ?",
      "SELECT * FROM t WHERE price > 10.5 AND ratio < .5 AND big = 1e10 | SELECT * FROM t WHERE price > ? AND ratio < ? AND big = ?",
      "SELECT * FROM t WHERE hex = 0xFF | SELECT * FROM t WHERE hex = ?",
      "SELECT * FROM t WHERE x = -7 | SELECT * FROM t WHERE x = -?",
      "SELECT * FROM t WHERE id IN (1, 2, 3) | SELECT * FROM t WHERE id IN (?)",
      "SELECT * FROM t WHERE id in ('a','b') | SELECT * FROM t WHERE id IN (?)",
      "SELECT * FROM t WHERE id IN (?, ?, ?) | SELECT * FROM t WHERE id IN (?)",
      "SELECT t1.col_2 FROM table1 t1 | SELECT t1.col_2 FROM table1 t1",
      "SELECT \"Col 1\", `col2` FROM \"My Table\" | SELECT \"Col 1\", `col2` FROM \"My Table\"",
      "SELECT a FROM t -- where secret = 'x'\\nWHERE b = 1 | SELECT a FROM t \\nWHERE b = ?",
      "SELECT /* card 4111 1111 */ a FROM t | SELECT  a FROM t",
      "SELECT $$secret$$, $tag$more$tag$ FROM t WHERE id = $1 | SELECT ?, ? FROM t WHERE id = $1",
      "INSERT INTO t (a, b) VALUES (?, ?) | INSERT INTO t (a, b) VALUES (?, ?)",
      "INSERT INTO t (a, b) VALUES (1, 'two') | INSERT INTO t (a, b) VALUES (?, ?)",
      "UPDATE users SET pw = 'hunter2' WHERE id = 7 | UPDATE users SET pw = ? WHERE id = ?",
      "SELECT 'unterminated | SELECT ?",
  })
  void replacesLiterals(String sql, String expected) {
    assertThat(SqlSanitizer.sanitize(sql.replace("\\n", "\n"))).isEqualTo(expected.replace("\\n", "\n"));
  }
}

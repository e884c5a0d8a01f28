package dev.tracer.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.ContextComment;

import org.junit.jupiter.api.Test;

class SqlCommentTest {
  private static final String TP = "traceparent='00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'";

  @Test
  void appendsAfterTheStatement() {
    assertThat(SqlComment.append("SELECT 1", TP)).isEqualTo("SELECT 1 /*" + TP + "*/");
    assertThat(SqlComment.append("SELECT 1  \n", TP)).isEqualTo("SELECT 1 /*" + TP + "*/  \n");
  }

  @Test
  void goesBeforeAFinalSemicolon() {
    assertThat(SqlComment.append("SELECT 1;", TP)).isEqualTo("SELECT 1 /*" + TP + "*/;");
    assertThat(SqlComment.append("SELECT 1 ; ", TP)).isEqualTo("SELECT 1 /*" + TP + "*/ ; ");
  }

  @Test
  void neverWhenTheStatementEndsInAComment() {
    assertThat(SqlComment.append("SELECT 1 /* mine */", TP)).isEqualTo("SELECT 1 /* mine */");
    assertThat(SqlComment.append("SELECT 1 /* mine */;", TP)).isEqualTo("SELECT 1 /* mine */;");
    assertThat(SqlComment.append("SELECT 1 -- mine", TP)).isEqualTo("SELECT 1 -- mine");
    assertThat(SqlComment.append("SELECT 1 -- mine\nFROM t", TP)).isEqualTo("SELECT 1 -- mine\nFROM t /*" + TP + "*/");
  }

  @Test
  void leavesBlankStatementsAndMissingContextAlone() {
    assertThat(SqlComment.append("  ", TP)).isEqualTo("  ");
    assertThat(SqlComment.append(";", TP)).isEqualTo(";");
    assertThat(SqlComment.append("SELECT 1", null)).isEqualTo("SELECT 1");
    assertThat(SqlComment.append(null, TP)).isNull();
  }

  @Test
  void usesTheInstalledSourceAndIsOffWithout() {
    try {
      ContextComment.install(() -> TP);
      assertThat(ContextComment.enabled).isTrue();
      assertThat(SqlComment.append("SELECT 1")).isEqualTo("SELECT 1 /*" + TP + "*/");
      ContextComment.install(() -> {
        throw new IllegalStateException("boom");
      });
      assertThat(SqlComment.append("SELECT 1")).isEqualTo("SELECT 1");
    } finally {
      ContextComment.install(null);
    }
    assertThat(ContextComment.enabled).isFalse();
    assertThat(SqlComment.append("SELECT 1")).isEqualTo("SELECT 1");
  }
}

package dev.tracer.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JDBC for any driver: a CLIENT span per {@code Statement.execute*}, {@code PreparedStatement.execute*} and
 * {@code executeBatch}. The SQL of a prepared statement is remembered when the connection prepares it, and
 * forgotten when the statement is closed.
 */
public final class JdbcInstrumentation implements InstrumentationModule {
  private static final ElementMatcher<MethodDescription> CLOSE =
      named("close").and(isPublic()).and(not(isAbstract())).and(takesArguments(0));

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public List<String> requiredClasses() {
    return Arrays.asList("java.sql.Statement", "java.sql.Connection");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader need not load what only runs in the library's
    String pkg = "dev.tracer.instrumentation.jdbc.";
    return Arrays.asList(pkg + "JdbcStatements", pkg + "SqlComment");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ConnectionInstrumentation(), new StatementInstrumentation());
  }

  /** Remembers the SQL of each statement a connection prepares; forgets its URL when it is closed. */
  static final class ConnectionInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return SubTypeMatcher.classesOf("java.sql.Connection");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(namedOneOf("prepareStatement", "prepareCall").and(isPublic()).and(not(isAbstract()))
          .and(takesArgument(0, String.class)), PrepareAdvice.class);
      target.applyAdvice(CLOSE, CloseAdvice.class);
    }
  }

  static final class StatementInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return SubTypeMatcher.classesOf("java.sql.Statement");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
          .and(isPublic()).and(not(isAbstract())).and(takesArgument(0, String.class)), ExecuteSqlAdvice.class);
      target.applyAdvice(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
          .and(isPublic()).and(not(isAbstract())).and(takesArguments(0)), ExecuteAdvice.class);
      target.applyAdvice(namedOneOf("executeBatch", "executeLargeBatch").and(isPublic()).and(not(isAbstract()))
          .and(takesArguments(0)), ExecuteAdvice.class);
      target.applyAdvice(CLOSE, CloseAdvice.class);
    }
  }
}

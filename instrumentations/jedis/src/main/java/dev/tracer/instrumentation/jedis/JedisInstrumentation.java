package dev.tracer.instrumentation.jedis;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Jedis 3.x, 4.x and 5.x: a CLIENT span per Redis command, whatever the API shape ({@code Jedis},
 * {@code JedisPooled}/{@code UnifiedJedis}, pipelines, transactions), because every command goes through one
 * send method of {@code redis.clients.jedis.Connection} and every reply through
 * {@code readProtocolWithCheckingBroken()}. Replies come back in order, so the span of a command starts when it
 * is sent and ends when its reply is read: in a pipeline or a transaction each command has its own span, ending
 * at {@code sync()}/{@code exec()}.
 */
public final class JedisInstrumentation implements InstrumentationModule {
  static final String CONNECTION = "redis.clients.jedis.Connection";

  @Override
  public String name() {
    return "jedis";
  }

  @Override
  public List<String> requiredClasses() {
    // ProtocolCommand, the command type JedisCommands reads, is new in Jedis 3.0: Jedis 2.x is skipped
    return Arrays.asList(CONNECTION, "redis.clients.jedis.commands.ProtocolCommand");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader need not load what only runs in the library's
    String pkg = "dev.tracer.instrumentation.jedis.";
    return Arrays.asList(pkg + "JedisCommands", pkg + "PendingCalls");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Jedis3Connection(), new Jedis4Connection());
  }

  /** Jedis 4 and later send every command as {@code CommandArguments}. */
  private static final ElementMatcher<MethodDescription> SEND_ARGUMENTS = named("sendCommand")
      .and(takesArguments(1)).and(takesArgument(0, named("redis.clients.jedis.CommandArguments")));

  static void replyAndClose(TypeInstrumentation.AdviceTarget target) {
    target.applyAdvice(named("readProtocolWithCheckingBroken").and(takesArguments(0)), ReplyAdvice.class);
    target.applyAdvice(named("disconnect").and(takesArguments(0)), DisconnectAdvice.class);
  }

  /** Jedis 3: {@code sendCommand(ProtocolCommand, byte[]...)} is the one every command goes through. */
  static final class Jedis3Connection implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(CONNECTION).and(not(declaresMethod(SEND_ARGUMENTS)));
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("sendCommand").and(takesArguments(2)).and(takesArgument(1, byte[][].class)),
          Jedis3SendAdvice.class);
      replyAndClose(target);
    }
  }

  /** Jedis 4 and 5: {@code sendCommand(CommandArguments)}; the other overloads delegate to it. */
  static final class Jedis4Connection implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(CONNECTION).and(declaresMethod(SEND_ARGUMENTS));
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(SEND_ARGUMENTS, Jedis4SendAdvice.class);
      replyAndClose(target);
    }
  }
}

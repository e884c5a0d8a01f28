package dev.tracer.instrumentation.jedis;

import dev.tracer.bootstrap.CommandText;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.PendingCalls;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.bytebuddy.asm.Advice;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.args.Rawable;

/**
 * Jedis 4/5 {@code Connection.sendCommand(CommandArguments)} (the first argument is the command itself): the
 * command is written on exit, so the event starts there and waits for its reply ({@link ReplyAdvice}). Parameters
 * are typed with JDK types only: the agent's class loader, which reads this advice, cannot see Jedis.
 */
public final class Jedis4SendAdvice {
  private Jedis4SendAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) Object arguments,
      @Advice.FieldValue("socket") Socket socket, @Advice.Thrown Throwable error) {
    if (!Dispatch.active()) {
      return;
    }
    Iterator<?> parts = ((CommandArguments) arguments).iterator();
    if (!parts.hasNext()) {
      return;
    }
    DatabaseEvent event = new DatabaseEvent("jedis");
    event.system = "redis";
    event.operation = new String(((Rawable) parts.next()).getRaw(), StandardCharsets.UTF_8);
    List<byte[]> raw = new ArrayList<>();
    while (parts.hasNext()) {
      raw.add(((Rawable) parts.next()).getRaw());
    }
    event.statement = CommandText.of(event.operation, raw);
    SocketAddress peer = socket == null ? null : socket.getRemoteSocketAddress();
    if (peer instanceof InetSocketAddress) {
      event.serverAddress = ((InetSocketAddress) peer).getHostString();
      event.serverPort = ((InetSocketAddress) peer).getPort();
    }
    if (error != null) {
      Dispatch.start(event);
      Dispatch.end(event, error);
    } else {
      PendingCalls.sent(connection, event);
    }
  }
}

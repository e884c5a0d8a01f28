package dev.tracer.instrumentation.jedis;

import dev.tracer.bootstrap.CommandText;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.PendingCalls;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.bytebuddy.asm.Advice;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Jedis 3 {@code Connection.sendCommand(ProtocolCommand, byte[]...)}: the command is written (and the socket
 * connected) on exit, so the event starts there and waits for its reply ({@link ReplyAdvice}). Parameters are
 * typed with JDK types only: the agent's class loader, which reads this advice, cannot see Jedis.
 */
public final class Jedis3SendAdvice {
  private Jedis3SendAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) Object command,
      @Advice.Argument(1) byte[][] arguments, @Advice.FieldValue("socket") Socket socket,
      @Advice.Thrown Throwable error) {
    if (!Dispatch.active()) {
      return;
    }
    DatabaseEvent event = new DatabaseEvent("jedis");
    event.system = "redis";
    event.operation = new String(((ProtocolCommand) command).getRaw(), StandardCharsets.UTF_8);
    event.statement = CommandText.of(event.operation, Arrays.asList(arguments));
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

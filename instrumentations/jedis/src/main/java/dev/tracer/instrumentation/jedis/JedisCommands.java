package dev.tracer.instrumentation.jedis;

import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The event of a command a connection has written, whatever the Jedis version's send method: it waits for its
 * reply ({@link PendingCalls}), or ends at once when writing failed. A helper class of the module.
 */
public final class JedisCommands {
  private JedisCommands() {}

  /** Jedis 3: {@code sendCommand(ProtocolCommand, byte[]...)}. */
  public static void sent(Object connection, Object command, byte[][] arguments, Socket socket, Throwable error) {
    String operation = new String(((ProtocolCommand) command).getRaw(), StandardCharsets.UTF_8);
    sent(connection, operation, Arrays.asList(arguments), socket, error);
  }

  /** Jedis 4 and later: {@code sendCommand(CommandArguments)}, the command first. */
  public static void sent(Object connection, Object commandArguments, Socket socket, Throwable error) {
    Iterator<Rawable> parts = ((CommandArguments) commandArguments).iterator();
    if (!parts.hasNext()) {
      return;
    }
    String operation = new String(parts.next().getRaw(), StandardCharsets.UTF_8);
    List<byte[]> arguments = new ArrayList<>();
    while (parts.hasNext()) {
      arguments.add(parts.next().getRaw());
    }
    sent(connection, operation, arguments, socket, error);
  }

  private static void sent(Object connection, String operation, List<byte[]> arguments, Socket socket,
      Throwable error) {
    DatabaseEvent event = new DatabaseEvent("jedis");
    event.system = "redis";
    event.command(operation, arguments);
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

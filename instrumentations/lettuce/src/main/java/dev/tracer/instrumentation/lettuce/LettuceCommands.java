package dev.tracer.instrumentation.lettuce;

import dev.tracer.bootstrap.ContextCarrier;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.WeakStore;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.DecoratedCommand;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Helper class (defined in Lettuce's class loader): turns a command handed to {@code DefaultEndpoint.write} into a
 * started {@link DatabaseEvent} and ends it from the command's own completion callback.
 */
public final class LettuceCommands {
  /** Arguments are encoded into at most this many bytes; the event's command text keeps less than that anyway. */
  static final int MAX_ENCODED = 4096;
  private static final byte[] CUT = "...".getBytes(StandardCharsets.US_ASCII);
  /** The context current when a reactive command was subscribed to, until the command is written. */
  static final WeakStore<Object> SUBSCRIBED = new WeakStore<>();
  /**
   * The event of a written wrapper command (a reactive subscription's), until it completes: a cancelled
   * subscription cancels the command inside the wrapper, which then is never completed, nor written if it was not
   * yet ({@link #cancelled}). The value must not reference the command, or the weak key would never clear.
   */
  static final WeakStore<DatabaseEvent> IN_FLIGHT = new WeakStore<>();

  private LettuceCommands() {}

  /** Starts the span of {@code command} (not made current) and ends it when the command completes; returns the event. */
  public static Object sent(Object channel, Object command) {
    if (!Dispatch.active() || !(command instanceof RedisCommand)) {
      return null;
    }
    RedisCommand<?, ?, ?> redisCommand = (RedisCommand<?, ?, ?>) command;
    if (redisCommand.isDone()
        || !(command instanceof CompletableFuture) && !(command instanceof CompleteableCommand)) {
      return null; // nothing would tell us it completed
    }
    DatabaseEvent event = new DatabaseEvent("lettuce");
    event.system = "redis";
    event.command(name(redisCommand.getType()), arguments(redisCommand.getArgs()));
    peer(event, channel);
    Object subscribed = resumeSubscription(redisCommand);
    try {
      Dispatch.start(event);
      Dispatch.detach(event);
    } finally {
      ContextCarrier.end(subscribed);
    }
    if (event.handle == null) {
      return null; // not traced (e.g. nested in a span that covers it)
    }
    Completion completion = new Completion(event, redisCommand);
    if (command instanceof CompletableFuture) {
      ((CompletableFuture<?>) command).whenComplete(completion);
    } else {
      IN_FLIGHT.put(command, event);
      ((CompleteableCommand<?>) command).onComplete(completion);
    }
    return event;
  }

  /** {@link #sent} for each command of a collection; returns the events. */
  public static Object sentAll(Object channel, Collection<?> commands) {
    if (!Dispatch.active() || commands == null) {
      return null;
    }
    List<Object> events = new ArrayList<>(commands.size());
    for (Object command : commands) {
      Object event = sent(channel, command);
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  /** The write threw: the events ({@link #sent} or {@link #sentAll}) end with its exception. */
  public static void failed(Object events, Throwable error) {
    if (events instanceof DatabaseEvent) {
      Dispatch.end((DatabaseEvent) events, error);
    } else if (events instanceof List) {
      for (Object event : (List<?>) events) {
        Dispatch.end((DatabaseEvent) event, error);
      }
    }
  }

  /** A reactive subscription was cancelled: the span of its command, if still open, ends now, without error. */
  public static void cancelled(Object subscriptionCommand) {
    if (!IN_FLIGHT.isEmpty() && ((RedisCommand<?, ?, ?>) subscriptionCommand).isDone()) {
      Dispatch.end(IN_FLIGHT.remove(subscriptionCommand), null);
    }
  }

  /** A subscriber subscribed to a reactive command ({@code SubscribeAdvice}): remembers the current context. */
  public static void subscribed(Object subscriptionCommand) {
    Object context = ContextCarrier.capture();
    if (context != null) {
      SUBSCRIBED.put(subscriptionCommand, context);
    }
  }

  /**
   * Makes the context remembered at subscription current (the command may be wrapped again on its way, e.g. by a
   * cluster connection); returns the token for {@code ContextCarrier.end}, or null.
   */
  private static Object resumeSubscription(RedisCommand<?, ?, ?> command) {
    if (SUBSCRIBED.isEmpty()) {
      return null;
    }
    RedisCommand<?, ?, ?> current = command;
    for (int depth = 0; current != null && depth < 4; depth++) {
      Object context = SUBSCRIBED.remove(current);
      if (context != null) {
        return ContextCarrier.attach(context);
      }
      if (!(current instanceof DecoratedCommand)) {
        return null;
      }
      current = ((DecoratedCommand<?, ?, ?>) current).getDelegate();
    }
    return null;
  }

  private static String name(ProtocolKeyword type) {
    return type == null ? "UNKNOWN" : new String(type.getBytes(), StandardCharsets.US_ASCII);
  }

  private static void peer(DatabaseEvent event, Object channel) {
    SocketAddress peer = channel instanceof Channel ? ((Channel) channel).remoteAddress() : null;
    if (peer instanceof InetSocketAddress) {
      event.serverAddress = ((InetSocketAddress) peer).getHostString();
      event.serverPort = ((InetSocketAddress) peer).getPort();
    }
  }

  /**
   * The arguments as sent: Lettuce encodes them (with the connection's codec) as RESP bulk strings, which are read
   * back here. Encoding stops at {@link #MAX_ENCODED} bytes; what did not fit becomes one {@code ...}. The codec
   * runs once more than without the agent (as Lettuce's own {@code toString} of a command, cluster routing and
   * retries run it): a {@code ByteBuffer} it hands out is read without moving its position ({@link Copying}).
   */
  static List<byte[]> arguments(CommandArgs<?, ?> args) {
    if (args == null || args.count() == 0) {
      return Collections.emptyList();
    }
    ByteBuf buffer = new Copying();
    try {
      boolean cut = false;
      try {
        args.encode(buffer);
      } catch (RuntimeException full) {
        cut = true;
      }
      List<byte[]> arguments = new ArrayList<>(args.count());
      int end = buffer.writerIndex();
      int at = 0;
      while (at < end) {
        int lineEnd = buffer.indexOf(at, end, (byte) '\r');
        if (buffer.getByte(at) != '$' || lineEnd < 0) {
          cut = true;
          break;
        }
        int length = Integer.parseInt(buffer.toString(at + 1, lineEnd - at - 1, StandardCharsets.US_ASCII));
        int start = lineEnd + 2;
        if (length < 0 || start + length + 2 > end) {
          cut = true;
          break;
        }
        byte[] argument = new byte[length];
        buffer.getBytes(start, argument);
        arguments.add(argument);
        at = start + length + 2;
      }
      if (cut) {
        arguments.add(CUT);
      }
      return arguments;
    } finally {
      buffer.release();
    }
  }

  /** Ends the span when the command completes: with the error reply, or the failure; a cancelled one without error. */
  static final class Completion implements BiConsumer<Object, Throwable> {
    private final DatabaseEvent event;
    private final RedisCommand<?, ?, ?> command;

    Completion(DatabaseEvent event, RedisCommand<?, ?, ?> command) {
      this.event = event;
      this.command = command;
    }

    @Override
    public void accept(Object value, Throwable error) {
      if (!(command instanceof CompletableFuture)) {
        IN_FLIGHT.remove(command);
      }
      try {
        if (error instanceof CancellationException) {
          error = null; // the caller stopped waiting (a cancelled subscription, a timed-out wait)
        } else if (error == null) {
          // a wrapper's callback is told of an error reply only through the output
          CommandOutput<?, ?, ?> output = command.getOutput();
          if (output != null && output.hasError()) {
            error = new RedisCommandExecutionException(output.getError());
          }
        }
      } catch (Throwable ignored) {
        // the outcome as reported then
      }
      Dispatch.end(event, error);
    }
  }

  /**
   * The buffer arguments are encoded into here: it reads a {@code ByteBuffer} through a duplicate, since a codec may
   * hand out the application's own buffer (e.g. {@code encodeValue(ByteBuffer v) { return v; }}), which Lettuce
   * must still find unread when it encodes the command for real.
   */
  static final class Copying extends UnpooledHeapByteBuf {
    Copying() {
      super(UnpooledByteBufAllocator.DEFAULT, 256, MAX_ENCODED);
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer source) {
      return super.setBytes(index, source.duplicate());
    }
  }
}

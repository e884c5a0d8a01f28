package dev.tracer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend's port on loopback that misbehaves on demand, for the exporters' fault tests. {@link #down()}:
 * nothing listens (connection refused). {@link #hang()}: connections are accepted and read, never answered.
 * {@link #answer(int)}: every HTTP/1.1 request gets that status. {@link #forward(int)}: bytes are piped to the
 * real backend on that port (any protocol, including gRPC's HTTP/2), i.e. the backend is back.
 */
public final class FaultProxy implements AutoCloseable {
  private enum Mode { HANG, ANSWER, FORWARD }

  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile Mode mode = Mode.HANG;
  private volatile int status;
  /** Requests answered with {@link #status} so far (each on a connection of its own: the answer closes it). */
  private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int target;
  /** Listening over TLS (a TLS-terminating front for a plain backend), or null. */
  private final javax.net.ssl.SSLContext tls;

  public FaultProxy() throws IOException {
    this(null);
  }

  /** With {@code tls}: clients speak TLS to the proxy, which forwards plain bytes (a TLS-terminating front). */
  public FaultProxy(javax.net.ssl.SSLContext tls) throws IOException {
    this.tls = tls;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
  }

  public synchronized FaultProxy down() {
    closeAll();
    return this;
  }

  public synchronized FaultProxy hang() throws IOException {
    return up(Mode.HANG);
  }

  public synchronized FaultProxy answer(int httpStatus) throws IOException {
    status = httpStatus;
    return up(Mode.ANSWER);
  }

  /** How many requests {@link #answer} mode has answered. */
  public int answered() {
    return answered.get();
  }

  public synchronized FaultProxy forward(int targetPort) throws IOException {
    target = targetPort;
    return up(Mode.FORWARD);
  }

  private FaultProxy up(Mode newMode) throws IOException {
    closeAll();
    mode = newMode;
    listener = bind();
    ServerSocket socket = listener;
    daemon(() -> accept(socket), "fault-proxy-accept");
    return this;
  }

  /** The previous listener's close completes in its accepting thread, a moment later: retry briefly. */
  private ServerSocket bind() throws IOException {
    for (int attempt = 0; ; attempt++) {
      ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
      socket.setReuseAddress(true);
      try {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
      } catch (IOException e) {
        socket.close();
        if (attempt >= 100) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        open.add(client);
        Mode current = mode;
        daemon(() -> serve(client, current), "fault-proxy-conn");
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client, Mode current) {
    try {
      switch (current) {
        case HANG:
          drain(client.getInputStream());
          break;
        case ANSWER:
          readHeaders(client.getInputStream());
          answered.incrementAndGet();
          String reason = status >= 500 ? "Server Error" : "Error";
          client.getOutputStream().write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          client.getOutputStream().flush();
          client.shutdownOutput();
          drain(client.getInputStream());
          break;
        case FORWARD:
          Socket backend = new Socket(InetAddress.getLoopbackAddress(), target);
          open.add(backend);
          daemon(() -> pipe(backend, client), "fault-proxy-back");
          pipe(client, backend);
          break;
        default:
          break;
      }
    } catch (IOException ignored) {
      // the client or the test closed the connection
    } finally {
      close(client);
    }
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) != -1) {
      // read and forget, so that the client's writes never block
    }
  }

  private void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // one side closed
    } finally {
      close(from);
      close(to);
    }
  }

  private void closeAll() {
    ServerSocket socket = listener;
    listener = null;
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    for (Socket s : open) {
      close(s);
    }
    open.clear();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    down();
  }
}

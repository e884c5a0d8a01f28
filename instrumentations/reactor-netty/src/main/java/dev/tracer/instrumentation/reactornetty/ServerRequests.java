package dev.tracer.instrumentation.reactornetty;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpServerEvent;
import dev.tracer.bootstrap.Propagation;
import dev.tracer.bootstrap.WeakStore;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerState;

/** The SERVER span of each request a Reactor Netty server handles, by the request's operations object. */
public final class ServerRequests {
  static final WeakStore<HttpServerEvent> IN_FLIGHT = new WeakStore<>();

  private ServerRequests() {}

  /** Returns the event started for a received request (the advice detaches it when the handler was applied). */
  public static HttpServerEvent stateChanged(Connection connection, ConnectionObserver.State state) {
    if (state == HttpServerState.REQUEST_RECEIVED && connection instanceof HttpServerRequest) {
      return received((HttpServerRequest) connection, connection);
    }
    if (state == ConnectionObserver.State.DISCONNECTING && !IN_FLIGHT.isEmpty()) {
      HttpServerEvent event = IN_FLIGHT.remove(connection);
      if (event != null) {
        if (connection instanceof HttpServerResponse) {
          HttpServerResponse response = (HttpServerResponse) connection;
          event.statusCode = response.status().code();
          String[] capture = HeaderCapture.serverResponse();
          for (int i = 0; i < capture.length; i++) {
            event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i],
                response.responseHeaders().getAll(capture[i]));
          }
        }
        Dispatch.end(event, null);
      }
    }
    return null;
  }

  private static HttpServerEvent received(HttpServerRequest request, Connection connection) {
    if (!Dispatch.active()) {
      return null;
    }
    HttpServerEvent event = new HttpServerEvent("reactor-netty");
    event.method = request.method().name();
    String uri = request.uri();
    int query = uri.indexOf('?');
    event.path = query < 0 ? uri : uri.substring(0, query);
    event.query = query < 0 ? null : uri.substring(query + 1);
    event.scheme = connection.channel().pipeline().get("reactor.left.sslHandler") != null ? "https" : "http";
    SocketAddress local = connection.channel().localAddress();
    if (local instanceof InetSocketAddress) {
      event.serverAddress = ((InetSocketAddress) local).getHostString();
      event.serverPort = ((InetSocketAddress) local).getPort();
    }
    SocketAddress remote = connection.channel().remoteAddress();
    if (remote instanceof InetSocketAddress) {
      event.clientAddress = ((InetSocketAddress) remote).getHostString();
    }
    for (String field : Propagation.fields()) {
      String value = request.requestHeaders().get(field);
      if (value != null) {
        event.headers.put(field, value);
      }
    }
    String[] capture = HeaderCapture.serverRequest();
    for (int i = 0; i < capture.length; i++) {
      event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], request.requestHeaders().getAll(capture[i]));
    }
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    if (event.headersToWrite != null && connection instanceof HttpServerResponse) { // before anything is sent
      for (Map.Entry<String, String> header : event.headersToWrite.entrySet()) {
        ((HttpServerResponse) connection).addHeader(header.getKey(), header.getValue());
      }
    }
    IN_FLIGHT.put(connection, event);
    return event;
  }

  public static void failed(Object operations, Throwable error) {
    HttpServerEvent event = IN_FLIGHT.get(operations);
    if (event != null && event.error == null) {
      event.error = error;
    }
  }
}

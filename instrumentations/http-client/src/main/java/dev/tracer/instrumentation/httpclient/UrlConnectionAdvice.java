package dev.tracer.instrumentation.httpclient;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpURLConnection}: the span starts at the first of {@code connect}, {@code getOutputStream},
 * {@code getInputStream} (headers are written while still unconnected) and ends when {@code getInputStream}
 * returns or any of them fails. These methods call one another, so only the outermost call counts.
 */
public final class UrlConnectionAdvice {
  private UrlConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected) {
    HttpClientEvent event = HttpClientEvent.IN_FLIGHT.get(connection);
    if (event == null) {
      event = new HttpClientEvent("http-client");
      event.method = connection.getRequestMethod();
      event.url = String.valueOf(connection.getURL());
      String[] capture = HeaderCapture.clientRequest();
      for (int i = 0; i < capture.length && !connected; i++) {
        event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], connection.getRequestProperty(capture[i]));
      }
      Dispatch.start(event);
      Dispatch.detach(event); // the span outlives this call; it is not the current one meanwhile
      if (!connected) {
        for (Map.Entry<String, String> header : event.headersToInject.entrySet()) {
          try {
            connection.setRequestProperty(header.getKey(), header.getValue());
          } catch (Throwable tooLate) {
            // sent without propagation
          }
        }
      }
      HttpClientEvent.IN_FLIGHT.put(connection, event);
    }
    if (event.done) {
      return null;
    }
    event.depth++;
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpClientEvent event, @Advice.This HttpURLConnection connection,
      @Advice.Origin("#m") String method, @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable error) {
    if (event == null) {
      return;
    }
    event.depth--;
    if (event.depth > 0 || (error == null && !"getInputStream".equals(method))) {
      return;
    }
    event.done = true;
    int status = responseCode;
    if (status <= 0 && error == null) {
      try {
        status = connection.getResponseCode();
      } catch (Throwable unknown) {
        status = -1;
      }
    }
    if (status > 0) {
      event.statusCode = status;
      String[] capture = HeaderCapture.clientResponse();
      for (int i = 0; i < capture.length; i++) {
        for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
          if (capture[i].equalsIgnoreCase(header.getKey())) {
            event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], header.getValue());
          }
        }
      }
    }
    Dispatch.end(event, error);
  }
}

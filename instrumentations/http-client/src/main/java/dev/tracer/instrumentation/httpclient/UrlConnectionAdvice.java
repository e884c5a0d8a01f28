package dev.tracer.instrumentation.httpclient;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import dev.tracer.bootstrap.InFlight;
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
  public static InFlight enter(@Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected) {
    InFlight call = InFlight.of(connection);
    if (call == null) {
      HttpClientEvent event = new HttpClientEvent("http-client");
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
      call = InFlight.start(connection, event);
    }
    if (call.done) {
      return null;
    }
    call.depth++;
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter InFlight call, @Advice.This HttpURLConnection connection,
      @Advice.Origin("#m") String method, @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable error) {
    if (call == null) {
      return;
    }
    call.depth--;
    if (call.depth > 0 || (error == null && !"getInputStream".equals(method))) {
      return;
    }
    call.done = true;
    HttpClientEvent event = (HttpClientEvent) call.event;
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

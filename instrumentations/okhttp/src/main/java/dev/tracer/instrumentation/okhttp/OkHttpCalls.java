package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import dev.tracer.bootstrap.WeakStore;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The event of a call from {@code execute}/{@code enqueue} until its outcome, kept on the call so that the
 * interceptor chain can write the propagation headers into the request it sends. A helper class of the module.
 */
public final class OkHttpCalls {
  /** Calls whose span is open, until they end. */
  static final WeakStore<HttpClientEvent> IN_FLIGHT = new WeakStore<>();

  private OkHttpCalls() {}

  /** Starts the call's span; null when there is none (e.g. inside another HTTP client's span). */
  public static HttpClientEvent start(Call call) {
    Request request = call.request();
    HttpClientEvent event = new HttpClientEvent("okhttp");
    event.method = request.method();
    event.url = request.url().toString();
    String[] capture = HeaderCapture.clientRequest();
    for (int i = 0; i < capture.length; i++) {
      event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], request.headers(capture[i]));
    }
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    IN_FLIGHT.put(call, event);
    return event;
  }

  /** The call is over with {@code response}: its span ends with its status and the listed headers. */
  public static void end(Call call, HttpClientEvent event, Response response) {
    String[] capture = HeaderCapture.clientResponse();
    for (int i = 0; i < capture.length; i++) {
      event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], response.headers(capture[i]));
    }
    end(call, event, response.code(), null);
  }

  /** The call is over: its span ends with {@code status} (0 when there was no response). */
  public static void end(Call call, HttpClientEvent event, int status, Throwable error) {
    IN_FLIGHT.remove(call);
    if (status > 0) {
      event.statusCode = status;
    }
    Dispatch.end(event, error);
  }

  /** The request the chain sends: {@code request} with the call's propagation headers, or unchanged. */
  public static Request withHeaders(Call call, Request request) {
    HttpClientEvent event = IN_FLIGHT.get(call);
    if (event == null || event.headersToInject.isEmpty()) {
      return request;
    }
    Request.Builder copy = request.newBuilder();
    for (Map.Entry<String, String> header : event.headersToInject.entrySet()) {
      copy.header(header.getKey(), header.getValue());
    }
    return copy.build();
  }
}

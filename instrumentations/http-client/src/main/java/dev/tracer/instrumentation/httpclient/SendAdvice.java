package dev.tracer.instrumentation.httpclient;

import dev.tracer.bootstrap.Completion;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code HttpClient.send} and {@code sendAsync}: one CLIENT span around the exchange, ended when {@code send}
 * returns or the future {@code sendAsync} returned completes. A request is immutable, so the propagation headers
 * go into a copy of it that replaces the argument. (JDK classes: no helper class can be defined beside them.)
 */
public final class SendAdvice {
  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    HttpClientEvent event = new HttpClientEvent("http-client");
    event.method = request.method();
    event.url = String.valueOf(request.uri());
    String[] capture = HeaderCapture.clientRequest();
    for (int i = 0; i < capture.length; i++) {
      event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], request.headers().allValues(capture[i]));
    }
    Dispatch.start(event);
    if (!event.headersToInject.isEmpty()) {
      try {
        HttpRequest.Builder copy = HttpRequest.newBuilder(request.uri())
            .method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
            .expectContinue(request.expectContinue());
        if (request.timeout().isPresent()) {
          copy.timeout(request.timeout().get());
        }
        if (request.version().isPresent()) {
          copy.version(request.version().get());
        }
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
          for (String value : header.getValue()) {
            copy.header(header.getKey(), value);
          }
        }
        for (Map.Entry<String, String> header : event.headersToInject.entrySet()) {
          copy.setHeader(header.getKey(), header.getValue());
        }
        request = copy.build();
      } catch (Throwable keepTheOriginal) {
        // a request we cannot copy is sent as it is, without propagation
      }
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpClientEvent event, @Advice.Thrown Throwable error,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
    if (event == null) {
      return;
    }
    if (result instanceof CompletableFuture && error == null) {
      Dispatch.detach(event);
      ((CompletableFuture<?>) result).whenComplete(Completion.of(event));
      return;
    }
    if (result instanceof HttpResponse) {
      HttpResponse<?> response = (HttpResponse<?>) result;
      event.statusCode = response.statusCode();
      String[] capture = HeaderCapture.clientResponse();
      for (int i = 0; i < capture.length; i++) {
        event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], response.headers().allValues(capture[i]));
      }
    }
    Dispatch.end(event, error);
  }
}

package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.HttpClientEvent;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * The application's callback of an enqueued call, wrapped: the span ends when OkHttp reports the outcome, then
 * the application's callback runs. A helper class of the module.
 */
public final class TracingCallback implements Callback {
  private final HttpClientEvent event;
  private final Callback delegate;

  public TracingCallback(HttpClientEvent event, Callback delegate) {
    this.event = event;
    this.delegate = delegate;
  }

  @Override
  public void onResponse(Call call, Response response) throws IOException {
    try {
      OkHttpCalls.end(call, event, response);
    } catch (Throwable ignored) {
      // the application comes first
    }
    delegate.onResponse(call, response);
  }

  @Override
  public void onFailure(Call call, IOException e) {
    try {
      OkHttpCalls.end(call, event, 0, e);
    } catch (Throwable ignored) {
      // the application comes first
    }
    delegate.onFailure(call, e);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}

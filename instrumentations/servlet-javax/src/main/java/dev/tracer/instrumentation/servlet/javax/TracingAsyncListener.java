package dev.tracer.instrumentation.servlet.javax;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpServerEvent;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

/**
 * Ends the SERVER span of a request that went asynchronous when the container completes it. A helper class of
 * the module (servlet-jakarta builds it with the jakarta names).
 */
public final class TracingAsyncListener implements AsyncListener {
  private final HttpServerEvent event;

  public TracingAsyncListener(HttpServerEvent event) {
    this.event = event;
  }

  @Override
  public void onComplete(AsyncEvent async) {
    try {
      ServletResponse response = async.getSuppliedResponse();
      if (response instanceof HttpServletResponse) {
        HttpServletResponse http = (HttpServletResponse) response;
        event.statusCode = http.getStatus();
        String[] capture = HeaderCapture.serverResponse();
        for (int i = 0; i < capture.length; i++) {
          event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], http.getHeaders(capture[i]));
        }
      }
    } catch (Throwable ignored) {
      // no status then
    }
    Dispatch.end(event, null);
  }

  /** onComplete follows, and ends the span with this error. */
  @Override
  public void onError(AsyncEvent async) {
    if (async.getThrowable() != null) {
      event.error = async.getThrowable();
    }
  }

  @Override
  public void onTimeout(AsyncEvent async) {}

  /** The application started async again: a listener must be added again. */
  @Override
  public void onStartAsync(AsyncEvent async) {
    try {
      async.getAsyncContext().addListener(this);
    } catch (Throwable ignored) {
      // the span then ends with the request's first async cycle no more
    }
  }
}

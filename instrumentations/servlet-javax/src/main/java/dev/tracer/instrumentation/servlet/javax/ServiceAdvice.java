package dev.tracer.instrumentation.servlet.javax;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpServerEvent;
import dev.tracer.bootstrap.Propagation;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * {@code Servlet.service} / {@code Filter.doFilter}. The request attribute marks a request that already has
 * its span, so that inner filters, servlets, forwards and async re-dispatches start none. The route is read
 * at the end from the servlet mapping ({@link ServletRoutes}), unless a framework chose one.
 */
public final class ServiceAdvice {
  private ServiceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpServerEvent enter(@Advice.Argument(0) ServletRequest servletRequest,
      @Advice.Argument(1) ServletResponse response) {
    if (!(servletRequest instanceof HttpServletRequest) || servletRequest.getAttribute("dev.tracer.span") != null) {
      return null;
    }
    HttpServletRequest request = (HttpServletRequest) servletRequest;
    HttpServerEvent event = new HttpServerEvent("servlet");
    event.method = request.getMethod();
    event.path = request.getRequestURI();
    event.query = request.getQueryString();
    event.scheme = request.getScheme();
    event.serverAddress = request.getServerName();
    event.serverPort = request.getServerPort();
    event.clientAddress = request.getRemoteAddr();
    for (String field : Propagation.fields()) {
      String value = request.getHeader(field);
      if (value != null) {
        event.headers.put(field, value);
      }
    }
    String[] capture = HeaderCapture.serverRequest();
    for (int i = 0; i < capture.length; i++) {
      Enumeration<String> values = request.getHeaders(capture[i]);
      if (values != null) {
        event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], Collections.list(values));
      }
    }
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    // before the application can commit the response (it may flush it itself)
    if (event.headersToWrite != null && response instanceof HttpServletResponse) {
      for (Map.Entry<String, String> header : event.headersToWrite.entrySet()) {
        ((HttpServletResponse) response).addHeader(header.getKey(), header.getValue());
      }
    }
    request.setAttribute("dev.tracer.span", event);
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpServerEvent event, @Advice.Argument(0) ServletRequest servletRequest,
      @Advice.Argument(1) ServletResponse response, @Advice.Thrown Throwable error) {
    if (event == null) {
      return;
    }
    HttpServletRequest request = (HttpServletRequest) servletRequest;
    if (!event.routeFromFramework) { // a framework's route (ServerRoute) wins over the servlet mapping
      try {
        event.route = ServletRoutes.of(request);
      } catch (Throwable noMapping) {
        // a container older than its API jar: no route
      }
    }
    if (error == null && request.isAsyncStarted()) {
      Dispatch.detach(event);
      request.getAsyncContext().addListener(new TracingAsyncListener(event));
      return;
    }
    if (response instanceof HttpServletResponse) {
      HttpServletResponse http = (HttpServletResponse) response;
      int status = http.getStatus();
      event.statusCode = error != null && status < 400 ? 500 : status;
      String[] capture = HeaderCapture.serverResponse();
      for (int i = 0; i < capture.length; i++) {
        event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], http.getHeaders(capture[i]));
      }
    }
    // the span records the application's own exception, not the wrapper a framework or container put round it
    Throwable recorded = error;
    while (recorded instanceof ServletException && recorded.getCause() != null) {
      recorded = recorded.getCause();
    }
    Dispatch.end(event, recorded);
  }
}

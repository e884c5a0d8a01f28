package dev.tracer.instrumentation.annotations;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Helper classes for methods returning a Reactor {@code Mono} or {@code Flux}: loaded only when such a result is
 * seen, so the module needs no Reactor elsewhere. The span ends when the publisher completes, fails or is
 * cancelled (whichever comes first: an event ends once).
 */
public final class ReactorResults {
  static final String MONO = "reactor.core.publisher.Mono";
  static final String FLUX = "reactor.core.publisher.Flux";

  private ReactorResults() {}

  static Object endOnTermination(CustomEvent event, Object publisher) {
    Done done = new Done(event);
    Failed failed = new Failed(event);
    if (publisher instanceof Mono) {
      return ((Mono<?>) publisher).doOnSuccess(done).doOnError(failed).doOnCancel(done);
    }
    if (publisher instanceof Flux) {
      return ((Flux<?>) publisher).doOnComplete(done).doOnError(failed).doOnCancel(done);
    }
    Dispatch.end(event, null);
    return publisher;
  }

  /** Completed (with or without a value) or cancelled. */
  public static final class Done implements Consumer<Object>, Runnable {
    private final CustomEvent event;

    Done(CustomEvent event) {
      this.event = event;
    }

    @Override
    public void accept(Object value) {
      Dispatch.end(event, null);
    }

    @Override
    public void run() {
      Dispatch.end(event, null);
    }
  }

  /** Failed: the span is an error with the exception. */
  public static final class Failed implements Consumer<Throwable> {
    private final CustomEvent event;

    Failed(CustomEvent event) {
      this.event = event;
    }

    @Override
    public void accept(Throwable error) {
      Dispatch.end(event, error);
    }
  }
}

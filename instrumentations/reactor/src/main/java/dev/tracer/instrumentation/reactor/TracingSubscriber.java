package dev.tracer.instrumentation.reactor;

import dev.tracer.bootstrap.ContextCarrier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.util.context.Context;

/** Passes every signal down with the context captured at subscription current, then restores the thread's. */
final class TracingSubscriber<T> implements CoreSubscriber<T>, Scannable {
  private final CoreSubscriber<? super T> actual;
  private final Object captured;

  TracingSubscriber(CoreSubscriber<? super T> actual, Object captured) {
    this.actual = actual;
    this.captured = captured;
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    Object token = ContextCarrier.attach(captured);
    try {
      actual.onSubscribe(subscription);
    } finally {
      ContextCarrier.end(token);
    }
  }

  @Override
  public void onNext(T value) {
    Object token = ContextCarrier.attach(captured);
    try {
      actual.onNext(value);
    } finally {
      ContextCarrier.end(token);
    }
  }

  @Override
  public void onError(Throwable error) {
    Object token = ContextCarrier.attach(captured);
    try {
      actual.onError(error);
    } finally {
      ContextCarrier.end(token);
    }
  }

  @Override
  public void onComplete() {
    Object token = ContextCarrier.attach(captured);
    try {
      actual.onComplete();
    } finally {
      ContextCarrier.end(token);
    }
  }

  @Override
  public Object scanUnsafe(Attr key) {
    return key == Attr.ACTUAL ? actual : null;
  }
}

package dev.tracer.instrumentation.spring.data;

/** The fragment's implementation, found by name: cancelling is not allowed. */
public class OrderRepositoryCustomImpl implements OrderRepositoryCustom {
  @Override
  public void cancel(String id) {
    throw new IllegalStateException("order " + id + " already shipped");
  }
}
